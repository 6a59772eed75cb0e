"""The local store in the app: paint from the cache at start, save what is fetched, keep
drafts as typed, search, and settle the sends an earlier run left unconfirmed.

The search screen's module is imported when it first opens, so the first frame does not wait for
it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from textual.widgets import Static

from inbox_tui.core.phone import format_number
from inbox_tui.livevox.models import Channel, Thread
from inbox_tui.store import OutboxEntry, SearchHit, Store, settle_earlier_sends
from inbox_tui.ui.cache_loader import InboxCache
from inbox_tui.ui.draft_saver import DraftSaver
from inbox_tui.ui.store_writer import StoreWriter
from inbox_tui.ui.widgets.inbox_list import inbox_key, inbox_name

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
GIVEN_BACK = "Not in the history at the next start: the agent was told"
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
    def set_timer(self, delay: float, callback: Callable[[], object]) -> object: ...
    def run_worker(self, work: object, **kwargs: object) -> object: ...
    def push_screen(self, screen: object, callback: object = None) -> object: ...
    def watch(self, obj: object, attribute: str, callback: object, init: bool = True) -> None: ...
    def query_one(self, selector: str, expect_type: type[Static]) -> Static: ...
    def set_threads_title(self, title: str) -> None: ...


class LocalStore:
    """Owns the app's ``store``, ``drafts`` (DraftSaver), ``cache`` (InboxCache) and ``writer``
    (their background writes; ``drain()`` waits for them)."""

    def __init__(self, host: StoreHost, store: Store | None, profile: str) -> None:
        """Use ``store``, or open the profile's (closed on exit)."""
        self.host = host
        self._owns_store = store is None
        self.store = store if store is not None else Store.for_profile(profile)
        self.writer = StoreWriter()
        self.drafts = DraftSaver(self.store, self.writer, set_timer=host.set_timer)
        self.cache = InboxCache(self.store, self.writer)
        self.showing_cache = False
        self.search_target: tuple[str, str] | None = None
        """(thread id, message id) of the search hit being opened: shown once its history is."""
        # Listed before this run can send, so a send of this run on its way is never among them.
        self.earlier_sends = self.store.outbox.unresolved()

    def close(self) -> None:
        """Call on exit: write the drafts and the queued cache pages, then close."""
        self.drafts.flush()
        self.writer.close()
        if self._owns_store:
            self.store.close()

    def check_earlier_sends(self) -> None:
        self.host.run_worker(
            self._check_earlier_sends(), group="earlier-sends", exclusive=True, exit_on_error=False
        )

    async def _check_earlier_sends(self) -> None:
        """Call once connected: look for the sends an earlier run left unanswered in their
        threads' histories (never sending). Each still unconfirmed is told in the status line,
        its text put back as its thread's draft unless the thread has one, and then closed as
        failed so the next start does not tell it again; the agent sends it again if needed."""
        client = self.host.client
        if client is None or not self.earlier_sends:
            return

        async def history(thread_id: str):
            return await client.list_messages(thread_id=thread_id, page=1)

        earlier, self.earlier_sends = self.earlier_sends, []
        unconfirmed = await settle_earlier_sends(self.store, earlier, history)
        if unconfirmed:
            said = await asyncio.to_thread(self._give_back, unconfirmed)
            self.host.set_status(said, error=True)

    def _give_back(self, unconfirmed: list[OutboxEntry]) -> str:
        drafted = 0
        for entry in unconfirmed:
            restore = bool(
                entry.thread_id and entry.text and not self.store.load_draft(entry.thread_id)
            )
            if restore:
                self.store.save_draft(entry.thread_id, entry.text)
                drafted += 1
            how = "; its text is the thread's draft" if restore else ""
            self.store.outbox.mark_failed(entry.id, GIVEN_BACK + how)
            log.warning("outbox entry %d: unconfirmed from an earlier run", entry.id)
        to = ", ".join(dict.fromkeys(format_number(e.to) for e in unconfirmed))
        what = "1 send" if len(unconfirmed) == 1 else f"{len(unconfirmed)} sends"
        said = f"{what} from an earlier session to {to} not found in LiveVox: probably not sent."
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
        host.watch(host.composer, "value", self._composer_value_changed, init=False)
        start = self.cache.start()
        if start is None:
            return
        host.inbox_list.set_channels(start.channels)
        for thread in start.threads:
            if messages := start.snippets.get(thread.thread_id):
                host.snippets.remember(thread, messages)
        host.thread_list.set_threads(start.threads, has_more=False)
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
