"""Search from the app: `/` or the palette, results as the query is typed, filters, and
`enter` opening the hit's thread in its inbox."""

from datetime import timedelta

import pytest
from harness.store_ui import cached, open_search, open_store, search_for
from harness.ui import NOW, make_app, make_sim, screen_text, wait_for

from inbox_tui.core.phone import format_number
from inbox_tui.ui.screens.search import SearchScreen
from inbox_tui.ui.widgets.inbox_list import inbox_key

SIZES = [(80, 24), (120, 40)]


def shown_name(hit) -> str:
    """What a hit's row and the contact line call the contact: the name, else the number (the
    reference's thread rows carry no contact)."""
    return hit.contact_name or format_number(hit.phone)


async def open_hit_on(pilot, thread, message) -> None:
    """Search for ``message`` of the simulated ``thread`` (its number and longest word) and
    press enter on its hit."""
    word = max(message.text.split(), key=len).strip(".,!?")
    screen = await open_search(pilot)
    await search_for(pilot, f"from:{thread.phone[-4:]} {word}")
    screen.results.move_to([h.message_id for h in screen.results.hits].index(message.id))
    await pilot.press("enter")


async def clear(pilot) -> None:
    await pilot.press("ctrl+u")


async def cache_two_inboxes(pilot) -> None:
    """Open the personal inbox, then the next one, so both are cached and searchable."""
    app = pilot.app
    await cached(pilot)
    app.inbox_list.focus()
    await pilot.press("down")
    await wait_for(pilot, lambda: app.current_channel == app.inbox_list.channels[1])
    await cached(pilot)


async def test_typing_shows_marked_results_and_filters_narrow_them(sim, store_path):
    with open_store(store_path) as store:
        app = make_app(sim, store=store, mark_read="reply")
        async with app.run_test(size=(120, 40)) as pilot:
            await cached(pilot)
            screen = await open_search(pilot)
            assert "from:4061" in screen_text(app), "the empty screen explains the syntax"
            await search_for(pilot, "pay*")
            hits = screen.results.hits
            text = screen_text(app)
            assert f"{len(hits)} results" in text
            first = hits[0]
            assert shown_name(first)[:16] in text
            marked = [part for part, matched in first.snippet if matched]
            assert marked and all(part.lower().startswith("pay") for part in marked)

            await clear(pilot)
            await search_for(pilot, f"pay* account:{first.account}")
            assert {h.account for h in screen.results.hits} == {first.account}

            digits = first.phone[-4:]
            await clear(pilot)
            await search_for(pilot, f"from:{digits}")
            assert all(digits in h.phone for h in screen.results.hits)

            await clear(pilot)
            await search_for(pilot, "pay* since:3d")
            recent = screen.results.hits
            assert all(h.date >= NOW - timedelta(days=3) for h in recent)
            assert len(recent) < len(hits)

            await clear(pilot)
            await pilot.press(*"since:soon")
            await wait_for(pilot, lambda: "since: takes" in screen_text(app))
            assert screen.results.hits == []


async def test_enter_opens_the_hit_in_its_inbox(sim, store_path):
    with open_store(store_path) as store:
        app = make_app(sim, store=store, mark_read="reply")
        async with app.run_test(size=(120, 40)) as pilot:
            await cache_two_inboxes(pilot)
            personal = app.inbox_list.channels[0]
            screen = await open_search(pilot)
            await search_for(pilot, "pay*")
            in_personal = [h.inbox_key == inbox_key(personal) for h in screen.results.hits]
            target = screen.results.hits[in_personal.index(True)]
            screen.results.move_to(in_personal.index(True))
            await pilot.press("enter")
            await wait_for(
                pilot,
                lambda: (
                    app.current_thread is not None
                    and app.current_thread.thread_id == target.thread_id
                    and any(m.id == target.message_id for m in app.conversation.messages)
                ),
            )
            assert app.screen is app.screen_stack[0]
            assert app.current_channel == personal
            assert app.thread_list.highlighted.thread_id == target.thread_id
            assert shown_name(target) in screen_text(app)


async def test_enter_brings_the_matched_message_into_view(sim, store_path):
    """At 80x16 a thread's oldest message is far above its newest: opening a hit on it shows
    it, not the end of the thread."""
    world = sim.state.world
    with open_store(store_path) as store:
        app = make_app(sim, store=store, mark_read="reply")
        async with app.run_test(size=(80, 16)) as pilot:
            await cached(pilot)
            thread = world.threads[app.thread_list.threads[0].thread_id]
            oldest = thread.messages[0]
            await open_hit_on(pilot, thread, oldest)
            view = app.conversation
            await wait_for(pilot, lambda: any(m.id == oldest.id for m in view.messages))
            await wait_for(pilot, lambda: view.scroll_offset.y < view.max_scroll_y)
            top = round(view.scroll_offset.y)
            line = view._line_of[oldest.id]
            assert top <= line < top + view.scrollable_content_region.height
            assert view.max_scroll_y > view.scrollable_content_region.height
            shown = screen_text(app)
            assert any(part in shown for part in oldest.text.split()[:3])


async def test_a_hit_older_than_the_newest_page_loads_older_pages_until_shown(store_path):
    """Four messages a page: the thread's oldest message is on its third page. It was cached
    once; opening the hit later loads pages 2 and 3 and shows it."""
    sim = make_sim(page_size=4)
    world = sim.state.world
    with open_store(store_path) as store:
        app = make_app(sim, store=store, mark_read="reply")
        async with app.run_test(size=(80, 24)) as pilot:
            await cached(pilot)
            view = app.conversation
            thread = world.threads[app.thread_list.threads[0].thread_id]
            oldest = thread.messages[0]
            app.thread_list.focus()
            await pilot.press("enter")
            await wait_for(pilot, lambda: view.messages)
            while view.has_older:  # the agent reads back to the first message: all cached
                pages = app.thread.pages
                app.thread.load_older()
                await wait_for(pilot, lambda pages=pages: app.thread.pages > pages)
            app.store_writer.drain()
            app.thread_list.focus()
            await pilot.press("down", "enter")
            await wait_for(pilot, lambda: app.current_thread.thread_id != thread.thread_id)

            before = len(world.requests)
            await open_hit_on(pilot, thread, oldest)
            await wait_for(pilot, lambda: oldest.id in view._line_of)
            await wait_for(pilot, lambda: view.scroll_offset.y <= view._line_of[oldest.id])
            top = round(view.scroll_offset.y)
            assert top <= view._line_of[oldest.id] < top + view.scrollable_content_region.height
            pages = [
                r.query.get("pagination")
                for r in world.requests[before:]
                if r.query.get("threadId") == thread.thread_id
            ]
            # Pages 1 to 3 in turn, each once; with the view at the top of what is loaded, the
            # conversation may go on to ask for the (empty) page 4, as scrolling up does.
            assert pages[:3] == ["1", "2", "3"] and pages[3:] in ([], ["4"])


async def test_the_palette_opens_search_and_escape_closes_it(sim, store_path):
    with open_store(store_path) as store:
        app = make_app(sim, store=store)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("ctrl+p")
            await pilot.press(*"Search", "enter")
            await wait_for(pilot, lambda: isinstance(app.screen, SearchScreen))
            await pilot.press("escape")
            await wait_for(pilot, lambda: not isinstance(app.screen, SearchScreen))
            assert app.current_thread is None


async def test_rows_keep_their_width_whether_or_not_the_results_scroll(store_path):
    """A re-list that makes the list scroll (or stop scrolling) does not narrow (or widen)
    every row, which would write each row's end again (its age column) on a slow link."""
    with open_store(store_path) as store:
        app = make_app(make_sim(), store=store, mark_read="reply")
        async with app.run_test(size=(120, 40)) as pilot:
            await cached(pilot)
            screen = await open_search(pilot)
            results = screen.results
            await search_for(pilot, "card")
            few = results.scrollable_content_region.width
            assert results.virtual_size.height <= results.scrollable_content_region.height
            await clear(pilot)
            await search_for(pilot, "pay*")
            assert results.virtual_size.height > results.scrollable_content_region.height
            assert results.scrollable_content_region.width == few


async def test_a_match_on_the_cursor_row_keeps_the_cursor_rows_background(store_path):
    with open_store(store_path) as store:
        app = make_app(make_sim(), store=store, mark_read="reply")
        async with app.run_test(size=(120, 40)) as pilot:
            await cached(pilot)
            screen = await open_search(pilot)
            await search_for(pilot, "pay*")
            line = list(screen.results.render_line(0))
            cursor = line[0].style.bgcolor
            assert cursor != next(iter(screen.results.render_line(1))).style.bgcolor
            matched = [seg for seg in line if seg.style.underline]
            assert matched and all(seg.style.bgcolor == cursor for seg in matched)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_search_screen(snap_compare, store_path, size):
    async def search(pilot):
        await cached(pilot)
        await open_search(pilot)
        await search_for(pilot, "pay*")

    with open_store(store_path) as store:
        app = make_app(make_sim(), store=store, mark_read="reply")
        assert snap_compare(app, terminal_size=size, run_before=search)
