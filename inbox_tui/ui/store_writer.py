"""Writes to the local store off the UI thread, one at a time and in the order asked for.

A single background thread keeps the order (a first page replaces an inbox before the second
page is added; the newest draft is written last) while the UI never waits for a disk sync.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

log = logging.getLogger(__name__)


class StoreWriter:
    """A queue of store writes run in order on one thread; failures are logged, never raised."""

    def __init__(self) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="store-writer")

    def submit(self, write: Callable[..., Any], *args: Any) -> Future[Any]:
        """Queue ``write(*args)``; the returned future is done once it ran (or failed)."""
        return self._executor.submit(self._run, write, *args)

    def drain(self) -> None:
        """Wait until every queued write has run."""
        self._executor.submit(lambda: None).result()

    def close(self) -> None:
        """Run what is queued, then stop the thread."""
        self._executor.shutdown(wait=True)

    @staticmethod
    def _run(write: Callable[..., Any], *args: Any) -> None:
        try:
            write(*args)
        except Exception:
            # A cache or draft write that fails must not take the app down; the log says why.
            log.exception("a write to the local store failed")
