"""Helpers of the store UI tests: a store file on the fixed clock, and a first app run that
fills its cache."""

from pathlib import Path

from harness.ui import fixed_clock, make_app, snippets_shown, wait_for
from inbox_tui.store import Store
from inbox_tui.ui.screens.search import RESULT_LIMIT, SearchScreen


def open_store(path: Path) -> Store:
    return Store.open(path, clock=fixed_clock)


async def cached(pilot) -> None:
    """Connected, threads listed and every visible thread's snippet fetched (so cached)."""
    app = pilot.app
    await snippets_shown(pilot)
    app.store_writer.drain()


async def fill_cache(sim, path: Path) -> list[str]:
    """Run the app once until what it shows is cached, then quit (which writes the queue).
    Returns the ids of the threads it listed."""
    with open_store(path) as store:
        app = make_app(sim, store=store, mark_read="reply")
        async with app.run_test(size=(120, 40)) as pilot:
            await cached(pilot)
            return [t.thread_id for t in app.thread_list.threads]


async def search_for(pilot, query: str) -> SearchScreen:
    """Type ``query`` into the open search screen; wait for the store's answer to show."""
    app = pilot.app
    screen = app.screen
    assert isinstance(screen, SearchScreen)
    await pilot.press(*query)
    expected = app.store.search(query, limit=RESULT_LIMIT)
    await wait_for(pilot, lambda: screen.results.hits == expected and screen.results.hits)
    await pilot.pause()
    return screen


async def open_search(pilot) -> SearchScreen:
    await pilot.press("slash")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, SearchScreen))
    return pilot.app.screen
