"""The app's screen of panes, its style sheets and its key bindings (from the one action
table), apart from the app class that uses them."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from string import ascii_lowercase, digits
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from inbox_tui.ui import glyphs
from inbox_tui.ui.keymap import ActionSpec, key_label, key_of
from inbox_tui.ui.partial_paint import SkippingCompositor
from inbox_tui.ui.widgets.compliance_banner import ComplianceBanner
from inbox_tui.ui.widgets.composer import Composer
from inbox_tui.ui.widgets.conversation import Conversation
from inbox_tui.ui.widgets.footer import KeyFooter
from inbox_tui.ui.widgets.header import AppHeader, ContactLine, PaneTitle
from inbox_tui.ui.widgets.inbox_list import InboxList
from inbox_tui.ui.widgets.segment_meter import SegmentMeter
from inbox_tui.ui.widgets.thread_list import ThreadList

if TYPE_CHECKING:
    from inbox_tui.ui.app import InboxApp


def stylesheets() -> list[Path]:
    """Every ``*.tcss``: inside the installed package, else in the source tree's ``styles/``."""
    package = Path(__file__).resolve().parent.parent
    for folder in (package / "styles", package.parent / "styles"):
        if (folder / "app.tcss").exists():
            return sorted(folder.glob("*.tcss"))
    raise FileNotFoundError("styles/app.tcss is missing from the installation")


PRIORITY_ACTIONS = {"redraw"}
"""Actions whose key works over any focused widget, a dialog's text field included."""


def bindings_from(specs: list[ActionSpec]) -> list[Binding]:
    """One binding per spec (its id the action, so ``[keymap]`` can rebind it), the footer's in
    rank order first: at 80 columns the footer shows as many as fit, from the left."""
    ordered = sorted(specs, key=lambda spec: (spec.footer is None, spec.rank))
    return [
        Binding(
            spec.key,
            spec.action,
            spec.footer or spec.description,
            show=spec.footer is not None,
            priority=spec.action in PRIORITY_ACTIONS,
            id=spec.action,
        )
        for spec in ordered
    ]


QUIT_HEADING = "Quit inbox-tui?"


class PanesScreen(Screen[None]):
    """The app's screen of panes. A focus change repaints what it changes (the two titles and
    the two cursor rows: ``PaneTitle.mark``, ``CursorList.focus_changed``), not every line, as
    Textual's own ``focused`` reactive would (about 15 KB at 120x40 over a slow link). A
    changed part of a line is sent from where it starts (``partial_paint``)."""

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._compositor = SkippingCompositor()


def utc_now() -> datetime:
    return datetime.now(UTC)


def app_bindings(specs: list[ActionSpec]) -> list[Binding]:
    """The table's bindings, and the two families of keys the app itself routes."""
    return [
        *bindings_from(specs),
        # Textual's own ctrl+q quits from anywhere and ctrl+c explains it: both explain here.
        Binding("ctrl+q,ctrl+c", "ctrl_quit", show=False, priority=True),
        # An escape followed quickly by a key (tmux, screen) reaches us as alt+key: it is that
        # escape and that key, never the key typed into the composer.
        *(
            Binding(f"alt+{key}", f"escape_then({key!r})", show=False, priority=True)
            for key in [*ascii_lowercase, *(f"shift+{c}" for c in ascii_lowercase), *digits]
        ),
    ]


def panes(app: InboxApp) -> ComposeResult:
    """The header, the three panes (inboxes, threads, the open conversation with its banner,
    composer and meter), the two status lines and the key hints."""
    yield AppHeader(id="header")
    with Horizontal(id="panes"):
        with Vertical(id="sidebar", classes="pane"):
            yield PaneTitle("INBOXES", id="inboxes-title", classes="pane-title")
            yield InboxList(id="inboxes")
            yield Static(id="summary")
        with Vertical(id="threads-pane", classes="pane"):
            yield PaneTitle("THREADS", id="threads-title", classes="pane-title")
            yield ThreadList(
                snippet_of=app.snippets.snippet_of,
                newest_date_of=app.snippets.newest_date_of,
                clock=app.clock,
                id="threads",
            )
        with Vertical(id="conversation-pane", classes="pane"):
            yield ContactLine(id="contact", classes="pane-title")
            yield Conversation(id="conversation")
            dot = glyphs.glyphs().dot
            send = key_label(app.settings.send_key)
            newline = next(s.key for s in app.action_table if s.action == "composer_newline")
            composer = Composer(
                send_key=app.settings.send_key,
                newline_keys=tuple(newline.split(",")),
                placeholder=f"{key_of('reply')} to reply {dot} {send} sends {dot} esc leaves",
                typing_placeholder=f"{send} sends {dot} esc leaves",
                id="composer",
            )
            composer.cursor_blink = app.cursor_blink
            yield ComplianceBanner(id="compliance-banner")
            yield composer
            yield SegmentMeter(composer, id="segment-meter")
    yield Static(id="store-failure")
    yield Static(id="status")
    yield KeyFooter(id="footer")
