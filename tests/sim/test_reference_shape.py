"""``shape="reference"``: every answer has exactly the keys and JSON types of the reference's
example for its endpoint; ``history_order`` orders a page of the history."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from inbox_tui.sim import SimConfig, World, create_app, sim_transport
from inbox_tui.sim.shapes import EXAMPLE_KEYS


def signature(value: Any) -> Any:
    """Keys and JSON types, recursively; a list is the set of its items' signatures."""
    if isinstance(value, dict):
        return ("object", frozenset((key, signature(item)) for key, item in value.items()))
    if isinstance(value, list):
        return ("array", frozenset(signature(item) for item in value))
    return type(value).__name__


@pytest.fixture
def config(clock) -> SimConfig:
    return SimConfig(
        seed=7, threads=40, messages_per_thread=12, page_size=10, clock=clock, shape="reference"
    )


def personal(world: World):
    return world.inbox(owner=world.agent_id, service_id=None)[0]


def in_group(world: World):
    return next(t for t in world.threads.values() if t.owner_agent_id is None)


Call = Callable[[httpx.AsyncClient, World, dict[str, str], dict[str, str], dict], Awaitable[Any]]


def _send_sms(http, world, agent, user, example):
    body = {**example["request_body"], "serviceId": "94874", "body": {"templateId": "75870"}}
    return http.post("/sms/", headers=user, json=body)


def _send_message(http, world, agent, user, example):
    thread = personal(world)
    body = {**example["request_body"], "toNumber": thread.phone, "account": thread.account}
    return http.post("/sms/agent/message/send", headers=agent, json=body)


def _resolve(http, world, agent, user, example):
    thread = personal(world)
    body = {"threadId": thread.thread_id, "account": thread.account}
    body["agentEnteredAccount"] = thread.account
    return http.post("/sms/agent/thread/resolve", headers=agent, json=body)


def _history(http, world, agent, user, example):
    thread = personal(world)
    params = {"account": thread.account, "threadId": thread.thread_id}
    return http.get("/sms/agent/messages/", params=params, headers=agent)


# Each example's call, made on the simulated world (ids of that world instead of the example's).
CALLS: dict[str, Call] = {
    "List Templates": lambda http, w, agent, u, e: http.get("/sms/templates", headers=agent),
    "Send SMS": _send_sms,
    "List SMS Codes": lambda http, w, agent, u, e: http.get("/sms/codes", headers=agent),
    "Get Channel Counts": lambda http, w, agent, u, e: http.get(
        f"/sms/agent/interaction/counts/{w.agent_id}", headers=agent
    ),
    "Get Channel List": lambda http, w, agent, u, e: http.get("/sms/agent/channel", headers=agent),
    "List Threads": lambda http, w, agent, u, e: http.get(
        e["request_line"].split()[1], headers=agent
    ),
    "Assign Thread to Group Inbox": lambda http, w, agent, u, e: http.put(
        f"/sms/agent/thread/switchGroup/public?threadId={personal(w).thread_id}", headers=agent
    ),
    "Assign Thread to Personal Inbox": lambda http, w, agent, u, e: http.put(
        "/sms/agent/thread/switchGroup/private",
        params={"threadId": in_group(w).thread_id, "channelId": w.agent_id},
        headers=agent,
    ),
    "Transfer the Thread": lambda http, w, agent, u, e: http.get(
        "/sms/agent/thread/transfer",
        params={"threadId": personal(w).thread_id, "type": "SMS", "agentId": "645835"},
        headers=agent,
    ),
    "List available Agents for Transfer": lambda http, w, agent, u, e: http.post(
        f"/sms/agent/search?threadId={personal(w).thread_id}", headers=agent
    ),
    "Resolve Thread": _resolve,
    "Send an SMS": _send_message,
    "Mark Message as Read": lambda http, w, agent, u, e: http.put(
        "/sms/agent/message/markAsRead",
        params={"threadId": personal(w).thread_id, "channelId": w.agent_id},
        headers=agent,
    ),
    "Mark Message as Unread": lambda http, w, agent, u, e: http.get(
        "/sms/agent/message/markAsUnread",
        params={"threadId": personal(w).thread_id, "channelId": w.agent_id},
        headers=agent,
    ),
    "List Transaction History": _history,
}


def test_every_example_has_a_call(examples):
    assert set(CALLS) == set(examples)


@pytest.mark.parametrize("title", sorted(CALLS))
async def test_answer_has_exactly_the_example_keys_and_types(
    title, http, world, agent, user, examples
):
    example = examples[title]
    response = await CALLS[title](http, world, agent, user, example)
    assert response.status_code == int(example["response_status"].split()[0]), response.text
    if example["response_body"] is None:
        assert response.content == b""
    else:
        assert signature(response.json()) == signature(example["response_body"])


RECORDS = {
    "template": ("List Templates", lambda body: body["templates"]),
    "sms_code": ("List SMS Codes", lambda body: body["listSmsCodes"]),
    "counts": ("Get Channel Counts", lambda body: [body]),
    "channel": ("Get Channel List", lambda body: body),
    "thread": ("List Threads", lambda body: body),
    "transfer_agent": ("List available Agents for Transfer", lambda body: body),
    "message": ("List Transaction History", lambda body: body),
}


@pytest.mark.parametrize("kind", sorted(EXAMPLE_KEYS))
def test_hard_coded_key_sets_are_the_examples(kind, examples):
    title, records = RECORDS[kind]
    rows = records(examples[title]["response_body"])
    assert set(EXAMPLE_KEYS[kind]) == {key for row in rows for key in row}
    assert EXAMPLE_KEYS[kind] == tuple(max(rows, key=len))


async def test_thread_rows_name_the_customer_in_to_and_no_direction(http, world, agent):
    response = await http.get(
        "/sms/agent/thread/details",
        params={"channelId": world.agent_id, "channel": "SMS"},
        headers=agent,
    )
    rows = response.json()
    assert len(rows) == 10
    for row in rows:
        thread = world.threads[row["threadId"]]
        assert row["to"] == thread.phone
        assert row["direction"] == 0
        assert row["serviceId"] == int(thread.service_id)
        assert row["account"] == thread.account and row["read"] is thread.read


async def test_history_rows_are_the_thread_messages(http, world, agent):
    thread = personal(world)
    response = await http.get(
        "/sms/agent/messages", params={"threadId": thread.thread_id}, headers=agent
    )
    newest = sorted(thread.messages, key=lambda m: (m.date_ms, m.id), reverse=True)
    assert [(r["id"], r["message"], r["direction"]) for r in response.json()] == [
        (m.id, m.text, str(m.direction)) for m in newest[:10]
    ]


# -- history order -----------------------------------------------------------------------------


async def history_ids(http, world, agent, thread_id: str, page: int) -> list[str]:
    response = await http.get(
        "/sms/agent/messages",
        params={"threadId": thread_id, "pagination": str(page)},
        headers=agent,
    )
    assert response.status_code == 200
    return [row["id"] for row in response.json()]


async def test_history_order_orders_each_page_of_the_newest_first_history(http, world, agent):
    thread = personal(world)
    newest = [m.id for m in sorted(thread.messages, key=lambda m: m.date_ms, reverse=True)]
    pages = {}
    for order in ("newest", "oldest", "shuffled"):
        world.configure(history_order=order)
        pages[order] = [await history_ids(http, world, agent, thread.thread_id, p) for p in (1, 2)]
    assert pages["newest"] == [newest[:10], newest[10:]]
    assert pages["oldest"] == [newest[:10][::-1], newest[10:][::-1]]
    for shuffled, expected in zip(pages["shuffled"], pages["newest"], strict=True):
        assert sorted(shuffled) == sorted(expected)
    assert pages["shuffled"][0] not in (newest[:10], newest[:10][::-1])
    # The same page comes back in the same order.
    assert await history_ids(http, world, agent, thread.thread_id, 1) == pages["shuffled"][0]


async def shuffled_page(seed: int, login) -> list[str]:
    app = create_app(SimConfig(seed=seed, threads=12, page_size=10, history_order="shuffled"))
    world = app.state.world
    async with httpx.AsyncClient(base_url="http://sim.test", transport=sim_transport(app)) as http:
        agent = await login(http, world)
        return await history_ids(http, world, agent, personal(world).thread_id, 1)


async def test_shuffled_history_is_deterministic_per_seed(login):
    first, again, other = [await shuffled_page(seed, login) for seed in (7, 7, 8)]
    assert first == again
    assert other != first
