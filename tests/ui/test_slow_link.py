"""What the app writes to the terminal per action (issue 15): the cells that change, not the
lines, panes or scrollbars around them. The bytes are the partial updates the app hands the
terminal, read through Textual's own renderer (what a real terminal would receive)."""

import re
import time
from contextlib import asynccontextmanager
from itertools import pairwise

from harness.store_ui import cached, open_search, open_store, search_for
from harness.ui import make_app, make_sim, screen_text, wait_for
from rich.console import Console
from textual._compositor import CompositorUpdate

from inbox_tui.sim.records import SimMessage
from inbox_tui.ui.frames import Frame
from inbox_tui.ui.screens.search import HINT

SIZE = (120, 40)
MOVE = re.compile(r"\x1b\[(\d+);(\d+)H")


class Written:
    """Records what ``app`` writes to its terminal from now on: Textual's updates, or with a
    ``frame``, what that frame makes of them (the app's own writing, see ui/frames.py)."""

    def __init__(self, app, frame: Frame | None = None, console: Console | None = None) -> None:
        self.chunks: list[str] = []
        display = app._display

        def recording(screen, renderable) -> None:
            if isinstance(renderable, CompositorUpdate):
                if frame is None:
                    self.chunks.append(renderable.render_segments(app.console))
                else:
                    self.chunks.append(frame.render(renderable, console or app.console))
            display(screen, renderable)

        app._display = recording

    async def during(self, pilot, *keys: str) -> str:
        """What the app wrote for ``keys``, once it is idle again."""
        await pilot.pause()
        self.chunks.clear()
        await pilot.press(*keys)
        await pilot.pause(0.2)
        return "".join(self.chunks)


def rows(written: str) -> set[int]:
    """The terminal rows (1-based) that ``written`` draws on."""
    return {int(row) for row, _ in MOVE.findall(written)}


async def in_conversation(pilot) -> Written:
    app = pilot.app
    await wait_for(pilot, lambda: app.thread_list.threads and app.connection.connected)
    app.thread_list.focus()
    await pilot.press("enter")
    await wait_for(pilot, lambda: app.conversation.messages)
    await pilot.pause(0.3)
    return Written(app)


async def test_a_typed_character_sends_the_cells_it_changes_not_the_composer():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        written = await in_conversation(pilot)
        await pilot.press("r")
        await wait_for(pilot, lambda: app.focused is app.composer)
        await pilot.press("a", "b")
        await pilot.pause(0.2)
        sent = await written.during(pilot, "c")
        assert app.composer.text == "abc"
        assert len(sent.encode()) <= 250, sent
        assert "▔" not in sent and "▁" not in sent  # the borders are not drawn again
        composer_row = app.composer.region.y + 2  # 1-based, below the border
        assert rows(sent) == {composer_row, app.query_one("#segment-meter").region.y + 1}
        assert "GSM-7" not in sent  # the meter's count changed, not its words


async def test_a_focus_change_repaints_the_titles_not_the_scrollbars_or_the_footer():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        written = await in_conversation(pilot)
        await pilot.press("shift+tab")
        await wait_for(pilot, lambda: app.focused is app.thread_list)
        sent = await written.during(pilot, "tab")
        assert app.focused is app.conversation
        assert len(sent.encode()) <= 1500, sent
        assert SIZE[1] not in rows(sent)  # the footer offers the same keys: not drawn again
        # The titles' rows and the thread list's cursor row; no scrollbar column down a pane.
        assert len(rows(sent)) <= 4, sorted(rows(sent))


async def test_the_footer_repaints_when_its_keys_change_and_says_so():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        written = await in_conversation(pilot)
        sent = await written.during(pilot, "r")
        assert app.focused is app.composer
        assert SIZE[1] in rows(sent) and "Leave" in sent
        assert len(sent.encode()) <= 1500, sent
        sent = await written.during(pilot, "escape")
        assert app.focused is not app.composer
        assert SIZE[1] in rows(sent) and "Reply" in sent
        assert len(sent.encode()) <= 1500, sent


async def test_a_customer_message_in_the_open_thread_costs_the_scroll_not_its_colours():
    """The conversation moves up a line for the new message, so every line of it changes. In
    true colour each colour is switched to about once, not at every time and text of every
    line, and a day's rule is not a pane-wide line of three-byte characters."""
    sim = make_sim()
    world = sim.state.world
    thread = max(
        (t for t in world.threads.values() if t.owner_agent_id == world.agent_id),
        key=lambda t: t.last_ms,
    )
    for n in range(40):  # two days of talk, 3 hours apart, agent and customer in turn
        outbound = n % 2 == 1
        thread.append(
            SimMessage(
                id=world.new_id(),
                text=f"Message {n}: " + ("We can set up a plan." if outbound else "I will pay."),
                direction=2 if outbound else 1,
                date_ms=thread.last_ms + 3 * 3_600_000,
                status="DELIVERED" if outbound else "",
                sms_code=thread.sms_code,
                phone=thread.phone,
                thread_id=thread.thread_id,
            )
        )
    app = make_app(sim)
    async with app.run_test(size=SIZE) as pilot:
        await in_conversation(pilot)
        await wait_for(pilot, lambda: "Message 39:" in screen_text(app))
        truecolor = Console(color_system="truecolor", force_terminal=True, width=SIZE[0])
        written = Written(app, Frame(), truecolor)
        app.action_redraw()  # the frame learns the whole picture
        await pilot.pause(0.2)
        written.chunks.clear()
        world.customer_reply(thread.thread_id, "Is it done yet?")
        app.poller.poll()
        await wait_for(pilot, lambda: "Is it done yet?" in screen_text(app))
        await pilot.pause(0.2)
        sent = "".join(written.chunks)
        assert "Message 39:" in sent  # moved up a line: written again
        assert len(sent.encode()) <= 3000, len(sent.encode())
        # Line by line it was 56 foreground switches (19 bytes each) and 2,973 bytes.
        assert sent.count("\x1b[38;2;") <= 12, sent.count("\x1b[38;2;")


@asynccontextmanager
async def searching(tmp_path):
    """The search screen open over a cached store; yields the pilot, the screen and the
    queries the store answers from now on."""
    with open_store(tmp_path / "profile.sqlite3") as store:
        app = make_app(make_sim(), store=store, mark_read="reply")
        async with app.run_test(size=SIZE) as pilot:
            await cached(pilot)
            screen = await open_search(pilot)
            answered: list[str] = []
            search = store.search

            def answering(query: str, **options):
                hits = search(query, **options)
                answered.append(query)
                return hits

            store.search = answering
            yield pilot, screen, answered


async def written_until_answered(pilot, written: Written, answered: list[str], key: str) -> str:
    """What the app wrote for ``key`` typed into search, until the store's answer is shown."""
    await pilot.pause()
    written.chunks.clear()
    count = len(answered)
    await pilot.press(key)
    await wait_for(pilot, lambda: len(answered) > count)
    await pilot.pause(0.2)
    return "".join(written.chunks)


def query_rows(screen) -> set[int]:
    """The terminal rows (1-based) of the search query's box (Textual repaints all of it; the
    app writes only the cells that changed)."""
    region = screen.query_one("#search-query").region
    return set(range(region.y + 1, region.bottom + 1))


async def test_a_query_typed_at_a_typists_pace_is_searched_and_listed_once(tmp_path):
    """About 0.2 s from a letter to the next (an average typist's pace): one search and one
    re-list for the words, not one per letter ("pay" alone lists many threads, "pay c" none)."""
    async with searching(tmp_path) as (pilot, screen, answered):
        pressed = []
        for key in "pay card":
            await pilot.press(key)
            pressed.append(time.perf_counter())
            await pilot.pause(0.12)
        await wait_for(pilot, lambda: answered[-1:] == ["pay card"] and screen.results.hits)
        gaps = [b - a for a, b in pairwise(pressed)]
        # A gap that took longer (a busy machine) may run a search of its own.
        assert len(answered) <= 1 + sum(gap >= 0.2 for gap in gaps), (answered, gaps)


async def test_a_search_letter_that_changes_no_result_writes_its_echo_only(tmp_path):
    """The same hits again repaint neither the count line nor the list, and keep the cursor
    where the agent moved it."""
    async with searching(tmp_path) as (pilot, screen, answered):
        await search_for(pilot, "pay*")
        screen.results.move_to(2)
        written = Written(pilot.app)
        sent = await written_until_answered(pilot, written, answered, "space")
        assert answered[-1] == "pay* "
        assert screen.results.cursor == 2
        assert rows(sent) == query_rows(screen), sent


async def test_a_first_search_letter_without_match_keeps_the_hint(tmp_path):
    """No match: the count line says so; the syntax hint stays (it is not written again)."""
    async with searching(tmp_path) as (pilot, screen, answered):
        app = pilot.app
        written = Written(app)
        sent = await written_until_answered(pilot, written, answered, "q")
        assert answered == ["q"] and not screen.results.hits
        count_row = screen.query_one("#search-count").region.y + 1
        assert rows(sent) == query_rows(screen) | {count_row}, sent
        assert "No match" in sent
        assert HINT[:40] in screen_text(app)
