"""Injected and random faults: error statuses, rate limits, dropped connections, latency."""

from __future__ import annotations

import time

import httpx
import pytest

from inbox_tui.sim import SimConfig, create_app, sim_transport


def send_body(thread):
    return {
        "fromNumber": thread.sms_code,
        "toNumber": thread.phone,
        "message": "hello",
        "threadId": thread.thread_id,
    }


def a_personal_thread(world):
    return world.inbox(owner=world.agent_id, service_id=None)[0]


async def test_injected_status_answers_the_next_matching_calls_only(http, world, agent):
    world.inject_fault(503, path_contains="/sms/codes", times=2, retry_after=4)
    first = await http.get("/sms/codes", headers=agent)
    other_path = await http.get("/sms/templates", headers=agent)
    second = await http.get("/sms/codes", headers=agent)
    third = await http.get("/sms/codes", headers=agent)
    assert (first.status_code, second.status_code, third.status_code) == (503, 503, 200)
    assert first.json() == {"code": 503, "message": "Service unavailable."}
    assert first.headers["retry-after"] == "4"
    assert other_path.status_code == 200
    assert [r.status for r in world.requests[-4:]] == [503, 200, 503, 200]


async def test_injected_fault_matches_method_and_custom_body(http, world, agent):
    world.inject_fault(429, method="PUT", body={"code": 429, "message": "slow down"})
    thread = a_personal_thread(world)
    listed = await http.get("/sms/agent/channel", headers=agent)
    limited = await http.put(
        f"/sms/agent/thread/switchGroup/public?threadId={thread.thread_id}", headers=agent
    )
    assert listed.status_code == 200
    assert (limited.status_code, limited.json()) == (429, {"code": 429, "message": "slow down"})
    assert "retry-after" not in limited.headers
    assert thread.owner_agent_id == world.agent_id


async def test_drop_before_apply_is_a_read_error_and_nothing_happens(http, world, agent):
    thread = a_personal_thread(world)
    count = len(thread.messages)
    world.inject_fault(drop=True, path_contains="/message/send")
    with pytest.raises(httpx.ReadError):
        await http.post("/sms/agent/message/send", headers=agent, json=send_body(thread))
    assert world.sends == [] and len(thread.messages) == count
    assert world.requests[-1].dropped and world.requests[-1].status is None
    retry = await http.post("/sms/agent/message/send", headers=agent, json=send_body(thread))
    assert retry.status_code == 200 and len(world.sends) == 1


async def test_drop_after_apply_sends_but_the_client_never_hears(http, world, agent):
    thread = a_personal_thread(world)
    world.inject_fault(drop_after_apply=True, path_contains="/message/send")
    with pytest.raises(httpx.ReadError):
        await http.post("/sms/agent/message/send", headers=agent, json=send_body(thread))
    assert len(world.sends) == 1
    assert thread.messages[-1].id == world.sends[0].id
    assert world.requests[-1].dropped and world.requests[-1].status == 200


async def test_a_fault_needs_an_effect():
    world = create_app(SimConfig(threads=1)).state.world
    with pytest.raises(ValueError):
        world.inject_fault()


async def test_latency_knob_delays_each_call(clock):
    app = create_app(SimConfig(threads=2, latency=0.15, jitter=0.05, clock=clock))
    transport = sim_transport(app)
    async with httpx.AsyncClient(base_url="http://sim.test", transport=transport) as http:
        started = time.perf_counter()
        await http.get("/sms/codes")
        elapsed = time.perf_counter() - started
    assert 0.15 <= elapsed < 1.0


def make_client(**knobs) -> httpx.AsyncClient:
    app = create_app(SimConfig(seed=3, threads=2, **knobs))
    return httpx.AsyncClient(base_url="http://sim.test", transport=sim_transport(app))


async def test_random_rate_limits_carry_retry_after():
    http = make_client(rate_limit_rate=1.0, retry_after=2.5)
    async with http:
        response = await http.get("/sms/codes")
    assert response.status_code == 429
    assert response.headers["retry-after"] == "2.5"
    assert response.json()["code"] == 429


async def test_random_errors_and_drops_follow_their_rates():
    http = make_client(error_rate=0.5)
    async with http:
        statuses = [(await http.get("/sms/codes")).status_code for _ in range(60)]
    assert set(statuses) == {401, 500, 503}
    assert 15 <= sum(s != 401 for s in statuses) <= 45
    http = make_client(drop_rate=1.0)
    async with http:
        with pytest.raises(httpx.ReadError):
            await http.get("/sms/codes")


async def test_fail_path_answers_503_n_times_then_serves(http, world, agent):
    thread = a_personal_thread(world)
    world.fail_path("/sms/agent/messages", times=3)
    params = {"threadId": thread.thread_id}
    statuses = [
        (await http.get("/sms/agent/messages", params=params, headers=agent)).status_code
        for _ in range(4)
    ]
    assert statuses == [503, 503, 503, 200]
    other = await http.get("/sms/codes", headers=agent)
    assert other.status_code == 200


@pytest.mark.parametrize(
    "fault",
    [{"hold": 1.0, "status": 500}, {"hold": 1.0, "drop": True}, {"hold": 0}],
    ids=["with-status", "with-drop", "zero"],
)
def test_hold_takes_no_status_or_drop_and_a_positive_time(fault):
    world = create_app(SimConfig(threads=1)).state.world
    with pytest.raises(ValueError):
        world.inject_fault(**fault)
