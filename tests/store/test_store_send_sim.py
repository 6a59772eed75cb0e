"""send_via_outbox against the simulator through the real client: one send per action, whatever
the network does."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from harness.store_factories import FixedClock

from inbox_tui.livevox.client import LiveVoxClient
from inbox_tui.send.outbox import STOPPED_MID_SEND, send_via_outbox, settle_earlier_sends
from inbox_tui.sim import SimConfig, World, create_app, sim_transport
from inbox_tui.store import OutboxState, Store

TEXT = "Hi, your payment plan is confirmed."


@pytest.fixture
def sim_config(request, clock: FixedClock) -> SimConfig:
    latency = getattr(request, "param", 0.0)
    return SimConfig(seed=7, threads=6, messages_per_thread=4, clock=clock, latency=latency)


@pytest.fixture
async def live(sim_config: SimConfig) -> AsyncIterator[tuple[World, LiveVoxClient]]:
    app = create_app(sim_config)
    world = app.state.world
    client = LiveVoxClient(
        "http://sim.test",
        access_token=world.credentials.access_token,
        client_code=world.credentials.client_code,
        user_name=world.credentials.agent_login,
        password=world.credentials.agent_password,
        transport=sim_transport(app),
    )
    async with client:
        await client.login()
        yield world, client


def sends(world: World) -> int:
    return sum(r.path.endswith("/message/send") or r.path.endswith("/sms/") for r in world.requests)


async def reply(store: Store, world: World, client: LiveVoxClient):
    thread = world.inbox(owner=world.agent_id, service_id=None)[0]

    async def send():
        return await client.send_message(
            from_number=thread.sms_code,
            to_number=thread.phone,
            message=TEXT,
            thread_id=thread.thread_id,
        )

    async def history():
        return await client.list_messages(thread_id=thread.thread_id)

    entry = await send_via_outbox(
        store,
        send,
        fetch_history=history,
        kind="agent",
        thread_id=thread.thread_id,
        to=thread.phone,
        from_=thread.sms_code,
        text=TEXT,
    )
    return entry, sends(world)


async def test_dropped_after_apply_is_settled_from_the_history(store, live) -> None:
    world, client = live
    world.inject_fault(drop_after_apply=True, path_contains="/message/send")
    entry, requests = await reply(store, world, client)
    assert requests == 1 and len(world.sends) == 1
    assert (entry.state, entry.transaction_id) == (OutboxState.SENT, world.sends[0].id)


async def test_a_server_error_stays_unknown_and_is_not_resent(store, live) -> None:
    world, client = live
    world.inject_fault(500, path_contains="/message/send")
    entry, requests = await reply(store, world, client)
    assert requests == 1 and world.sends == []
    assert entry.state is OutboxState.UNKNOWN
    assert store.outbox.unresolved() == [entry]


@pytest.mark.parametrize("sim_config", [0.05], indirect=True)
async def test_a_slow_send_is_sent_once(store, live) -> None:
    world, client = live
    entry, requests = await reply(store, world, client)
    assert requests == 1 and len(world.sends) == 1
    assert (entry.state, entry.transaction_id) == (OutboxState.SENT, world.sends[0].id)


def earlier_run(store: Store, world: World, *, thread: bool = True):
    """What a run that stopped mid-send left: a pending entry for a reply (or a new SMS)."""
    sim_thread = world.inbox(owner=world.agent_id, service_id=None)[0]
    entry = store.outbox.begin(
        "agent" if thread else "sms",
        sim_thread.thread_id if thread else None,
        sim_thread.phone,
        sim_thread.sms_code,
        TEXT,
    )
    return sim_thread, entry


def history_of(client: LiveVoxClient):
    async def fetch(thread_id: str):
        return await client.list_messages(thread_id=thread_id)

    return fetch


async def test_a_send_an_earlier_run_left_pending_is_found_in_the_history(store, live) -> None:
    world, client = live
    sim_thread, entry = earlier_run(store, world)
    # The request reached LiveVox before the app stopped.
    await client.send_message(
        from_number=sim_thread.sms_code,
        to_number=sim_thread.phone,
        message=TEXT,
        thread_id=sim_thread.thread_id,
    )
    sent = sends(world)
    report = await settle_earlier_sends(store, store.outbox.unresolved(), history_of(client))
    assert report.unconfirmed == [] and [e.id for e in report.sent] == [entry.id]
    settled = store.outbox.get(entry.id)
    assert (settled.state, settled.transaction_id) == (OutboxState.SENT, world.sends[0].id)
    assert sends(world) == sent and store.outbox.unresolved() == []


async def test_a_send_not_in_the_history_stays_unconfirmed_and_is_not_sent(store, live) -> None:
    world, client = live
    sim_thread, entry = earlier_run(store, world)
    report = await settle_earlier_sends(store, store.outbox.unresolved(), history_of(client))
    # The simulator's thread history is shorter than a page: it is all of it, so "not there".
    [unconfirmed] = report.not_there
    assert report.could_not_look == [] and report.sent == []
    assert (unconfirmed.id, unconfirmed.state) == (entry.id, OutboxState.UNKNOWN)
    assert unconfirmed.reason == STOPPED_MID_SEND
    history = [r for r in world.requests if r.query.get("threadId") == sim_thread.thread_id]
    assert len(history) == 1 and sends(world) == 0 and world.sends == []


async def test_a_new_sms_or_an_unreadable_history_stays_unconfirmed(store, live) -> None:
    world, client = live
    _, new_sms = earlier_run(store, world, thread=False)
    _, reply = earlier_run(store, world)
    world.inject_fault(500, path_contains="/sms/agent/messages", times=10)
    report = await settle_earlier_sends(store, store.outbox.unresolved(), history_of(client))
    unconfirmed = report.could_not_look
    assert [e.id for e in unconfirmed] == [new_sms.id, reply.id] == [e.id for e in report]
    assert report.not_there == [] and report.sent == []
    assert all(e.state is OutboxState.UNKNOWN for e in unconfirmed)
    assert sends(world) == 0
