"""The composer's text kept as each thread's draft, so a dropped session loses at most
``DRAFT_DELAY`` seconds of typing.

The app reports every change with the thread it belongs to at that instant (a synchronous
watch on the composer's value), so text never lands on the wrong thread however fast the agent
switches. Saves are throttled, not debounced: the first change starts the timer and later
keystrokes do not push it back, so steady typing is still written every ``DRAFT_DELAY`` seconds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.timer import Timer

from inbox_tui.store import Store
from inbox_tui.store.outbox import same_text
from inbox_tui.ui.store_writer import StoreWriter

DRAFT_DELAY = 0.4
"""Seconds a change may wait before it is written (the promise is half a second)."""


class DraftSaver:
    """Drafts by thread: the text of this run in memory, written through ``writer``.

    ``set_timer(delay, callback)`` is the app's, so the callback runs on the UI thread.
    """

    def __init__(
        self,
        store: Store,
        writer: StoreWriter,
        *,
        set_timer: Callable[[float, Callable[[], Any]], Timer],
        delay: float = DRAFT_DELAY,
    ) -> None:
        self._store = store
        self._writer = writer
        self._set_timer = set_timer
        self._delay = delay
        self._timer: Timer | None = None
        self._texts: dict[str, str] = {}
        self._unsaved: dict[str, None] = {}  # thread ids in the order they changed

    def changed(self, thread_id: str, text: str) -> None:
        """The thread's draft is now ``text`` (empty after a send): write it within the delay."""
        if self._texts.get(thread_id) == text:
            return
        self._texts[thread_id] = text
        self._unsaved[thread_id] = None
        if self._timer is None:
            self._timer = self._set_timer(self._delay, self.flush)

    def flush(self) -> None:
        """Write every unsaved draft now (on a thread switch, before quitting)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        for thread_id in self._unsaved:
            self._writer.submit(self._store.save_draft, thread_id, self._texts[thread_id])
        self._unsaved.clear()

    def draft_of(self, thread_id: str) -> str:
        """The thread's draft: as last changed in this run, else as the store holds it."""
        if thread_id not in self._texts:
            self._texts[thread_id] = self._store.load_draft(thread_id) or ""
        return self._texts[thread_id]

    def clear_if(self, thread_id: str, text: str | None) -> bool:
        """A send of ``text`` in the thread went out after all (found late): forget the draft
        if it still says ``text``; a draft the agent changed since is kept. Returns whether the
        draft of this run changed (the composer shows it when its thread is open)."""
        if thread_id not in self._texts:
            self._writer.submit(self._store.clear_draft_if, thread_id, text)
            return False
        if not same_text(self._texts[thread_id], text):
            return False
        self.changed(thread_id, "")
        return True

    def restore(self, thread_id: str, text: str) -> bool:
        """Give a send's text back as the thread's draft, unless the thread has one."""
        if self.draft_of(thread_id):
            return False
        self.changed(thread_id, text)
        return True
