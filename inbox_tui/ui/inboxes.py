"""The inboxes and their thread lists: the sidebar's channels and summary, the first page of an
inbox, further pages as the agent scrolls, and "next unread" across inboxes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from rich.text import Text
from textual.widgets import Static

from inbox_tui.ui.widgets.inbox_list import inbox_name
from inbox_tui.ui.widgets.thread_list import ThreadRow

if TYPE_CHECKING:
    from inbox_tui.livevox.client import LiveVoxClient
    from inbox_tui.livevox.models import Channel, ChannelCounts, Thread
    from inbox_tui.ui.cache_loader import InboxCache
    from inbox_tui.ui.local_store import LocalStore
    from inbox_tui.ui.open_thread import OpenThread
    from inbox_tui.ui.snippets import Snippets
    from inbox_tui.ui.widgets.inbox_list import InboxList
    from inbox_tui.ui.widgets.thread_list import ThreadList


class InboxesHost(Protocol):
    """What the inbox pages need of the app."""

    client: LiveVoxClient | None
    agent_id: str | None
    current_channel: Channel | None
    current_thread: Thread | None
    inbox_list: InboxList
    thread_list: ThreadList
    cache: InboxCache
    local: LocalStore
    thread: OpenThread
    snippets: Snippets

    def report(self, doing: str, exc: BaseException) -> None: ...
    def set_status(self, text: str, *, error: bool = False) -> None: ...
    def run_worker(self, work: object, **kwargs: object) -> object: ...
    def query_one(self, selector: str, expect_type: type[Static]) -> Static: ...
    def set_threads_title(self, title: str) -> None: ...


class Inboxes:
    """Loads channels, counts and thread pages into the sidebar and the thread list."""

    def __init__(self, host: InboxesHost, *, order: str = "oldest") -> None:
        self.host = host
        self.order = order
        """Where "next unread" goes: "oldest" (the unread thread waiting longest, across
        inboxes), "newest", or "down" (further down the list, then the next inboxes)."""
        self.pages = 0
        """Pages of the current inbox loaded."""

    async def load_inboxes(self) -> None:
        host = self.host
        try:
            channels = await host.client.list_channels()
        except Exception as exc:
            host.report("Loading inboxes", exc)
            return
        host.cache.channels_fetched(channels)
        host.inbox_list.set_channels(channels)
        await self.load_summary()
        channel = host.inbox_list.highlighted
        if channel is not None:
            await self.show_inbox(channel)

    async def load_summary(self) -> None:
        host = self.host
        try:
            counts = await host.client.channel_counts(host.agent_id)
        except Exception as exc:
            host.report("Loading the counts", exc)
            return
        host.query_one("#summary", Static).update(summary_text(counts))

    async def show_inbox(self, channel: Channel, *, keep: str | None = None) -> bool:
        """Fetch the first page of an inbox and show it; False when that failed."""
        host = self.host
        try:
            rows = await self._rows(channel, page=1)
        except Exception as exc:
            host.report(f"Loading {inbox_name(channel)}", exc)
            return False
        host.cache.threads_fetched(channel, rows, page=1)
        host.local.cache_replaced()
        changed_inbox = host.current_channel is None or (
            host.current_channel.channel_id != channel.channel_id
        )
        host.current_channel = channel
        if changed_inbox:
            self.pages = 1
            host.thread_list.set_threads(rows, has_more=bool(rows))
        else:
            # The rows loaded stay, and so do their pages: paging goes on after them.
            has_more = bool(rows) if self.pages == 1 else host.thread_list.has_more
            host.thread_list.refresh_first_page(rows, has_more=has_more, keep=keep)
        unread, total = host.inbox_list.counts_of(channel)
        title = f"THREADS {inbox_name(channel)} ({total}, {unread} unread)"
        host.set_threads_title(title)
        return True

    def select(self, channel: Channel) -> None:
        """Show ``channel``'s threads (in the background)."""
        self.host.run_worker(
            self.show_inbox(channel), group="threads", exclusive=True, exit_on_error=False
        )

    def load_more(self) -> None:
        """Append the next page of the current inbox (in the background)."""
        self.host.run_worker(
            self._load_more(), group="more-threads", exclusive=True, exit_on_error=False
        )

    async def _load_more(self) -> None:
        host = self.host
        channel = host.current_channel
        if channel is None:
            return
        try:
            rows = await self._rows(channel, page=self.pages + 1)
        except Exception as exc:
            host.report("Loading more threads", exc)
            return
        host.cache.threads_fetched(channel, rows, page=self.pages + 1)
        if channel == host.current_channel:
            self.pages += 1
            # A server that ignores the page number answers the same rows again: a page that
            # brings nothing new is the last, or the list would ask for pages forever.
            fresh = any(host.thread_list.index_of(row.thread_id) < 0 for row in rows)
            host.thread_list.append_threads(rows, has_more=fresh)

    def next_unread(self) -> None:
        self.host.run_worker(
            self._next_unread(), group="threads", exclusive=True, exit_on_error=False
        )

    async def _next_unread(self) -> None:
        if self.order == "down":
            await self._next_unread_down()
            return
        host = self.host
        candidates = await self._unread_candidates()
        if not candidates:
            host.set_status("No unread threads.")
            return
        dates = [t.last_activity or host.snippets.newest_date_of(t) for _, _, t in candidates]
        if all(date is not None for date in dates):
            choose = min if self.order == "oldest" else max
            pick = choose(range(len(candidates)), key=lambda i: dates[i])
        elif self.order == "newest":
            pick = 0
        else:
            # Rows without dates (the reference's) and no snippet for some: each list is
            # newest first, so the waiting longest is the last unread row of the first inbox.
            pick = max(i for i, c in enumerate(candidates) if c[0] == candidates[0][0])
        position, channel, thread = candidates[pick]
        if channel != host.current_channel:
            host.inbox_list.move_to(position, announce=False)
            if not await self.show_inbox(channel):
                return
        index = host.thread_list.index_of(thread.thread_id)
        if index >= 0:
            self.open_at(index)

    async def _rows(self, channel: Channel, *, page: int) -> list[ThreadRow]:
        """A page of an inbox, each thread made into its row as it is read."""
        return await self.host.client.list_threads_as(
            ThreadRow.of,
            channel.channel_id,
            channel.channel or "SMS",
            personal=channel.personal,
            page=page,
        )

    async def _unread_candidates(self) -> list[tuple[int, Channel, ThreadRow]]:
        """The unread threads (but the open one) of the first page of each inbox with unread
        messages, the current inbox first: (inbox position, inbox, thread)."""
        host = self.host
        opened = host.current_thread.thread_id if host.current_thread else None
        channels = host.inbox_list.channels
        here = host.inbox_list.cursor
        found: list[tuple[int, Channel, ThreadRow]] = []
        for step in range(len(channels)):
            position = (here + step) % len(channels)
            channel = channels[position]
            if channel == host.current_channel:
                rows = host.thread_list.threads
            elif host.inbox_list.counts_of(channel)[0] <= 0:
                continue
            else:
                try:
                    rows = await self._rows(channel, page=1)
                except Exception as exc:
                    host.report(f"Loading {inbox_name(channel)}", exc)
                    continue
            found += [
                (position, channel, r) for r in rows if r.read is False and r.thread_id != opened
            ]
        return found

    async def _next_unread_down(self) -> None:
        """Open the next unread thread: further down this inbox, then in the next inboxes."""
        host = self.host
        threads = host.thread_list.threads
        here = host.thread_list.highlighted
        opened = host.current_thread
        # The row under the cursor counts as next unless it is the thread already open.
        on_open = here is not None and opened is not None and here.thread_id == opened.thread_id
        start = host.thread_list.cursor + (1 if on_open else 0)
        for index in range(start, len(threads)):
            if threads[index].read is False:
                self.open_at(index)
                return
        channels = host.inbox_list.channels
        position_now = host.inbox_list.cursor
        for step in range(1, len(channels) + 1):
            position = (position_now + step) % len(channels)
            channel = channels[position]
            if host.inbox_list.counts_of(channel)[0] <= 0:
                continue
            host.inbox_list.move_to(position, announce=False)
            if not await self.show_inbox(channel):
                return
            for index, thread in enumerate(host.thread_list.threads):
                if thread.read is False:
                    self.open_at(index)
                    return
        host.set_status("No unread threads.")

    def open_at(self, index: int) -> None:
        """Put the cursor on row ``index`` of the thread list and open that thread."""
        host = self.host
        host.thread_list.move_to(index, announce=False)
        host.thread.show(host.thread_list.threads[index].thread)


def summary_text(counts: ChannelCounts) -> Text:
    """The personal SMS inbox in a few words, from the channel counts call."""
    unread = counts.count_of_unread_sms_threads_in_personal_inbox
    read = counts.count_of_read_sms_threads_in_personal_inbox
    active = counts.count_of_active_sms_threads_in_personal_inbox
    sent = counts.count_of_sms_interactions_sent
    parts = [
        f"{label} {value}"
        for label, value in (("unread", unread), ("read", read), ("active", active), ("sent", sent))
        if value is not None
    ]
    return Text("Personal SMS: " + (", ".join(parts) if parts else "no counts"))
