"""Writes to the local store off the UI thread, one at a time and in the order asked for.

A single background thread keeps the order (a first page replaces an inbox before the second
page is added; the newest draft is written last) while the UI never waits for a disk sync.
A write that fails is logged and told (``on_failure``, from the writer's thread); the next one
that succeeds after a failure is told too (``on_recovered``), so the app can show a banner
for as long as nothing can be saved.

A cache write that a later one makes useless (a poll's first page of an inbox replaces the one
fetched a second before) is given a key (``submit_latest``): a queued write under the same key
that has not started is taken out of the queue, and the new one goes to the end. The inbox is
left as the writes in order would have left it (the later page replaces it whole; only threads
that left the first page in between are not cached from the dropped one), the queue does not
grow with every poll while a long write runs, and the dropped page is freed at once. Drafts,
outbox, audit and every other write (``submit``) are never coalesced, dropped or reordered.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable, Hashable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from inbox_tui.store import StoreError

log = logging.getLogger(__name__)


@dataclass(eq=False)
class _Write:
    write: Callable[..., Any]
    args: tuple[Any, ...]
    key: Hashable | None = None
    futures: list[Future[Any]] = field(default_factory=list)
    """Done once this write ran, with those of the writes it replaced."""


class StoreWriter:
    """A queue of store writes run in order on one thread; failures are logged and reported,
    never raised. A ``read_only`` writer runs nothing (another process has the profile)."""

    def __init__(
        self,
        *,
        on_failure: Callable[[StoreError], None] | None = None,
        on_recovered: Callable[[], None] | None = None,
        read_only: bool = False,
    ) -> None:
        # The executor's thread runs one queued write per task it is given (a task finds the
        # queue's head); it is joined at exit, so what was queued is written.
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="store-writer")
        self._queue: deque[_Write] = deque()
        self._keyed: dict[Hashable, _Write] = {}
        self._lock = threading.Lock()
        self._on_failure = on_failure
        self._on_recovered = on_recovered
        self._read_only = read_only
        self._failing = False

    @property
    def backlog(self) -> int:
        """Writes queued and not started yet."""
        return len(self._queue)

    def submit(self, write: Callable[..., Any], *args: Any) -> Future[Any]:
        """Queue ``write(*args)``; the returned future is done once it ran (or failed)."""
        return self._enqueue(_Write(write, args))

    def submit_latest(self, key: Hashable, write: Callable[..., Any], *args: Any) -> Future[Any]:
        """Queue ``write(*args)``, a cache write whose effect a later write under ``key``
        wholly replaces: a queued one under ``key`` that has not started is dropped (its future
        is done when this one is)."""
        return self._enqueue(_Write(write, args, key))

    def drain(self) -> None:
        """Wait until every queued write has run."""
        self._executor.submit(lambda: None).result()

    def close(self) -> None:
        """Run what is queued, then stop the thread."""
        self._executor.shutdown(wait=True)

    def _enqueue(self, item: _Write) -> Future[Any]:
        future: Future[Any] = Future()
        if self._read_only:
            future.set_result(None)
            return future
        item.futures.append(future)
        with self._lock:
            earlier = self._keyed.pop(item.key, None) if item.key is not None else None
            if earlier is not None:
                self._queue.remove(earlier)
                item.futures[:0] = earlier.futures
            if item.key is not None:
                self._keyed[item.key] = item
            self._queue.append(item)
        if earlier is None:
            # A replaced write's task runs the next one instead: one task per queued write.
            self._executor.submit(self._run_next)
        return future

    def _run_next(self) -> None:
        with self._lock:
            item = self._queue.popleft()
            if item.key is not None:
                self._keyed.pop(item.key, None)
        self._run(item.write, *item.args)
        for future in item.futures:
            future.set_result(None)

    def _run(self, write: Callable[..., Any], *args: Any) -> None:
        try:
            write(*args)
        except Exception as error:
            # A cache or draft write that fails must not take the app down; the log says why.
            log.exception("a write to the local store failed")
            if isinstance(error, StoreError):
                self._failing = True
                if self._on_failure is not None:
                    self._on_failure(error)
            return
        if self._failing:
            self._failing = False
            if self._on_recovered is not None:
                self._on_recovered()
