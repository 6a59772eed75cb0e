"""The seeded world: determinism, variety, scale, and customer replies."""

from __future__ import annotations

import asyncio
import json
import time

import pytest

from inbox_tui.sim import SimConfig, SimError, create_app, reply_loop
from inbox_tui.sim.catalog import HELP_TEXTS, OPT_OUT_TEXTS


def make_world(clock, **knobs):
    return create_app(SimConfig(clock=clock, **knobs)).state.world


def test_same_seed_and_clock_give_an_identical_world(clock):
    first = make_world(clock, seed=11, threads=60)
    second = make_world(clock, seed=11, threads=60)
    # Histories are made on first access: reading them in another order changes nothing.
    for thread_id in reversed(list(second.threads)):
        second.threads[thread_id].messages  # noqa: B018
    assert json.dumps(first.snapshot()) == json.dumps(second.snapshot())
    other = make_world(clock, seed=12, threads=60)
    assert json.dumps(other.snapshot()) != json.dumps(first.snapshot())


def test_dates_are_relative_to_the_clock(clock):
    world = make_world(clock, threads=30)
    now_ms = int(clock().timestamp() * 1000)
    for thread in world.threads.values():
        dates = [m.date_ms for m in thread.messages]
        assert dates == sorted(dates) and dates[-1] == thread.last_ms <= now_ms
        assert now_ms - dates[-1] <= 31 * 86_400_000
        assert thread.messages[-1].direction == thread.last_direction
    clock.advance(3600)
    later = make_world(clock, threads=30)
    first_id = next(iter(world.threads))
    assert later.threads[first_id].last_ms == world.threads[first_id].last_ms + 3_600_000


def test_contacts_and_texts_cover_what_the_ui_must_handle(clock):
    world = make_world(clock, threads=300)
    contacts = [t.contact for t in world.threads.values()]
    area_codes = {c["phoneDetails"][0]["number"][1:4] for c in contacts}
    assert {"212", "415", "312", "303", "907", "808"} <= area_codes
    area_state = {"212": "NY", "415": "CA", "312": "IL", "303": "CO", "907": "AK", "808": "HI"}
    mismatched = [
        c
        for c in contacts
        if c["phoneDetails"][0]["number"][1:4] in area_state
        and area_state[c["phoneDetails"][0]["number"][1:4]] != c["state"]
    ]
    assert mismatched
    assert any(p["dnc"] for c in contacts for p in c["phoneDetails"])
    assert any(c["doNotDial"] for c in contacts) and any(c["doNotDialDaily"] for c in contacts)
    assert any(not c["smsOptInStatus"] for c in contacts)
    assert 0 < sum("ssn" in c for c in contacts) < len(contacts)
    assert 0 < sum("dob" in c for c in contacts) < len(contacts)
    assert all(c["zipCode"] and c["firstName"] and c["lastName"] for c in contacts)
    personal = world.inbox(owner=world.agent_id, service_id=None)
    last_texts = {t.messages[-1].text for t in personal}
    assert {"STOP", "please stop texting me"} <= last_texts
    assert any("[bold]" in text for text in last_texts)
    assert any("\x1b[2J" in text for text in last_texts)
    all_texts = {m.text for t in world.threads.values() for m in t.messages}
    assert any("[@click=app.quit]" in text for text in all_texts)
    assert "HELP" in all_texts
    assert {m.direction for t in world.threads.values() for m in t.messages} == {1, 2}
    owners = {t.owner_agent_id for t in world.threads.values()}
    assert None in owners and world.agent_id in owners and len(owners) > 3


def test_a_hundred_thousand_threads_build_fast(clock):
    started = time.perf_counter()
    world = make_world(clock, threads=100_000)
    built = time.perf_counter() - started
    started = time.perf_counter()
    page = world.inbox(owner=world.agent_id, service_id=None)[:25]
    listed = time.perf_counter() - started
    print(f"\n100,000-thread world built in {built:.2f} s; personal inbox sorted in {listed:.3f} s")
    assert len(world.threads) == 100_000 and len(page) == 25
    assert built < 10
    assert listed < 2


def test_customer_reply_is_deterministic_from_the_seed(clock):
    first, second = make_world(clock, threads=50), make_world(clock, threads=50)
    a = [(m.thread_id, m.text) for m in (first.customer_reply() for _ in range(20))]
    b = [(m.thread_id, m.text) for m in (second.customer_reply() for _ in range(20))]
    assert a == b and len({tid for tid, _ in a}) > 5
    texts = [first.customer_reply().text for _ in range(300)]
    assert set(OPT_OUT_TEXTS) & set(texts) and set(HELP_TEXTS) & set(texts)


def test_customer_reply_reopens_a_resolved_thread_in_the_group(clock):
    world = make_world(clock, threads=20)
    thread = world.inbox(owner=world.agent_id, service_id=None)[0]
    world.resolve(
        thread.thread_id,
        world.agent_id,
        account=thread.account,
        agent_entered_account=thread.account,
        term_code_id=None,
    )
    world.customer_reply(thread.thread_id, "one more thing")
    assert not thread.resolved and thread.owner_agent_id is None and not thread.read
    assert thread in world.inbox(owner=None, service_id=thread.service_id)


async def test_reply_loop_delivers_inbound_messages(clock):
    world = make_world(clock, threads=10)
    arrived = asyncio.Event()
    replies: list[str] = []

    def on_change(event: str, thread_id: str | None) -> None:
        if event == "reply" and thread_id:
            replies.append(thread_id)
            arrived.set()

    world.add_listener(on_change)
    task = asyncio.create_task(reply_loop(world, 0.01))
    try:
        await asyncio.wait_for(arrived.wait(), timeout=5)
    finally:
        task.cancel()
    thread = world.threads[replies[0]]
    assert thread.messages[-1].direction == 1 and thread.read is False
    assert thread.owner_agent_id in (None, world.agent_id)


def test_customer_reply_on_unknown_thread_is_refused(clock):
    world = make_world(clock, threads=3)
    with pytest.raises(SimError) as refused:
        world.customer_reply("1", "hi")
    assert refused.value.status == 404


async def test_wait_until_wakes_on_a_change(clock):
    world = make_world(clock, threads=5)
    thread_id = next(iter(world.threads))

    async def reply_later() -> None:
        await asyncio.sleep(0)
        world.customer_reply(thread_id, "later")

    task = asyncio.create_task(reply_later())
    await world.wait_until(lambda: world.threads[thread_id].messages[-1].text == "later")
    await task
    with pytest.raises(TimeoutError):
        await world.wait_until(lambda: False, timeout=0.05)


async def test_configure_changes_knobs_of_a_running_world(http, world, agent, clock):
    world.configure(session_ttl=60, page_size=3)
    rows = await http.get(
        f"/sms/agent/thread/details?channelId={world.agent_id}&channel=SMS", headers=agent
    )
    assert len(rows.json()) == 3
    clock.advance(61)
    assert (await http.get("/sms/codes", headers=agent)).status_code == 401
