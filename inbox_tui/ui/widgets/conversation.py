"""A thread's history, oldest to newest: a virtual, line-based view of wrapped messages.

Only the newest messages are laid out (wrapped into lines) at first, ``LAYOUT_SLICE`` at a time;
earlier ones are laid out a slice at a time as the view nears the top, so no step of a long
history wraps more than a slice."""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip

from inbox_tui.core.pii import mask_pii
from inbox_tui.livevox.models import Direction
from inbox_tui.livevox.models import Message as SmsMessage
from inbox_tui.livevox.responses import Page
from inbox_tui.ui.formatting import local_clock, local_day
from inbox_tui.ui.glyphs import cells, glyphs
from inbox_tui.ui.widgets.quiet_scroll import QuietScrollView

PREFIX = 8
LAYOUT_SLICE = 100
"""Messages laid out at a time: the newest on opening, more above as the view nears the top."""


class Conversation(QuietScrollView, can_focus=True, inherit_bindings=False):
    """Messages with direction arrow, time, text and (outbound) status; only visible lines render.

    Scrolling to the top lays out earlier loaded messages, then asks for older ones
    (``NeedOlder``); new messages append without moving the view unless it was at the bottom.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "conversation--inbound",
        "conversation--outbound",
        "conversation--meta",
    }

    class NeedOlder(Message):
        """The view reached the top and older messages exist."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.messages: list[SmsMessage] = []
        self.has_older = False
        self.empty_text = "Open a thread to read it."
        self._lines: list[Text] = []
        self._first = 0
        """The oldest message laid out (an index into ``messages``)."""
        self._earlier_asked = False
        self.page_cut = 0
        """Messages the client left out of the shown page (``Page.cut``), said at the top."""
        self._line_of: dict[str, int] = {}
        """The first line of each laid-out message, by id."""
        self.pii_revealed = False
        self._older_asked = False
        self._at_end = False
        self._wrapped: dict[tuple[str, str | None], list[Text]] = {}
        self._wrapped_for: tuple[int, bool] | None = None

    def reveal_pii(self, revealed: bool) -> None:
        """Show SSNs and dates of birth in full (True) or masked, the default."""
        if revealed != self.pii_revealed:
            self.pii_revealed = revealed
            self._relayout()

    def show_empty(self, text: str) -> None:
        self.messages, self.has_older, self.empty_text = [], False, text
        self._first = self.page_cut = 0
        self._at_end = False
        self._relayout()
        self.scroll_to(y=0, animate=False, immediate=True, force=True)

    def set_messages(self, newest_first: list[SmsMessage], *, has_older: bool) -> None:
        """Show a thread's latest page with the newest message in view."""
        self.messages = list(reversed(newest_first))
        self.page_cut = newest_first.cut if isinstance(newest_first, Page) else 0
        self.has_older = has_older
        self._older_asked = False
        self._first = max(0, len(self.messages) - LAYOUT_SLICE)
        self.follow_end()

    def prepend_older(self, newest_first: list[SmsMessage], *, has_older: bool) -> None:
        """Add an older page above, keeping the lines the agent is reading where they are."""
        known = {m.id for m in self.messages}
        older = [m for m in reversed(newest_first) if m.id not in known]
        self.has_older = has_older and bool(older)
        self._older_asked = False
        self.page_cut = 0
        self.messages[:0] = older
        self._first += len(older)
        self._lay_out_earlier()

    def _lay_out_earlier(self) -> None:
        """Lay out the slice of loaded messages above the view, keeping what the agent reads
        where it is."""
        self._earlier_asked = False
        if self._first == 0:
            return
        before = len(self._lines)
        self._first = max(0, self._first - LAYOUT_SLICE)
        self._relayout()
        self.scroll_to(
            y=self.scroll_offset.y + len(self._lines) - before, animate=False, force=True
        )

    def append_new(self, newest_first: list[SmsMessage]) -> int:
        """Append messages not shown yet; returns how many. Follows only if at the bottom."""
        known = {m.id for m in self.messages}
        new = [m for m in reversed(newest_first) if m.id not in known]
        if new:
            self.messages.extend(new)
            if self._at_end:
                # Following the newest line: what scrolled far above need not stay laid out.
                self._first = max(self._first, len(self.messages) - LAYOUT_SLICE)
            self._relayout()
        return len(new)

    def move(self, delta: int) -> None:
        self.move_to(round(self.scroll_offset.y) + delta)

    def page(self, direction: int) -> None:
        self.move(direction * max(1, self.scrollable_content_region.height - 1))

    def move_to(self, index: int) -> None:
        """Scroll to line ``index``; the view follows new messages only when left at the end."""
        self._at_end = index >= self.max_scroll_y
        self.scroll_to(y=index, animate=False, immediate=True, force=True)

    def show_message(self, message_id: str) -> bool:
        """Scroll the message to the top of the view (as far as the end allows); False when it
        is not among the loaded messages."""
        line = self._line_of.get(message_id)
        if line is None:
            index = next((i for i, m in enumerate(self.messages) if m.id == message_id), None)
            if index is None:
                return False
            self._first = index
            self._relayout()
            line = self._line_of[message_id]
        self.move_to(min(line, self.max_scroll_y))
        return True

    def on_mouse_scroll_up(self) -> None:
        self._at_end = False

    def on_mouse_scroll_down(self) -> None:
        self.call_after_refresh(self._note_end)

    def _note_end(self) -> None:
        self._at_end = self.scroll_offset.y >= self.max_scroll_y

    def follow_end(self) -> None:
        """Show the newest line now and keep it in view until the agent scrolls up."""
        self._at_end = True
        self._relayout()
        self.call_after_refresh(self._stay_at_end)

    def _stay_at_end(self) -> None:
        if self._at_end:
            self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True, force=True)

    def watch_show_vertical_scrollbar(self, shown: bool) -> None:
        # Textual moves the scrollbar's thumb only when the view scrolls: a scrollbar that
        # appears after the view went to the newest line would show its thumb at the top.
        if shown:
            self.vertical_scrollbar.position = self.scroll_y

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if self._at_end and new_value < self.max_scroll_y:
            # Something other than the agent moved the view (a layout pass): follow again.
            self.call_after_refresh(self._stay_at_end)
        near_top = new_value <= self.scrollable_content_region.height
        if near_top and self._first > 0 and not self._earlier_asked:
            self._earlier_asked = True
            self.call_later(self._lay_out_earlier)
        elif new_value <= 0 and self.has_older and not self._older_asked and self.messages:
            self._older_asked = True
            self.post_message(self.NeedOlder())

    def on_resize(self) -> None:
        self._relayout()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = y + round(self.scroll_offset.y)
        text = self._lines[index] if index < len(self._lines) else Text("")
        base = self.rich_style
        segments = [
            Segment(cells(s.text), base + s.style if s.style else base)
            for s in text.render(self.app.console)
        ]
        return Strip(segments).crop_extend(0, width, base).simplify()

    def _relayout(self) -> None:
        width = max(PREFIX + 4, self.scrollable_content_region.width)
        self._line_of = {}
        self._lines = self._layout(width) if self.messages else self._empty_lines(width)
        self.virtual_size = Size(width, len(self._lines))
        self._stay_at_end()
        self.refresh()

    def _empty_lines(self, width: int) -> list[Text]:
        lines = Text(self.empty_text, style=Style(dim=True)).wrap(self.app.console, width)
        return list(lines)

    def _layout(self, width: int) -> list[Text]:
        meta = self.get_component_rich_style("conversation--meta")
        styles = {
            Direction.INBOUND: self.get_component_rich_style("conversation--inbound"),
            Direction.OUTBOUND: self.get_component_rich_style("conversation--outbound"),
        }
        lines: list[Text] = []
        glyph = glyphs()
        day = None
        if self.page_cut and self._first == 0:
            shown = len(self.messages)
            lines.append(
                Text(
                    f"  {glyph.older} showing the newest {shown} of this page "
                    f"({self.page_cut} cut)",
                    meta,
                )
            )
        elif self.has_older or self._first > 0:
            lines.append(Text(f"  {glyph.older} older messages", style=meta))
        if (width, self.pii_revealed) != self._wrapped_for:
            self._wrapped, self._wrapped_for = {}, (width, self.pii_revealed)
        wrapped: dict[tuple[str, str | None], list[Text]] = {}
        for message in self.messages[self._first :]:
            if message.date is not None and local_day(message.date) != day:
                day = local_day(message.date)
                rule = glyph.rule
                lines.append(Text(f"{rule * 2} {day} {rule * 2}", style=meta))
            self._line_of[message.id] = len(lines)
            key = (message.id, message.status)
            known = self._wrapped.get(key)
            wrapped[key] = known or self._message_lines(message, width, meta, styles)
            lines.extend(wrapped[key])
        self._wrapped = wrapped  # only what is laid out stays cached
        return lines

    def _message_lines(
        self, message: SmsMessage, width: int, meta: Style, styles: dict[Direction, Style]
    ) -> list[Text]:
        """One message's lines: arrow and time, wrapped text, and the status of an outbound one.

        Cached per message, so a new page or message lays out only itself.
        """
        glyph = glyphs()
        arrows = {Direction.INBOUND: glyph.inbound, Direction.OUTBOUND: glyph.outbound}
        head = f"{arrows.get(message.direction, glyph.undirected)} {local_clock(message.date)} "
        shown = message.message if self.pii_revealed else mask_pii(message.message)
        body = Text(shown or "(no text)", style=styles.get(message.direction) or Style())
        lines = []
        for n, part in enumerate(list(body.wrap(self.app.console, width - PREFIX)) or [Text()]):
            line = Text(head if n == 0 else " " * PREFIX, style=meta)
            line.append_text(part)
            lines.append(line)
        if message.direction is Direction.OUTBOUND and message.status:
            status = f" {glyph.dot} {message.status}"
            if lines[-1].cell_len + len(status) <= width:
                lines[-1].append(status, style=meta)
            else:
                lines.append(Text(" " * PREFIX + status.strip(), style=meta))
        return lines
