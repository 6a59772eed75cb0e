"""A virtual list with a cursor: only visible rows render, a cursor move redraws two lines."""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.strip import Strip

from inbox_tui.ui.glyphs import cells, glyphs
from inbox_tui.ui.widgets.quiet_scroll import QuietScrollView


class CursorList(QuietScrollView, can_focus=True, inherit_bindings=False):
    """Base of the inbox and thread lists (Textual's line API, as in toolong).

    Subclasses say how many rows there are (``row_count``) and draw one (``render_row``, one
    column narrower than the list); movement keys are app actions that call ``move``/``move_to``
    on the focused pane. Column 0 is the cursor's marker (``▶``, ASCII ``>``) while the list has
    focus, so the cursor shows without colour and apart from an unread row.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"cursor-list--cursor", "cursor-list--cursor-blurred"}

    class Highlighted(Message):
        """The cursor moved to ``index``."""

        def __init__(self, sender: CursorList, index: int) -> None:
            super().__init__()
            self.sender = sender
            self.index = index

        @property
        def control(self) -> CursorList:
            return self.sender

    class Activated(Highlighted):
        """The row at ``index`` was opened (enter or a click)."""

    def __init__(self, *, empty_text: str = "", id: str | None = None) -> None:
        super().__init__(id=id)
        self.cursor = 0
        self.empty_text = empty_text

    @property
    def row_count(self) -> int:
        raise NotImplementedError

    def render_row(self, index: int, width: int) -> Text:
        raise NotImplementedError

    def set_empty_text(self, text: str) -> None:
        """What an empty list says (why it is empty, for instance)."""
        if text != self.empty_text:
            self.empty_text = text
            if not self.row_count:
                self.refresh()

    def rows_changed(self) -> None:
        """Call after the rows changed: resize the virtual area, clamp the cursor, repaint."""
        self.virtual_size = Size(self.scrollable_content_region.width, self.row_count)
        self.cursor = max(0, min(self.cursor, self.row_count - 1))
        self.refresh()

    def refresh_row(self, index: int) -> None:
        """Repaint one row if it is on screen."""
        top = round(self.scroll_offset.y)
        width, height = self.scrollable_content_region.size
        if top <= index < top + height:
            self.refresh(Region(0, index - top, width, 1))  # not the scrollbar beside it

    def visible_range(self) -> range:
        top = round(self.scroll_offset.y)
        return range(top, min(self.row_count, top + self.scrollable_content_region.height))

    def move(self, delta: int) -> None:
        self.move_to(self.cursor + delta)

    def page(self, direction: int) -> None:
        self.move(direction * max(1, self.scrollable_content_region.height - 1))

    def move_to(self, index: int, *, announce: bool = True) -> None:
        """Move the cursor, scrolling only when it leaves the view.

        Scrolls are forced: right after the rows change, Textual has not yet decided that the
        list can scroll, and would ignore the request.
        """
        if not self.row_count:
            return
        index = max(0, min(index, self.row_count - 1))
        old, self.cursor = self.cursor, index
        height = self.scrollable_content_region.height
        top = round(self.scroll_offset.y)
        if index < top:
            self.scroll_to(y=index, animate=False, immediate=True, force=True)
        elif height and index >= top + height:
            self.scroll_to(y=index - height + 1, animate=False, immediate=True, force=True)
        else:
            self.refresh_row(old)
            self.refresh_row(index)
        if announce and old != index:
            self.post_message(self.Highlighted(self, index))

    def activate(self) -> None:
        if self.row_count:
            self.post_message(self.Activated(self, self.cursor))

    def on_resize(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, self.row_count)

    def focus_changed(self) -> None:
        self.refresh_row(self.cursor)  # the cursor row's marker and colour show focus

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = offset.y + round(self.scroll_offset.y)
        if index < self.row_count:
            self.move_to(index)
            self.activate()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = y + round(self.scroll_offset.y)
        base = self.rich_style
        if index >= self.row_count:
            return self._strip(self._empty_line(y, width), width, base + Style(dim=True))
        marked = index == self.cursor and self.has_focus
        text = Text(glyphs().cursor if marked else " ")
        text.append_text(self.render_row(index, max(0, width - 1)))
        if index == self.cursor:
            cls = "cursor-list--cursor" if self.has_focus else "cursor-list--cursor-blurred"
            style = base + self.get_component_rich_style(cls)
        else:
            style = base
        return self._strip(text, width, style)

    def _empty_line(self, y: int, width: int) -> Text:
        if self.row_count or not self.empty_text or width <= 0:
            return Text("")
        lines = Text(self.empty_text).wrap(self.app.console, width)
        return lines[y] if y < len(lines) else Text("")

    def _strip(self, text: Text, width: int, style: Style) -> Strip:
        text.no_wrap = True
        if text.cell_len > width:
            mark = glyphs().ellipsis
            text.truncate(max(0, width - len(mark)))
            text.append(mark[:width])
        text.truncate(width, pad=True)
        segments = [
            Segment(cells(seg.text), style + seg.style if seg.style else style, seg.control)
            for seg in text.render(self.app.console)
        ]
        return Strip(segments).crop_extend(0, width, style).simplify()
