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
    """Lists every action and its keys; escape, ctrl+], q or ? closes it; the arrows, j/k,
    pgup/pgdn and home/end scroll it."""

    BINDINGS: ClassVar[list[Binding]] = [
        Binding("escape,ctrl+right_square_bracket,q,question_mark", "dismiss", "Close help"),
        Binding("down,j", "scroll(1)", show=False),
        Binding("up,k", "scroll(-1)", show=False),
        Binding("pagedown,space", "page(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("home,g", "edge(False)", show=False),
        Binding("end,G", "edge(True)", show=False),
    ]

    def __init__(self, specs: list[ActionSpec]) -> None:
        super().__init__()
        self.specs = specs

    def compose(self) -> ComposeResult:
        # Not focusable: the screen's keys scroll it, and nothing restyles it after opening.
        with VerticalScroll(id="help-box", can_focus=False) as box:
            box.border_title = "Keys (esc or ^] closes; pgup/pgdn scroll)"
            yield Static(help_table(self.specs))

    @property
    def box(self) -> VerticalScroll:
        return self.query_one("#help-box", VerticalScroll)

    def action_scroll(self, lines: int) -> None:
        self.box.scroll_relative(y=lines, animate=False)

    def action_page(self, direction: int) -> None:
        box = self.box
        box.scroll_relative(
            y=direction * max(1, box.scrollable_content_region.height - 1), animate=False
        )

    def action_edge(self, last: bool) -> None:
        box = self.box
        box.scroll_to(y=box.max_scroll_y if last else 0, animate=False)
