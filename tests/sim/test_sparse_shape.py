"""``shape="sparse"``: optional fields may be missing or null, mandatory ones never are, and a
record looks the same every time it is listed."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

import httpx
from hypothesis import given, settings
from hypothesis import strategies as st

from inbox_tui.sim import SimConfig, create_app, sim_transport

START = datetime(2026, 3, 10, 15, 30, tzinfo=UTC)
MISSING = object()


async def listing(config: SimConfig) -> dict[str, Any]:
    """Every record kind the world lists: inboxes, histories, channels, templates, agents."""
    app = create_app(config)
    world = app.state.world
    async with httpx.AsyncClient(base_url="http://sim.test", transport=sim_transport(app)) as http:
        creds = world.credentials
        login = await http.post(
            "/session/login",
            headers={"LV-Access": creds.access_token},
            json={
                "clientName": creds.client_code,
                "userName": creds.agent_login,
                "password": creds.agent_password,
                "agent": True,
            },
        )
        agent = {"LV-Session": login.json()["sessionId"]}

        async def get(path: str, **params: str) -> Any:
            response = await http.get(path, params=params, headers=agent)
            assert response.status_code == 200, response.text
            return response.json()

        threads = []
        for channel_id in (world.agent_id, *world.services):
            threads += await get("/sms/agent/thread/details", channelId=channel_id, channel="SMS")
        messages = []
        for thread_id in sorted(world.threads):
            messages += await get("/sms/agent/messages", threadId=thread_id)
        some_thread = next(iter(world.threads))
        agents = await http.post(f"/sms/agent/search?threadId={some_thread}", headers=agent)
        return {
            "thread": threads,
            "message": messages,
            "channel": await get("/sms/agent/channel"),
            "template": (await get("/sms/templates"))["templates"],
            "transfer_agent": agents.json(),
            "again": await get(
                "/sms/agent/thread/details", channelId=world.agent_id, channel="SMS"
            ),
            "history_again": await get("/sms/agent/messages", threadId=some_thread),
        }


MANDATORY = {
    "thread": {"threadId", "channelId"},
    "message": {"id", "message", "phone"},
    "channel": {"channelId", "channel"},
    "template": {"id", "message", "smsCode", "optInFlag"},
    "transfer_agent": {"agentId", "loginId"},
}


def by_id(rows: list[dict[str, Any]], key: str) -> dict[Any, dict[str, Any]]:
    return {row[key]: row for row in rows}


@settings(max_examples=12, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**31))
def test_sparse_rows_keep_mandatory_fields_and_stay_stable(seed: int) -> None:
    knobs = {"seed": seed, "threads": 8, "messages_per_thread": 5, "clock": lambda: START}
    sparse = asyncio.run(listing(SimConfig(**knobs, shape="sparse")))
    rich = asyncio.run(listing(SimConfig(**knobs)))

    for kind, mandatory in MANDATORY.items():
        for row in sparse[kind]:
            assert all(row.get(key) is not None for key in mandatory), (kind, row)

    # Sparse only leaves out or nulls what the rich record has, and both happen in a world.
    optional_values = []
    for kind, key in (("thread", "threadId"), ("message", "id")):
        full = by_id(rich[kind], key)
        assert set(by_id(sparse[kind], key)) == set(full)
        for row in sparse[kind]:
            whole = full[row[key]]
            assert set(row) <= set(whole)
            for field, value in row.items():
                if value is not None and field != "contactInfo":
                    assert value == whole[field], (kind, field)
            optional_values += [row.get(name, MISSING) for name in whole if name not in row]
            optional_values += [row[name] for name in row if name not in MANDATORY[kind]]
    assert any(value is MISSING for value in optional_values)
    assert any(value is None for value in optional_values)
    history_keys = {"smsCode", "date", "status", "direction"}
    assert any(not history_keys <= set(row) for row in sparse["message"])
    assert any(row.get(name, 0) is None for row in sparse["message"] for name in history_keys)

    # Listed again, every row is the same.
    personal = [
        row for row in sparse["thread"] if row["channelId"] == sparse["again"][0]["channelId"]
    ]
    assert sparse["again"] == personal
    first_history = [
        row for row in sparse["message"] if row["id"] in by_id(sparse["history_again"], "id")
    ]
    assert sparse["history_again"] == first_history
