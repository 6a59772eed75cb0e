"""The outbox: written before the request, one request per action, unknown outcomes settled from
the history and never resent by themselves."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from harness.store_factories import NOW, FixedClock, make_message

from inbox_tui.livevox.errors import (
    AuthError,
    BadRequestError,
    ForbiddenError,
    NetworkError,
    ProtocolError,
    RateLimitedError,
    ServerError,
)
from inbox_tui.livevox.models import AgentSendResult, Message, SendSmsResult
from inbox_tui.send.outbox import complete_send, send_via_outbox
from inbox_tui.store import OutboxState, Store

TO = "4154164061"
FROM = "13345094836"
TEXT = "Your payment plan is set up."


def begin(store: Store, text: str = TEXT):
    return store.outbox.begin("agent", "t1", TO, FROM, text, "1213", None)


def outbound(message_id: str, text: str = TEXT, *, when=NOW, phone: str = "14154164061"):
    return make_message(message_id, text, when=when, direction=2, phone=phone)


def test_begin_writes_a_pending_entry_with_an_idempotency_key(store: Store) -> None:
    first, second = begin(store), begin(store)
    assert first.state is OutboxState.PENDING
    assert (first.to, first.from_, first.text, first.account) == (TO, FROM, TEXT, "1213")
    assert first.created_at == NOW
    assert len(first.idempotency_key) == 36 and first.idempotency_key != second.idempotency_key
    assert store.outbox.unresolved() == [first, second]


def test_transitions(store: Store, clock: FixedClock) -> None:
    sent, failed, unknown = begin(store), begin(store), begin(store)
    clock.advance(seconds=2)
    assert store.outbox.mark_sent(sent.id, "561").transaction_id == "561"
    assert store.outbox.mark_failed(failed.id, "refused").reason == "refused"
    now_unknown = store.outbox.mark_unknown(unknown.id, "connection dropped")
    assert (now_unknown.state, now_unknown.updated_at) == (
        OutboxState.UNKNOWN,
        NOW + timedelta(seconds=2),
    )
    assert store.outbox.unresolved() == [now_unknown]
    with pytest.raises(ValueError):
        store.outbox.mark_failed(sent.id, "too late")
    with pytest.raises(ValueError):
        store.outbox.mark_unknown(failed.id, "no")
    assert store.outbox.get(sent.id).state is OutboxState.SENT


def test_reconcile_finds_the_message_in_the_history(store: Store) -> None:
    entry = store.outbox.mark_unknown(begin(store, "Your  payment plan\nis set up.").id, "dropped")
    history = [
        make_message("900", TEXT, when=NOW),  # inbound: not ours
        outbound("901", "Something else"),
        outbound("902", TEXT, phone="14155550000"),  # another number
        outbound("903", TEXT, when=NOW - timedelta(minutes=10)),  # older than the entry
        outbound("904", TEXT, when=NOW + timedelta(seconds=3)),
    ]
    assert store.outbox.reconcile(entry, history) is True
    settled = store.outbox.get(entry.id)
    assert (settled.state, settled.transaction_id) == (OutboxState.SENT, "904")
    assert store.outbox.unresolved() == []


def test_reconcile_leaves_it_unknown_when_not_found(store: Store) -> None:
    entry = store.outbox.mark_unknown(begin(store).id, "dropped")
    assert store.outbox.reconcile(entry, [outbound("901", "Something else")]) is False
    assert store.outbox.get(entry.id).state is OutboxState.UNKNOWN


def test_reconcile_does_not_claim_a_message_another_entry_sent(store: Store) -> None:
    store.outbox.mark_sent(begin(store).id, "904")
    twin = store.outbox.mark_unknown(begin(store).id, "dropped")
    assert store.outbox.reconcile(twin, [outbound("904")]) is False


def test_resend_is_a_new_entry_linked_to_the_old(store: Store) -> None:
    old = store.outbox.mark_unknown(begin(store).id, "dropped")
    new = store.outbox.resend(old.id)
    assert (new.state, new.resend_of, new.text, new.to) == (OutboxState.PENDING, old.id, TEXT, TO)
    assert new.idempotency_key != old.idempotency_key
    assert store.outbox.unresolved() == [new]
    with pytest.raises(ValueError):
        store.outbox.resend(store.outbox.mark_sent(new.id, "1").id)


class FakeLiveVox:
    """A send callable that checks the pending row exists when it is called, then answers."""

    def __init__(self, store: Store, outcome: object, history: list[Message] = ()) -> None:
        self.store = store
        self.outcome = outcome
        self.history = list(history)
        self.sends = 0

    async def send(self) -> AgentSendResult:
        self.sends += 1
        [pending] = self.store.outbox.unresolved()
        assert (pending.state, pending.text) == (OutboxState.PENDING, TEXT)
        if isinstance(self.outcome, BaseException):
            raise self.outcome
        return self.outcome

    async def fetch_history(self) -> list[Message]:
        return self.history


async def send(store: Store, fake: FakeLiveVox):
    return await send_via_outbox(
        store,
        fake.send,
        fetch_history=fake.fetch_history,
        kind="agent",
        thread_id="t1",
        to=TO,
        from_=FROM,
        text=TEXT,
        account="1213",
    )


@pytest.mark.parametrize("answer", [AgentSendResult(id="777"), SendSmsResult(transaction_id="777")])
async def test_a_send_that_succeeds_is_sent(store: Store, answer) -> None:
    fake = FakeLiveVox(store, answer)
    entry = await send(store, fake)
    assert (entry.state, entry.transaction_id, fake.sends) == (OutboxState.SENT, "777", 1)


@pytest.mark.parametrize(
    "error",
    [
        BadRequestError(),
        ForbiddenError(),
        AuthError(),
        RateLimitedError(retry_after=3),
        NetworkError("refused", maybe_sent=False),
    ],
)
async def test_a_definite_error_is_failed(store: Store, error) -> None:
    fake = FakeLiveVox(store, error, history=[outbound("904")])
    entry = await send(store, fake)
    assert (entry.state, entry.reason, fake.sends) == (OutboxState.FAILED, str(error), 1)


@pytest.mark.parametrize(
    "error",
    [
        NetworkError("dropped", maybe_sent=True),
        TimeoutError(),
        ServerError(status=500),
        ProtocolError(),
    ],
)
async def test_an_unknown_outcome_found_in_the_history_is_sent(store: Store, error) -> None:
    fake = FakeLiveVox(store, error, history=[outbound("904")])
    entry = await send(store, fake)
    assert (entry.state, entry.transaction_id, fake.sends) == (OutboxState.SENT, "904", 1)


async def test_an_unknown_outcome_not_in_the_history_stays_unknown(store: Store) -> None:
    from inbox_tui.send.outbox import SettleReport

    fake = FakeLiveVox(store, NetworkError("dropped", maybe_sent=True), history=[])
    report = SettleReport()
    entry = await send_via_outbox(
        store,
        fake.send,
        fetch_history=fake.fetch_history,
        report=report,
        kind="agent",
        thread_id="t1",
        to=TO,
        from_=FROM,
        text=TEXT,
    )
    assert (entry.state, fake.sends) == (OutboxState.UNKNOWN, 1)
    assert store.outbox.unresolved() == [entry] == report.not_there


async def test_history_that_cannot_be_fetched_leaves_it_unknown(store: Store) -> None:
    fake = FakeLiveVox(store, NetworkError("dropped", maybe_sent=True))

    async def failing_history() -> list[Message]:
        raise ServerError(status=503)

    entry = await send_via_outbox(
        store,
        fake.send,
        fetch_history=failing_history,
        kind="agent",
        thread_id="t1",
        to=TO,
        from_=FROM,
        text=TEXT,
    )
    assert (entry.state, fake.sends) == (OutboxState.UNKNOWN, 1)


async def test_a_cancelled_send_is_recorded_unknown(store: Store) -> None:
    started = asyncio.Event()

    async def hanging() -> AgentSendResult:
        started.set()
        await asyncio.Event().wait()
        raise AssertionError("not reached")

    task = asyncio.create_task(
        send_via_outbox(store, hanging, kind="agent", thread_id="t1", to=TO, from_=FROM, text=TEXT)
    )
    await started.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    [entry] = store.outbox.unresolved()
    assert entry.state is OutboxState.UNKNOWN


async def test_a_resend_runs_once_for_the_new_entry(store: Store) -> None:
    old = store.outbox.mark_unknown(begin(store).id, "dropped")
    fake = FakeLiveVox(store, AgentSendResult(id="778"))
    new = await complete_send(store, store.outbox.resend(old.id), fake.send)
    assert (new.state, new.resend_of, fake.sends) == (OutboxState.SENT, old.id, 1)
    assert store.outbox.get(old.id).state is OutboxState.UNKNOWN
    assert store.outbox.unresolved() == []


# Issue 11.1: "unknown" is not "failed".


def undated(message_id: str, text: str = TEXT, *, direction: str | None = None) -> Message:
    data = {"id": message_id, "message": text, "phone": "+1 415 416 4061"}
    if direction is not None:
        data["direction"] = direction
    return Message.model_validate(data)


@pytest.mark.parametrize("direction", [None, "OUTBOUND", "7"])
def test_reconcile_finds_a_message_without_date_or_direction(store: Store, direction) -> None:
    entry = store.outbox.mark_unknown(begin(store).id, "dropped")
    assert store.outbox.reconcile(entry, [undated("905", direction=direction)]) is True
    assert store.outbox.get(entry.id).transaction_id == "905"


def test_reconcile_never_takes_an_inbound_message_nor_an_old_one(store: Store) -> None:
    entry = store.outbox.mark_unknown(begin(store).id, "dropped")
    old_undirected = make_message("906", TEXT, when=NOW - timedelta(minutes=3), direction=0)
    history = [undated("905", direction="INBOUND"), old_undirected]
    assert store.outbox.reconcile(entry, history) is False
    assert store.outbox.get(entry.id).state is OutboxState.UNKNOWN


def test_reconcile_prefers_a_dated_message_and_skips_claimed_ones(store: Store) -> None:
    store.outbox.mark_sent(begin(store).id, "905")
    entry = store.outbox.mark_unknown(begin(store).id, "dropped")
    history = [undated("905"), undated("907"), outbound("908", when=NOW + timedelta(seconds=5))]
    assert store.outbox.reconcile(entry, history) is True
    assert store.outbox.get(entry.id).transaction_id == "908"


def test_covers_needs_the_whole_history_or_an_older_dated_message(store: Store) -> None:
    from inbox_tui.store.outbox import RECONCILE_SKEW, covers

    entry = begin(store)
    page = [outbound(str(i), "other", when=NOW + timedelta(seconds=i)) for i in range(25)]
    assert covers(entry, page[:24])  # shorter than a page: the whole history
    assert covers(entry, [])
    assert not covers(entry, page)  # a full page, all newer than the send
    assert not covers(entry, [undated(str(i), "x") for i in range(25)])  # no dates at all
    older = outbound("99", "other", when=NOW - RECONCILE_SKEW - timedelta(seconds=1))
    assert covers(entry, [*page[:24], older])
    at_edge = outbound("98", "other", when=NOW - RECONCILE_SKEW)
    assert not covers(entry, [*page[:24], at_edge])
    assert covers(entry, page, page_size=30)


@pytest.mark.parametrize("before", ["failed", "unknown"])
def test_a_late_success_wins_and_is_audited(store: Store, before: str) -> None:
    entry = begin(store)
    if before == "failed":
        store.outbox.mark_failed(entry.id, "given back")
    else:
        store.outbox.mark_unknown(entry.id, "dropped")
    sent = store.outbox.mark_sent(entry.id, "909")
    assert (sent.state, sent.transaction_id, sent.thread_id, sent.text) == (
        OutboxState.SENT,
        "909",
        "t1",
        TEXT,
    )
    [row] = store.audit_entries()
    assert (row.action, row.thread_id, row.outcome) == ("send_settled", "t1", "sent")
    assert row.details == {
        "outbox_id": entry.id,
        "old_state": before,
        "new_state": "sent",
        "transaction_id": "909",
    }
    # The same success told twice is no error and no second row.
    assert store.outbox.mark_sent(entry.id, "909") == sent
    assert len(store.audit_entries()) == 1


def test_a_success_from_pending_is_not_audited_as_settled(store: Store) -> None:
    store.outbox.mark_sent(begin(store).id, "910")
    assert store.audit_entries() == []


async def test_a_late_200_after_failure_wins(store: Store) -> None:
    entry = begin(store)

    async def late() -> AgentSendResult:
        store.outbox.mark_failed(entry.id, "closed meanwhile")
        return AgentSendResult(id="911")

    done = await complete_send(store, entry, late)
    assert (done.state, done.transaction_id) == (OutboxState.SENT, "911")


async def test_settle_reports_sent_could_not_look_and_not_there(store: Store) -> None:
    from inbox_tui.send.outbox import settle_earlier_sends

    found = begin(store)
    missing = begin(store, "A text LiveVox never got.")
    unreadable = store.outbox.begin("agent", "t2", TO, FROM, TEXT)
    short = store.outbox.begin("agent", "t3", TO, FROM, TEXT)
    no_thread = store.outbox.begin("sms", None, TO, FROM, TEXT)
    full_page = [
        outbound(str(100 + i), "other", when=NOW + timedelta(seconds=i)) for i in range(25)
    ]

    async def history(thread_id: str) -> list[Message]:
        if thread_id == "t2":
            raise ServerError(status=503)
        if thread_id == "t3":
            return full_page
        return [outbound("904")]

    report = await settle_earlier_sends(store, store.outbox.unresolved(), history)
    assert [e.id for e in report.sent] == [found.id]
    assert [e.id for e in report.could_not_look] == [unreadable.id, no_thread.id]
    assert [e.id for e in report.not_covered] == [short.id]
    assert [e.id for e in report.not_there] == [missing.id]
    assert [e.id for e in report] == [missing.id, unreadable.id, short.id, no_thread.id]
    # Nothing was closed as failed: the store only ever learns "unknown" from a history.
    states = {e.id: store.outbox.get(e.id).state for e in report}
    assert set(states.values()) == {OutboxState.UNKNOWN}


async def test_a_history_that_fails_any_way_leaves_it_unknown(store: Store) -> None:
    from inbox_tui.send.outbox import settle_earlier_sends

    entry = begin(store)

    async def broken(thread_id: str) -> list[Message]:
        raise OSError("socket closed")

    report = await settle_earlier_sends(store, [entry], broken)
    assert [e.state for e in report.could_not_look] == [OutboxState.UNKNOWN]
