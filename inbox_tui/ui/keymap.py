"""Every agent action in one table: its key, its name in the command palette and in help."""

from dataclasses import dataclass


@dataclass(frozen=True)
class ActionSpec:
    """One action: ``key`` (Textual key syntax), ``action`` (an app action name), a description.

    The app turns the table into bindings, palette commands and the help screen, so a key
    is declared once. ``footer`` keeps the footer short at 80 columns.
    """

    key: str
    action: str
    description: str
    footer: bool = False
    group: str = "Inbox"
