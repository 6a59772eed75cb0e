"""Writes to the local store off the UI thread, one at a time and in the order asked for.

A single background thread keeps the order (a first page replaces an inbox before the second
page is added; the newest draft is written last) while the UI never waits for a disk sync.
A write that fails is logged and told (``on_failure``, from the writer's thread); the next one
that succeeds after a failure is told too (``on_recovered``), so the app can show a banner
for as long as nothing can be saved.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from inbox_tui.store import StoreError

log = logging.getLogger(__name__)


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
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="store-writer")
        self._on_failure = on_failure
        self._on_recovered = on_recovered
        self._read_only = read_only
        self._failing = False

    def submit(self, write: Callable[..., Any], *args: Any) -> Future[Any]:
        """Queue ``write(*args)``; the returned future is done once it ran (or failed)."""
        if self._read_only:
            skipped: Future[Any] = Future()
            skipped.set_result(None)
            return skipped
        return self._executor.submit(self._run, write, *args)

    def drain(self) -> None:
        """Wait until every queued write has run."""
        self._executor.submit(lambda: None).result()

    def close(self) -> None:
        """Run what is queued, then stop the thread."""
        self._executor.shutdown(wait=True)

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
