"""Every agent action in one table: its key, its name in the command palette and in help.

Prose that names a key (status lines, hints) asks the table with ``key_of``, so the words and
the bindings cannot drift apart.
"""

from dataclasses import dataclass, replace

from inbox_tui.ui.glyphs import glyphs


@dataclass(frozen=True)
class ActionSpec:
    """One action: ``key`` (Textual key syntax), ``action`` (an app action name), a description.

    The app turns the table into bindings, palette commands and the help screen, so a key
    is declared once. ``footer`` is the footer's short label (None: not in the footer);
    ``rank`` orders the footer (lower first), so at 80 columns the keys that matter most
    are the ones that fit. ``types`` marks a key that types text: the footer does not offer it
    while the composer has focus.
    """

    key: str
    action: str
    description: str
    footer: str | None = None
    group: str = "Inbox"
    rank: int = 50

    @property
    def types(self) -> bool:
        """Whether the first key is a printable character (the composer would type it)."""
        first = self.key.split(",")[0]
        return len(first) == 1 or first in _PRINTABLE


ACTIONS: list[ActionSpec] = [
    ActionSpec("tab", "focus_next", "Next pane (leaves the composer too)", group="Move"),
    ActionSpec("shift+tab", "focus_previous", "Previous pane", group="Move"),
    ActionSpec("down,j", "move(1)", "Down", group="Move"),
    ActionSpec("up,k", "move(-1)", "Up", group="Move"),
    ActionSpec("pagedown", "page(1)", "Page down", group="Move"),
    ActionSpec("pageup", "page(-1)", "Page up", group="Move"),
    ActionSpec("home,g", "edge(False)", "First", group="Move"),
    ActionSpec("end,G", "edge(True)", "Last", group="Move"),
    ActionSpec("enter", "open_selected", "Open", group="Move"),
    ActionSpec("ctrl+b", "toggle_sidebar", "Show or hide the inboxes (narrow)", group="Move"),
    ActionSpec("space", "next_unread", "Next unread", footer="Next", rank=60),
    ActionSpec("r", "reply", "Reply", footer="Reply", rank=10),
    ActionSpec(
        "escape,ctrl+right_square_bracket",
        "leave_composer",
        "Leave the composer (the draft stays)",
        footer="Leave (or ^])",
        rank=5,
        group="Compose",
    ),
    ActionSpec(
        "ctrl+j", "composer_newline", "New line in the reply (or alt+enter)", group="Compose"
    ),
    ActionSpec("ctrl+e", "open_editor", "Write the reply in $VISUAL or $EDITOR", group="Compose"),
    ActionSpec("u", "toggle_read", "Read/unread", footer="Unread", rank=70),
    ActionSpec("ctrl+r", "refresh", "Refresh now"),
    ActionSpec("ctrl+l", "redraw", "Redraw the screen", group="App"),
    ActionSpec("question_mark", "help", "Help", footer="Help", rank=40, group="App"),
    ActionSpec("ctrl+p", "command_palette", "Commands", footer="Cmds", rank=80, group="App"),
    ActionSpec("q", "quit", "Quit (from a pane; asks if a send is in flight)", group="App"),
    ActionSpec("t", "transfer_thread", "Transfer", footer="Transfer", rank=25, group="Thread"),
    ActionSpec("x", "resolve_thread", "Resolve", footer="Resolve", rank=20, group="Thread"),
    ActionSpec("ctrl+t", "template_reply", "Reply with a template", group="Thread"),
    ActionSpec("m", "move_to_group", "Move the thread to the group inbox", group="Thread"),
    ActionSpec("p", "take_to_personal", "Take the thread into your personal inbox", group="Thread"),
    ActionSpec("n", "new_sms", "Send a new SMS to any number", group="Thread"),
    ActionSpec(
        "ctrl+g",
        "gsm_lookalikes",
        "Curly quotes, dashes and … to GSM look-alikes",
        group="Compose",
    ),
    ActionSpec("R", "resend_unconfirmed", "Send the unconfirmed message again", group="Compose"),
    ActionSpec(
        "ctrl+o", "confirm_opt_out", "Record the contact's reply as an opt-out", group="Thread"
    ),
    ActionSpec(
        "V",
        "reveal_pii",
        "Reveal SSN and date of birth (asks first; audited)",
        group="Thread",
    ),
    ActionSpec("slash", "search", "Search", footer="Search", rank=30),
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


_PRINTABLE = {"space", "question_mark", "slash"}

_NAMES = {
    "question_mark": "?",
    "slash": "/",
    "space": "space",
    "escape": "esc",
    "pagedown": "pgdn",
    "pageup": "pgup",
    "ctrl+right_square_bracket": "ctrl+]",
}


def with_keys(table: list[ActionSpec], keys: dict[str, str]) -> list[ActionSpec]:
    """The table with each action's keys replaced by ``keys`` (action -> "key1,key2"), as
    ``config.resolve_keymap`` returns them."""
    return [replace(spec, key=keys.get(spec.action, spec.key)) for spec in table]


def key_label(key: str) -> str:
    """The keys of a spec as a person reads them: ``down,j`` -> ``↓ j``, ``slash`` -> ``/``."""
    glyph = glyphs()
    names = _NAMES | {"down": glyph.down, "up": glyph.up}
    return " ".join(names.get(k, k) for k in key.split(","))


_in_use: list[list[ActionSpec]] = [ACTIONS]


def use_table(table: list[ActionSpec]) -> None:
    """Make ``table`` (the app's, with the ``[keymap]`` applied) the one ``key_of`` reads."""
    _in_use[0] = table


def key_of(action: str, table: list[ActionSpec] | None = None) -> str:
    """The first key of ``action`` as a person reads it, for prose ("press R"); from the table
    in use (the app's, keymap applied) unless ``table`` is given."""
    spec = next(spec for spec in table or _in_use[0] if spec.action == action)
    return key_label(spec.key.split(",")[0])
