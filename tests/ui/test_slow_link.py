"""What the app writes to the terminal per action (issue 15): the cells that change, not the
lines, panes or scrollbars around them. The bytes are the partial updates the app hands the
terminal, read through Textual's own renderer (what a real terminal would receive)."""

import re

from harness.ui import make_app, make_sim, screen_text, wait_for
from rich.console import Console
from textual._compositor import CompositorUpdate

from inbox_tui.sim.records import SimMessage
from inbox_tui.ui.frames import Frame

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
