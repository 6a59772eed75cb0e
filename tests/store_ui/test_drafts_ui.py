"""Drafts as the agent types: back after a thread switch, after quitting, and after the app's
process is killed with SIGKILL (the demo, in a real pseudo-terminal)."""

import signal
import time

from harness.store_ui import open_store
from harness.terminal import Terminal, demo_env, inbox_fetches, poll, typed_draft
from harness.ui import make_app, screen_text, wait_for
from textual import events

from inbox_tui.ui.draft_saver import DRAFT_DELAY


async def listed(pilot) -> None:
    app = pilot.app
    await wait_for(pilot, lambda: app.thread_list.threads and app.connection.connected)


async def open_row(pilot, index: int) -> None:
    app = pilot.app
    app.thread_list.focus()
    app.thread_list.move_to(index)
    await pilot.press("enter")
    thread_id = app.thread_list.threads[index].thread_id
    await wait_for(pilot, lambda: app.current_thread.thread_id == thread_id)


async def test_a_draft_follows_its_thread(sim, store_path):
    with open_store(store_path) as store:
        app = make_app(sim, store=store, mark_read="reply")
        async with app.run_test(size=(120, 40)) as pilot:
            await listed(pilot)
            first, second = app.thread_list.threads[:2]
            await open_row(pilot, 0)
            await pilot.press("r", *"Hello first", "escape")
            # Saved while the thread is still open, within the promised half second.
            started = time.monotonic()
            await wait_for(pilot, lambda: store.load_draft(first.thread_id) == "Hello first")
            assert time.monotonic() - started <= DRAFT_DELAY + 0.3

            await open_row(pilot, 1)
            assert app.composer.value == ""
            await pilot.press("r", *"For second", "escape")
            await open_row(pilot, 0)
            assert app.composer.value == "Hello first"
            await open_row(pilot, 1)
            assert app.composer.value == "For second"
            assert "For second" in screen_text(app)
            app.store_writer.drain()
            assert store.load_draft(second.thread_id) == "For second"
            assert store.load_draft(first.thread_id) == "Hello first"


async def test_letters_typed_with_r_all_reach_the_composer_and_extend_the_draft(sim, store_path):
    with open_store(store_path) as store:
        app = make_app(sim, store=store, mark_read="reply")
        async with app.run_test(size=(120, 40)) as pilot:
            await listed(pilot)
            # At once, as a terminal delivers fast typing: the letters were queued for the
            # thread list before r moved the focus (pilot.press waits between keys).
            for key in "rHello":
                app.post_message(events.Key(key, key))
            await wait_for(pilot, lambda: app.composer.value == "Hello", timeout=20)
            assert app.focused is app.composer
            thread_id = app.current_thread.thread_id
            await wait_for(pilot, lambda: store.load_draft(thread_id) == "Hello", timeout=20)
            # Back to the draft: focusing the composer must not select it for the next key.
            await pilot.press("escape", "r", *" there")
            assert app.composer.value == "Hello there"


async def test_a_draft_typed_just_before_quitting_comes_back(sim, store_path):
    with open_store(store_path) as store:
        app = make_app(sim, store=store, mark_read="reply")
        async with app.run_test(size=(120, 40)) as pilot:
            await listed(pilot)
            await open_row(pilot, 2)
            thread_id = app.current_thread.thread_id
            await pilot.press("r", *"Call me back at five")
        # The app quit right after the last key: only the flush on exit can have saved it all.
        assert store.load_draft(thread_id) == "Call me back at five"

    with open_store(store_path) as store:
        app = make_app(sim, store=store, mark_read="reply")
        async with app.run_test(size=(120, 40)) as pilot:
            await listed(pilot)
            await open_row(pilot, 2)
            assert app.composer.value == "Call me back at five"
            assert "Call me back at five" in screen_text(app)


def test_a_draft_survives_sigkill_and_shows_on_the_next_start(tmp_path):
    env = demo_env(tmp_path)
    database = tmp_path / "data" / "inbox-tui" / "demo.sqlite3"
    text = "Sorry, I will call you at 5"

    terminal = Terminal(env)
    try:
        poll(lambda: inbox_fetches(database))
        # Typed at once, as an agent does: the letters must not depend on when focus moves.
        terminal.type("r" + text)
        thread_id = typed_draft(terminal, database, text)
    finally:
        terminal.kill()
    assert terminal.process.returncode == -signal.SIGKILL

    with open_store(database) as store:
        assert store.load_draft(thread_id) == text
    first_fetches = inbox_fetches(database)

    terminal = Terminal(env)
    try:
        poll(lambda: inbox_fetches(database) not in ([], first_fetches))
        terminal.type("r")
        poll(lambda: text in terminal.text())
    finally:
        terminal.kill()


async def test_a_draft_continues_where_it_ends(sim, store_path):
    with open_store(store_path) as store:
        app = make_app(sim, store=store, mark_read="reply")
        async with app.run_test(size=(120, 40)) as pilot:
            await listed(pilot)
            await open_row(pilot, 0)
            await pilot.press("r", *"hello", "escape")
            await open_row(pilot, 1)
            await open_row(pilot, 0)
            await pilot.press("r", "space", *"world")
            assert app.composer.value == "hello world"
