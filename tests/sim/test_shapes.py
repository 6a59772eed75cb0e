"""Every endpoint answers the keys and JSON types of the reference's examples."""

from __future__ import annotations

from typing import Any


def assert_like(actual: Any, expected: Any, where: str = "$") -> None:
    """``actual`` has every key of ``expected`` (recursively) with the same JSON type."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict), where
        for key, value in expected.items():
            assert key in actual, f"{where}.{key} missing"
            assert_like(actual[key], value, f"{where}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list), where
        assert actual, f"{where} is empty"
        for index, item in enumerate(actual):
            assert_like(item, expected[0], f"{where}[{index}]")
    elif isinstance(expected, bool) or expected is None:
        assert type(actual) is type(expected), f"{where}: {actual!r} vs {expected!r}"
    else:
        assert isinstance(actual, type(expected)) and not isinstance(actual, bool), (
            f"{where}: {actual!r} vs {expected!r}"
        )


def example_body(examples: dict[str, Any], title: str) -> Any:
    return examples[title]["response_body"]


def personal_thread(world):
    return world.inbox(owner=world.agent_id, service_id=None)[0]


async def test_templates_codes_and_channels(http, agent, examples):
    templates = (await http.get("/sms/templates", headers=agent)).json()
    assert_like(templates, example_body(examples, "List Templates"))
    assert any("description" not in t for t in templates["templates"])
    assert any(any(ord(ch) > 0xFFFF for ch in t["message"]) for t in templates["templates"])
    assert any("’" in t["message"] for t in templates["templates"])
    codes = (await http.get("/sms/codes", headers=agent)).json()
    assert_like(codes, example_body(examples, "List SMS Codes"))
    channels = (await http.get("/sms/agent/channel", headers=agent)).json()
    assert_like(channels, example_body(examples, "Get Channel List"))
    names = {(c["channel"], c["channelName"]) for c in channels}
    assert ("SMS", "Personal SMS") in names
    assert ("SMS", "Group - Collections Early Stage") in names
    assert {"Email", "Voicemail"} <= {c["channel"] for c in channels}


async def test_counts_have_exactly_the_example_keys(http, world, agent, examples):
    response = await http.get(f"/sms/agent/interaction/counts/{world.agent_id}", headers=agent)
    expected = example_body(examples, "Get Channel Counts")
    assert set(response.json()) == set(expected)
    assert_like(response.json(), expected)


async def test_thread_rows_as_in_the_example_request(http, world, agent, examples):
    request_line = examples["List Threads"]["request_line"].split()[1]
    response = await http.get(request_line, headers=agent)
    assert response.status_code == 200
    rows = response.json()
    assert_like(rows, example_body(examples, "List Threads"))
    row = rows[0]
    assert row["channel"] == "SMS" and row["serviceId"] == 94874
    assert row["direction"] in (1, 2) and isinstance(row["date"], int)
    assert row["interactionTimestamp"] == row["date"] > 1_000_000_000_000
    contact = row["contactInfo"]
    assert isinstance(contact["phoneDetails"], list)
    assert set(contact["phoneDetails"][0]) == {"number", "wireless", "dnc", "position"}
    assert isinstance(contact["firstName"], str) and isinstance(contact["state"], str)
    # The reference's method line (without /sms) is served too.
    other = await http.get(request_line.removeprefix("/sms"), headers=agent)
    assert other.json() == rows


async def test_history_rows_have_string_directions(http, world, agent, examples):
    thread = personal_thread(world)
    response = await http.get(
        "/sms/agent/messages/",
        params={"account": thread.account, "threadId": thread.thread_id},
        headers=agent,
    )
    rows = response.json()
    assert_like(rows, example_body(examples, "List Transaction History"))
    assert {r["direction"] for r in rows} <= {"1", "2"}
    assert all(r["threadId"] == thread.thread_id for r in rows)


async def test_send_results(http, world, agent, user, examples):
    thread = personal_thread(world)
    send = examples["Send an SMS"]["request_body"]
    body = {**send, "toNumber": thread.phone, "account": thread.account, "fromNumber": "53063"}
    agent_send = await http.post("/sms/agent/message/send", headers=agent, json=body)
    assert agent_send.status_code == 200
    assert_like(agent_send.json(), example_body(examples, "Send an SMS"))
    sms = {
        **examples["Send SMS"]["request_body"],
        "serviceId": "94874",
        "body": {"templateId": "75870"},
    }
    user_send = await http.post("/sms/", headers=user, json=sms)
    assert user_send.status_code == 200
    assert_like(user_send.json(), example_body(examples, "Send SMS"))


async def test_thread_actions_answer_as_the_examples(http, world, agent, examples):
    thread = personal_thread(world)
    tid = thread.thread_id
    search = await http.post(f"/sms/agent/search?threadId={tid}", headers=agent)
    assert_like(search.json(), example_body(examples, "List available Agents for Transfer"))
    search_get = await http.get(f"/sms/agent/search?threadId={tid}", headers=agent)
    assert search_get.json() == search.json()
    public = await http.put(f"/sms/agent/thread/switchGroup/public?threadId={tid}", headers=agent)
    assert (public.status_code, public.content) == (204, b"")
    private = await http.put(
        f"/sms/agent/thread/switchGroup/private?threadId={tid}&channelId={world.agent_id}",
        headers=agent,
    )
    assert (private.status_code, private.content) == (204, b"")
    for method in ("PUT", "GET"):
        unread = await http.request(
            method,
            "/sms/agent/message/markAsUnread",
            params={"threadId": tid, "channelId": thread.service_id},
            headers=agent,
        )
        assert unread.status_code == 204
    read = await http.put(
        f"/sms/agent/message/markAsRead?threadId={tid}&channelId={thread.service_id}",
        headers=agent,
    )
    assert read.status_code == 204
    target = next(a for a in world.agents if a != world.agent_id)
    transfer = await http.get(
        f"/sms/agent/thread/transfer?threadId={tid}&type=SMS&agentId={target}", headers=agent
    )
    assert transfer.json() == {"id": tid}
    resolve_body = {**examples["Resolve Thread"]["request_body"]}
    other = personal_thread(world)
    resolve_body.update(threadId=other.thread_id, account=other.account)
    resolve_body["agentEnteredAccount"] = other.account
    resolved = await http.post("/sms/agent/thread/resolve", headers=agent, json=resolve_body)
    assert (resolved.status_code, resolved.content) == (204, b"")


async def test_term_codes_in_both_shapes(http, world, agent):
    response = await http.get("/callControl/agent/termCode?serviceId=94874", headers=agent)
    categories = response.json()["termCodeCategories"]
    names = [c["name"] for c in categories]
    assert names == ["Right Party Contact", "Wrong Party", "Other"]
    code = categories[0]["termCodes"][0]
    assert code["name"] == "Promise to Pay" and isinstance(code["id"], str)
    assert set(code) == {
        "id",
        "name",
        "lvResultId",
        "lvResult",
        "reportDisplayOrder",
        "previewDialEnabled",
        "actionType",
        "paymentAmtRequired",
    }
    world.configure(termcode_shape="array")
    flat = (await http.get("/callControl/agent/termCode?serviceId=94874", headers=agent)).json()
    assert isinstance(flat, list)
    assert [c["id"] for c in flat] == [c["id"] for cat in categories for c in cat["termCodes"]]
