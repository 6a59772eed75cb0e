"""The count poll: one at a time, on an interval, backing off with jitter after errors; only a
changed count refetches that inbox, and an idle poll repaints nothing."""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from inbox_tui.livevox.errors import AuthError, LiveVoxError, NetworkError
from inbox_tui.livevox.retry import capped
from inbox_tui.ui.connection import Connection, ConnectionState
from inbox_tui.ui.widgets.inbox_list import inbox_key, inbox_name

if TYPE_CHECKING:
    from textual.timer import Timer

    from inbox_tui.livevox.client import LiveVoxClient
    from inbox_tui.livevox.models import Channel, Thread
    from inbox_tui.ui.cache_loader import InboxCache
    from inbox_tui.ui.inboxes import Inboxes
    from inbox_tui.ui.notify import Notifier
    from inbox_tui.ui.open_thread import OpenThread
    from inbox_tui.ui.read_state import ReadState
    from inbox_tui.ui.widgets.inbox_list import InboxList
    from inbox_tui.ui.widgets.thread_list import ThreadList

log = logging.getLogger(__name__)

MAX_DELAY = 300.0
POLL_DEADLINE = 30.0


class PollSchedule:
    """The delay before the next poll (dolphie's pattern: one poll, then a timer arms the next).

    Each failure in a row doubles the delay up to ``cap``, with ±20 % jitter so many agents do
    not retry in step; a server's Retry-After is honoured when it asks for longer, up to
    ``retry_after_cap`` (one ``Retry-After: 86400`` must not stop polling for a day).
    ``delay`` is the last delay chosen.
    """

    def __init__(
        self,
        interval: float,
        *,
        cap: float = MAX_DELAY,
        retry_after_cap: float = MAX_DELAY,
        rng: Callable[[], float] = random.random,
    ) -> None:
        self.interval = interval
        self.cap = max(cap, interval)
        self.retry_after_cap = retry_after_cap
        self.failures = 0
        self.delay = interval
        self._rng = rng

    def success(self) -> float:
        self.failures = 0
        self.delay = self.interval
        return self.delay

    def failure(self, retry_after: float | None = None) -> float:
        self.failures += 1
        delay = min(self.cap, self.interval * 2 ** (self.failures - 1))
        delay *= 0.8 + 0.4 * self._rng()
        self.delay = max(delay, capped(retry_after, self.retry_after_cap) or 0.0)
        return self.delay


class PollHost(Protocol):
    """What the poll needs of the app."""

    client: LiveVoxClient | None
    is_agent: bool
    current_channel: Channel | None
    current_thread: Thread | None
    inbox_list: InboxList
    thread_list: ThreadList
    cache: InboxCache
    inboxes: Inboxes
    thread: OpenThread
    reads: ReadState
    notifier: Notifier
    app_focus: bool

    def set_connection(self, connection: Connection) -> None: ...
    def recheck_sends(self) -> None: ...
    def set_timer(self, delay: float, callback: Callable[[], object]) -> Timer: ...
    def run_worker(self, work: object, **kwargs: object) -> object: ...


class Poller:
    """Polls the inbox counts (dolphie's pattern: one poll, then a timer arms the next)."""

    def __init__(
        self,
        host: PollHost,
        interval: float,
        *,
        retry_after_cap: float = MAX_DELAY,
        deadline: float = POLL_DEADLINE,
    ) -> None:
        """``deadline``: seconds one whole poll may take before it counts as failed."""
        self.host = host
        self.interval = interval
        self.deadline = deadline
        self.schedule = PollSchedule(interval, retry_after_cap=retry_after_cap)
        self._timer: Timer | None = None

    def arm(self, delay: float | None = None) -> None:
        """Poll after ``delay`` seconds (the interval by default), replacing a waiting poll."""
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.host.set_timer(self.interval if delay is None else delay, self.poll)

    def poll(self, force: bool = False) -> None:
        """Poll now in the background (a waiting poll or backoff is cancelled); ``force`` also
        refetches the current inbox."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.host.run_worker(self._poll(force), group="poll", exclusive=True, exit_on_error=False)

    async def _poll(self, force: bool) -> None:
        try:
            async with asyncio.timeout(self.deadline):
                await self._poll_once(force)
        except TimeoutError:
            delay = self.schedule.failure()
            log.warning("poll: no answer within %g s, next try in %.0f s", self.deadline, delay)
            self.host.set_connection(Connection(ConnectionState.OFFLINE, delay))
            self.arm(delay)

    async def _poll_once(self, force: bool) -> None:
        host = self.host
        if host.client is None or not host.is_agent:
            return
        try:
            channels = await host.client.list_channels()
        except AuthError:
            host.set_connection(Connection(ConnectionState.EXPIRED))
            return
        except Exception as exc:
            delay = self.schedule.failure(getattr(exc, "retry_after", None))
            offline = isinstance(exc, NetworkError)
            state = ConnectionState.OFFLINE if offline else ConnectionState.RETRYING
            host.set_connection(Connection(state, delay))
            if not isinstance(exc, LiveVoxError):
                log.error("poll failed", exc_info=exc)
            self.arm(delay)
            return
        host.set_connection(Connection(ConnectionState.CONNECTED))
        unread_before = {
            inbox_key(c): host.inbox_list.counts_of(c)[0] for c in host.inbox_list.channels
        }
        listed_unread = {t.thread_id for t in host.thread_list.threads if t.read is False}
        changed = self._apply_channels(channels)
        if changed:
            host.cache.channels_fetched(channels)
        current = host.current_channel
        refreshed = current is not None and (force or inbox_key(current) in changed)
        if refreshed:
            await self._refresh_current_inbox()
        elif host.current_thread is not None and host.current_thread.read is False:
            # A reply to a thread that is already unread changes no count: while the open
            # thread is unread (mark-read "reply", or within the dwell), ask for its newest page.
            await host.thread.append_new_messages(host.current_thread)
        if changed:
            self._tell_news(channels, unread_before, listed_unread if refreshed else None)
        if changed or force:
            await host.inboxes.load_summary()
        host.recheck_sends()  # sends still unknown are looked for again (none: nothing read)
        self.arm(self.schedule.success())

    def _tell_news(
        self,
        channels: list[Channel],
        unread_before: dict[str, int],
        listed_unread: set[str] | None,
    ) -> None:
        """Notify once when an inbox's unread count rose, unless the only new unread thread is
        the one open in a focused terminal. ``listed_unread``: the current inbox's unread rows
        before the poll, None when it was not refetched."""
        host = self.host
        notifier = host.notifier
        current = inbox_key(host.current_channel) if host.current_channel else None
        watched = host.current_thread.thread_id if host.current_thread and host.app_focus else None
        for channel in channels:
            key = inbox_key(channel)
            unread = channel.unread_count or 0
            if key not in unread_before or unread <= unread_before[key]:
                continue
            if not notifier.wants(personal=bool(channel.personal)):
                continue
            contact = None
            if key == current and listed_unread is not None:
                fresh = [
                    row
                    for row in host.thread_list.threads
                    if row.read is False
                    and row.thread_id not in listed_unread
                    and row.thread_id != watched
                ]
                if not fresh:
                    continue
                contacts = (row.thread.contact_info for row in fresh)
                names = (contact.display_name for contact in contacts if contact)
                contact = next((name for name in names if name), None)
            notifier.news(inbox_name(channel), unread, contact)
            return

    def _apply_channels(self, channels: list[Channel]) -> set[str]:
        """Take fresh counts; returns the inboxes whose counts changed. Equal counts touch no
        widget, so an idle poll repaints nothing."""
        inboxes = self.host.inbox_list
        if {inbox_key(c) for c in channels} != {inbox_key(c) for c in inboxes.channels}:
            inboxes.set_channels(channels)
            return {inbox_key(c) for c in channels}
        changed = set()
        for channel in channels:
            fresh = (channel.unread_count or 0, channel.total_count or 0)
            if inboxes.counts_of(channel) != fresh:
                changed.add(inbox_key(channel))
                inboxes.set_counts(channel, *fresh)
        return changed

    async def _refresh_current_inbox(self) -> None:
        host = self.host
        channel = host.current_channel
        highlighted = host.thread_list.highlighted
        keep = highlighted.thread_id if highlighted else None
        if channel is None or not await host.inboxes.show_inbox(channel, keep=keep):
            return
        opened = host.current_thread
        if opened is None:
            return
        index = host.thread_list.index_of(opened.thread_id)
        if index < 0:
            return
        row = host.thread_list.threads[index]
        # A row without a date says nothing of new messages: ask for its newest page.
        if row.last_activity is None or row.last_activity != opened.last_activity:
            fresh = row.thread
            host.current_thread = fresh
            await host.thread.append_new_messages(fresh)
            host.reads.schedule_mark_read(fresh)
