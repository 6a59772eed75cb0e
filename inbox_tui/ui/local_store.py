"""The local store in the app: paint from the cache at start, save what is fetched, keep
drafts as typed, search, and settle the sends an earlier run left unconfirmed.

The search screen's module is imported when it first opens, so the first frame does not wait for
it.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from textual.widgets import Static

from inbox_tui.core.phone import format_number
from inbox_tui.livevox.models import Channel, Message, Thread
from inbox_tui.send.outbox import SettleReport, settle_earlier_sends
from inbox_tui.store import OutboxEntry, SearchHit, Store, StoreError
from inbox_tui.ui.cache_loader import InboxCache
from inbox_tui.ui.draft_saver import DraftSaver
from inbox_tui.ui.store_writer import StoreWriter
from inbox_tui.ui.widgets.inbox_list import inbox_key, inbox_name
from inbox_tui.ui.widgets.thread_list import ThreadRow

if TYPE_CHECKING:
    from inbox_tui.livevox.client import LiveVoxClient
    from inbox_tui.ui.inboxes import Inboxes
    from inbox_tui.ui.open_thread import OpenThread
    from inbox_tui.ui.snippets import Snippets
    from inbox_tui.ui.widgets.composer import Composer
    from inbox_tui.ui.widgets.conversation import Conversation
    from inbox_tui.ui.widgets.inbox_list import InboxList
    from inbox_tui.ui.widgets.thread_list import ThreadList
STALE_MARK = "cached · updating…"
"""Shown in the header while what is on screen comes from the cache."""
GIVEN_BACK = "Not in the history when looked for: the agent was told"
SEARCH_PAGES = 20
"""How many pages of a thread's history opening a search hit may load to reach its message."""

log = logging.getLogger(__name__)


class StoreHost(Protocol):
    """What the local store side needs of the app."""

    client: LiveVoxClient | None
    current_thread: Thread | None
    current_channel: Channel | None
    clock: Callable[[], datetime]
    cursor_blink: bool
    inbox_list: InboxList
    thread_list: ThreadList
    conversation: Conversation
    composer: Composer
    inboxes: Inboxes
    thread: OpenThread
    snippets: Snippets

    def set_status(self, text: str, *, error: bool = False) -> None: ...
    def show_header(self) -> None: ...
    def show_store_failure(self, error: StoreError | None) -> None: ...
    def set_timer(self, delay: float, callback: Callable[[], object]) -> object: ...
    def run_worker(self, work: object, **kwargs: object) -> object: ...
    def push_screen(self, screen: object, callback: object = None) -> object: ...
    def watch(self, obj: object, attribute: str, callback: object, init: bool = True) -> None: ...
    def query_one(self, selector: str, expect_type: type[Static]) -> Static: ...
    def set_threads_title(self, title: str) -> None: ...


class LocalStore:
    """Owns the app's ``store``, ``drafts`` (DraftSaver), ``cache`` (InboxCache) and ``writer``
    (their background writes; ``drain()`` waits for them).

    ``read_only`` (another process has the profile): the store is opened read-only, nothing is
    written (drafts live in memory only) and no send is settled here."""

    def __init__(
        self, host: StoreHost, store: Store | None, profile: str, *, read_only: bool = False
    ) -> None:
        """Use ``store``, or open the profile's (closed on exit)."""
        self.host = host
        self.read_only = read_only
        self._owns_store = store is None
        self.store = store if store is not None else Store.for_profile(profile, read_only=read_only)
        self._loop: asyncio.AbstractEventLoop | None = None
        self.failure: StoreError | None = None
        """The last write's error while writes fail (the banner shows it); None once one works."""
        self.writer = StoreWriter(
            on_failure=functools.partial(self._from_writer, self.failed),
            on_recovered=functools.partial(self._from_writer, self.saved),
            read_only=read_only,
        )
        self.drafts = DraftSaver(self.store, self.writer, set_timer=host.set_timer)
        self.cache = InboxCache(self.store, self.writer)
        self.showing_cache = False
        self.search_target: tuple[str, str] | None = None
        """(thread id, message id) of the search hit being opened: shown once its history is."""
        # Listed before this run can send, so a send of this run on its way is never among them.
        self.earlier_sends = [] if read_only else self.store.outbox.unresolved()
        self._earlier_ids = {entry.id for entry in self.earlier_sends}
        self.unknown: set[int] = set()
        """Outbox ids still unknown after a look: looked for again after every poll."""
        self._told: set[int] = set()
        self._checking = False

    def close(self) -> None:
        """Call on exit: write the drafts and the queued cache pages, then close."""
        self._loop = None  # what the writer reports from now on has no screen to go to
        self.drafts.flush()
        self.writer.close()
        if self._owns_store:
            self.store.close()

    # -- store failures -----------------------------------------------------------------------

    def failed(self, error: StoreError) -> None:
        """A write failed: say so until one succeeds (on the UI thread)."""
        self.failure = error
        self.host.show_store_failure(error)

    def saved(self) -> None:
        """A write succeeded: whatever failed before works again (on the UI thread)."""
        if self.failure is not None:
            self.failure = None
            self.host.show_store_failure(None)

    def outcome(self, error: StoreError | None) -> None:
        """A write's outcome, told by the send flow: its error, or None."""
        if error is None:
            self.saved()
        else:
            self.failed(error)

    def _from_writer(self, tell: Callable[..., None], *args: object) -> None:
        loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(tell, *args)

    async def save(self, write: Callable[..., object], *args: object) -> bool:
        """Run a store write off the event loop; a failure is told (the banner), not raised.
        Returns whether it was written (never, read-only)."""
        if self.read_only:
            return False
        try:
            await asyncio.to_thread(write, *args)
        except StoreError as error:
            log.warning("a write to the local store failed: %s", error)
            self.failed(error)
            return False
        self.saved()
        return True

    # -- sends left unconfirmed ---------------------------------------------------------------

    def check_earlier_sends(self) -> None:
        """Call once connected: look for the sends an earlier run left unanswered."""
        if self.read_only or not self.earlier_sends:
            return
        earlier, self.earlier_sends = self.earlier_sends, []
        self._start_check(earlier)

    def recheck_sends(self) -> None:
        """Call after each successful poll: look again for the sends still unknown (nothing to
        do, and nothing read, while there are none)."""
        if self.unknown and not self._checking and not self.read_only:
            self._start_check(None)

    def send_left_unknown(self, entry: OutboxEntry) -> None:
        """A send of this run got no answer and was not found: look for it after each poll."""
        self.unknown.add(entry.id)

    def _start_check(self, entries: list[OutboxEntry] | None) -> None:
        self._checking = True
        self.host.run_worker(
            self._check(entries), group="earlier-sends", exclusive=True, exit_on_error=False
        )

    async def _check(self, entries: list[OutboxEntry] | None) -> None:
        """Look for sends in their threads' histories (never sending): ``entries``, or the ones
        still :attr:`unknown`. Found: the draft is cleared if it still says the text. The
        history unread or too short: still unknown, told once, looked for again. Read and not
        there: closed as failed, the text back as the thread's draft, told."""
        client = self.host.client
        try:
            if client is None:
                return

            async def history(thread_id: str) -> list[Message]:
                return await client.list_messages(thread_id=thread_id, page=1)

            if entries is None:
                listed = await asyncio.to_thread(self.store.outbox.unresolved)
                entries = [entry for entry in listed if entry.id in self.unknown]
            self.unknown = {entry.id for entry in entries}  # resent or closed ones drop out
            report = await settle_earlier_sends(self.store, entries, history)
            self.unknown = {entry.id for entry in report.still_unknown}
            said = [self._found(report.sent), self._still_unknown(report)]
            given_back = await self._give_back(report.not_there)
        except StoreError as error:
            self.failed(error)
            return
        finally:
            self._checking = False
        if given_back:
            self.host.set_status(given_back, error=True)
        elif any(said):
            self.host.set_status(" ".join(words for words in said if words))

    def _what(self, entries: list[OutboxEntry]) -> str:
        what = "1 send" if len(entries) == 1 else f"{len(entries)} sends"
        if any(entry.id in self._earlier_ids for entry in entries):
            what += " from an earlier session"
        to = ", ".join(dict.fromkeys(format_number(entry.to) for entry in entries))
        return f"{what} to {to}"

    def _found(self, sent: list[OutboxEntry]) -> str:
        """Clear the drafts that still say what went out; tell only this run's sends (the agent
        was told they might not have gone out)."""
        host = self.host
        for entry in sent:
            if entry.thread_id is None:
                continue
            cleared = self.drafts.clear_if(entry.thread_id, entry.text)
            current = host.current_thread
            if cleared and current is not None and current.thread_id == entry.thread_id:
                host.composer.set_draft("")
        told = [e for e in sent if e.id in self._told or e.id not in self._earlier_ids]
        return f"{self._what(told)} found in LiveVox: sent." if told else ""

    def _still_unknown(self, report: SettleReport) -> str:
        """Say once per entry that it is being checked, and why it is not settled yet."""
        new = [entry for entry in report.still_unknown if entry.id not in self._told]
        self._told.update(entry.id for entry in new)
        if not new:
            return ""
        unread = {entry.id for entry in report.could_not_look}
        if any(entry.id in unread for entry in new):
            why = "the history could not be read"
        else:
            why = "the history does not reach back to it yet"
        return f"{self._what(new)}: checking LiveVox… ({why})."

    async def _give_back(self, not_there: list[OutboxEntry]) -> str:
        """Close each as failed, its text back as its thread's draft unless it has one."""
        if not not_there:
            return ""
        drafted = 0
        for entry in not_there:
            restored = bool(entry.thread_id and entry.text) and self.drafts.restore(
                entry.thread_id, entry.text
            )
            current = self.host.current_thread
            if restored and current is not None and current.thread_id == entry.thread_id:
                self.host.composer.set_draft(entry.text)
            drafted += restored
            how = "; its text is the thread's draft" if restored else ""
            await asyncio.to_thread(self.store.outbox.mark_failed, entry.id, GIVEN_BACK + how)
            log.warning("outbox entry %d: not found in LiveVox", entry.id)
        said = f"{self._what(not_there)} not found in LiveVox: probably not sent."
        if drafted == 1:
            said += " The text is back in the thread's composer."
        elif drafted:
            said += f" The text of {drafted} is back in their threads' composers."
        return said

    def show_search_target(self, thread: Thread) -> None:
        """Call when a page of the thread's history is shown: bring the search hit's message
        into view; while it is not loaded, load older pages (up to ``SEARCH_PAGES`` in all)."""
        target, self.search_target = self.search_target, None
        if target is None or target[0] != thread.thread_id:
            return

        host = self.host

        def show() -> None:
            if host.conversation.show_message(target[1]):
                return
            if host.conversation.has_older and host.thread.pages < SEARCH_PAGES:
                self.search_target = target
                host.thread.load_older()
            else:
                host.set_status("The match is in an older message: scroll up to load it.")

        host.conversation.call_after_refresh(show)

    def start_from_cache(self) -> None:
        """Call once mounted, before connecting: paint the last known inboxes and threads,
        marked stale in the header until ``cache_replaced()``."""
        host = self.host
        self._loop = asyncio.get_running_loop()  # where the writer's thread tells its failures
        host.watch(host.composer, "value", self._composer_value_changed, init=False)
        start = self.cache.start()
        if start is None:
            return
        host.inbox_list.set_channels(start.channels)
        for thread in start.threads:
            if messages := start.snippets.get(thread.thread_id):
                host.snippets.remember(thread, messages)
        host.thread_list.set_threads([ThreadRow.of(t) for t in start.threads], has_more=False)
        title = f"THREADS {inbox_name(host.inbox_list.highlighted)}"
        host.set_threads_title(title)
        self.showing_cache = True
        host.show_header()

    def cache_replaced(self) -> None:
        """Call when the first page of threads arrived: the screen is no longer the cache's."""
        if self.showing_cache:
            self.showing_cache = False
            self.host.show_header()

    def stale_note(self) -> str:
        """What the header adds to the connection state while the cache is on screen."""
        return f" · {STALE_MARK}" if self.showing_cache else ""

    def show_cached_messages(self, thread: Thread) -> bool:
        """Paint the thread's cached messages while its history loads; False if none."""
        cached = self.cache.messages_of(thread.thread_id)
        if cached:
            self.host.conversation.set_messages(cached, has_older=False)
        return bool(cached)

    def _composer_value_changed(self, text: str) -> None:
        # Called synchronously as the value changes, so current_thread is the text's thread.
        if self.host.current_thread is not None:
            self.drafts.changed(self.host.current_thread.thread_id, text)

    def search(self) -> None:
        from inbox_tui.ui.screens.search import SearchScreen

        host = self.host
        screen = SearchScreen(self.store, clock=host.clock, blink=host.cursor_blink)
        host.push_screen(screen, callback=self._open_search_hit)

    def _open_search_hit(self, hit: SearchHit | None) -> None:
        self.host.run_worker(
            self._opening_search_hit(hit), group="threads", exclusive=True, exit_on_error=False
        )

    async def _opening_search_hit(self, hit: SearchHit | None) -> None:
        """Select the hit's inbox, then open its thread (from the cache if no longer listed)."""
        if hit is None:
            return
        host = self.host
        channels = host.inbox_list.channels
        keys = [inbox_key(c) for c in channels]
        if host.client is not None and hit.inbox_key in keys:
            position = keys.index(hit.inbox_key)
            host.inbox_list.move_to(position, announce=False)
            current = host.current_channel
            elsewhere = current is None or inbox_key(current) != hit.inbox_key
            if elsewhere and not await host.inboxes.show_inbox(channels[position]):
                return
        if hit.message_id is not None:
            self.search_target = (hit.thread_id, hit.message_id)
        index = host.thread_list.index_of(hit.thread_id)
        if index >= 0:
            host.inboxes.open_at(index)
        else:
            thread = self.store.load_thread(hit.thread_id)
            if thread is None:
                host.set_status("That thread is no longer in the local cache.", error=True)
                return
            host.thread.show(thread)
        host.conversation.focus()
