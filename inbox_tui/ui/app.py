"""The inbox app: inboxes, threads and the open conversation, over a LiveVox client.

Every network call runs in a worker; errors become a plain status line, never a traceback.
Widgets get data pushed down and post messages up; only this class talks to the client.
"""

from __future__ import annotations

import asyncio
import gc
import logging
from collections import OrderedDict
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Footer, Input, Static
from textual.worker import Worker

from inbox_tui.config import Settings
from inbox_tui.core.phone import candidate_zones
from inbox_tui.livevox.errors import AuthError, LiveVoxError, NetworkError
from inbox_tui.livevox.models import Channel, ChannelCounts, Direction, Message, Thread
from inbox_tui.store import Store
from inbox_tui.store.paths import DEFAULT_PROFILE
from inbox_tui.ui.commands import ActionCommands
from inbox_tui.ui.compliance_actions import COMPLIANCE_ACTIONS, ComplianceMixin
from inbox_tui.ui.connector import Connector
from inbox_tui.ui.dialogs.action_dialog import ActionDialog
from inbox_tui.ui.keymap import ACTIONS, ActionSpec
from inbox_tui.ui.poller import PollSchedule
from inbox_tui.ui.screens.help import HelpScreen
from inbox_tui.ui.screens.login import LoginScreen
from inbox_tui.ui.send_flow import SendFlow
from inbox_tui.ui.store_actions import STORE_ACTIONS, LocalStoreMixin
from inbox_tui.ui.thread_actions import THREAD_ACTIONS, ThreadActionsMixin
from inbox_tui.ui.widgets.compliance_banner import ComplianceBanner
from inbox_tui.ui.widgets.conversation import Conversation
from inbox_tui.ui.widgets.cursor_list import CursorList
from inbox_tui.ui.widgets.header import AppHeader, ContactLine
from inbox_tui.ui.widgets.inbox_list import InboxList, inbox_key, inbox_name
from inbox_tui.ui.widgets.segment_meter import SegmentMeter
from inbox_tui.ui.widgets.thread_list import ThreadList

if TYPE_CHECKING:  # the client (and httpx) loads with the first connection, in the connector
    from inbox_tui.livevox.client import LiveVoxClient

log = logging.getLogger(__name__)

SNIPPET_CACHE_SIZE = 2000
NOT_AGENT = (
    "This is a user (supervisor) login: inboxes and threads belong to agent logins. "
    "Templates, SMS codes and new SMS work."
)


def stylesheets() -> list[Path]:
    """Every ``*.tcss``: inside the installed package, else in the source tree's ``styles/``."""
    package = Path(__file__).resolve().parent.parent
    for folder in (package / "styles", package.parent / "styles"):
        if (folder / "app.tcss").exists():
            return sorted(folder.glob("*.tcss"))
    raise FileNotFoundError("styles/app.tcss is missing from the installation")


def bindings_from(specs: list[ActionSpec]) -> list[Binding]:
    return [Binding(spec.key, spec.action, spec.description, show=spec.footer) for spec in specs]


def utc_now() -> datetime:
    return datetime.now(UTC)


class InboxApp(LocalStoreMixin, ComplianceMixin, ThreadActionsMixin, App[None]):
    """The agent's inbox. Members below are the contract the thread-action dialogs rely on."""

    TITLE = "inbox-tui"
    CSS_PATH = stylesheets()
    ACTION_TABLE: ClassVar[list[ActionSpec]] = (
        ACTIONS + THREAD_ACTIONS + COMPLIANCE_ACTIONS + STORE_ACTIONS
    )
    BINDINGS = bindings_from(ACTION_TABLE)
    COMMANDS = App.COMMANDS | {ActionCommands}
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (110, "-wide")]

    def __init__(
        self,
        connector: Connector,
        settings: Settings | None = None,
        *,
        clock: Callable[[], datetime] = utc_now,
        store: Store | None = None,
    ) -> None:
        super().__init__()
        self.connector = connector
        self.settings = settings or Settings()
        self.clock = clock
        self.client: LiveVoxClient | None = None
        self.current_thread: Thread | None = None
        self.current_channel: Channel | None = None
        self.agent_id: str | None = None
        self.is_agent = connector.agent
        self.term_code_required = self.settings.term_code_required
        self.action_table = list(self.ACTION_TABLE)
        self.connection = "connecting…"
        self._schedule = PollSchedule(self.settings.poll_interval)
        self._poll_timer: Timer | None = None
        self._dwell_timer: Timer | None = None
        self._thread_pages = 0
        self._history_pages = 0
        self._snippets: OrderedDict[tuple[str, datetime | None], str] = OrderedDict()
        self._wanted_snippets: dict[str, Thread] = {}
        self._snippet_worker: Worker | None = None
        # The demo keeps its own database, apart from a real profile's cache and drafts.
        self.open_store(store, "demo" if connector.demo else DEFAULT_PROFILE)
        self.thread_zones: dict[str, list[str]] = {}
        # Read through a lambda: tests move the app's clock after building it.
        self.send_flow = SendFlow(
            self, self.store, settings=self.settings.compliance, clock=lambda: self.clock()
        )

    # -- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield AppHeader(id="header")
        with Horizontal(id="panes"):
            with Vertical(id="sidebar", classes="pane"):
                yield Static("INBOXES", classes="pane-title")
                yield InboxList(id="inboxes")
                yield Static(id="summary")
            with Vertical(id="threads-pane", classes="pane"):
                yield Static("THREADS", id="threads-title", classes="pane-title")
                yield ThreadList(snippet_of=self.snippet_of, clock=self.clock, id="threads")
            with Vertical(id="conversation-pane", classes="pane"):
                yield ContactLine(id="contact", classes="pane-title")
                yield Conversation(id="conversation")
                # Not select_on_focus: the focus event can land after the first letters typed
                # with r, and a selected draft is replaced by the next key.
                composer = Input(
                    placeholder="r to reply · enter sends · esc leaves",
                    select_on_focus=False,
                    id="composer",
                )
                composer.cursor_blink = self.settings.cursor_blink
                yield ComplianceBanner(id="compliance-banner")
                yield composer
                yield SegmentMeter(composer, id="segment-meter")
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
    def composer(self) -> Input:
        return self.query_one("#composer", Input)

    def on_mount(self) -> None:
        self.query_one(ContactLine).show(None, self.clock())
        self._show_header()
        self.start_compliance()
        self.inbox_list.focus()
        self.start_from_cache()
        if self.connector.needs_password:
            self._ask_password("")
        else:
            # After the first frame: the agent sees the screen before the client is built.
            self.call_after_refresh(self._connect, None)
        # Right after the first frame: the cyclic collector the command line turned off
        # (inbox_tui.cli), and the key hints (a widget per key: ~50 ms, a tenth of the start).
        self.call_after_refresh(gc.enable)
        self.call_after_refresh(self.mount, Footer(show_command_palette=False))

    async def on_unmount(self) -> None:
        self.close_store()
        if self.client is not None:
            await self.client.aclose()

    # -- the contract of the thread actions ---------------------------------------------

    def set_status(self, text: str, *, error: bool = False) -> None:
        """Show one line of plain text (never markup) in the status line."""
        status = self.query_one("#status", Static)
        status.set_class(error, "-error")
        status.update(Text(text))
        if error:
            log.info("status: %s", text)

    def remove_thread(self, thread_id: str) -> None:
        """Drop a thread from the list (resolved, transferred) and select the next one."""
        self.thread_list.remove_thread(thread_id)
        if self.current_channel is not None:
            self.cache.thread_left(self.current_channel, thread_id)
        if self.current_thread and self.current_thread.thread_id == thread_id:
            self._close_thread()

    def request_refresh(self) -> None:
        """Poll the counts and refetch the current inbox now."""
        self._poll(force=True)

    def insert_into_composer(self, text: str) -> None:
        composer = self.composer
        composer.insert_text_at_cursor(text)
        composer.focus()

    def open_next_thread(self) -> None:
        """Open the thread under the list's cursor (after a removal, the one that followed)."""
        thread = self.thread_list.highlighted
        if thread is not None:
            self._show_thread(thread)

    def reload_current_thread(self) -> None:
        if self.current_thread is not None:
            self._load_history(self.current_thread)

    async def send_reply(self, text: str) -> bool:
        """Send ``text`` to the open thread's customer through the send flow (the compliance
        gate, the collision check and the outbox); True when sent. Otherwise the status says
        why and the caller keeps the text."""
        thread = self.current_thread
        outcome = await self.gated_reply(text)
        if outcome is None or not outcome.sent or thread is None:
            return False
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
        self.refresh_compliance()  # the reply answers a likely opt-out, uses a confirmation
        if self.settings.mark_read == "reply" and thread.read is False:
            self._set_read(thread, True)
        return True

    # -- connecting -------------------------------------------------------------------------

    def _ask_password(self, error: str) -> None:
        screen = LoginScreen(
            host=self.connector.label,
            user=self.connector.user_name,
            error=error,
            blink=self.settings.cursor_blink,
        )
        self.push_screen(screen, callback=self._connect)

    @work(exclusive=True, exit_on_error=False, group="connect")
    async def _connect(self, password: str | None) -> None:
        client = self.connector.make_client(password)
        try:
            login = await client.login()
        except AuthError as exc:
            await client.aclose()
            self._set_connection("not logged in", bad=True)
            if self.connector.demo:
                self.set_status(f"Login failed: {exc.message}", error=True)
            else:
                self._ask_password(f"Login failed: {exc.message}")
            return
        except Exception as exc:
            await client.aclose()
            self._report("Connecting", exc)
            delay = self._schedule.failure(getattr(exc, "retry_after", None))
            self._set_connection(f"offline · retrying in {delay:.0f} s", bad=True)
            self.set_timer(delay, lambda: self._connect(password))
            return
        old, self.client = self.client, client
        if old is not None:
            await old.aclose()
        self.agent_id = client.agent_id or login.user_id
        self.is_agent = client.is_agent
        self._schedule.success()
        self._set_connection("● connected")
        if old is None:
            self.check_earlier_sends()
        if not self.is_agent:
            await self._show_user_mode()
            return
        await self._load_inboxes()
        self._arm_poll(self.settings.poll_interval)
        world = self.connector.world
        if world is not None and self.connector.reply_interval:
            from inbox_tui.sim import reply_loop

            self.run_worker(
                reply_loop(world, self.connector.reply_interval),
                group="demo-replies",
                exclusive=True,
                exit_on_error=False,
            )

    async def _show_user_mode(self) -> None:
        self.inbox_list.set_empty_text(NOT_AGENT)
        self.thread_list.set_empty_text("No inbox: thread lists need an agent login.")
        self.conversation.show_empty(
            "No conversation: threads need an agent login. Press n to send a new SMS."
        )
        try:
            codes = await self.client.list_sms_codes()
        except Exception as exc:
            self._report("Loading SMS codes", exc)
            return
        listed = ", ".join(c.code for c in codes) or "none"
        self.query_one("#summary", Static).update(Text(f"SMS codes: {listed}"))

    def _show_header(self) -> None:
        agent = self.connector.user_name
        who = f"agent {agent} ({self.agent_id})" if self.agent_id else agent
        if not self.is_agent:
            who = f"user {agent}"
        bad = not self.connection.startswith("●")
        self.query_one(AppHeader).show(
            where=self.connector.label,
            demo=self.connector.demo,
            agent=who,
            state=self.connection + self.stale_note(),
            bad=bad,
        )

    def _set_connection(self, state: str, *, bad: bool = False) -> None:
        if state != self.connection:
            self.connection = state
            self._show_header()

    def _report(self, doing: str, exc: BaseException) -> None:
        """Say in plain words what failed; unexpected errors go to the log with a traceback."""
        if isinstance(exc, LiveVoxError):
            log.warning("%s failed: %s", doing, exc)
            self.set_status(f"{doing} failed: {exc.message}", error=True)
        else:
            log.error("%s failed", doing, exc_info=exc)
            self.set_status(f"{doing} failed unexpectedly (details in the log).", error=True)

    # -- inboxes and threads ----------------------------------------------------------------

    async def _load_inboxes(self) -> None:
        try:
            channels = await self.client.list_channels()
        except Exception as exc:
            self._report("Loading inboxes", exc)
            return
        self.cache.channels_fetched(channels)
        self.inbox_list.set_channels(channels)
        await self._load_summary()
        channel = self.inbox_list.highlighted
        if channel is not None:
            await self._show_inbox(channel)

    async def _load_summary(self) -> None:
        try:
            counts = await self.client.channel_counts(self.agent_id)
        except Exception as exc:
            self._report("Loading the counts", exc)
            return
        self.query_one("#summary", Static).update(summary_text(counts))

    async def _show_inbox(self, channel: Channel, *, keep: str | None = None) -> bool:
        """Fetch the first page of an inbox and show it; False when that failed."""
        try:
            threads = await self.client.list_threads(
                channel.channel_id, channel.channel or "SMS", personal=channel.personal, page=1
            )
        except Exception as exc:
            self._report(f"Loading {inbox_name(channel)}", exc)
            return False
        self.cache.threads_fetched(channel, threads, page=1)
        self.cache_replaced()
        changed_inbox = self.current_channel is None or (
            self.current_channel.channel_id != channel.channel_id
        )
        self.current_channel = channel
        self._thread_pages = 1
        if not changed_inbox:
            tail = self.thread_list.threads[len(threads) :]
            seen = {t.thread_id for t in threads}
            threads = threads + [t for t in tail if t.thread_id not in seen]
        self.thread_list.set_threads(
            threads, has_more=bool(threads), keep=None if changed_inbox else keep
        )
        unread, total = self.inbox_list.counts_of(channel)
        title = Text(f"THREADS {inbox_name(channel)} ({total}, {unread} unread)")
        self.query_one("#threads-title", Static).update(title)
        return True

    @on(CursorList.Highlighted, "#inboxes")
    def _inbox_highlighted(self, event: CursorList.Highlighted) -> None:
        channel = self.inbox_list.highlighted
        if channel is not None:
            self._select_inbox(channel)

    @on(CursorList.Activated, "#inboxes")
    def _inbox_activated(self, event: CursorList.Activated) -> None:
        channel = self.inbox_list.highlighted
        if channel is not None and channel != self.current_channel:
            self._select_inbox(channel)
        self.thread_list.focus()

    @work(exclusive=True, exit_on_error=False, group="threads")
    async def _select_inbox(self, channel: Channel) -> None:
        await self._show_inbox(channel)

    @on(ThreadList.NeedMore)
    @work(exclusive=True, exit_on_error=False, group="more-threads")
    async def _load_more_threads(self) -> None:
        channel = self.current_channel
        if channel is None:
            return
        try:
            threads = await self.client.list_threads(
                channel.channel_id,
                channel.channel or "SMS",
                personal=channel.personal,
                page=self._thread_pages + 1,
            )
        except Exception as exc:
            self._report("Loading more threads", exc)
            return
        self.cache.threads_fetched(channel, threads, page=self._thread_pages + 1)
        if channel == self.current_channel:
            self._thread_pages += 1
            self.thread_list.append_threads(threads, has_more=bool(threads))

    # -- snippets ---------------------------------------------------------------------------

    def snippet_of(self, thread: Thread) -> str | None:
        """The thread's last message text if known (LiveVox's thread rows carry none)."""
        return self._snippets.get((thread.thread_id, thread.last_activity))

    def _remember_snippet(self, thread: Thread, messages: list[Message]) -> None:
        key = (thread.thread_id, thread.last_activity)
        self._snippets[key] = messages[0].message if messages else ""
        self._snippets.move_to_end(key)
        while len(self._snippets) > SNIPPET_CACHE_SIZE:
            self._snippets.popitem(last=False)

    @on(ThreadList.SnippetsWanted)
    def _snippets_wanted(self, event: ThreadList.SnippetsWanted) -> None:
        for thread in event.threads:
            self._wanted_snippets[thread.thread_id] = thread
        if self._snippet_worker is None or self._snippet_worker.is_finished:
            self._snippet_worker = self._fetch_snippets()

    @work(exit_on_error=False, group="snippets")
    async def _fetch_snippets(self) -> None:
        """Fetch the newest message of each wanted thread still on screen, one at a time."""
        while self._wanted_snippets:
            thread_id, thread = self._wanted_snippets.popitem()
            visible = {t.thread_id for t in self._visible_threads()}
            if thread_id not in visible or self.snippet_of(thread) is not None:
                continue
            try:
                messages = await self.client.list_messages(thread_id=thread_id, page=1)
            except Exception as exc:
                log.warning("snippet of a thread: %s", exc)
                messages = []
            self.cache.messages_fetched(thread_id, messages)
            self._remember_snippet(thread, messages)
            self.thread_list.refresh_thread(thread_id)

    def _visible_threads(self) -> list[Thread]:
        threads = self.thread_list.threads
        return [threads[i] for i in self.thread_list.visible_range()]

    # -- the open thread --------------------------------------------------------------------

    @on(CursorList.Activated, "#threads")
    def _thread_activated(self, event: CursorList.Activated) -> None:
        thread = self.thread_list.highlighted
        if thread is not None:
            self._show_thread(thread)
            self.conversation.focus()

    def _show_thread(self, thread: Thread) -> None:
        self.drafts.flush()
        self.current_thread = thread
        self.composer.value = self.drafts.draft_of(thread.thread_id)
        self.forget_revealed_pii()
        self.show_contact()
        self.refresh_compliance()
        if not self.show_cached_messages(thread):
            self.conversation.show_empty("Loading…")
        self._load_history(thread)
        self._schedule_mark_read(thread)

    def _close_thread(self) -> None:
        self.drafts.flush()
        self.current_thread = None
        self.composer.value = ""
        self.forget_revealed_pii()
        self.show_contact()
        self.refresh_compliance()
        self.conversation.show_empty("Open a thread to read it.")

    @work(exclusive=True, exit_on_error=False, group="history")
    async def _load_history(self, thread: Thread) -> None:
        try:
            messages = await self.client.list_messages(thread_id=thread.thread_id, page=1)
        except Exception as exc:
            self._report("Loading the conversation", exc)
            self.conversation.show_empty("The conversation could not be loaded (ctrl+r retries).")
            return
        self.cache.messages_fetched(thread.thread_id, messages)
        if self.current_thread is None or self.current_thread.thread_id != thread.thread_id:
            return
        self._history_pages = 1
        self._remember_snippet(thread, messages)
        contact = thread.contact_info
        if thread.thread_id not in self.thread_zones:
            self.thread_zones[thread.thread_id] = await asyncio.to_thread(
                candidate_zones,
                thread.customer_number,
                contact.state if contact else None,
                contact.zip_code if contact else None,
            )
        self.show_contact()
        self.conversation.set_messages(messages, has_older=bool(messages))
        self.show_search_target(thread)
        self.refresh_compliance()

    def show_contact(self) -> None:
        """Repaint the contact line: the open thread, its zones' local times, its PII masked
        unless revealed for it."""
        thread = self.current_thread
        zones = self.thread_zones.get(thread.thread_id) if thread else None
        revealed = thread is not None and self.pii_revealed_for == thread.thread_id
        self.query_one(ContactLine).show(thread, self.clock(), zones, reveal_pii=revealed)

    @on(Conversation.NeedOlder)
    @work(exclusive=True, exit_on_error=False, group="older")
    async def _load_older(self) -> None:
        thread = self.current_thread
        if thread is None:
            return
        try:
            messages = await self.client.list_messages(
                thread_id=thread.thread_id, page=self._history_pages + 1
            )
        except Exception as exc:
            self._report("Loading older messages", exc)
            return
        self.cache.messages_fetched(thread.thread_id, messages)
        if self.current_thread is thread:
            self._history_pages += 1
            self.conversation.prepend_older(messages, has_older=bool(messages))
            self.show_search_target(thread)

    async def _append_new_messages(self, thread: Thread) -> None:
        """The open thread changed on the server: append its new messages, keep the view."""
        try:
            messages = await self.client.list_messages(thread_id=thread.thread_id, page=1)
        except Exception as exc:
            self._report("Loading new messages", exc)
            return
        self.cache.messages_fetched(thread.thread_id, messages)
        self._remember_snippet(thread, messages)
        if self.conversation.append_new(messages):
            self.set_status(f"New message from {thread.customer_number or 'the contact'}.")
            self.refresh_compliance()
            self._show_newest(thread.thread_id, messages)

    def _show_newest(self, thread_id: str, newest_first: list[Message]) -> None:
        """The open thread's row shows its newest message and age, though the list was not
        refetched (a reply to an unread thread changes no count). The row keeps its place."""
        newest = newest_first[0].date if newest_first else None
        if newest is None:
            return
        update = {"interaction_timestamp": newest}
        current = self.current_thread
        if current is not None and current.thread_id == thread_id:
            self.current_thread = current.model_copy(update=update)
        index = self.thread_list.index_of(thread_id)
        listed = self.thread_list.threads[index] if index >= 0 else None
        if listed is not None and (listed.last_activity is None or listed.last_activity < newest):
            fresh = listed.model_copy(update=update)
            self._remember_snippet(fresh, newest_first)
            self.thread_list.replace_thread(fresh)

    # -- read state -------------------------------------------------------------------------

    def _schedule_mark_read(self, thread: Thread) -> None:
        if self._dwell_timer is not None:
            self._dwell_timer.stop()
            self._dwell_timer = None
        if thread.read is not False or self.settings.mark_read == "reply":
            return
        if self.settings.mark_read == "open":
            self._set_read(thread, True)
            return
        thread_id = thread.thread_id

        def mark_if_still_open() -> None:
            current = self.current_thread
            if current is not None and current.thread_id == thread_id and current.read is False:
                self._set_read(current, True)

        self._dwell_timer = self.set_timer(self.settings.mark_read_dwell, mark_if_still_open)

    @work(exit_on_error=False, group="read")
    async def _set_read(self, thread: Thread, read: bool) -> None:
        channel_id = thread.channel_id or (self.current_channel and self.current_channel.channel_id)
        if not channel_id:
            return
        try:
            if read:
                await self.client.mark_read(thread.thread_id, channel_id)
            else:
                await self.client.mark_unread(thread.thread_id, channel_id)
        except Exception as exc:
            self._report("Marking read" if read else "Marking unread", exc)
            return
        self._apply_read(thread.thread_id, read)
        await self._load_summary()

    def _apply_read(self, thread_id: str, read: bool) -> None:
        """Record a read change in the list, the open thread and the inbox counts at once."""
        index = self.thread_list.index_of(thread_id)
        listed = self.thread_list.threads[index] if index >= 0 else None
        was_read = listed.read if listed is not None else None
        if listed is not None:
            self.thread_list.replace_thread(listed.model_copy(update={"read": read}))
        if self.current_thread is not None and self.current_thread.thread_id == thread_id:
            self.current_thread = self.current_thread.model_copy(update={"read": read})
        channel = self.current_channel
        if listed is not None and was_read is not read and channel is not None:
            unread, total = self.inbox_list.counts_of(channel)
            self.inbox_list.set_counts(channel, max(0, unread + (-1 if read else 1)), total)

    # -- polling ----------------------------------------------------------------------------

    def _arm_poll(self, delay: float) -> None:
        if self._poll_timer is not None:
            self._poll_timer.stop()
        self._poll_timer = self.set_timer(delay, self._poll)

    @work(exclusive=True, exit_on_error=False, group="poll")
    async def _poll(self, force: bool = False) -> None:
        """One poll of the inbox counts; only a changed count refetches that inbox."""
        if self.client is None or not self.is_agent:
            return
        try:
            channels = await self.client.list_channels()
        except AuthError:
            self._set_connection("session expired - press a key to log in again", bad=True)
            return
        except Exception as exc:
            retry_after = getattr(exc, "retry_after", None)
            delay = self._schedule.failure(retry_after)
            word = "offline" if isinstance(exc, NetworkError) else "retrying"
            if word == "offline":
                self._set_connection(f"offline · retrying in {delay:.0f} s", bad=True)
            else:
                self._set_connection(f"retrying in {delay:.0f} s", bad=True)
            if not isinstance(exc, LiveVoxError):
                log.error("poll failed", exc_info=exc)
            self._arm_poll(delay)
            return
        self._set_connection("● connected")
        changed = self._apply_channels(channels)
        if changed:
            self.cache.channels_fetched(channels)
        current = self.current_channel
        if current is not None and (force or inbox_key(current) in changed):
            await self._refresh_current_inbox()
        elif self.current_thread is not None and self.current_thread.read is False:
            # A reply to a thread that is already unread changes no count: while the open
            # thread is unread (mark-read "reply", or within the dwell), ask for its newest page.
            await self._append_new_messages(self.current_thread)
        if changed or force:
            await self._load_summary()
        self._arm_poll(self._schedule.success())

    def _apply_channels(self, channels: list[Channel]) -> set[str]:
        """Take fresh counts; returns the inboxes whose counts changed. Equal counts touch no
        widget, so an idle poll repaints nothing."""
        inboxes = self.inbox_list
        if {inbox_key(c) for c in channels} != {inbox_key(c) for c in inboxes.channels}:
            inboxes.set_channels(channels)
            return {inbox_key(c) for c in channels}
        changed = set()
        for channel in channels:
            fresh = (channel.unread_count or 0, channel.total_count or 0)
            if inboxes.counts_of(channel) != fresh:
                changed.add(inbox_key(channel))
                inboxes.set_counts(channel, *fresh)
        return changed

    async def _refresh_current_inbox(self) -> None:
        channel = self.current_channel
        highlighted = self.thread_list.highlighted
        keep = highlighted.thread_id if highlighted else None
        if not await self._show_inbox(channel, keep=keep):
            return
        opened = self.current_thread
        if opened is None:
            return
        index = self.thread_list.index_of(opened.thread_id)
        if index < 0:
            return
        fresh = self.thread_list.threads[index]
        if fresh.last_activity != opened.last_activity:
            self.current_thread = fresh
            await self._append_new_messages(fresh)
            self._schedule_mark_read(fresh)

    def on_key(self, event: events.Key) -> None:
        stack = self.screen_stack  # empty while the app shuts down
        if stack and isinstance(stack[-1], ActionDialog) and stack[-1].take_stray_key(event):
            event.prevent_default()
            event.stop()
            return
        if event.is_printable and event.character and self.focused is self.composer:
            # Typed right after r: queued for the pane that had focus, so the composer missed it.
            self.composer.insert_text_at_cursor(event.character)
            event.prevent_default()
            event.stop()
            return
        if self.connection.startswith("session expired") and self.screen is self.screen_stack[0]:
            event.prevent_default()  # the key only wakes the login: it must not act as well
            event.stop()
            self._set_connection("logging in…", bad=True)
            self._ask_password("The session expired.")

    # -- actions ----------------------------------------------------------------------------

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
            self._show_thread(thread)
        # At once, not after the queued messages (focus() waits): letters typed right after r
        # reach the app after this and go to the composer (see on_key).
        self.screen.set_focus(self.composer)

    def action_leave_composer(self) -> None:
        if self.focused is self.composer:
            self.conversation.focus()

    def action_toggle_read(self) -> None:
        target = self.current_thread
        if self.focused in (self.thread_list, self.inbox_list) or target is None:
            target = self.thread_list.highlighted
        if target is None:
            return
        listed = self.thread_list.index_of(target.thread_id)
        if listed >= 0:
            target = self.thread_list.threads[listed]
        if target.read is not False and self._dwell_timer is not None:
            self._dwell_timer.stop()
        self._set_read(target, target.read is False)

    def action_refresh(self) -> None:
        self.request_refresh()
        self.reload_current_thread()

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.action_table))

    def action_next_unread(self) -> None:
        self._next_unread()

    @work(exclusive=True, exit_on_error=False, group="threads")
    async def _next_unread(self) -> None:
        """Open the next unread thread: further down this inbox, then in the next inboxes."""
        threads = self.thread_list.threads
        here = self.thread_list.highlighted
        opened = self.current_thread
        # The row under the cursor counts as next unless it is the thread already open.
        on_open = here is not None and opened is not None and here.thread_id == opened.thread_id
        start = self.thread_list.cursor + (1 if on_open else 0)
        for index in range(start, len(threads)):
            if threads[index].read is False:
                self._open_at(index)
                return
        channels = self.inbox_list.channels
        here = self.inbox_list.cursor
        for step in range(1, len(channels) + 1):
            position = (here + step) % len(channels)
            channel = channels[position]
            if self.inbox_list.counts_of(channel)[0] <= 0:
                continue
            self.inbox_list.move_to(position, announce=False)
            if not await self._show_inbox(channel):
                return
            for index, thread in enumerate(self.thread_list.threads):
                if thread.read is False:
                    self._open_at(index)
                    return
        self.set_status("No unread threads.")

    def _open_at(self, index: int) -> None:
        self.thread_list.move_to(index, announce=False)
        self._show_thread(self.thread_list.threads[index])

    @on(Input.Submitted, "#composer")
    def _composer_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self._send_from_composer(event.value)

    @work(exclusive=True, exit_on_error=False, group="send")
    async def _send_from_composer(self, text: str) -> None:
        thread = self.current_thread
        if await self.send_reply(text) and self.current_thread is thread:
            if self.composer.value == text:
                self.composer.value = ""
            if thread is not None:
                self.drafts.changed(thread.thread_id, "")


def summary_text(counts: ChannelCounts) -> Text:
    """The personal SMS inbox in a few words, from the channel counts call."""
    unread = counts.count_of_unread_sms_threads_in_personal_inbox
    read = counts.count_of_read_sms_threads_in_personal_inbox
    active = counts.count_of_active_sms_threads_in_personal_inbox
    sent = counts.count_of_sms_interactions_sent
    parts = [
        f"{label} {value}"
        for label, value in (("unread", unread), ("read", read), ("active", active), ("sent", sent))
        if value is not None
    ]
    return Text("Personal SMS: " + (", ".join(parts) if parts else "no counts"))
