"""Role rules and malformed input."""

from __future__ import annotations

import pytest

AGENT_CALLS = [
    ("GET", "/sms/agent/interaction/counts/645836"),
    ("GET", "/sms/agent/channel"),
    ("GET", "/sms/agent/thread/details?channelId=94874&channel=SMS"),
    ("GET", "/agent/thread/details?channelId=94874&channel=SMS"),
    ("PUT", "/sms/agent/thread/switchGroup/public?threadId=56061000000"),
    ("PUT", "/sms/agent/thread/switchGroup/private?threadId=56061000000&channelId=645836"),
    ("GET", "/sms/agent/thread/transfer?threadId=56061000000&type=SMS&agentId=645835"),
    ("GET", "/sms/agent/search?threadId=56061000000"),
    ("POST", "/sms/agent/thread/resolve"),
    ("POST", "/sms/agent/message/send"),
    ("PUT", "/sms/agent/message/markAsRead?threadId=56061000000&channelId=645836"),
    ("GET", "/sms/agent/message/markAsUnread?threadId=56061000000&channelId=645836"),
    ("GET", "/sms/agent/messages?threadId=56061000000"),
    ("GET", "/callControl/agent/termCode?serviceId=94874"),
]


@pytest.mark.parametrize(("method", "path"), AGENT_CALLS)
async def test_agent_calls_refuse_a_user_session(http, world, user, method, path):
    owner = world.threads["56061000000"].owner_agent_id
    response = await http.request(method, path, headers=user, json={})
    assert response.status_code == 403
    assert response.json()["code"] == 403
    assert world.threads["56061000000"].owner_agent_id == owner and world.transfers == []


async def test_user_calls_work_for_a_user(http, user):
    assert (await http.get("/sms/templates", headers=user)).status_code == 200
    assert (await http.get("/sms/codes", headers=user)).status_code == 200


async def test_counts_of_another_agent_are_forbidden(http, agent):
    response = await http.get("/sms/agent/interaction/counts/645835", headers=agent)
    assert response.status_code == 403


async def test_another_agents_inbox_is_forbidden_and_unknown_inbox_is_404(http, agent):
    other = await http.get("/sms/agent/thread/details?channelId=645835&channel=SMS", headers=agent)
    unknown = await http.get("/sms/agent/thread/details?channelId=1&channel=SMS", headers=agent)
    assert (other.status_code, unknown.status_code) == (403, 404)


SEND = {"from": "53063", "to": "4154164061", "account": "1213", "body": {"message": "hi"}}


@pytest.mark.parametrize(
    ("who", "body", "fragment"),
    [
        ("agent", {**SEND, "serviceId": "94874"}, "serviceId"),
        ("agent", {k: v for k, v in SEND.items() if k != "account"}, "account"),
        ("user", SEND, "serviceId"),
        ("user", {**SEND, "serviceId": "1"}, "serviceId"),
        ("agent", {**SEND, "body": {"message": "hi", "templateId": 75870}}, "Exactly one"),
        ("agent", {**SEND, "body": {}}, "Exactly one"),
        ("agent", {**SEND, "body": "hi"}, "body"),
        ("agent", {**SEND, "body": {"templateId": 1}}, "template"),
        ("agent", {**SEND, "to": "not a phone"}, "phone"),
        ("agent", {**SEND, "from": 53063}, "from"),
    ],
)
async def test_send_sms_rules(http, world, agent, user, who, body, fragment):
    headers = agent if who == "agent" else user
    response = await http.post("/sms/", headers=headers, json=body)
    assert response.status_code == 400
    assert fragment.lower() in response.json()["message"].lower()
    assert world.sends == []


@pytest.mark.parametrize(
    ("method", "path", "content"),
    [
        ("POST", "/sms/agent/message/send", b"{not json"),
        ("POST", "/sms/agent/message/send", b"[1, 2]"),
        ("POST", "/sms/agent/message/send", b'{"fromNumber": "53063"}'),
        ("POST", "/sms/agent/thread/resolve", b""),
        ("POST", "/sms/agent/thread/resolve", b'{"threadId": true, "account": "1"}'),
        ("POST", "/sms/", b"\xff\xfe"),
        ("GET", "/sms/agent/thread/details?channel=SMS", b""),
        ("GET", "/sms/agent/thread/details?channelId=645836&channel=Fax", b""),
        ("GET", "/sms/agent/thread/details?channelId=645836&channel=SMS&personal=maybe", b""),
        ("GET", "/sms/agent/thread/details?channelId=645836&channel=SMS&pagination=x", b""),
        ("PUT", "/sms/agent/thread/switchGroup/public", b""),
        ("GET", "/sms/agent/thread/transfer?threadId=56061000000&type=SMS&agentId=abc", b""),
        ("GET", "/sms/agent/thread/transfer?threadId=56061000000&agentId=645835", b""),
        ("PUT", "/sms/agent/message/markAsRead?threadId=56061000000", b""),
        ("GET", "/callControl/agent/termCode", b""),
    ],
)
async def test_malformed_input_is_400_with_error_body(http, agent, method, path, content):
    response = await http.request(method, path, headers=agent, content=content)
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["code"] == 400 and body["message"]


async def test_unknown_path_and_wrong_method_answer_json_errors(http, agent):
    missing = await http.get("/sms/nothing-here", headers=agent)
    wrong = await http.delete("/sms/templates", headers=agent)
    assert (missing.status_code, missing.json()["code"]) == (404, 404)
    assert (wrong.status_code, wrong.json()["code"]) == (405, 405)


async def test_other_channel_types_list_empty(http, agent):
    response = await http.get(
        "/sms/agent/thread/details?channelId=645836&channel=Email", headers=agent
    )
    assert response.json() == []
