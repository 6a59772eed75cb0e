"""The send protocol around the outbox: write pending, call LiveVox once, record the outcome,
and settle an unknown outcome from the transaction history. It never calls send twice; nor does
the check, at the next start, of what an earlier run left unanswered."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, NotRequired, TypedDict, Unpack

from inbox_tui.livevox.errors import LiveVoxError, NetworkError, ProtocolError, ServerError
from inbox_tui.livevox.models import AgentSendResult, Message, SendSmsResult
from inbox_tui.store.outbox import OutboxEntry, OutboxState

if TYPE_CHECKING:
    from inbox_tui.store.store import Store

SendCall = Callable[[], Awaitable[AgentSendResult | SendSmsResult]]
HistoryCall = Callable[[], Awaitable[list[Message]]]
ThreadHistoryCall = Callable[[str], Awaitable[list[Message]]]

STOPPED_MID_SEND = "The app stopped before LiveVox answered."


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
    store: Store, entry: OutboxEntry, send: SendCall, fetch_history: HistoryCall | None = None
) -> OutboxEntry:
    """Run the request of a pending entry (new, or made by ``store.outbox.resend``) once, and
    return the entry in its final state."""
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
        return await _settle(store, entry, fetch_history)
    transaction_id = result.id if isinstance(result, AgentSendResult) else result.transaction_id
    return await asyncio.to_thread(outbox.mark_sent, entry.id, transaction_id)


async def _settle(
    store: Store, entry: OutboxEntry, fetch_history: HistoryCall | None
) -> OutboxEntry:
    if fetch_history is None:
        return entry
    try:
        history = await fetch_history()
    except (LiveVoxError, TimeoutError):
        return entry  # still unknown: the agent checks and resends if needed
    await asyncio.to_thread(store.outbox.reconcile, entry, history)
    return await asyncio.to_thread(store.outbox.get, entry.id)


async def settle_earlier_sends(
    store: Store, entries: list[OutboxEntry], fetch_history: ThreadHistoryCall
) -> list[OutboxEntry]:
    """At start, with what ``store.outbox.unresolved()`` listed before this run could send: a
    pending send may have gone out (the app stopped mid-request), so it becomes unknown; each is
    then looked for in its thread's history (``fetch_history(thread_id)``). Returns the sends
    still unconfirmed. It never sends."""
    unconfirmed = []
    for entry in entries:
        if entry.state is OutboxState.PENDING:
            entry = await asyncio.to_thread(store.outbox.mark_unknown, entry.id, STOPPED_MID_SEND)
        if entry.thread_id is not None:
            entry = await _settle(store, entry, functools.partial(fetch_history, entry.thread_id))
        if entry.state is OutboxState.UNKNOWN:
            unconfirmed.append(entry)
    return unconfirmed


class SendRequest(TypedDict):
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
    **request: Unpack[SendRequest],
) -> OutboxEntry:
    """Write the send down as pending, then :func:`complete_send` it."""
    entry = await asyncio.to_thread(functools.partial(store.outbox.begin, **request))
    return await complete_send(store, entry, send, fetch_history)
