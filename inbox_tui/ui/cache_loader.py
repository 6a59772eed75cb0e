"""The cache as the app uses it: everything fetched is saved in the background, and the last
known inboxes, threads and messages are read back to paint at once on start or on open."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from inbox_tui.livevox.models import Channel, Message, Thread
from inbox_tui.store import Store
from inbox_tui.ui.store_writer import StoreWriter
from inbox_tui.ui.widgets.inbox_list import inbox_key, inbox_name, inbox_order
from inbox_tui.ui.widgets.thread_list import ThreadRow

START_THREADS = 200
"""Threads of the first inbox painted from the cache (more than a tall terminal shows)."""
START_SNIPPETS = 60
"""Threads whose newest cached message is read for the list's snippets at start."""


@dataclass(frozen=True)
class CachedStart:
    """The last known inboxes, the first inbox's threads and their newest messages' text."""

    channels: list[Channel]
    threads: list[Thread]
    snippets: dict[str, list[Message]] = field(default_factory=dict)


class InboxCache:
    """Saving fetched pages through ``writer`` (never on the UI thread) and reading them back."""

    def __init__(self, store: Store, writer: StoreWriter) -> None:
        self.store = store
        self.writer = writer

    def channels_fetched(self, channels: list[Channel]) -> None:
        self.writer.submit_latest("channels", self.store.save_channels, channels)

    def threads_fetched(self, channel: Channel, rows: list[ThreadRow], *, page: int) -> None:
        """A page of an inbox's threads; the first page replaces what the inbox held (so a
        first page still queued is dropped for a newer one: the poll refetches it often).

        The page waits for the writer as its rows' JSON, read back into models on the
        writer's thread: pages queued behind a long write (snippets' histories, while the
        agent pages down) are no objects for the collector's full passes to walk (they held
        10,000 models at a time, a 100-140 ms pass)."""
        held = tuple(row.json for row in rows)
        save = functools.partial(
            self._save_threads,
            inbox_key(channel),
            held,
            replace=page == 1,
            name=inbox_name(channel),
        )
        if page == 1:
            self.writer.submit_latest(("threads", inbox_key(channel)), save)
        else:
            self.writer.submit(save)

    def _save_threads(self, key: str, held: tuple[str, ...], *, replace: bool, name: str) -> None:
        threads = [Thread.model_validate_json(json) for json in held]
        self.store.save_threads(key, threads, replace=replace, name=name)

    def messages_fetched(self, thread_id: str, newest_first: list[Message]) -> None:
        if newest_first:
            self.writer.submit(self.store.save_messages, thread_id, newest_first)

    def thread_left(self, channel: Channel, thread_id: str) -> None:
        """A thread left an inbox (resolved, transferred); its messages stay searchable."""
        self.writer.submit(self.store.remove_thread, inbox_key(channel), thread_id)

    def start(self) -> CachedStart | None:
        """What to paint before the first fetch returns; None when nothing is cached."""
        channels = self.store.load_channels()
        if not channels:
            return None
        first = inbox_order(channels)[0]
        threads = self.threads_of(first)
        snippets = {
            thread.thread_id: self.store.load_messages(thread.thread_id, limit=1)
            for thread in threads[:START_SNIPPETS]
        }
        return CachedStart(channels, threads, snippets)

    def threads_of(self, channel: Channel) -> list[Thread]:
        """The inbox's cached threads in the server's order."""
        return self.store.load_threads(inbox_key(channel), limit=START_THREADS)

    def messages_of(self, thread_id: str, limit: int = 100) -> list[Message]:
        """The thread's newest cached messages, newest first (as LiveVox pages them)."""
        return self.store.load_messages(thread_id, limit=limit)[::-1]
