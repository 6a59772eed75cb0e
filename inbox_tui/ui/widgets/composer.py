"""The reply composer: a few lines of text that keep each thread's draft.

It grows from one to six lines, then scrolls (``styles/app.tcss``). The send key sends
(``Composer.Submitted``); the newline keys insert a line break. A paste never sends: a
bracketed paste is one ``Paste`` event, and without bracketed paste (older terminals, some ssh
clients, GNU screen) a burst of keys is told from typing by its timing (``PasteBurst``).
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Offset, Region
from textual.message import Message
from textual.reactive import Reactive, reactive, var
from textual.strip import Strip
from textual.timer import Timer
from textual.widgets import TextArea
from textual.widgets.text_area import Edit, EditResult, Location, Selection

from inbox_tui.core.sms import analyze
from inbox_tui.ui.partial_paint import changed_span

BURST_GAP = 0.010
"""Seconds: keys closer than this came from a paste, not a person (a fast typist's keys are
30 ms or more apart; one terminal read of a paste puts its keys microseconds apart)."""
ROUTE_WINDOW = 64
"""Keys typed into the composer whose place is remembered for a key routed in late."""

UCS2_MARK = "bold reverse"
"""How a character that forces UCS-2 is marked in the composer."""


class EditorError(Exception):
    """The editor could not be started; the message says why in plain words."""


def editor_command(env: Mapping[str, str]) -> list[str]:
    """``$VISUAL``, else ``$EDITOR``, else ``vi``, split as a shell would (never run by one)."""
    command = env.get("VISUAL") or env.get("EDITOR") or "vi"
    try:
        words = shlex.split(command)
    except ValueError as exc:
        raise EditorError(f"The editor command cannot be read ({exc}).") from None
    if not words:
        raise EditorError("The editor command is empty.")
    return words


def edit_externally(text: str, env: Mapping[str, str]) -> str | None:
    """Let the agent's editor change ``text`` in a private temporary file (0600, removed
    after); the edited text, or None when the editor exited with an error."""
    command = editor_command(env)
    handle, name = tempfile.mkstemp(prefix="inbox-tui-reply-", suffix=".txt")
    path = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        try:
            done = subprocess.run([*command, name], check=False)
        except OSError as exc:
            raise EditorError(
                f"The editor {command[0]} could not start ({exc.strerror})."
            ) from None
        if done.returncode != 0:
            return None
        edited = path.read_text(encoding="utf-8", errors="replace")
    finally:
        path.unlink(missing_ok=True)
    # Editors end the file with a newline the agent did not mean to send.
    return edited.removesuffix("\n")


class PasteBurst:
    """Tells an ``enter`` that ends a line of a paste from one a person pressed to send.

    An ``enter`` that comes within ``gap`` seconds of the key before it is held: when another
    key follows within ``gap`` it was a line break of a paste (``follows`` says so); when none
    does, the agent pressed it to send. An ``enter`` after a pause sends at once.
    """

    def __init__(self, gap: float = BURST_GAP) -> None:
        self.gap = gap
        self.last_key_at: float | None = None
        self.held_at: float | None = None

    def key(self, at: float) -> bool:
        """A key other than the send key arrived at ``at``; True when it follows a held
        ``enter`` within the burst (that ``enter`` was a line break)."""
        follows = self.held_at is not None and at - self.held_at <= self.gap
        self.held_at = None
        self.last_key_at = at
        return follows

    def enter(self, at: float) -> bool:
        """The send key arrived at ``at``; True when it must be held (it may be a paste's)."""
        hold = self.last_key_at is not None and at - self.last_key_at <= self.gap
        self.held_at = at if hold else None
        self.last_key_at = at
        return hold

    def release(self) -> bool:
        """The burst ended: True when an ``enter`` was held (and now sends)."""
        held = self.held_at is not None
        self.held_at = None
        return held


class Composer(TextArea, inherit_bindings=False):
    """A ``TextArea`` with the draft API of a one-line input: ``value`` (read and write) and
    ``set_draft``, which puts the cursor at the end (continuing a draft types after it)."""

    @dataclass
    class Submitted(Message):
        """The agent pressed the send key; ``value`` is the text to send."""

        composer: Composer
        value: str

        @property
        def control(self) -> Composer:
            return self.composer

    # TextArea's keys but ctrl+e, which is the app's (``$EDITOR``); "end" still ends the line.
    BINDINGS: ClassVar[list[BindingType]] = [
        replace(binding, key="end") if binding.key == "end,ctrl+e" else binding
        for binding in TextArea.BINDINGS
        if isinstance(binding, Binding)
    ]

    value: var[str] = var("", init=False)
    """The text, watched synchronously (drafts, the segment meter) on every change."""

    selection: Reactive[Selection] = reactive(
        Selection(), init=False, always_update=True, repaint=False
    )
    """TextArea's, but a move does not repaint every line with the borders (about 1 KB per key
    at 120x40 over a slow link): ``edit`` and ``_watch_selection`` repaint the cells that
    change (the characters typed or shifted, where the cursor was and where it is)."""

    def __init__(
        self,
        *,
        send_key: str = "enter",
        newline_keys: tuple[str, ...] = ("ctrl+j",),
        placeholder: str = "",
        typing_placeholder: str = "",
        id: str | None = None,
    ) -> None:
        """``newline_keys`` insert a line break here, in the order keys arrive (as an app
        binding the break would land after keys typed right behind it, as in a paste).
        ``typing_placeholder`` is what the empty composer says while it has focus (the key
        that opens it says nothing then, and the first key typed clears fewer cells)."""
        super().__init__(
            placeholder=placeholder,
            id=id,
            soft_wrap=True,
            tab_behavior="focus",
            highlight_cursor_line=False,
            compact=False,
        )
        self.match_cursor_bracket = False  # its marks would need their own repaints
        self._idle_placeholder = placeholder
        self._typing_placeholder = typing_placeholder or placeholder
        self.send_key = send_key
        self.newline_keys = newline_keys
        self.burst = PasteBurst()
        self._typed: list[tuple[float, tuple[int, int]]] = []
        self._release_timer: Timer | None = None

    def _watch_has_focus(self, focus: bool) -> None:
        super()._watch_has_focus(focus)
        # Repainted with the border, whose colour changes with the focus.
        self.placeholder = self._typing_placeholder if focus else self._idle_placeholder

    # -- the value API ------------------------------------------------------------------------

    def set_draft(self, text: str) -> None:
        self.value = text
        self.move_cursor(self.document.end)

    def _watch_value(self, text: str) -> None:
        if text != self.text:
            self.load_text(text)
            self.move_cursor(self.document.end)

    def edit(self, edit: Edit) -> EditResult:
        row = edit.top[0]
        before = self.wrapped_document.get_sections(row)
        height, was_empty = self.wrapped_document.height, not self.text
        result = super().edit(edit)
        self.value = self.text
        one_line = edit.bottom[0] == row == result.end_location[0]
        same_lines = one_line and self.wrapped_document.height == height
        if same_lines and "\t" not in self.document[row] and (was_empty or not self.text):
            # The placeholder goes or comes: its cells and the text's (drawn another way).
            shown = max(cell_len(str(self.placeholder)), cell_len(self.document[row]))
            self.refresh(Region(0, 0, min(shown + 1, self.content_size.width), 1))
        elif same_lines and "\t" not in self.document[row]:
            self._repaint_sections(row, before)
        else:
            self._repaint_text()  # lines come or go: any line may change
        return result

    def _repaint_text(self) -> None:
        """Repaint the lines of text, not the border around them (its colour is unchanged;
        a change of height lays the composer out again, which repaints it all)."""
        self.refresh(Region(0, 0, *self.content_size))

    def _repaint_sections(self, row: int, before: list[str]) -> None:
        """Repaint the cells of document line ``row`` that differ from ``before`` (its wrapped
        sections before an edit that kept their number)."""
        top = self.wrapped_document.location_to_offset((row, 0)).y
        scroll_x, scroll_y = self.scroll_offset
        for y, (old, new) in enumerate(
            zip(before, self.wrapped_document.get_sections(row), strict=True), start=top
        ):
            if old == new:
                continue
            start, width = changed_span(old, new)
            self.refresh(Region(start - scroll_x, y - scroll_y, width, 1))

    def _watch_selection(self, previous: Selection, selection: Selection) -> None:
        super()._watch_selection(previous, selection)
        if not self.is_mounted:
            return
        if previous.is_empty and selection.is_empty:
            self._repaint_cell(previous.end)
            self._repaint_cell(selection.end)
            return
        rows = [self._offset(location).y for location in (*previous, *selection)]
        self.refresh_lines(min(rows), max(rows) - min(rows) + 1)

    def _repaint_cell(self, location: Location) -> None:
        """Repaint the cell at ``location`` (where the cursor is drawn, or was)."""
        x, y = self._offset(location)
        scroll_x, scroll_y = self.scroll_offset
        self.refresh(Region(x - scroll_x, y - scroll_y, 1, 1))

    def _offset(self, location: Location) -> Offset:
        """Where ``location`` is drawn, inside the text as it is now (a selection from before
        an edit may point past its end)."""
        row = max(0, min(location[0], self.document.line_count - 1))
        column = max(0, min(location[1], len(self.document[row])))
        return self.wrapped_document.location_to_offset((row, column))

    def undo(self) -> None:
        super().undo()
        self._repaint_text()

    def redo(self) -> None:
        super().redo()
        self._repaint_text()

    def load_text(self, text: str) -> None:
        super().load_text(text)
        self.value = text
        self._repaint_text()

    def render_line(self, y: int) -> Strip:
        """TextArea's line in as few pieces as its styles allow, cut where the last character
        before the cursor starts: a key typed there changes the cells from that cut on, and
        only those are sent (``inbox_tui.ui.partial_paint``)."""
        strip = super().render_line(y).simplify()
        x, cursor_y = self._offset(self.cursor_location)
        scroll_x, scroll_y = self.scroll_offset
        cut = x - 1 - scroll_x
        if y + scroll_y != cursor_y or not 0 < cut < strip.cell_length:
            return strip
        return Strip.join(strip.divide([cut, strip.cell_length]))

    def insert_text_at_cursor(self, text: str) -> None:
        """Type ``text`` where the cursor is (replacing a selection), as keys would."""
        self.replace(text, *self.selection, maintain_selection_offset=False)

    def get_line(self, line_index: int) -> Text:
        """A line with each character that forces UCS-2 marked."""
        line = super().get_line(line_index)
        for index, _ in analyze(line.plain).ucs2_chars:
            line.stylize(UCS2_MARK, index, index + 1)
        return line

    # -- keys ---------------------------------------------------------------------------------

    async def _on_key(self, event: events.Key) -> None:
        if event.key == self.send_key:
            event.stop()
            event.prevent_default()
            if self.burst.enter(event.time):
                self._arm_release()
            else:
                self._submit()
            return
        if self.burst.key(event.time):
            self.insert_text_at_cursor("\n")
        if event.is_printable:
            # Where each key went, so a key typed before it that arrives later (routed by the
            # app from the pane that had focus) can take its place.
            self._typed.append((event.time, self.cursor_location))
            del self._typed[:-ROUTE_WINDOW]
        # alt+enter: where the terminal tells it from enter (see README).
        if event.key == "alt+enter" or event.key in self.newline_keys:
            event.stop()
            event.prevent_default()
            self.insert_text_at_cursor("\n")
        # TextArea's own handler runs next (enter, when it does not send, inserts a newline).

    def take_routed_key(self, event: events.Key) -> None:
        """A printable key typed right after ``r``, routed here by the app: it went round by
        the pane that had focus, so keys typed after it may have arrived first. It goes where
        the first of those went, before them (and after the routed keys typed before it)."""
        later = next((i for i, (at, _) in enumerate(self._typed) if at > event.time), None)
        if later is not None:
            at, location = self._typed[later]
            result = self.insert(event.character or "", location)
            # The next routed key was typed after this one: it goes after it, still before
            # the keys typed directly.
            self._typed[later] = (at, result.end_location)
            self.move_cursor(self.document.end)
            return
        if self.burst.key(event.time):
            self.insert_text_at_cursor("\n")
        self.insert_text_at_cursor(event.character or "")

    async def _on_paste(self, event: events.Paste) -> None:
        # TextArea's own handler runs next: it inserts every line and never sends.
        if self.burst.key(event.time):
            self.insert_text_at_cursor("\n")

    def _arm_release(self) -> None:
        if self._release_timer is not None:
            self._release_timer.stop()
        self._release_timer = self.set_timer(self.burst.gap * 2, self._release)

    def _release(self) -> None:
        self._release_timer = None
        if self.burst.release():
            self._submit()

    def _submit(self) -> None:
        self.post_message(self.Submitted(self, self.text))
