"""The local store in the app, mixed into it: paint from the cache at start, save what is
fetched, keep drafts as typed, search (``/``), and settle the sends an earlier run left
unconfirmed.

``LocalStoreMixin`` relies on these app members: ``inbox_list``, ``thread_list``,
``conversation``, ``composer``, ``current_thread``, ``current_channel``, ``client``, ``clock``,
``settings``, ``set_status``, and the app's ``_show_inbox(channel)``, ``_open_at(index)``,
``_show_thread(thread)``, ``_show_header()``, ``_remember_snippet(thread, messages)``,
``_load_older()`` and ``_history_pages`` (pages of the open thread loaded).
The search screen's module is imported when it first opens, so the first frame does not wait for
it.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.widgets import Static

from inbox_tui.core.phone import format_number
from inbox_tui.livevox.models import Thread
from inbox_tui.store import OutboxEntry, SearchHit, Store, settle_earlier_sends
from inbox_tui.ui.cache_loader import InboxCache
from inbox_tui.ui.draft_saver import DraftSaver
from inbox_tui.ui.keymap import ActionSpec
from inbox_tui.ui.store_writer import StoreWriter
from inbox_tui.ui.widgets.inbox_list import inbox_key, inbox_name

if TYPE_CHECKING:
    from textual.app import App

    _AppBase = App[object]
else:
    _AppBase = object

STORE_ACTIONS: list[ActionSpec] = [
    ActionSpec("slash", "search", "Search", footer=True),
]
STALE_MARK = "cached · updating…"
"""Shown in the header while what is on screen comes from the cache."""
GIVEN_BACK = "Not in the history at the next start: the agent was told"
SEARCH_PAGES = 20
"""How many pages of a thread's history opening a search hit may load to reach its message."""

log = logging.getLogger(__name__)


class LocalStoreMixin(_AppBase):
    """Owns ``store``, ``drafts`` (DraftSaver), ``cache`` (InboxCache) and ``store_writer``
    (their background writes; ``drain()`` waits for them) of the app."""

    store: Store
    drafts: DraftSaver
    cache: InboxCache
    store_writer: StoreWriter

    def open_store(self, store: Store | None, profile: str) -> None:
        """Call from ``__init__``: use ``store``, or open the profile's (closed on exit)."""
        self._owns_store = store is None
        self.store = store if store is not None else Store.for_profile(profile)
        self.store_writer = StoreWriter()
        self.drafts = DraftSaver(self.store, self.store_writer, set_timer=self.set_timer)
        self.cache = InboxCache(self.store, self.store_writer)
        self.showing_cache = False
        self.search_target: tuple[str, str] | None = None
        """(thread id, message id) of the search hit being opened: shown once its history is."""
        # Listed before this run can send, so a send of this run on its way is never among them.
        self.earlier_sends = self.store.outbox.unresolved()

    def close_store(self) -> None:
        """Call on exit: write the drafts and the queued cache pages, then close."""
        self.drafts.flush()
        self.store_writer.close()
        if self._owns_store:
            self.store.close()

    @work(exclusive=True, exit_on_error=False, group="earlier-sends")
    async def check_earlier_sends(self) -> None:
        """Call once connected: look for the sends an earlier run left unanswered in their
        threads' histories (never sending). Each still unconfirmed is told in the status line,
        its text put back as its thread's draft unless the thread has one, and then closed as
        failed so the next start does not tell it again; the agent sends it again if needed."""
        client = self.client
        if client is None or not self.earlier_sends:
            return

        async def history(thread_id: str):
            return await client.list_messages(thread_id=thread_id, page=1)

        earlier, self.earlier_sends = self.earlier_sends, []
        unconfirmed = await settle_earlier_sends(self.store, earlier, history)
        if unconfirmed:
            self.set_status(await asyncio.to_thread(self._give_back, unconfirmed), error=True)

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

        def show() -> None:
            if self.conversation.show_message(target[1]):
                return
            if self.conversation.has_older and self._history_pages < SEARCH_PAGES:
                self.search_target = target
                self._load_older()
            else:
                self.set_status("The match is in an older message: scroll up to load it.")

        self.call_after_refresh(show)

    def start_from_cache(self) -> None:
        """Call once mounted, before connecting: paint the last known inboxes and threads,
        marked stale in the header until ``cache_replaced()``."""
        self.watch(self.composer, "value", self._composer_value_changed, init=False)
        start = self.cache.start()
        if start is None:
            return
        self.inbox_list.set_channels(start.channels)
        for thread in start.threads:
            if messages := start.snippets.get(thread.thread_id):
                self._remember_snippet(thread, messages)
        self.thread_list.set_threads(start.threads, has_more=False)
        title = f"THREADS {inbox_name(self.inbox_list.highlighted)}"
        self.query_one("#threads-title", Static).update(Text(title))
        self.showing_cache = True
        self._show_header()

    def cache_replaced(self) -> None:
        """Call when the first page of threads arrived: the screen is no longer the cache's."""
        if self.showing_cache:
            self.showing_cache = False
            self._show_header()

    def stale_note(self) -> str:
        """What the header adds to the connection state while the cache is on screen."""
        return f" · {STALE_MARK}" if self.showing_cache else ""

    def show_cached_messages(self, thread: Thread) -> bool:
        """Paint the thread's cached messages while its history loads; False if none."""
        cached = self.cache.messages_of(thread.thread_id)
        if cached:
            self.conversation.set_messages(cached, has_older=False)
        return bool(cached)

    def _composer_value_changed(self, text: str) -> None:
        # Called synchronously as the value changes, so current_thread is the text's thread.
        if self.current_thread is not None:
            self.drafts.changed(self.current_thread.thread_id, text)

    def action_search(self) -> None:
        from inbox_tui.ui.screens.search import SearchScreen

        screen = SearchScreen(self.store, clock=self.clock, blink=self.settings.cursor_blink)
        self.push_screen(screen, callback=self._open_search_hit)

    @work(exclusive=True, exit_on_error=False, group="threads")
    async def _open_search_hit(self, hit: SearchHit | None) -> None:
        """Select the hit's inbox, then open its thread (from the cache if no longer listed)."""
        if hit is None:
            return
        channels = self.inbox_list.channels
        keys = [inbox_key(c) for c in channels]
        if self.client is not None and hit.inbox_key in keys:
            position = keys.index(hit.inbox_key)
            self.inbox_list.move_to(position, announce=False)
            current = self.current_channel
            elsewhere = current is None or inbox_key(current) != hit.inbox_key
            if elsewhere and not await self._show_inbox(channels[position]):
                return
        if hit.message_id is not None:
            self.search_target = (hit.thread_id, hit.message_id)
        index = self.thread_list.index_of(hit.thread_id)
        if index >= 0:
            self._open_at(index)
        else:
            thread = self.store.load_thread(hit.thread_id)
            if thread is None:
                self.set_status("That thread is no longer in the local cache.", error=True)
                return
            self._show_thread(thread)
        self.conversation.focus()
