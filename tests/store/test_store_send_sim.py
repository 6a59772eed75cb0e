"""send_via_outbox against the simulator through the real client: one send per action, whatever
the network does."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from store_factories import FixedClock

from inbox_tui.livevox.client import LiveVoxClient
from inbox_tui.sim import SimConfig, World, create_app, sim_transport
from inbox_tui.store import OutboxState, Store, send_via_outbox

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
    send_requests = [r for r in world.requests if r.path.endswith("/message/send")]
    return entry, len(send_requests)


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
