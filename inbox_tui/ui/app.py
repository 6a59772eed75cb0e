"""The inbox app: the layout, key routing and one-line actions over its collaborators.

Every network call runs in a worker; errors become a plain status line, never a traceback.
Widgets get data pushed down and post messages up. The work lives in collaborators, each
behind a small host protocol: ``Session`` (connecting), ``Poller`` (counts), ``Inboxes``
(thread pages), ``OpenThread`` (history), ``Snippets``, ``ReadState``, ``ThreadActions``,
``Compliance`` (the send side) and ``LocalStore`` (cache, drafts, search).
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import signal
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from string import ascii_lowercase, digits
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import App, ComposeResult, SuspendNotSupported
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import Reactive
from textual.screen import Screen
from textual.theme import Theme
from textual.widget import Widget
from textual.widgets import Footer, Static

from inbox_tui.config import ConfigError, Settings, resolve_keymap, save_setting
from inbox_tui.connector import Connector
from inbox_tui.livevox.errors import LiveVoxError
from inbox_tui.livevox.models import Channel, Direction, Message, Thread
from inbox_tui.send import SendFlow
from inbox_tui.store import Store, StoreError
from inbox_tui.store.paths import DEFAULT_PROFILE
from inbox_tui.ui import glyphs
from inbox_tui.ui.commands import ActionCommands
from inbox_tui.ui.compliance_view import Compliance
from inbox_tui.ui.connection import Connection, ConnectionState
from inbox_tui.ui.dialog_prompts import DialogPrompts
from inbox_tui.ui.dialogs.action_dialog import ActionDialog
from inbox_tui.ui.dialogs.confirm import ConfirmDialog
from inbox_tui.ui.inboxes import Inboxes
from inbox_tui.ui.keymap import (
    ACTIONS,
    ActionSpec,
    described,
    key_label,
    key_of,
    use_table,
    with_keys,
)
from inbox_tui.ui.local_store import LocalStore
from inbox_tui.ui.notify import Notifier
from inbox_tui.ui.open_thread import OpenThread
from inbox_tui.ui.polling import Poller
from inbox_tui.ui.read_state import ReadState
from inbox_tui.ui.screens.help import HelpScreen
from inbox_tui.ui.session import Session
from inbox_tui.ui.snippets import Snippets
from inbox_tui.ui.thread_actions import ThreadActions
from inbox_tui.ui.widgets.compliance_banner import ComplianceBanner
from inbox_tui.ui.widgets.composer import Composer, EditorError, edit_externally
from inbox_tui.ui.widgets.conversation import Conversation
from inbox_tui.ui.widgets.cursor_list import CursorList
from inbox_tui.ui.widgets.header import AppHeader, ContactLine, PaneTitle
from inbox_tui.ui.widgets.inbox_list import InboxList
from inbox_tui.ui.widgets.segment_meter import SegmentMeter
from inbox_tui.ui.widgets.thread_list import ThreadList

if TYPE_CHECKING:  # the client (and httpx) loads with the first connection, in the connector
    from inbox_tui.livevox.client import LiveVoxClient

log = logging.getLogger(__name__)

LOGOUT_TIMEOUT = 2.0
"""Seconds the exit waits for LiveVox to end the session."""
EXIT_SIGNALS = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)


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
    the two cursor rows: ``PaneTitle.mark``, ``CursorList._on_focus``), not every line, as
    Textual's own ``focused`` reactive would (about 15 KB at 120x40 over a slow link)."""

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)


def utc_now() -> datetime:
    return datetime.now(UTC)


class InboxApp(App[None]):
    """The agent's inbox."""

    TITLE = "inbox-tui"
    CSS_PATH = stylesheets()
    ACTION_TABLE: ClassVar[list[ActionSpec]] = ACTIONS
    BINDINGS: ClassVar[list[Binding]] = [
        *bindings_from(ACTION_TABLE),
        # Textual's own ctrl+q quits from anywhere and ctrl+c explains it: both explain here.
        Binding("ctrl+q,ctrl+c", "ctrl_quit", show=False, priority=True),
        # An escape followed quickly by a key (tmux, screen) reaches us as alt+key: it is that
        # escape and that key, never the key typed into the composer.
        *(
            Binding(f"alt+{key}", f"escape_then({key!r})", show=False, priority=True)
            for key in [*ascii_lowercase, *(f"shift+{c}" for c in ascii_lowercase), *digits]
        ),
    ]
    COMMANDS = App.COMMANDS | {ActionCommands}
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [
        (0, "-stacked"),
        (78, "-narrow"),
        (100, "-medium"),
        (110, "-wide"),
    ]

    def __init__(
        self,
        connector: Connector,
        settings: Settings | None = None,
        *,
        clock: Callable[[], datetime] = utc_now,
        store: Store | None = None,
        demo_reason: str | None = None,
        profile: str | None = None,
        read_only: str | None = None,
        config_path: Path | None = None,
    ) -> None:
        """``demo_reason`` is shown in the status line at start (``Start.demo_reason``);
        ``profile`` is the config's profile name the audit log records ("demo" in the demo,
        else the store's own name by default); ``read_only`` (why: another process has the
        profile) opens the store read-only: nothing is sent, settled or saved here; a theme
        picked in the palette is saved in ``config_path`` (None: kept for the session)."""
        self.settings = settings or Settings()
        # Explicit here: the command line resolves "auto" (the locale) before building the app.
        glyphs.use("ascii" if self.settings.glyphs == "ascii" else "unicode")
        super().__init__()
        self.connector = connector
        self.demo_reason = demo_reason
        self.config_path = config_path
        self.clock = clock
        self.cursor_blink = self.settings.cursor_blink
        self.client: LiveVoxClient | None = None
        self.current_thread: Thread | None = None
        self.current_channel: Channel | None = None
        self.agent_id: str | None = None
        self.is_agent = connector.agent
        self.term_code_required = self.settings.term_code_required
        keys = resolve_keymap(self.settings.keymap, [(s.action, s.key) for s in self.ACTION_TABLE])
        self.action_table = described(
            with_keys(list(self.ACTION_TABLE), keys), next_unread=self.settings.next_unread
        )
        self._spec_of = {spec.action.split("(")[0]: spec for spec in self.action_table}
        use_table(self.action_table)
        self.set_keymap({action: keys[action] for action in self.settings.keymap})
        if self.settings.theme in self.available_themes:  # the command line refuses others
            self.theme = self.settings.theme
        self.connection = Connection()
        self.session = Session(self)
        self.poller = Poller(
            self,
            self.settings.poll_interval,
            retry_after_cap=self.settings.retry_after_cap,
            deadline=self.settings.poll_deadline,
        )
        self.notifier = Notifier(
            self,
            mode=self.settings.notify,
            on=self.settings.notify_on,
            text=self.settings.notify_text,
            env=os.environ,
        )
        self.inboxes = Inboxes(self, order=self.settings.next_unread)
        self.thread = OpenThread(self)
        self.snippets = Snippets(self)
        self.reads = ReadState(
            self, mode=self.settings.mark_read, dwell=self.settings.mark_read_dwell
        )
        self.actions = ThreadActions(self)
        self.compliance = Compliance(self)
        # The demo keeps its own database, apart from a real profile's cache and drafts.
        self.read_only = read_only
        self.local = LocalStore(
            self,
            store,
            "demo" if connector.demo else DEFAULT_PROFILE,
            read_only=read_only is not None,
        )
        self.store = self.local.store
        self.drafts = self.local.drafts
        self.cache = self.local.cache
        self.store_writer = self.local.writer
        self.profile = profile or ("demo" if connector.demo else self.store.profile)
        # Read through a lambda: tests move the app's clock after building it.
        self.send_flow = SendFlow(
            self.store,
            DialogPrompts(self),
            client=lambda: self.client,
            settings=self.settings.compliance,
            clock=lambda: self.clock(),
            on_store=self.local.outcome,
            on_unknown=self.local.send_left_unknown,
        )
        self.send_flow.refusal = read_only

    # -- layout ---------------------------------------------------------------------------

    def get_default_screen(self) -> Screen[None]:
        return PanesScreen(id="_default")

    def compose(self) -> ComposeResult:
        yield AppHeader(id="header")
        with Horizontal(id="panes"):
            with Vertical(id="sidebar", classes="pane"):
                yield PaneTitle("INBOXES", id="inboxes-title", classes="pane-title")
                yield InboxList(id="inboxes")
                yield Static(id="summary")
            with Vertical(id="threads-pane", classes="pane"):
                yield PaneTitle("THREADS", id="threads-title", classes="pane-title")
                yield ThreadList(
                    snippet_of=self.snippets.snippet_of,
                    newest_date_of=self.snippets.newest_date_of,
                    clock=self.clock,
                    id="threads",
                )
            with Vertical(id="conversation-pane", classes="pane"):
                yield ContactLine(id="contact", classes="pane-title")
                yield Conversation(id="conversation")
                dot = glyphs.glyphs().dot
                send = key_label(self.settings.send_key)
                composer = Composer(
                    send_key=self.settings.send_key,
                    placeholder=f"{key_of('reply')} to reply {dot} {send} sends {dot} esc leaves",
                    id="composer",
                )
                composer.cursor_blink = self.cursor_blink
                yield ComplianceBanner(id="compliance-banner")
                yield composer
                yield SegmentMeter(composer, id="segment-meter")
        yield Static(id="store-failure")
        yield Static(id="status")

    @property
    def inbox_list(self) -> InboxList:
        return self.query_one(InboxList)

    @property
    def thread_list(self) -> ThreadList:
        return self.query_one(ThreadList)

    @property
    def conversation(self) -> Conversation:
        return self.query_one(Conversation)

    @property
    def composer(self) -> Composer:
        return self.query_one("#composer", Composer)

    @property
    def contact_line(self) -> ContactLine:
        return self.query_one(ContactLine)

    @property
    def banner(self) -> ComplianceBanner:
        return self.query_one(ComplianceBanner)

    def on_mount(self) -> None:
        self.set_class(self.settings.glyphs == "ascii", "-ascii")
        self.contact_line.show(None, self.clock())
        self.show_header()
        # A call in flight past slow_after turns the header to "slow (12 s)", counting up.
        self.set_interval(min(1.0, self.settings.slow_after), self.show_header)
        self._handle_signals()
        if self.demo_reason:
            self.set_status(self.demo_reason)
        self.compliance.start()
        # Below 100 columns the inboxes are hidden: the thread list takes the focus.
        (self.inbox_list if self.size.width >= 100 else self.thread_list).focus()
        self.local.start_from_cache()
        if self.connector.needs_password:
            self.session.ask_password("")
        else:
            # After the first frame: the agent sees the screen before the client is built.
            self.call_after_refresh(self.session.connect, None)
        # Right after the first frame: the cyclic collector the command line turned off
        # (inbox_tui.cli), and the key hints (a widget per key: ~50 ms, a tenth of the start).
        self.call_after_refresh(gc.enable)
        self.call_after_refresh(self.mount, Footer(show_command_palette=False))
        self.theme_changed_signal.subscribe(self, self._theme_picked)

    def _theme_picked(self, theme: Theme) -> None:
        """A theme picked in the palette is saved in the config file; the demo without one
        keeps it for the session (a config file without an account would stop the next start)."""
        if theme.name == self.settings.theme:
            return
        self.settings = self.settings.model_copy(update={"theme": theme.name})
        path = self.config_path
        if path is None or (self.connector.demo and not path.exists()):
            self.set_status(f"Theme {theme.name} kept for this session (the demo saves nothing).")
            return
        try:
            save_setting("theme", theme.name, path)
        except (ConfigError, OSError) as exc:
            self.set_status(f"Theme {theme.name} not saved: {exc}", error=True)
            return
        self.set_status(f"Theme {theme.name} saved in {path}.")

    async def on_unmount(self) -> None:
        self._handle_signals(install=False)
        self.local.close()
        if self.client is not None:
            await self._log_out(self.client)
            await self.client.aclose()

    async def _log_out(self, client: LiveVoxClient) -> None:
        """End the LiveVox session, best effort and within ``LOGOUT_TIMEOUT``: a server that
        does not answer must not hold the exit."""
        try:
            async with asyncio.timeout(LOGOUT_TIMEOUT):
                await client.logout()
        except TimeoutError:
            log.warning("logout: no answer within %g s", LOGOUT_TIMEOUT)
        except Exception as exc:
            log.warning("logout failed: %s", exc)

    def _handle_signals(self, install: bool = True) -> None:
        """SIGTERM, SIGHUP and SIGINT quit like the quit key: drafts flushed, the terminal
        restored by Textual's shutdown, exit status 0. Only in a real terminal: a headless test
        run shares its loop with the test runner."""
        if self.is_headless:
            return
        loop = asyncio.get_running_loop()
        for number in EXIT_SIGNALS:
            if install:
                loop.add_signal_handler(number, self.exit)
            else:
                loop.remove_signal_handler(number)

    # -- what the collaborators share ------------------------------------------------------

    def set_status(self, text: str, *, error: bool = False) -> None:
        """Show one line of plain text (never markup) in the status line."""
        status = self.query_one("#status", Static)
        status.set_class(error, "-error")
        status.update(Text(glyphs.words(text)))
        if error:
            log.info("status: %s", text)

    def show_store_failure(self, error: StoreError | None) -> None:
        """Keep a line above the status saying the local store cannot save (None hides it)."""
        line = self.query_one("#store-failure", Static)
        line.display = error is not None
        if error is not None:
            line.update(
                Text(f"Local store cannot save: {error.reason} - drafts are not being kept.")
            )

    def recheck_sends(self) -> None:
        self.local.recheck_sends()

    def report(self, doing: str, exc: BaseException) -> None:
        """Say in plain words what failed; unexpected errors go to the log with a traceback."""
        if isinstance(exc, LiveVoxError):
            log.warning("%s failed: %s", doing, exc)
            self.set_status(f"{doing} failed: {exc.message}", error=True)
        else:
            log.error("%s failed", doing, exc_info=exc)
            self.set_status(f"{doing} failed unexpectedly (details in the log).", error=True)

    def write_to_terminal(self, data: str) -> None:
        """Raw characters to the terminal (a notification), flushed by the driver's writer."""
        if data and self._driver is not None:
            self._driver.write(data)

    def set_connection(self, connection: Connection) -> None:
        if connection != self.connection:
            self.connection = connection
            self.show_header()

    def show_header(self) -> None:
        """Paint the header (only what changed is repainted): who, where, the connection,
        and "slow"/"not answering" while a call waits too long."""
        agent = self.connector.user_name
        who = f"agent {agent} ({self.agent_id})" if self.agent_id else agent
        if not self.is_agent:
            who = f"user {agent}"
        shown = self.connection.waiting(
            self.connector.calls.waited(),
            slow_after=self.settings.slow_after,
            timeout=self.settings.request_timeout,
        )
        headers = self.screen_stack[0].query(AppHeader) if self.screen_stack else []
        if not headers:
            return  # the app is shutting down: a late timer or worker has nothing to paint
        headers.first().show(
            where=self.connector.label,
            demo=self.connector.demo,
            agent=who,
            state=shown.label()
            + self.local.stale_note()
            + (" · read-only" if self.read_only else ""),
            bad=not shown.connected,
        )

    def connected(self, first: bool) -> None:
        """The session is up: settle what an earlier run left, start the connector's task."""
        if not first:
            return
        self.thread.preload()
        self.local.check_earlier_sends()
        if self.connector.background is not None:
            self.run_worker(self.connector.background(), group="background", exit_on_error=False)

    def set_threads_title(self, title: str) -> None:
        """The thread pane's title (the inbox shown): with the sidebar hidden, the one place
        that names it."""
        self.screen_stack[0].query_one("#threads-title", PaneTitle).set_label(title)

    def remove_thread(self, thread_id: str) -> None:
        """Drop a thread from the list (resolved, transferred) and select the next one."""
        self.thread_list.remove_thread(thread_id)
        if self.current_channel is not None:
            self.cache.thread_left(self.current_channel, thread_id)
        if self.current_thread and self.current_thread.thread_id == thread_id:
            self.thread.close()

    def request_refresh(self) -> None:
        """Poll the counts and refetch the current inbox now, cutting a backoff short; while
        offline before the first login, try to connect now."""
        if self.client is None:
            self.session.retry_now()
        else:
            self.poller.poll(force=True)

    def insert_into_composer(self, text: str) -> None:
        composer = self.composer
        composer.insert_text_at_cursor(text)
        composer.focus()

    def open_next_thread(self) -> None:
        """Open the thread under the list's cursor (after a removal, the one that followed)."""
        thread = self.thread_list.highlighted
        if thread is not None:
            self.thread.show(thread)

    def snippet_of(self, thread: Thread) -> str | None:
        return self.snippets.snippet_of(thread)

    # -- messages from the widgets ----------------------------------------------------------

    @on(CursorList.Highlighted, "#inboxes")
    def _inbox_highlighted(self, event: CursorList.Highlighted) -> None:
        channel = self.inbox_list.highlighted
        if channel is not None:
            self.inboxes.select(channel)

    @on(CursorList.Activated, "#inboxes")
    def _inbox_activated(self, event: CursorList.Activated) -> None:
        channel = self.inbox_list.highlighted
        if channel is not None and channel != self.current_channel:
            self.inboxes.select(channel)
        self.thread_list.focus()

    @on(CursorList.Activated, "#threads")
    def _thread_activated(self, event: CursorList.Activated) -> None:
        thread = self.thread_list.highlighted
        if thread is not None:
            self.thread.show(thread)
            self.conversation.focus()

    @on(ThreadList.NeedMore)
    def _need_more_threads(self) -> None:
        self.inboxes.load_more()

    @on(ThreadList.SnippetsWanted)
    def _snippets_wanted(self, event: ThreadList.SnippetsWanted) -> None:
        self.snippets.want(event.threads)

    @on(Conversation.NeedOlder)
    def _need_older(self) -> None:
        self.thread.load_older()

    @on(Composer.Submitted, "#composer")
    def _composer_submitted(self, event: Composer.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.run_worker(
                self._send_from_composer(event.value),
                group="send",
                exclusive=True,
                exit_on_error=False,
            )

    async def _send_from_composer(self, text: str) -> None:
        thread = self.current_thread
        outcome = await self.compliance.reply(text)
        if outcome is None or not outcome.sent or thread is None:
            return
        self.drafts.changed(thread.thread_id, "")
        self.reads.replied(thread)
        if self.current_thread is not thread:
            return
        sent = Message(
            id=outcome.entry.transaction_id if outcome.entry else "",
            message=text,
            direction=Direction.OUTBOUND,
            date=self.clock(),
            status="sent",
            thread_id=thread.thread_id,
        )
        self.conversation.append_new([sent])
        self.conversation.follow_end()
        self.compliance.refresh()  # the reply answers a likely opt-out, uses a confirmation
        if self.composer.value == text:
            self.composer.set_draft("")

    def on_key(self, event: events.Key) -> None:
        stack = self.screen_stack  # empty while the app shuts down
        if stack and isinstance(stack[-1], ActionDialog) and stack[-1].take_stray_key(event):
            event.prevent_default()
            event.stop()
            return
        if event.is_printable and event.character and self.focused is self.composer:
            # Typed right after r: queued for the pane that had focus, so the composer missed it.
            self.composer.take_routed_key(event)
            event.prevent_default()
            event.stop()
            return
        expired = self.connection.state is ConnectionState.EXPIRED
        if expired and self.screen is self.screen_stack[0]:
            event.prevent_default()  # the key only wakes the login: it must not act as well
            event.stop()
            self.set_connection(Connection(ConnectionState.LOGGING_IN))
            self.session.ask_password("The session expired.")

    # -- focus you can see without colour ---------------------------------------------------

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self._mark_pane(event.widget, True)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        self._mark_pane(event.widget, False)

    def _mark_pane(self, widget: object, focused: bool) -> None:
        """Put the focus marker on the title of ``widget``'s pane (one line repaints)."""
        pane = widget.parent if isinstance(widget, CursorList | Conversation | Composer) else None
        if pane is not None:
            for title in [*pane.query_children(PaneTitle), *pane.query_children(ContactLine)]:
                title.mark(focused)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide from the footer what does not apply: leaving the composer outside it, and keys
        that type text while the composer has focus (there they type)."""
        spec = self._spec_of.get(action)
        in_composer = self.focused is self.composer
        if action == "leave_composer":
            return in_composer
        return not (in_composer and spec is not None and spec.footer is not None and spec.types)

    # -- actions ----------------------------------------------------------------------------

    def action_redraw(self) -> None:
        """ctrl+l: paint every line again (a line noise or a wall message left garbage)."""
        self.refresh(repaint=True, layout=True)

    def action_quit(self) -> None:  # type: ignore[override]
        """q from a pane (ctrl+q from a pane or a dialog); asks first while a send is in flight
        or a dialog is open."""
        sending = any(w.group == "send" and w.is_running for w in self.workers)
        if not sending and self.screen is self.screen_stack[0]:
            self.exit()
            return
        if isinstance(self.screen, ConfirmDialog) and self.screen.HEADING == QUIT_HEADING:
            return
        why = "A send is in flight" if sending else "A dialog is open"

        def answered(yes: bool | None) -> None:
            if yes:
                self.exit()

        self.push_screen(ConfirmDialog(QUIT_HEADING, f"{why}. Quit anyway?"), answered)

    def action_ctrl_quit(self) -> None:
        """ctrl+q and ctrl+c: in the composer they say how to quit (a reflex ctrl+c must not
        lose the agent's place); elsewhere they are ``q``, which asks over a dialog."""
        if self.focused is self.composer:
            leave = key_of("leave_composer")
            self.notify(
                f"To quit: leave with {leave} (or ctrl+]), then press {key_of('quit')}.",
                timeout=4,
            )
            return
        self.action_quit()

    def action_escape_then(self, key: str) -> None:
        """Replay alt+``key`` as the two keys the agent typed: escape, then ``key``."""
        character = key[-1].upper() if key.startswith("shift+") else key
        if self.focused is self.composer:
            self.action_leave_composer()  # at once: the key must not find the composer focused
        else:
            self.post_message(events.Key("escape", "\x1b"))
        self.post_message(events.Key(character, character))

    def action_toggle_sidebar(self) -> None:
        """ctrl+b: show or hide the inboxes (hidden by default below 100 columns, where the
        thread pane's title names the inbox shown)."""
        sidebar = self.screen_stack[0].query_one("#sidebar")
        show = not sidebar.display
        sidebar.set_class(show, "-shown")
        sidebar.set_class(not show, "-hidden")
        if show:
            self.inbox_list.focus()
        elif self.focused is self.inbox_list:
            self.thread_list.focus()

    def _pane(self) -> CursorList | Conversation | None:
        focused = self.focused
        return focused if isinstance(focused, CursorList | Conversation) else None

    def action_move(self, delta: int) -> None:
        if pane := self._pane():
            pane.move(delta)

    def action_page(self, direction: int) -> None:
        if pane := self._pane():
            pane.page(direction)

    def action_edge(self, last: bool) -> None:
        pane = self._pane()
        if isinstance(pane, CursorList):
            pane.move_to(pane.row_count - 1 if last else 0)
        elif isinstance(pane, Conversation):
            pane.move_to(pane.max_scroll_y if last else 0)

    def action_open_selected(self) -> None:
        if isinstance(pane := self._pane(), CursorList):
            pane.activate()

    def action_reply(self) -> None:
        if self.current_thread is None:
            thread = self.thread_list.highlighted
            if thread is None:
                self.set_status("Open a thread before replying.", error=True)
                return
            self.thread.show(thread)
        # At once, not after the queued messages (focus() waits): letters typed right after r
        # reach the app after this and go to the composer (see on_key).
        self.screen.set_focus(self.composer)

    def action_composer_newline(self) -> None:
        if self.focused is self.composer:
            self.composer.insert_text_at_cursor("\n")

    def action_open_editor(self) -> None:
        """The draft in ``$VISUAL``/``$EDITOR``: the app hands the terminal over meanwhile."""
        composer = self.composer
        if self.focused is not composer:
            return
        try:
            with self.suspend():
                edited = edit_externally(composer.value, os.environ)
        except SuspendNotSupported:
            self.set_status("This terminal cannot hand over to an editor.", error=True)
            return
        except EditorError as exc:
            self.set_status(str(exc), error=True)
            return
        if edited is None:
            self.set_status("The editor exited with an error: the draft is unchanged.", error=True)
            return
        composer.set_draft(edited)
        self.set_status("The reply is back from the editor, not sent.")

    def action_leave_composer(self) -> None:
        if self.focused is self.composer:
            self.screen.set_focus(self.conversation)

    def action_toggle_read(self) -> None:
        self.reads.toggle(focus_on_list=self.focused in (self.thread_list, self.inbox_list))

    def action_refresh(self) -> None:
        self.request_refresh()
        self.thread.reload()

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.action_table))

    def action_next_unread(self) -> None:
        self.inboxes.next_unread()

    def action_transfer_thread(self) -> None:
        self.actions.transfer()

    def action_resolve_thread(self) -> None:
        self.actions.resolve()

    def action_template_reply(self) -> None:
        self.actions.template_reply()

    def action_move_to_group(self) -> None:
        self.actions.move(personal=False)

    def action_take_to_personal(self) -> None:
        self.actions.move(personal=True)

    def action_new_sms(self) -> None:
        if self.read_only is not None:
            self.set_status(self.read_only, error=True)
            return
        self.actions.new_sms()

    def action_gsm_lookalikes(self) -> None:
        self.compliance.gsm_lookalikes()

    def action_resend_unconfirmed(self) -> None:
        self.compliance.resend()

    def action_confirm_opt_out(self) -> None:
        self.compliance.confirm_opt_out()

    def action_reveal_pii(self) -> None:
        self.compliance.reveal_pii()

    def action_search(self) -> None:
        self.local.search()
