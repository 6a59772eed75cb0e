"""A yes/no question: reveal personal data, quit with a send in flight or a dialog open."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from inbox_tui.ui.dialogs.action_dialog import ActionDialog


class ConfirmDialog(ActionDialog[bool]):
    """``enter`` or ``y`` answers True; ``esc``, ``ctrl+]`` or ``n`` closes with None."""

    KEYS = "enter/y yes · esc/ctrl+]/n no"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,y", "confirm", "Yes", show=False),
        Binding("n", "cancel", "No", show=False),
    ]

    def __init__(self, heading: str, question: str) -> None:
        super().__init__()
        self.HEADING = heading
        self.question = question

    def compose_body(self) -> ComposeResult:
        yield Static(Text(self.question), classes="confirm-question")

    def action_confirm(self) -> None:
        self.dismiss(True)
