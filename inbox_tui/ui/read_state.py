"""Read and unread: marking the open thread read (at once, after a dwell, or on reply, as the
agent chose), toggling with a key, and keeping the list and the counts in step."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Literal, Protocol

from inbox_tui.ui.widgets.thread_list import ThreadRow

if TYPE_CHECKING:
    from textual.timer import Timer

    from inbox_tui.livevox.client import LiveVoxClient
    from inbox_tui.livevox.models import Channel, Thread
    from inbox_tui.ui.inboxes import Inboxes
    from inbox_tui.ui.widgets.inbox_list import InboxList
    from inbox_tui.ui.widgets.thread_list import ThreadList


class ReadHost(Protocol):
    """What read state needs of the app."""

    client: LiveVoxClient | None
    current_thread: Thread | None
    current_channel: Channel | None
    inbox_list: InboxList
    thread_list: ThreadList
    inboxes: Inboxes

    def report(self, doing: str, exc: BaseException) -> None: ...
    def set_timer(self, delay: float, callback: Callable[[], object]) -> Timer: ...
    def run_worker(self, work: object, **kwargs: object) -> object: ...


class ReadState:
    """Marks threads read or unread on LiveVox and on screen."""

    def __init__(
        self, host: ReadHost, *, mode: Literal["open", "dwell", "reply"], dwell: float
    ) -> None:
        self.host = host
        self.mode = mode
        self.dwell = dwell
        self._dwell_timer: Timer | None = None

    def schedule_mark_read(self, thread: Thread) -> None:
        """The agent opened ``thread``: mark it read as the setting says."""
        if self._dwell_timer is not None:
            self._dwell_timer.stop()
            self._dwell_timer = None
        if thread.read is not False or self.mode == "reply":
            return
        if self.mode == "open":
            self.set_read(thread, True)
            return
        thread_id = thread.thread_id

        def mark_if_still_open() -> None:
            current = self.host.current_thread
            if current is not None and current.thread_id == thread_id and current.read is False:
                self.set_read(current, True)

        self._dwell_timer = self.host.set_timer(self.dwell, mark_if_still_open)

    def replied(self, thread: Thread) -> None:
        """The agent replied in ``thread``: with mark-read "reply", it is read now."""
        if self.mode == "reply" and thread.read is False:
            self.set_read(thread, True)

    def toggle(self, focus_on_list: bool) -> None:
        """Flip the open thread (or, from a list, the highlighted one)."""
        host = self.host
        target = host.current_thread
        if focus_on_list or target is None:
            highlighted = host.thread_list.highlighted
            target = highlighted.thread if highlighted else None
        if target is None:
            return
        listed = host.thread_list.index_of(target.thread_id)
        if listed >= 0:
            target = host.thread_list.threads[listed].thread
        if target.read is not False and self._dwell_timer is not None:
            self._dwell_timer.stop()
        self.set_read(target, target.read is False)

    def set_read(self, thread: Thread, read: bool) -> None:
        self.host.run_worker(self._set_read(thread, read), group="read", exit_on_error=False)

    async def _set_read(self, thread: Thread, read: bool) -> None:
        host = self.host
        channel_id = thread.channel_id or (host.current_channel and host.current_channel.channel_id)
        if not channel_id:
            return
        try:
            if read:
                await host.client.mark_read(thread.thread_id, channel_id)
            else:
                await host.client.mark_unread(thread.thread_id, channel_id)
        except Exception as exc:
            host.report("Marking read" if read else "Marking unread", exc)
            return
        self._apply(thread.thread_id, read)
        await host.inboxes.load_summary()

    def _apply(self, thread_id: str, read: bool) -> None:
        """Record a read change in the list, the open thread and the inbox counts at once."""
        host = self.host
        index = host.thread_list.index_of(thread_id)
        listed = host.thread_list.threads[index] if index >= 0 else None
        was_read = listed.read if listed is not None else None
        if listed is not None:
            changed = listed.thread.model_copy(update={"read": read})
            host.thread_list.replace_thread(ThreadRow.of(changed))
        if host.current_thread is not None and host.current_thread.thread_id == thread_id:
            host.current_thread = host.current_thread.model_copy(update={"read": read})
        channel = host.current_channel
        if listed is not None and was_read is not read and channel is not None:
            unread, total = host.inbox_list.counts_of(channel)
            host.inbox_list.set_counts(channel, max(0, unread + (-1 if read else 1)), total)
