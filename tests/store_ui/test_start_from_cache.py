"""A second start paints the cached inboxes and threads at once, marked stale, then the first
fetch replaces them and the marker goes."""

import asyncio

from harness.store_ui import fill_cache, open_store
from harness.ui import make_app, make_sim, screen_text, wait_for

from inbox_tui.ui.formatting import contact_name
from inbox_tui.ui.local_store import STALE_MARK
from inbox_tui.ui.widgets.inbox_list import inbox_key


async def test_the_first_run_caches_what_it_fetched(sim, store_path):
    listed = await fill_cache(sim, store_path)
    world = sim.state.world
    with open_store(store_path) as store:
        channels = store.load_channels()
        personal = next(c for c in channels if c.personal and c.channel == "SMS")
        threads = store.load_threads(inbox_key(personal), limit=1000)
        messages = {t.thread_id: store.load_messages(t.thread_id) for t in threads}
    assert len(channels) > 1
    assert [t.thread_id for t in threads] == listed
    for thread_id, cached in messages.items():
        assert {m.id for m in cached} == {m.id for m in world.threads[thread_id].messages}


async def test_a_slow_start_paints_the_cache_marked_stale(sim, store_path):
    await fill_cache(sim, store_path)
    with open_store(store_path) as store:
        expected = store.load_threads(
            inbox_key(next(c for c in store.load_channels() if c.personal)), limit=5
        )
    world = sim.state.world
    world.configure(latency=0.4)
    with open_store(store_path) as store:
        app = make_app(sim, store=store, mark_read="reply")
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            painted = screen_text(app)
            # The threads title changes when the first page of threads returns.
            assert STALE_MARK in painted.splitlines()[0], "the header says it"
            assert "THREADS Personal SMS" in painted
            for thread in expected:
                assert contact_name(thread)[:10] in painted
            # The newest cached message of a listed thread is its snippet before any fetch.
            assert app.snippet_of(expected[0])
            await wait_for(pilot, lambda: STALE_MARK not in screen_text(app), timeout=10)
            assert app.client is not None
            assert "THREADS Personal SMS (" in screen_text(app)


def test_stale_cache_screen(snap_compare, store_path):
    sim = make_sim()
    asyncio.run(fill_cache(sim, store_path))
    sim.state.world.configure(latency=60.0)  # nothing returns while the snapshot is taken

    async def painted_from_cache(pilot):
        await wait_for(pilot, lambda: STALE_MARK in screen_text(pilot.app))

    with open_store(store_path) as store:
        app = make_app(sim, store=store, mark_read="reply")
        assert snap_compare(app, terminal_size=(80, 24), run_before=painted_from_cache)
