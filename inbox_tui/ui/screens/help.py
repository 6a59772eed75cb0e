"""The help screen: every key, from the same table as the bindings and the palette."""

from __future__ import annotations

from itertools import groupby
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from inbox_tui.ui.keymap import ActionSpec, key_label


def help_table(specs: list[ActionSpec]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    ordered = sorted(specs, key=lambda s: s.group)
    for group, members in groupby(ordered, key=lambda s: s.group):
        table.add_row(Text(group, style="underline"), "")
        for spec in members:
            table.add_row(Text(key_label(spec.key)), Text(spec.description))
    return table


class HelpScreen(ModalScreen[None]):
    """Lists every action and its keys; escape, q or ? closes it."""

    BINDINGS: ClassVar[list[Binding]] = [
        Binding("escape,q,question_mark", "dismiss", "Close help"),
        Binding("down,j", "scroll('down')", show=False),
        Binding("up,k", "scroll('up')", show=False),
    ]

    def __init__(self, specs: list[ActionSpec]) -> None:
        super().__init__()
        self.specs = specs

    def compose(self) -> ComposeResult:
        # Not focusable: the screen's keys scroll it, and nothing restyles it after opening.
        with VerticalScroll(id="help-box", can_focus=False) as box:
            box.border_title = "Keys (escape closes)"
            yield Static(help_table(self.specs))

    def action_scroll(self, direction: str) -> None:
        box = self.query_one("#help-box", VerticalScroll)
        box.scroll_relative(y=1 if direction == "down" else -1, animate=False)
