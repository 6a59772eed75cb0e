"""The reference's 15 example answers, replayed verbatim through the real client: the models
it returns from exactly what LiveVox documents (thread rows without ``from``, contact or date)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from inbox_tui.livevox import models as m

from .scripted import EXAMPLES_DIR, ScriptedLiveVox, load_seed_examples

SHARED = EXAMPLES_DIR.parents[2].parent / "shared/livevox/seed-examples.json"


def replaying(title: str) -> ScriptedLiveVox:
    """A LiveVox that logs in and answers every call with the example's status and body."""
    example = load_seed_examples()[title]
    status = int(example["response_status"].split()[0])
    body = example["response_body"]

    def answer(_request: httpx.Request) -> httpx.Response:
        if body is None:
            return httpx.Response(status)
        return httpx.Response(status, content=json.dumps(body).encode())

    return ScriptedLiveVox(answer)


async def replay(make_client, title: str, call, *, agent: bool = True) -> Any:
    client = make_client(agent=agent, transport=httpx.MockTransport(replaying(title)))
    return await call(client)


def test_fixtures_are_the_shared_examples_verbatim() -> None:
    if not SHARED.exists():
        pytest.skip(f"no shared examples at {SHARED}")
    shared = json.loads(SHARED.read_text())
    assert load_seed_examples() == shared


def test_fifteen_examples() -> None:
    assert len(load_seed_examples()) == 15


async def test_list_threads_rows_carry_only_what_the_example_has(make_client) -> None:
    threads = await replay(make_client, "List Threads", lambda c: c.list_threads("94874"))
    assert [t.thread_id for t in threads] == ["56061444434", "56047165976", "56047127816"]
    for thread in threads:
        assert thread.to == "14154164061"
        assert thread.from_ is None and thread.contact_info is None
        assert thread.direction is m.Direction.UNKNOWN
        assert thread.customer_number == "14154164061"
        assert thread.service_id == "94874" and thread.channel_type == "SMS"
        assert thread.account == "1213" and thread.read is True and thread.replied is True
        assert thread.file_size == 0 and thread.details == ""
        assert thread.channel_id is None and thread.last_activity is None


async def test_history_messages_parse_every_field(make_client) -> None:
    messages = await replay(
        make_client,
        "List Transaction History",
        lambda c: c.list_messages(account="1213", thread_id="56061444434"),
    )
    assert len(messages) == 10
    first, third = messages[0], messages[2]
    assert first.id == "56061451356"
    assert first.sms_code == "13345094836" and first.phone == "14154164061"
    assert first.date == datetime(2022, 10, 20, 11, 2, 33, tzinfo=UTC)
    assert first.direction is m.Direction.OUTBOUND and first.status == "SMS MT Delivered"
    assert (third.message, third.direction) == ("Okay", m.Direction.INBOUND)
    assert all(message.thread_id is None for message in messages)


async def test_templates_codes_and_sends(make_client) -> None:
    templates = await replay(make_client, "List Templates", lambda c: c.list_templates())
    assert [(t.id, t.description) for t in templates] == [
        ("75870", None),
        ("75959", "sms_blast"),
    ]
    assert templates[0].sms_code == "53063" and templates[0].opt_in_flag is False
    codes = await replay(make_client, "List SMS Codes", lambda c: c.list_sms_codes())
    assert [(c.code, c.description) for c in codes] == [("14159174458", "Long_Code")]
    sent = await replay(
        make_client,
        "Send SMS",
        lambda c: c.send_sms(from_code="53063", to="4154164061", service_id="1", template_id="7"),
        agent=False,
    )
    assert sent.transaction_id == "51644325690"
    reply = await replay(
        make_client,
        "Send an SMS",
        lambda c: c.send_message(from_number="13345094836", to_number="4154164061", message="x"),
    )
    assert reply.id == "56284272387"


async def test_channels_and_counts(make_client) -> None:
    channels = await replay(make_client, "Get Channel List", lambda c: c.list_channels())
    assert [(c.channel, c.channel_id, c.personal) for c in channels[:3]] == [
        ("Email", "645836", True),
        ("Voicemail", "9900001014", True),
        ("Voicemail", "9900001147", False),
    ]
    assert channels[0].channel_name == "Personal Email" and channels[0].total_count == 1
    counts = await replay(make_client, "Get Channel Counts", lambda c: c.channel_counts("645836"))
    assert counts.count_of_email_interactions_sent == 3
    assert counts.count_of_read_email_threads_in_personal_inbox == 11
    assert counts.count_of_unread_sms_threads_in_personal_inbox == 1
    assert counts.count_of_read_sms_threads_in_personal_inbox == 2
    assert counts.count_of_active_email_threads_in_personal_inbox == 1
    assert counts.count_of_unread_message_interactions_in_personal_inbox == 0


async def test_transfer_and_its_agents(make_client) -> None:
    agents = await replay(
        make_client,
        "List available Agents for Transfer",
        lambda c: c.list_transfer_agents("56070705625"),
    )
    assert [(a.agent_id, a.login_id, a.is_ready) for a in agents] == [
        ("645835", "KAVYA", False),
        ("795963", "APITEST1", False),
        ("689581", "KAVYA3", True),
        ("689579", "KAVYA1", True),
    ]
    moved = await replay(
        make_client,
        "Transfer the Thread",
        lambda c: c.transfer_thread("56047165976", "645835"),
    )
    assert moved.id == "56047165976"


@pytest.mark.parametrize(
    ("title", "call"),
    [
        ("Assign Thread to Group Inbox", lambda c: c.assign_to_group("56047165976")),
        (
            "Assign Thread to Personal Inbox",
            lambda c: c.take_to_personal("56047165976", "795963"),
        ),
        ("Resolve Thread", lambda c: c.resolve_thread("56061444734", account="1213")),
        ("Mark Message as Read", lambda c: c.mark_read("1229998286752", "150321")),
        ("Mark Message as Unread", lambda c: c.mark_unread("56070705625", "94874")),
    ],
)
async def test_no_content_answers_return_none(make_client, title, call) -> None:
    assert await replay(make_client, title, call) is None


# The term-code answer NOTES.md gives (not one of the 15 examples), and the plain array one
# public source describes instead.
TERM_CODE = {
    "id": "9101",
    "name": "Promise to Pay",
    "lvResultId": "901",
    "lvResult": "PTP",
    "reportDisplayOrder": 1,
    "previewDialEnabled": False,
    "actionType": "RPC_WITH_PAYMENT",
    "paymentAmtRequired": False,
}


@pytest.mark.parametrize(
    "body",
    [
        {"termCodeCategories": [{"name": "Right Party Contact", "termCodes": [TERM_CODE]}]},
        [TERM_CODE],
    ],
    ids=["categories", "plain-array"],
)
async def test_term_codes_in_both_shapes(make_client, lv, body) -> None:
    lv.default = httpx.Response(200, json=body)
    (category,) = await make_client().list_term_codes("94874")
    assert category.name == ("Right Party Contact" if isinstance(body, dict) else "")
    (code,) = category.term_codes
    assert (code.id, code.name, code.lv_result_id, code.lv_result) == (
        "9101",
        "Promise to Pay",
        "901",
        "PTP",
    )
    assert code.report_display_order == 1 and code.preview_dial_enabled is False
    assert code.action_type == "RPC_WITH_PAYMENT" and code.payment_amt_required is False
