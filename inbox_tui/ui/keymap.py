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


ACTIONS: list[ActionSpec] = [
    ActionSpec("tab", "focus_next", "Next pane", group="Move"),
    ActionSpec("shift+tab", "focus_previous", "Previous pane", group="Move"),
    ActionSpec("down,j", "move(1)", "Down", group="Move"),
    ActionSpec("up,k", "move(-1)", "Up", group="Move"),
    ActionSpec("pagedown", "page(1)", "Page down", group="Move"),
    ActionSpec("pageup", "page(-1)", "Page up", group="Move"),
    ActionSpec("home,g", "edge(False)", "First", group="Move"),
    ActionSpec("end,G", "edge(True)", "Last", group="Move"),
    ActionSpec("enter", "open_selected", "Open", group="Move"),
    ActionSpec("space", "next_unread", "Next unread", footer=True),
    ActionSpec("r", "reply", "Reply", footer=True),
    ActionSpec("escape", "leave_composer", "Leave the composer (the draft stays)", group="Compose"),
    ActionSpec("u", "toggle_read", "Read/unread", footer=True),
    ActionSpec("ctrl+r", "refresh", "Refresh now"),
    ActionSpec("question_mark", "help", "Help", footer=True, group="App"),
    ActionSpec("ctrl+p", "command_palette", "Commands", footer=True, group="App"),
    ActionSpec("q", "quit", "Quit", group="App"),
]


def key_label(key: str) -> str:
    """The keys of a spec as a person reads them: ``down,j`` -> ``↓ j``."""
    names = {
        "down": "↓",
        "up": "↑",
        "question_mark": "?",
        "space": "space",
        "escape": "esc",
        "pagedown": "pgdn",
        "pageup": "pgup",
    }
    return " ".join(names.get(k, k) for k in key.split(","))
