"""Each endpoint against the reference's own examples: the request the client sends, the models
it returns.

Endpoint -> tests (in this file unless a file is named):

  POST /session/login
      test_session.py::test_first_call_logs_in_lazily_with_the_documented_body
      test_session.py::test_expired_session_logs_in_once_and_retries_once
      test_sim.py::test_login_and_logout_over_the_simulator
      test_sim.py::test_wrong_password_is_an_auth_error
      test_sim.py::test_expired_session_is_renewed_once
  DELETE /session/logout/<sessionId>
      test_session.py::test_logout_deletes_the_session_and_forgets_it
      test_sim.py::test_login_and_logout_over_the_simulator
  GET /sms/templates
      test_request_matches_example[List Templates]
      test_sim.py::test_sms_reads_and_sends_for_agent_and_user
  POST /sms/
      test_request_matches_example[Send SMS]
      test_agent_send_sms_with_a_text_has_no_service_id
      test_sim.py::test_sms_reads_and_sends_for_agent_and_user
  GET /sms/codes
      test_request_matches_example[List SMS Codes]
      test_sim.py::test_sms_reads_and_sends_for_agent_and_user
  GET /sms/agent/interaction/counts/{agentId}
      test_request_matches_example[Get Channel Counts]
      test_own_agent_id_comes_from_the_login
      test_sim.py::test_inbox_reads_match_the_world
  GET /sms/agent/channel
      test_request_matches_example[Get Channel List]
      test_sim.py::test_inbox_reads_match_the_world
  GET /sms/agent/thread/details
      test_request_matches_example[List Threads]
      test_list_threads_leaves_out_what_was_not_given
      test_sim.py::test_inbox_reads_match_the_world
  PUT /sms/agent/thread/switchGroup/public
      test_request_matches_example[Assign Thread to Group Inbox]
      test_sim.py::test_thread_actions_change_the_world
  PUT /sms/agent/thread/switchGroup/private
      test_request_matches_example[Assign Thread to Personal Inbox]
      test_own_agent_id_comes_from_the_login
      test_sim.py::test_thread_actions_change_the_world
  GET /sms/agent/thread/transfer
      test_request_matches_example[Transfer the Thread]
      test_sim.py::test_thread_actions_change_the_world
  GET (POST on 405) /sms/agent/search
      test_request_matches_example[List available Agents for Transfer]
      test_retries.py::test_405_falls_back_to_the_example_method_once_and_remembers
      test_sim.py::test_thread_actions_change_the_world
  POST /sms/agent/thread/resolve
      test_request_matches_example[Resolve Thread]
      test_resolve_sends_term_code_and_entered_account
      test_sim.py::test_resolve_with_a_term_code
  POST /sms/agent/message/send
      test_request_matches_example[Send an SMS]
      test_send_message_in_a_thread_with_a_template
      test_sim.py::test_thread_actions_change_the_world
      test_sim.py::test_real_http_round_trip
  PUT /sms/agent/message/markAsRead
      test_request_matches_example[Mark Message as Read]
      test_sim.py::test_thread_actions_change_the_world
  PUT (GET on 405) /sms/agent/message/markAsUnread
      test_request_matches_example[Mark Message as Unread]
      test_retries.py::test_mark_unread_falls_back_to_get
      test_sim.py::test_mark_unread_falls_back_to_get_on_405
  GET /sms/agent/messages
      test_request_matches_example[List Transaction History]
      test_sim.py::test_inbox_reads_match_the_world
  GET /callControl/agent/termCode
      test_term_codes_accept_categories_or_a_plain_array
      test_sim.py::test_resolve_with_a_term_code
      test_sim.py::test_term_codes_as_a_plain_array
  every endpoint with api_version set
      test_versioned_paths
      test_sim.py::test_versioned_paths_reach_the_simulator

Every example's response also parses into the models: test_seed_example_parses.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest
from pydantic import TypeAdapter

from inbox_tui.livevox import models as m
from inbox_tui.livevox.client import LiveVoxClient

from .scripted import AGENT_ID, ScriptedLiveVox, load_seed_examples

Drive = Callable[[LiveVoxClient], Awaitable[Any]]

# The example's values, fed to the method that should produce the example's request.
DRIVERS: dict[str, Drive] = {
    "List Templates": lambda c: c.list_templates(),
    "Send SMS": lambda c: c.send_sms(
        from_code="53063",
        to="4154164061",
        service_id="100915",
        template_id="74257",
        account="13213",
    ),
    "List SMS Codes": lambda c: c.list_sms_codes(),
    "Get Channel Counts": lambda c: c.channel_counts("645836"),
    "Get Channel List": lambda c: c.list_channels(),
    "List Threads": lambda c: c.list_threads("94874", "SMS", personal=True, page=1),
    "Assign Thread to Group Inbox": lambda c: c.assign_to_group("56047165976"),
    "Assign Thread to Personal Inbox": lambda c: c.take_to_personal("56047165976", "795963"),
    "Transfer the Thread": lambda c: c.transfer_thread("56047165976", "645835", "SMS"),
    "List available Agents for Transfer": lambda c: c.list_transfer_agents("56070705625"),
    "Resolve Thread": lambda c: c.resolve_thread("56061444734", account="1213"),
    "Send an SMS": lambda c: c.send_message(
        from_number="13345094836",
        to_number="4154164061",
        message="API SMS Test sent by agent 2023-03-13T04:16:08.108Z",
        account="1213",
    ),
    "Mark Message as Read": lambda c: c.mark_read("1229998286752", "150321"),
    "Mark Message as Unread": lambda c: c.mark_unread("56070705625", "94874"),
    "List Transaction History": lambda c: c.list_messages(account="1213", thread_id="56061444434"),
}

# Examples whose method contradicts the method line: the client tries the line's method first.
METHOD_LINE = {"List available Agents for Transfer": "GET", "Mark Message as Unread": "PUT"}
# Only the user login sends ``serviceId`` (the example is a user's request).
USER_EXAMPLES = {"Send SMS"}

RESPONSE_TYPES: dict[str, Any] = {
    "List Templates": m.TemplateList,
    "Send SMS": m.SendSmsResult,
    "List SMS Codes": m.SmsCodeList,
    "Get Channel Counts": m.ChannelCounts,
    "Get Channel List": list[m.Channel],
    "List Threads": list[m.Thread],
    "Transfer the Thread": m.TransferResult,
    "List available Agents for Transfer": list[m.TransferAgent],
    "Send an SMS": m.AgentSendResult,
    "List Transaction History": list[m.Message],
}


def split_request_line(line: str) -> tuple[str, str, list[tuple[str, str]]]:
    method, target = line.split()
    url = urlsplit(target)
    return method, url.path, parse_qsl(url.query)


def test_drivers_cover_every_example() -> None:
    assert set(DRIVERS) == set(load_seed_examples())


@pytest.mark.parametrize("title", sorted(RESPONSE_TYPES))
def test_seed_example_parses(title: str) -> None:
    body = load_seed_examples()[title]["response_body"]
    parsed = TypeAdapter(RESPONSE_TYPES[title]).validate_python(body)
    assert parsed


def test_seed_examples_read_as_documented() -> None:
    seed = load_seed_examples()
    templates = m.TemplateList.model_validate(seed["List Templates"]["response_body"]).templates
    assert [t.id for t in templates] == ["75870", "75959"]
    assert m.SendSmsResult.model_validate(seed["Send SMS"]["response_body"]).transaction_id == (
        "51644325690"
    )
    counts = m.ChannelCounts.model_validate(seed["Get Channel Counts"]["response_body"])
    assert counts.count_of_unread_sms_threads_in_personal_inbox == 1
    assert counts.count_of_read_message_interactions_in_personal_inbox == 0
    threads = TypeAdapter(list[m.Thread]).validate_python(seed["List Threads"]["response_body"])
    assert threads[0].channel_type == "SMS" and threads[0].service_id == "94874"
    transfer = m.TransferResult.model_validate(seed["Transfer the Thread"]["response_body"])
    assert transfer.id == "56047165976"
    history = TypeAdapter(list[m.Message]).validate_python(
        seed["List Transaction History"]["response_body"]
    )
    assert history[0].direction is m.Direction.OUTBOUND
    assert history[2].direction is m.Direction.INBOUND
    assert history[0].date == datetime(2022, 10, 20, 11, 2, 33, tzinfo=UTC)


@pytest.mark.parametrize("title", sorted(DRIVERS))
async def test_request_matches_example(title: str, make_client) -> None:
    example = load_seed_examples()[title]
    method, path, query = split_request_line(example["request_line"])
    if title == "List Transaction History":
        path = path.rstrip("/")  # the example adds a slash the method line does not have
    status = int(example["response_status"].split()[0])

    def answer(request: httpx.Request) -> httpx.Response:
        if request.method != method:
            return httpx.Response(405, json={"code": 405, "message": "Method not supported"})
        if example["response_body"] is None:
            return httpx.Response(status)
        return httpx.Response(status, json=example["response_body"])

    lv = ScriptedLiveVox(answer)
    client = make_client(agent=title not in USER_EXAMPLES, transport=httpx.MockTransport(lv))
    result = await DRIVERS[title](client)

    sent = lv.calls[-1]
    assert sent.method == method
    assert sent.url.path == path
    assert parse_qsl(sent.url.query.decode()) == query
    expected_body = example["request_body"]
    assert (json.loads(sent.content) if sent.content else None) == expected_body
    assert [r.method for r in lv.calls] == (
        [METHOD_LINE[title], method] if title in METHOD_LINE else [method]
    )
    if title in RESPONSE_TYPES:
        expected = TypeAdapter(RESPONSE_TYPES[title]).validate_python(example["response_body"])
        wrapped = {"List Templates": "templates", "List SMS Codes": "list_sms_codes"}
        assert result == (getattr(expected, wrapped[title]) if title in wrapped else expected)
    else:
        assert result is None


async def test_every_call_carries_access_token_and_session(make_client, lv) -> None:
    client = make_client()
    await client.list_channels()
    await client.mark_read("1", "2")
    login, *calls = lv.requests
    assert login.headers["LV-Access"] == "tok-SECRET-4f1c"
    assert "LV-Session" not in login.headers
    for request in calls:
        assert request.headers["LV-Access"] == "tok-SECRET-4f1c"
        assert request.headers["LV-Session"] == "sess-SECRET-0001"


async def test_own_agent_id_comes_from_the_login(make_client, lv) -> None:
    lv.default = httpx.Response(200, json={})
    client = make_client()
    assert client.agent_id is None
    await client.channel_counts()
    await client.take_to_personal("77")
    assert client.agent_id == AGENT_ID
    counts, personal = lv.calls
    assert counts.url.path == f"/sms/agent/interaction/counts/{AGENT_ID}"
    assert dict(personal.url.params) == {"threadId": "77", "channelId": AGENT_ID}


async def test_list_threads_leaves_out_what_was_not_given(make_client, lv) -> None:
    lv.default = httpx.Response(200, json=[])
    client = make_client()
    assert await client.list_threads("94874") == []
    assert await client.list_threads("94874", "Email", personal=False, page=3) == []
    first, second = lv.calls
    assert list(first.url.params.multi_items()) == [("channelId", "94874"), ("channel", "SMS")]
    assert list(second.url.params.multi_items()) == [
        ("channelId", "94874"),
        ("personal", "false"),
        ("channel", "Email"),
        ("pagination", "3"),
    ]


async def test_resolve_sends_term_code_and_entered_account(make_client, lv) -> None:
    client = make_client()
    await client.resolve_thread(
        "56061444734", account="1213", agent_entered_account="1213-B", term_code_id="9001"
    )
    assert json.loads(lv.calls[0].content) == {
        "threadId": "56061444734",
        "account": "1213",
        "agentEnteredAccount": "1213-B",
        "termCodeId": "9001",
    }


async def test_send_message_in_a_thread_with_a_template(make_client, lv) -> None:
    lv.default = httpx.Response(200, json={"id": "56284272387"})
    client = make_client()
    result = await client.send_message(
        from_number="+1 (334) 509-4836",
        to_number="415.416.4061",
        message="Hi",
        thread_id="56061444434",
        template_id="75870",
    )
    assert result.id == "56284272387"
    assert json.loads(lv.calls[0].content) == {
        "fromNumber": "13345094836",
        "toNumber": "4154164061",
        "message": "Hi",
        "threadId": "56061444434",
        "templateId": "75870",
    }


async def test_agent_send_sms_with_a_text_has_no_service_id(make_client, lv) -> None:
    lv.default = httpx.Response(200, json={"transactionId": 51644325690})
    client = make_client()
    result = await client.send_sms(from_code="53063", to="4154164061", message="Hi", account="9")
    assert result.transaction_id == "51644325690"
    assert json.loads(lv.calls[0].content) == {
        "from": "53063",
        "to": "4154164061",
        "body": {"message": "Hi"},
        "account": "9",
    }


TERM_CODES = [
    {"id": "11", "name": "Paid", "lvResultId": "1", "reportDisplayOrder": 1},
    {"id": "12", "name": "Promise", "actionType": "RPC_WITH_PAYMENT"},
]


@pytest.mark.parametrize(
    "body",
    [{"termCodeCategories": [{"name": "Outcome", "termCodes": TERM_CODES}]}, TERM_CODES],
    ids=["categories", "plain-array"],
)
async def test_term_codes_accept_categories_or_a_plain_array(make_client, lv, body) -> None:
    lv.default = httpx.Response(200, json=body)
    categories = await make_client().list_term_codes("94874")
    assert len(categories) == 1
    assert [code.name for code in categories[0].term_codes] == ["Paid", "Promise"]
    assert categories[0].name == ("Outcome" if isinstance(body, dict) else "")
    request = lv.calls[0]
    assert (request.method, request.url.path) == ("GET", "/callControl/agent/termCode")
    assert dict(request.url.params) == {"serviceId": "94874"}


VERSIONED_CALLS: list[tuple[Drive, str]] = [
    (lambda c: c.list_templates(), "/sms/v6.0/templates"),
    (lambda c: c.list_sms_codes(), "/sms/v6.0/codes"),
    (
        lambda c: c.send_sms(from_code="1", to="2", message="x", account="3"),
        "/sms/v6.0/",
    ),
    (lambda c: c.channel_counts("7"), "/sms/v6.0/agent/interaction/counts/7"),
    (lambda c: c.list_channels(), "/sms/v6.0/agent/channel"),
    (lambda c: c.list_threads("7"), "/sms/v6.0/agent/thread/details"),
    (lambda c: c.assign_to_group("8"), "/sms/v6.0/agent/thread/switchGroup/public"),
    (lambda c: c.take_to_personal("8", "7"), "/sms/v6.0/agent/thread/switchGroup/private"),
    (lambda c: c.transfer_thread("8", "7"), "/sms/v6.0/agent/thread/transfer"),
    (lambda c: c.list_transfer_agents("8"), "/sms/v6.0/agent/search"),
    (lambda c: c.resolve_thread("8", account="1"), "/sms/v6.0/agent/thread/resolve"),
    (
        lambda c: c.send_message(from_number="1", to_number="2", message="x"),
        "/sms/v6.0/agent/message/send",
    ),
    (lambda c: c.mark_read("8", "7"), "/sms/v6.0/agent/message/markAsRead"),
    (lambda c: c.mark_unread("8", "7"), "/sms/v6.0/agent/message/markAsUnread"),
    (lambda c: c.list_messages(thread_id="8"), "/sms/v6.0/agent/messages"),
    (lambda c: c.list_term_codes("9"), "/callControl/v6.0/agent/termCode"),
]


@pytest.mark.parametrize("version", ["6.0", "v6.0", "6"])
async def test_versioned_paths(make_client, version: str) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if request.method == "PUT" or path.endswith("/resolve"):
            return httpx.Response(204)
        if path.endswith(("/templates", "/codes", "/counts/7", "/termCode")):
            return httpx.Response(200, json={})
        if path.endswith(("/", "/send", "/transfer")):
            return httpx.Response(200, json={"id": "1", "transactionId": "1"})
        return httpx.Response(200, json=[])

    lv = ScriptedLiveVox(answer)
    client = make_client(api_version=version, transport=httpx.MockTransport(lv))
    for drive, _ in VERSIONED_CALLS:
        await drive(client)
    await client.logout()
    login, *calls, logout = lv.requests
    assert login.url.path == "/session/v6.0/login"
    assert [r.url.path for r in calls] == [path for _, path in VERSIONED_CALLS]
    assert logout.url.path == "/session/v6.0/logout/sess-SECRET-0001"
