"""Every agent action in one table: its key, its name in the command palette and in help.

Prose that names a key (status lines, hints) asks the table with ``key_of``, so the words and
the bindings cannot drift apart.
"""

from dataclasses import dataclass, replace


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
    ActionSpec(
        "ctrl+j", "composer_newline", "New line in the reply (or alt+enter)", group="Compose"
    ),
    ActionSpec("ctrl+e", "open_editor", "Write the reply in $VISUAL or $EDITOR", group="Compose"),
    ActionSpec("u", "toggle_read", "Read/unread", footer=True),
    ActionSpec("ctrl+r", "refresh", "Refresh now"),
    ActionSpec("question_mark", "help", "Help", footer=True, group="App"),
    ActionSpec("ctrl+p", "command_palette", "Commands", footer=True, group="App"),
    ActionSpec("q", "quit", "Quit", group="App"),
    ActionSpec("t", "transfer_thread", "Transfer", footer=True, group="Thread"),
    ActionSpec("x", "resolve_thread", "Resolve", footer=True, group="Thread"),
    ActionSpec("ctrl+t", "template_reply", "Reply with a template", group="Thread"),
    ActionSpec("m", "move_to_group", "Move the thread to the group inbox", group="Thread"),
    ActionSpec("p", "take_to_personal", "Take the thread into your personal inbox", group="Thread"),
    ActionSpec("n", "new_sms", "Send a new SMS to any number", group="Thread"),
    ActionSpec(
        "ctrl+g",
        "gsm_lookalikes",
        "Replace curly quotes, dashes and … by GSM look-alikes",
        group="Compose",
    ),
    ActionSpec("R", "resend_unconfirmed", "Send the unconfirmed message again", group="Compose"),
    ActionSpec(
        "ctrl+o", "confirm_opt_out", "Record the contact's reply as an opt-out", group="Thread"
    ),
    ActionSpec(
        "ctrl+l",
        "reveal_pii",
        "Reveal SSN and date of birth in this thread (audited)",
        group="Thread",
    ),
    ActionSpec("slash", "search", "Search", footer=True),
]

NEXT_UNREAD = {
    "oldest": "Next unread, waiting longest first",
    "newest": "Next unread, newest first",
    "down": "Next unread, further down the list",
}
"""The help line of next unread, by the ``next_unread`` setting."""


def described(table: list[ActionSpec], *, next_unread: str) -> list[ActionSpec]:
    """The table as help shows it under the settings: next unread says where it goes."""
    return [
        replace(spec, description=NEXT_UNREAD[next_unread])
        if spec.action == "next_unread"
        else spec
        for spec in table
    ]


_NAMES = {
    "down": "↓",
    "up": "↑",
    "question_mark": "?",
    "space": "space",
    "escape": "esc",
    "pagedown": "pgdn",
    "pageup": "pgup",
}


def key_label(key: str) -> str:
    """The keys of a spec as a person reads them: ``down,j`` -> ``↓ j``."""
    return " ".join(_NAMES.get(k, k) for k in key.split(","))


def key_of(action: str, table: list[ActionSpec] = ACTIONS) -> str:
    """The first key of ``action`` as a person reads it, for prose ("press R")."""
    spec = next(spec for spec in table if spec.action == action)
    return key_label(spec.key.split(",")[0])
