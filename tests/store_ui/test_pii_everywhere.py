"""An SSN and a date of birth a customer texts are masked everywhere the app writes: the
conversation, the thread list, search results, the database file and its WAL, the log file."""

import logging

from harness.store_ui import cached, open_search, open_store, search_for
from harness.ui import make_app, screen_text, wait_for

from inbox_tui.ui.log_file import setup_logging

TEXT = "My SSN is 123-45-6789 and my DOB is 01/31/1980"
CLEAR = (b"123-45", b"01/31/1980")


def thread_of(app):
    return app.thread_list.threads[0]


def files_of(database) -> dict[str, bytes]:
    return {
        path.name: path.read_bytes()
        for path in (database, database.with_name(database.name + "-wal"))
        if path.exists()
    }


async def test_a_texted_ssn_and_dob_are_masked_on_screen_on_disk_and_in_the_log(
    sim, world, store_path, tmp_path
):
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    log_file = setup_logging("DEBUG", tmp_path / "logs")
    try:
        with open_store(store_path) as store:
            app = make_app(sim, store=store, mark_read="reply")
            async with app.run_test(size=(120, 40)) as pilot:
                await cached(pilot)
                thread_id = app.thread_list.threads[0].thread_id
                world.customer_reply(thread_id, TEXT)
                await pilot.press("ctrl+r")
                await wait_for(pilot, lambda: "6789" in (app.snippet_of(thread_of(app)) or ""))
                await pilot.pause()
                assert "My SSN is **" in screen_text(app)  # the list's snippet, cut to fit
                logging.getLogger("test").info("the customer wrote %s", TEXT)
                app.thread_list.focus()
                app.thread_list.move_to(app.thread_list.index_of(thread_id))
                await pilot.press("enter")
                await wait_for(pilot, lambda: TEXT.split(" and")[0][:9] in screen_text(app))
                await open_search(pilot)
                screen = await search_for(pilot, "6789")
                hits = [hit.snippet_text for hit in screen.results.hits]
                assert any("***-**-6789" in hit for hit in hits), hits
                shown = screen_text(app)
                assert "***-**-6789" in shown and "**/**/****" in shown
                assert not any(clear.decode() in shown for clear in CLEAR)
                app.store_writer.drain()
                on_disk = files_of(store_path)
                assert set(on_disk) >= {store_path.name}
                for name, data in on_disk.items():
                    for clear in CLEAR:
                        assert clear not in data, (name, clear)
    finally:
        for handler in root.handlers:
            handler.close()
        root.handlers[:], root.level = handlers, level
    logged = log_file.read_bytes()
    assert b"the customer wrote My SSN is ***-**-6789" in logged
    for clear in CLEAR:
        assert clear not in logged
