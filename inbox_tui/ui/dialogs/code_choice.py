"""Which SMS code to reply from, asked when nothing in the thread says (the reference's thread
rows may name no sending code, and a service can have several)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.content import Content
from textual.widgets import Static

from inbox_tui.core.phone import format_number
from inbox_tui.ui.dialogs.choice_dialog import ChoiceDialog
from inbox_tui.ui.dialogs.filtered_choices import Choice, ChoiceGroup


class CodeChoiceDialog(ChoiceDialog[str, Sequence[str]]):
    """Lists the service's codes; ``enter`` picks the highlighted one."""

    HEADING = "Reply from which code?"
    KEYS = "enter choose · ↑↓ move · esc/^] cancel"
    WHAT = "the SMS codes"
    PLACEHOLDER = "Type to filter the codes"
    EMPTY = "No code matches."

    def __init__(self, *, subject: str, codes: Sequence[str], why: str) -> None:
        async def given() -> Sequence[str]:
            return codes

        super().__init__(subject=subject, load=given)
        self._why = why

    def compose_fields(self):
        yield Static(Text(self._why), classes="dialog-note")

    def show(self, data: Sequence[str]) -> None:
        choices = [Choice(code, Content(format_number(code)), code) for code in data]
        self.choices.set_groups([ChoiceGroup(None, choices)])

    def choose(self) -> None:
        code = self.choices.selected
        if code is not None:
            self.dismiss(code)
