"""The line-API lists: 100,000 rows, and a cursor move repaints two lines, not the pane."""

import gc
import random
import time
from datetime import timedelta
from functools import cache

import pytest
from harness.ui import NOW, fixed_clock, make_sim, screen_text, wait_for
from textual.app import App, ComposeResult

from inbox_tui.demo import sim_connector
from inbox_tui.livevox.models import Direction, Message, Thread
from inbox_tui.livevox.responses import Page
from inbox_tui.ui.widgets.conversation import LAYOUT_SLICE, Conversation
from inbox_tui.ui.widgets.thread_list import ThreadList, ThreadRow

ROWS = 100_000


@cache
def threads(count: int) -> list[ThreadRow]:
    return [
        ThreadRow.of(
            Thread(
                thread_id=str(10**9 + n),
                from_=f"1415555{n % 10000:04d}",
                to="77777",
                direction=Direction.INBOUND,
                read=n % 3 != 0,
                date=NOW - timedelta(minutes=n),
            )
        )
        for n in range(count)
    ]


class Host(App):
    def compose(self) -> ComposeResult:
        yield ThreadList(snippet_of=lambda thread: "[b]not bold[/b]", clock=fixed_clock)


async def test_a_cursor_move_in_100000_threads_repaints_two_lines():
    app = Host()
    async with app.run_test(size=(100, 30)) as pilot:
        listed = app.query_one(ThreadList)
        listed.set_threads(threads(ROWS), has_more=False)
        listed.focus()
        await pilot.pause()
        listed._repaint_regions.clear()
        started = time.perf_counter()
        listed.move(1)
        elapsed = time.perf_counter() - started
        regions = list(listed._repaint_regions)
        assert sorted(r.y for r in regions) == [0, 1]
        assert all(r.height == 1 for r in regions)
        assert elapsed < 0.01
        await pilot.pause()
        text = "\n".join(s.text for s in app.screen._compositor.render_strips())
        assert ("[b]not bold[/b]" in text and "● +1 415-555-0000"[2:]) or "14155550000" in text


async def test_the_last_of_100000_rows_scrolls_into_view():
    app = Host()
    async with app.run_test(size=(100, 30)) as pilot:
        listed = app.query_one(ThreadList)
        listed.set_threads(threads(ROWS), has_more=False)
        await pilot.pause()
        listed.move_to(ROWS - 1)
        await pilot.pause()
        assert listed.cursor == ROWS - 1
        assert listed.scroll_offset.y == ROWS - listed.scrollable_content_region.height


async def test_row_updates_in_100000_threads_look_the_row_up_without_a_scan():
    app = Host()
    async with app.run_test(size=(100, 30)) as pilot:
        listed = app.query_one(ThreadList)
        rows = threads(ROWS)
        listed.set_threads(rows[:50_000], has_more=True)
        listed.append_threads(rows[49_990:], has_more=False)
        await pilot.pause()
        assert listed.row_count == ROWS
        last = rows[-1]
        read = ThreadRow.of(last.thread.model_copy(update={"read": True}))
        started = time.perf_counter()
        for _ in range(1000):
            listed.replace_thread(read)
        # A scan of 100,000 rows per update takes seconds for 1,000 updates.
        assert time.perf_counter() - started < 0.2
        assert listed.threads[-1].read is True
        listed.remove_thread(rows[10].thread_id)
        assert listed.index_of(rows[10].thread_id) == -1
        assert listed.index_of(last.thread_id) == ROWS - 2
        assert listed.threads[listed.index_of(rows[11].thread_id)] is rows[11]


@pytest.mark.parametrize("seed", range(20))
async def test_a_refreshed_first_page_keeps_the_rows_below_once(seed):
    """The page, then every row loaded before that the page does not hold (the ones it pushed
    out of the first rows first); the cursor stays on its thread."""
    rng = random.Random(seed)
    rows = threads(3000)
    app = Host()
    async with app.run_test(size=(100, 30)):
        listed = app.query_one(ThreadList)
        before = rows[: rng.randrange(0, 400)]
        listed.set_threads(before, has_more=True)
        # Every other page holds only threads listed already (replies moved them up).
        pool = before if seed % 2 else rows[:500]
        page = rng.sample(pool, rng.randrange(0, min(60, len(pool) + 1)))
        keep = rng.choice(before).thread_id if before else None
        listed.move_to(listed.index_of(keep) if keep else 0, announce=False)
        listed.refresh_first_page(page, has_more=True, keep=keep)
        held = {t.thread_id for t in page}
        expected = page + [t for t in before if t.thread_id not in held]
        assert listed.threads == expected
        assert all(listed.index_of(t.thread_id) == row for row, t in enumerate(expected))
        assert listed._row_of.keys() == {t.thread_id for t in expected}
        kept = listed.index_of(keep) if keep else -1
        assert listed.cursor == max(0, kept)


async def served_threads(shape: str, count: int = 60) -> list[Thread]:
    """The SMS threads of a simulated world, as the client reads them."""
    client = sim_connector(make_sim(count, shape=shape, page_size=count)).make_client(None)
    async with client:
        await client.login()
        return [
            thread
            for channel in await client.list_channels()
            if channel.channel == "SMS"
            for thread in await client.list_threads(
                channel.channel_id, "SMS", personal=channel.personal, page=1
            )
        ]


def walked_per_row(rows: list) -> float:
    """The objects the cyclic collector walks for ``rows``, per row (not the classes)."""
    walked: set[int] = set()
    left = list(rows)
    while left:
        item = left.pop()
        if id(item) in walked or isinstance(item, type) or not gc.is_tracked(item):
            continue
        walked.add(id(item))
        left.extend(gc.get_referents(item))
    return len(walked) / len(rows)


async def test_a_listed_thread_is_one_object_for_the_collector():
    """A full collection walks every row loaded: a row is one object, where the pydantic
    Thread with its contact is about a dozen (at 4,000 rows a full pass took 90 ms)."""
    threads = await served_threads("rich")
    assert walked_per_row(threads) > 10
    assert walked_per_row([ThreadRow.of(thread) for thread in threads]) == 1


@pytest.mark.parametrize("shape", ["rich", "reference", "sparse"])
async def test_a_row_gives_back_the_thread_it_lists(shape):
    threads = await served_threads(shape)
    rows = [ThreadRow.of(thread) for thread in threads]
    assert [row.thread for row in rows] == threads
    assert [(row.thread_id, row.read, row.last_activity) for row in rows] == [
        (t.thread_id, t.read, t.last_activity) for t in threads
    ]


class ConversationHost(App):
    CSS = "Conversation { scrollbar-gutter: stable; scrollbar-size-vertical: 1; }"  # as the app

    def compose(self) -> ComposeResult:
        yield Conversation()


def messages(first: int, count: int) -> list[Message]:
    """Newest first, as LiveVox pages them."""
    return [
        Message(
            id=str(n),
            message=f"message {n}",
            direction=Direction.OUTBOUND if n % 2 else Direction.INBOUND,
            date=NOW - timedelta(hours=ROWS - n),
        )
        for n in range(first + count - 1, first - 1, -1)
    ]


async def test_the_scrollbar_thumb_is_at_the_end_with_the_newest_message():
    """The scrollbar appears with the first long thread: its thumb must be where the view is
    (the end), not at the top, where Textual leaves a scrollbar that appears after a scroll."""
    app = ConversationHost()
    async with app.run_test(size=(60, 20)) as pilot:
        view = app.query_one(Conversation)
        view.set_messages(messages(ROWS - 50, 50), has_older=False)
        # Scrolled before the layout pass that shows the scrollbar (as a busy machine does).
        view.move_to(view.max_scroll_y)
        assert not view.show_vertical_scrollbar
        await pilot.pause()
        assert view.show_vertical_scrollbar
        assert view.scroll_offset.y == view.max_scroll_y > 0
        assert view.vertical_scrollbar.position == view.max_scroll_y


async def test_conversation_holds_many_messages_and_keeps_the_view_on_older_pages():
    app = ConversationHost()
    async with app.run_test(size=(60, 20)) as pilot:
        view = app.query_one(Conversation)
        view.set_messages(messages(ROWS - 50, 50), has_older=True)
        await pilot.pause()
        assert view.scroll_offset.y == view.max_scroll_y
        view.move_to(3)
        await pilot.pause()
        top_line = view._lines[round(view.scroll_offset.y)].plain
        view.prepend_older(messages(ROWS - 20_000, 19_950), has_older=False)
        await pilot.pause()
        # Only a slice above the view is laid out.
        assert len(view.messages) == 20_000 and len(view._lines) < 3 * LAYOUT_SLICE
        assert view._lines[round(view.scroll_offset.y)].plain == top_line
        started = time.perf_counter()
        view.move(-1)
        assert time.perf_counter() - started < 0.01


@pytest.fixture
def wraps(monkeypatch) -> list[str]:
    """The ids of the messages the conversation wraps into lines, in order."""
    wrapped: list[str] = []
    lay_out = Conversation._message_lines

    def counted(self, message, *args):
        wrapped.append(message.id)
        return lay_out(self, message, *args)

    monkeypatch.setattr(Conversation, "_message_lines", counted)
    return wrapped


async def test_a_20000_message_conversation_lays_out_a_bounded_slice(wraps):
    app = ConversationHost()
    async with app.run_test(size=(60, 20)) as pilot:
        view = app.query_one(Conversation)
        view.set_messages(messages(ROWS - 20_000, 20_000), has_older=True)
        await pilot.pause()
        assert f"message {ROWS - 1}" in screen_text(app)
        assert len(wraps) <= LAYOUT_SLICE
        wraps.clear()
        view.append_new(messages(ROWS, 1))
        await pilot.pause()
        assert wraps == [str(ROWS)]
        assert f"message {ROWS}" in screen_text(app)


async def test_scrolling_up_lays_out_earlier_messages_a_slice_at_a_time(wraps):
    asked: list[Conversation.NeedOlder] = []

    class Asking(ConversationHost):
        def on_conversation_need_older(self, message: Conversation.NeedOlder) -> None:
            asked.append(message)

    app = Asking()
    async with app.run_test(size=(60, 20)) as pilot:
        view = app.query_one(Conversation)
        total = 5 * LAYOUT_SLICE
        view.set_messages(messages(ROWS - total, total), has_older=True)
        await pilot.pause()
        for slices in range(2, 6):
            view.move_to(0)
            await wait_for(pilot, lambda slices=slices: len(wraps) >= slices * LAYOUT_SLICE)
            assert len(wraps) == slices * LAYOUT_SLICE
            # The line the agent scrolled to is still on top: the new slice went above it.
            assert view.scroll_offset.y > 0
            assert not asked
        # All loaded messages are laid out: the top now asks for an older page.
        view.move_to(0)
        await wait_for(pilot, lambda: asked)
        assert len(set(wraps)) == total


async def test_jumping_to_an_early_message_lays_it_out():
    app = ConversationHost()
    async with app.run_test(size=(60, 20)) as pilot:
        view = app.query_one(Conversation)
        view.set_messages(messages(ROWS - 5000, 5000), has_older=False)
        await pilot.pause()
        assert view.show_message(str(ROWS - 4990))
        await pilot.pause()
        assert f"message {ROWS - 4990}" in screen_text(app)
        assert not view.show_message("no such id")


async def test_a_cut_page_says_so_at_the_top():
    app = ConversationHost()
    async with app.run_test(size=(60, 20)) as pilot:
        view = app.query_one(Conversation)
        page = Page(messages(ROWS - 10, 10))
        page.cut = 4990
        view.set_messages(page, has_older=True)
        await pilot.pause()
        assert "showing the newest 10 of this page (4990 cut)" in screen_text(app)
