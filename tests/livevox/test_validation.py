"""Inputs are checked before anything goes on the wire (not even a login)."""

from __future__ import annotations

import json

import httpx
import pytest

from inbox_tui.livevox.errors import ForbiddenError, InvalidRequestError

from .scripted import CALLS

BAD_CALLS = {
    "message and template": lambda c: c.send_sms(
        from_code="53063", to="4154164061", message="hi", template_id="1", account="9"
    ),
    "neither message nor template": lambda c: c.send_sms(
        from_code="53063", to="4154164061", message="  ", account="9"
    ),
    "agent with service id": lambda c: c.send_sms(
        from_code="53063", to="4154164061", message="hi", account="9", service_id="100915"
    ),
    "agent sms without account": lambda c: c.send_sms(
        from_code="53063", to="4154164061", message="hi"
    ),
    "no digits in to": lambda c: c.send_sms(from_code="53063", to="call me", message="hi"),
    "no digits in from code": lambda c: c.send_sms(from_code="", to="4154164061", message="hi"),
    "empty thread id": lambda c: c.assign_to_group(" "),
    "empty personal thread id": lambda c: c.take_to_personal("", "7"),
    "empty transfer agent": lambda c: c.transfer_thread("1", ""),
    "empty search thread": lambda c: c.list_transfer_agents(""),
    "resolve without account": lambda c: c.resolve_thread("1", account=""),
    "resolve with empty thread": lambda c: c.resolve_thread("", account="1"),
    "empty reply": lambda c: c.send_message(from_number="1", to_number="2", message=" \n"),
    "reply to no number": lambda c: c.send_message(from_number="1", to_number="+", message="x"),
    "mark read without channel": lambda c: c.mark_read("1", ""),
    "mark unread without thread": lambda c: c.mark_unread("", "1"),
    "messages of nothing": lambda c: c.list_messages(),
    "page zero": lambda c: c.list_messages(thread_id="1", page=0),
    "threads without channel id": lambda c: c.list_threads(""),
    "term codes without service": lambda c: c.list_term_codes(""),
    "counts of an empty agent": lambda c: c.channel_counts(""),
}


@pytest.mark.parametrize("name", sorted(BAD_CALLS))
async def test_bad_input_is_refused_before_any_request(make_client, lv, name: str) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        await BAD_CALLS[name](make_client())
    assert lv.requests == []
    assert caught.value.message and caught.value.status is None


async def test_refusal_names_what_is_wrong(make_client) -> None:
    client = make_client()
    with pytest.raises(InvalidRequestError, match="service_id"):
        await make_client(agent=False).send_sms(from_code="1", to="2", message="x")
    with pytest.raises(InvalidRequestError, match="exactly one"):
        await client.send_sms(from_code="1", to="2", account="9")
    with pytest.raises(InvalidRequestError, match="account"):
        await client.resolve_thread("1", account=" ")


# Users may read templates and codes and send SMS; everything else is for agents.
AGENT_ONLY = {
    name: call
    for name, call in CALLS.items()
    if name not in {"list_templates", "send_sms", "list_sms_codes"}
}


@pytest.mark.parametrize("name", sorted(AGENT_ONLY))
async def test_user_login_may_not_call_agent_methods(make_client, lv, name: str) -> None:
    with pytest.raises(ForbiddenError, match="Only an agent can"):
        await AGENT_ONLY[name](make_client(agent=False))
    assert lv.requests == []


async def test_user_login_may_use_templates_codes_and_send_sms(make_client, lv) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            return httpx.Response(200, json={"transactionId": 5})
        return httpx.Response(200, json={})

    lv.default = answer
    client = make_client(agent=False)
    assert await client.list_templates() == []
    assert await client.list_sms_codes() == []
    sent = await client.send_sms(
        from_code="53063", to="+1 415 416 4061", template_id=" 74257 ", service_id="100915"
    )
    assert sent.transaction_id == "5"
    assert json.loads(lv.calls[-1].content) == {
        "from": "53063",
        "to": "14154164061",
        "serviceId": "100915",
        "body": {"templateId": "74257"},
    }
