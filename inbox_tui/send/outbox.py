"""The send protocol around the outbox: write pending, call LiveVox once, record the outcome,
and settle an unknown outcome from the transaction history. It never calls send twice; nor does
the check, at the next start, of what an earlier run left unanswered."""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, NotRequired, TypedDict, Unpack

from inbox_tui.livevox.errors import LiveVoxError, NetworkError, ProtocolError, ServerError
from inbox_tui.livevox.models import AgentSendResult, Message, SendSmsResult
from inbox_tui.store.outbox import HISTORY_PAGE_SIZE, OutboxEntry, OutboxState, covers

if TYPE_CHECKING:
    from inbox_tui.store.store import Store

SendCall = Callable[[], Awaitable[AgentSendResult | SendSmsResult]]
HistoryCall = Callable[[], Awaitable[list[Message]]]
ThreadHistoryCall = Callable[[str], Awaitable[list[Message]]]

STOPPED_MID_SEND = "The app stopped before LiveVox answered."

log = logging.getLogger(__name__)


class Settled(StrEnum):
    """What looking for an unknown send in its thread's history found."""

    SENT = "sent"
    """Found: the entry is now sent."""
    COULD_NOT_LOOK = "could_not_look"
    """The history could not be read (or there is no thread to read): the entry stays unknown."""
    NOT_COVERED = "not_covered"
    """The history was read but does not reach back to the send: the entry stays unknown."""
    NOT_THERE = "not_there"
    """The history was read, reaches back to the send, and lacks it: probably not sent. The
    entry stays unknown in the store; the caller may tell the agent and close it as failed."""


@dataclass
class SettleReport:
    """The outcome of :func:`settle_earlier_sends`, entry by entry as they now are.

    Iterating, ``len`` and truth go over :attr:`unconfirmed` (what the function returned before
    it returned a report), so old callers keep working."""

    sent: list[OutboxEntry] = field(default_factory=list)
    could_not_look: list[OutboxEntry] = field(default_factory=list)
    not_covered: list[OutboxEntry] = field(default_factory=list)
    not_there: list[OutboxEntry] = field(default_factory=list)

    @property
    def still_unknown(self) -> list[OutboxEntry]:
        """Sends nothing was learnt about: could not look, or the page did not reach back."""
        return self.could_not_look + self.not_covered

    @property
    def unconfirmed(self) -> list[OutboxEntry]:
        """Every send not found, in entry order (all still unknown in the store)."""
        return sorted(self.still_unknown + self.not_there, key=lambda entry: entry.id)

    def add(self, verdict: Settled, entry: OutboxEntry) -> None:
        {
            Settled.SENT: self.sent,
            Settled.COULD_NOT_LOOK: self.could_not_look,
            Settled.NOT_COVERED: self.not_covered,
            Settled.NOT_THERE: self.not_there,
        }[verdict].append(entry)

    def __iter__(self) -> Iterator[OutboxEntry]:
        return iter(self.unconfirmed)

    def __len__(self) -> int:
        return len(self.unconfirmed)

    def __bool__(self) -> bool:
        return bool(self.unconfirmed)


def outcome_of(error: BaseException) -> OutboxState:
    """FAILED when LiveVox surely did not send; UNKNOWN when the request may have got through.

    A 5xx or an unreadable answer can follow a send that LiveVox applied, so they count as
    unknown and are checked against the history rather than reported as failed.
    """
    if isinstance(error, NetworkError):
        return OutboxState.UNKNOWN if error.maybe_sent else OutboxState.FAILED
    if isinstance(error, ServerError | ProtocolError | TimeoutError):
        return OutboxState.UNKNOWN
    if isinstance(error, LiveVoxError):
        return OutboxState.FAILED
    return OutboxState.UNKNOWN


async def complete_send(
    store: Store,
    entry: OutboxEntry,
    send: SendCall,
    fetch_history: HistoryCall | None = None,
    *,
    report: SettleReport | None = None,
) -> OutboxEntry:
    """Run the request of a pending entry (new, or made by ``store.outbox.resend``) once, and
    return the entry in its final state. When the outcome was unknown and the history was
    looked at, ``report`` (if given) gets the entry under what was found."""
    outbox = store.outbox
    try:
        result = await send()
    except asyncio.CancelledError:
        # Cancelled mid-request: the send may have gone out. Record it before giving way.
        outbox.mark_unknown(entry.id, "The send was interrupted.")
        raise
    except Exception as error:
        state = outcome_of(error)
        if state is OutboxState.FAILED:
            return await asyncio.to_thread(outbox.mark_failed, entry.id, str(error))
        entry = await asyncio.to_thread(outbox.mark_unknown, entry.id, str(error))
        if not isinstance(error, LiveVoxError | TimeoutError):
            raise
        entry, verdict = await settle(store, entry, fetch_history)
        if report is not None:
            report.add(verdict, entry)
        return entry
    transaction_id = result.id if isinstance(result, AgentSendResult) else result.transaction_id
    # A late 200 wins even over an entry something else closed meanwhile (mark_sent allows it).
    return await asyncio.to_thread(outbox.mark_sent, entry.id, transaction_id)


async def settle(
    store: Store,
    entry: OutboxEntry,
    fetch_history: HistoryCall | None,
    *,
    page_size: int = HISTORY_PAGE_SIZE,
) -> tuple[OutboxEntry, Settled]:
    """Look for an unknown send in its thread's history (one read, never a send); return the
    entry as it now is and what was found. A read that fails leaves the entry unknown."""
    if fetch_history is None:
        return entry, Settled.COULD_NOT_LOOK
    try:
        history = await fetch_history()
    except asyncio.CancelledError:
        raise
    except Exception as error:  # any failure to read proves nothing about the send
        log.info("outbox entry %d: history not read (%s)", entry.id, type(error).__name__)
        return entry, Settled.COULD_NOT_LOOK
    if await asyncio.to_thread(store.outbox.reconcile, entry, history):
        return await asyncio.to_thread(store.outbox.get, entry.id), Settled.SENT
    entry = await asyncio.to_thread(store.outbox.get, entry.id)
    if entry.state is OutboxState.SENT:  # a late success settled it meanwhile
        return entry, Settled.SENT
    if covers(entry, history, page_size=page_size):
        return entry, Settled.NOT_THERE
    return entry, Settled.NOT_COVERED


async def settle_earlier_sends(
    store: Store,
    entries: list[OutboxEntry],
    fetch_history: ThreadHistoryCall,
    *,
    page_size: int = HISTORY_PAGE_SIZE,
) -> SettleReport:
    """At start, with what ``store.outbox.unresolved()`` listed before this run could send: a
    pending send may have gone out (the app stopped mid-request), so it becomes unknown; each is
    then looked for in its thread's history (``fetch_history(thread_id)``, the newest page of
    ``page_size`` messages). Returns a :class:`SettleReport`: sent, could not look, not covered
    (read but too short to tell) and not there. No entry is ever made failed here, and it never
    sends."""
    report = SettleReport()
    for entry in entries:
        if entry.state is OutboxState.PENDING:
            entry = await asyncio.to_thread(store.outbox.mark_unknown, entry.id, STOPPED_MID_SEND)
        history = (
            None if entry.thread_id is None else functools.partial(fetch_history, entry.thread_id)
        )
        entry, verdict = await settle(store, entry, history, page_size=page_size)
        report.add(verdict, entry)
    return report


class OutboxFields(TypedDict):
    """The fields of :meth:`Outbox.begin <inbox_tui.store.outbox.Outbox.begin>`."""

    kind: str
    thread_id: str | None
    to: str
    from_: str
    text: str | None
    account: NotRequired[str | None]
    template_id: NotRequired[str | None]


async def send_via_outbox(
    store: Store,
    send: SendCall,
    *,
    fetch_history: HistoryCall | None = None,
    report: SettleReport | None = None,
    **request: Unpack[OutboxFields],
) -> OutboxEntry:
    """Write the send down as pending, then :func:`complete_send` it."""
    entry = await asyncio.to_thread(functools.partial(store.outbox.begin, **request))
    return await complete_send(store, entry, send, fetch_history, report=report)
