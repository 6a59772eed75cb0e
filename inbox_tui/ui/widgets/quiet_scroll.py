"""A scroll view that repaints what a layout pass or a focus change changes in it, not all of it."""

from __future__ import annotations

from textual import events
from textual.geometry import Size
from textual.scroll_view import ScrollView


class QuietScrollView(ScrollView):
    """Base of the lists and the conversation, for a slow link.

    Textual's ``ScrollView`` compares the scrollable size with the size of the view each layout
    pass gives it; the two differ whenever there is something to scroll, so any layout anywhere
    on the screen (a status line, a meter) repainted the scrollbar of every list, about 45 bytes
    a row at 120x40. Here a layout pass that changes none of the view's sizes changes nothing,
    and one that resizes the view repaints it once.

    Textual also repaints a whole widget when it gains or loses focus, and restyles it, which
    repaints its scrollbar whether or not a colour changed; here only what ``focus_changed``
    repaints (nothing by default: the view does not look different). No style sheet may
    style these views by ``:focus``: the pane titles and the cursor row show focus.
    """

    _sized_for: tuple[Size, Size, Size] | None = None

    def focus_changed(self) -> None:
        """Repaint what looks different with or without focus (``has_focus`` is set)."""

    def watch_has_focus(self, _has_focus: bool) -> None:
        """Not Widget's, which restyles the view (and repaints its scrollbar) on every focus
        change."""

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        sized_for = (size, self.virtual_size, container_size)
        if sized_for == self._sized_for:
            return False
        resized = self._sized_for is None or self._sized_for[0] != size
        self._sized_for = sized_for
        changed = super()._size_updated(size, virtual_size, container_size, layout)
        if resized:
            # The layout pass repaints all of the view where it now is. Textual also keeps the
            # whole view to repaint, and sends it again with the next change of one row.
            self._exchange_repaint_regions()
        return changed

    def _on_focus(self, event: events.Focus) -> None:
        event.prevent_default()  # not Widget._on_focus, which repaints every line
        self.has_focus = True
        self.focus_changed()
        if self.parent is not None:
            self.parent.post_message(events.DescendantFocus(self))

    def _on_blur(self, event: events.Blur) -> None:
        event.prevent_default()  # not Widget._on_blur, which repaints every line
        self.has_focus = False
        self.focus_changed()
        if self.parent is not None:
            self.parent.post_message(events.DescendantBlur(self))
