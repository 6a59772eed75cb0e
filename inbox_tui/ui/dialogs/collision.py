"""Messages that arrived while the agent was writing, shown before the send goes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from inbox_tui.core.compliance import HistoryMessage
from inbox_tui.core.pii import mask_pii
from inbox_tui.livevox.models import Direction
from inbox_tui.ui.dialogs.action_dialog import ActionDialog
from inbox_tui.ui.formatting import local_clock
from inbox_tui.ui.glyphs import glyphs


def arrival_line(message: HistoryMessage) -> Text:
    """``◀ customer 15:31  Actually I paid yesterday`` (SSNs and birth dates masked)."""
    glyph = glyphs()
    who = {
        Direction.INBOUND: f"{glyph.inbound} customer",
        Direction.OUTBOUND: f"{glyph.outbound} sent",
    }.get(Direction(message.direction), glyph.undirected)
    line = Text(f"{who} {local_clock(message.date)}  ", style="bold")
    line.append(mask_pii(message.message or "(no text)"), style="not bold")
    return line


class CollisionDialog(ActionDialog[bool]):
    """``enter`` sends anyway (True), ``esc`` goes back to the draft (None)."""

    HEADING = "New messages since you looked"
    KEYS = "enter sends anyway · esc/^] back to your draft"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "confirm", "Send", show=False)]
    DEFAULT_CSS = """
    CollisionDialog .arrivals { height: auto; max-height: 50vh; margin-top: 1; }
    """

    def __init__(self, subject: str, messages: Sequence[HistoryMessage]) -> None:
        super().__init__()
        self._subject = subject
        self._messages = tuple(messages)

    def compose_body(self) -> ComposeResult:
        yield Static(Text(self._subject), classes="dialog-subject")
        count = len(self._messages)
        noun = "message has" if count == 1 else "messages have"
        yield Static(Text(f"{count} new {noun} arrived in this thread:"))
        with VerticalScroll(classes="arrivals"):
            for message in self._messages:
                yield Static(arrival_line(message), classes="arrival")

    def action_confirm(self) -> None:
        self.dismiss(True)
