"""The inbox app: its state and one-line actions over its collaborators.

Every network call runs in a worker; errors become a plain status line, never a traceback.
The work lives in collaborators, each behind a small host protocol (docs/ARCHITECTURE.md):
``Session``, ``Poller``, ``Inboxes``, ``OpenThread``, ``Snippets``, ``ReadState``,
``ThreadActions``, ``Compliance``, ``LocalStore``, ``Notifier``; keys and life in ``Keys`` and
``Lifecycle``; the layout and bindings in ``layout``.
"""

from __future__ import annotations

import gc
import logging
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from inbox_tui.config import Settings, resolve_keymap
from inbox_tui.connector import Connector
from inbox_tui.livevox.errors import LiveVoxError
from inbox_tui.livevox.models import Channel, Thread
from inbox_tui.send import SendFlow
from inbox_tui.store import Store, StoreError
from inbox_tui.store.paths import DEFAULT_PROFILE
from inbox_tui.ui import glyphs
from inbox_tui.ui.commands import ActionCommands
from inbox_tui.ui.compliance_view import Compliance
from inbox_tui.ui.connection import Connection
from inbox_tui.ui.dialog_prompts import DialogPrompts
from inbox_tui.ui.frames import FramedApp
from inbox_tui.ui.inboxes import Inboxes
from inbox_tui.ui.keymap import (
    ACTIONS,
    ActionSpec,
    described,
    use_table,
    with_keys,
)
from inbox_tui.ui.keys import Keys
from inbox_tui.ui.layout import PanesScreen, app_bindings, panes, stylesheets, utc_now
from inbox_tui.ui.lifecycle import Lifecycle
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
from inbox_tui.ui.widgets.composer import Composer
from inbox_tui.ui.widgets.conversation import Conversation
from inbox_tui.ui.widgets.cursor_list import CursorList
from inbox_tui.ui.widgets.header import AppHeader, ContactLine, PaneTitle
from inbox_tui.ui.widgets.inbox_list import InboxList
from inbox_tui.ui.widgets.thread_list import ThreadList, ThreadRow

if TYPE_CHECKING:  # the client (and httpx) loads with the first connection, in the connector
    from inbox_tui.livevox.client import LiveVoxClient

log = logging.getLogger(__name__)


class InboxApp(FramedApp):
    """The agent's inbox."""

    TITLE = "inbox-tui"
    CSS_PATH = stylesheets()
    ACTION_TABLE: ClassVar[list[ActionSpec]] = ACTIONS
    BINDINGS: ClassVar[list[Binding]] = app_bindings(ACTION_TABLE)
    COMMANDS = FramedApp.COMMANDS | {ActionCommands}
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
        self.spec_of = {spec.action.split("(")[0]: spec for spec in self.action_table}
        use_table(self.action_table)
        self.set_keymap({action: keys[action] for action in self.settings.keymap})
        if self.settings.theme in self.available_themes:  # the command line refuses others
            self.theme = self.settings.theme
        self.connection = Connection()
        self.session = Session(self)
        self.keys = Keys(self)
        self.lifecycle = Lifecycle(self)
        cap, deadline = self.settings.retry_after_cap, self.settings.poll_deadline
        self.poller = Poller(
            self, self.settings.poll_interval, retry_after_cap=cap, deadline=deadline
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
        yield from panes(self)

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
        self.lifecycle.handle_signals()
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
        # (inbox_tui.cli).
        self.call_after_refresh(gc.enable)
        self.theme_changed_signal.subscribe(self, self.lifecycle.theme_picked)

    async def on_unmount(self) -> None:
        self.lifecycle.handle_signals(install=False)
        self.local.close()
        if self.client is not None:
            await self.lifecycle.log_out(self.client)
            await self.client.aclose()

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
        """Paint the header: who, where, the connection (and "slow" while a call waits)."""
        headers = self.screen_stack[0].query(AppHeader) if self.screen_stack else []
        if headers:  # none while the app shuts down: a late timer or worker paints nothing
            headers.first().show_app(self)

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
        row = self.thread_list.highlighted
        if row is not None:
            self.thread.show(row.thread)

    def snippet_of(self, thread: Thread | ThreadRow) -> str | None:
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
        row = self.thread_list.highlighted
        if row is not None:
            self.thread.show(row.thread)
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
                self.compliance.send_from_composer(event.value),
                group="send",
                exclusive=True,
                exit_on_error=False,
            )

    def on_key(self, event: events.Key) -> None:
        self.keys.route(event)

    # -- focus you can see without colour ---------------------------------------------------

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.keys.mark_panes()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        self.keys.mark_panes()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.keys.offered(action)

    # -- actions ----------------------------------------------------------------------------

    def action_quit(self) -> None:  # type: ignore[override]
        self.keys.quit()

    def action_ctrl_quit(self) -> None:
        self.keys.ctrl_quit()

    def action_escape_then(self, key: str) -> None:
        self.keys.escape_then(key)

    def action_toggle_sidebar(self) -> None:
        self.keys.toggle_sidebar()

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
            row = self.thread_list.highlighted
            if row is None:
                self.set_status("Open a thread before replying.", error=True)
                return
            self.thread.show(row.thread)
        # At once, not after the queued messages (focus() waits): letters typed right after r
        # reach the app after this and go to the composer (see on_key).
        self.screen.set_focus(self.composer)

    def action_composer_newline(self) -> None:
        if self.focused is self.composer:
            self.composer.insert_text_at_cursor("\n")

    def action_open_editor(self) -> None:
        self.keys.open_editor()

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
