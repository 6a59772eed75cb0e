"""The thread list's snippets: each thread's newest message text, fetched for the rows on
screen one thread at a time (LiveVox's thread rows carry no text) and kept in a small LRU."""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from textual.worker import Worker

    from inbox_tui.livevox.client import LiveVoxClient
    from inbox_tui.livevox.models import Message, Thread
    from inbox_tui.ui.cache_loader import InboxCache
    from inbox_tui.ui.widgets.thread_list import ThreadList, ThreadRow

log = logging.getLogger(__name__)

SNIPPET_CACHE_SIZE = 2000


class SnippetsHost(Protocol):
    """What the snippets need of the app."""

    client: LiveVoxClient | None
    thread_list: ThreadList
    cache: InboxCache

    def run_worker(self, work: object, **kwargs: object) -> Worker[None]: ...


class Snippets:
    """``snippet_of(thread)`` for the list; ``want(rows)`` fetches the unknown ones. A thread
    and its list row share their snippet."""

    def __init__(self, host: SnippetsHost) -> None:
        self.host = host
        self._texts: OrderedDict[tuple[str, object], tuple[str, datetime | None]] = OrderedDict()
        self._wanted: dict[str, ThreadRow] = {}
        self._worker: Worker[None] | None = None
        self._fetching: dict[str, asyncio.Task[list[Message]]] = {}

    @staticmethod
    def _key(thread: Thread | ThreadRow) -> tuple[str, object]:
        # A row without a date (the reference's rows have none) changes only its read flag
        # when the customer writes: that flag stands in for the date.
        activity = thread.last_activity
        return (thread.thread_id, activity if activity is not None else f"read={thread.read}")

    def snippet_of(self, thread: Thread | ThreadRow) -> str | None:
        """The thread's newest message text if known."""
        known = self._texts.get(self._key(thread))
        return known[0] if known is not None else None

    def newest_date_of(self, thread: Thread | ThreadRow) -> datetime | None:
        """When the thread's newest message was sent, if known (for a row without a date)."""
        known = self._texts.get(self._key(thread))
        return known[1] if known is not None else None

    def remember(self, thread: Thread | ThreadRow, newest_first: list[Message]) -> None:
        """Keep the newest of ``newest_first`` (by date: the client sorts a page) as the
        thread's snippet, and repaint its row if that changes it (whoever fetched the page:
        the snippets' worker, the opening of the thread, a new message in it)."""
        key = self._key(thread)
        newest = newest_first[0] if newest_first else None
        known = (newest.message, newest.date) if newest else ("", None)
        changed = self._texts.get(key) != known
        self._texts[key] = known
        self._texts.move_to_end(key)
        while len(self._texts) > SNIPPET_CACHE_SIZE:
            self._texts.popitem(last=False)
        if changed:
            self.host.thread_list.refresh_thread(thread.thread_id)

    async def newest_page(self, thread_id: str) -> list[Message]:
        """The thread's newest page of history, cached as it comes. A fetch of it already under
        way (a snippet's, or the open thread's) is awaited instead of made again: a long page
        is downloaded and parsed once."""
        task = self._fetching.get(thread_id)
        if task is None:
            task = asyncio.ensure_future(self._fetch_newest(thread_id))
            self._fetching[thread_id] = task
            task.add_done_callback(lambda done: self._fetched(thread_id, done))
        # A caller that gives up (a newer thread opened) leaves the fetch to the others.
        return await asyncio.shield(task)

    async def _fetch_newest(self, thread_id: str) -> list[Message]:
        client = self.host.client
        if client is None:
            raise RuntimeError("not connected")
        messages = await client.list_messages(thread_id=thread_id, page=1)
        self.host.cache.messages_fetched(thread_id, messages)
        return messages

    def _fetched(self, thread_id: str, task: asyncio.Task[list[Message]]) -> None:
        if self._fetching.get(thread_id) is task:
            del self._fetching[thread_id]
        if not task.cancelled():
            task.exception()  # whoever awaited it was told; nobody may be left to ask

    def want(self, rows: list[ThreadRow]) -> None:
        for row in rows:
            self._wanted[row.thread_id] = row
        if self._worker is None or self._worker.is_finished:
            self._worker = self.host.run_worker(
                self._fetch(), group="snippets", exit_on_error=False
            )

    async def _fetch(self) -> None:
        """Fetch the newest message of each wanted thread still on screen, one at a time."""
        host = self.host
        while self._wanted and host.client is not None:  # rows painted from the cache wait
            thread_id, row = self._wanted.popitem()
            if thread_id not in {t.thread_id for t in self.visible()}:
                continue
            if self.snippet_of(row) is not None:
                continue
            try:
                messages = await self.newest_page(thread_id)
            except Exception as exc:
                log.warning("snippet of a thread: %s", exc)
                messages = []
            self.remember(row, messages)

    def visible(self) -> list[ThreadRow]:
        """The rows on screen."""
        rows = self.host.thread_list.threads
        return [rows[i] for i in self.host.thread_list.visible_range()]
