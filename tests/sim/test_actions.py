"""Every action changes the world, and the lists and counts follow."""

from __future__ import annotations

import pytest


def personal(world):
    return world.inbox(owner=world.agent_id, service_id=None)


async def list_threads(http, headers, channel_id, *, personal=None, page=None):
    params = {"channelId": channel_id, "channel": "SMS"}
    if personal is not None:
        params["personal"] = str(personal).lower()
    if page is not None:
        params["pagination"] = str(page)
    response = await http.get("/sms/agent/thread/details", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def all_thread_ids(http, headers, channel_id, **kw):
    ids, page = [], 1
    while rows := await list_threads(http, headers, channel_id, page=page, **kw):
        ids += [r["threadId"] for r in rows]
        page += 1
    return ids


async def channel(http, headers, channel_id):
    rows = (await http.get("/sms/agent/channel", headers=headers)).json()
    return next(c for c in rows if c["channel"] == "SMS" and c["channelId"] == channel_id)


async def counts(http, world, headers):
    path = f"/sms/agent/interaction/counts/{world.agent_id}"
    return (await http.get(path, headers=headers)).json()


async def test_lists_paginate_from_page_one_newest_first(http, world, agent):
    expected = [t.thread_id for t in personal(world)]
    assert len(expected) > world.config.page_size
    first = await list_threads(http, agent, world.agent_id)
    assert [r["threadId"] for r in first] == expected[: world.config.page_size]
    assert first == await list_threads(http, agent, world.agent_id, page=1)
    assert await all_thread_ids(http, agent, world.agent_id) == expected
    dates = [r["date"] for r in first]
    assert dates == sorted(dates, reverse=True)
    assert await list_threads(http, agent, world.agent_id, page=99) == []
    bad = await http.get(
        "/sms/agent/thread/details",
        params={"channelId": world.agent_id, "channel": "SMS", "pagination": "0"},
        headers=agent,
    )
    assert bad.status_code == 400


async def test_personal_by_service_id_and_group_lists(http, world, agent):
    mine = await all_thread_ids(http, agent, "94874", personal=True)
    group = await all_thread_ids(http, agent, "94874", personal=False)
    assert mine == [t.thread_id for t in world.inbox(owner=world.agent_id, service_id="94874")]
    assert group == [t.thread_id for t in world.inbox(owner=None, service_id="94874")]
    assert group and mine and not set(group) & set(mine)
    assert await list_threads(http, agent, "94874", page=1) == await list_threads(
        http, agent, "94874", personal=False, page=1
    )


async def test_assign_to_group_and_take_back(http, world, agent):
    thread = personal(world)[0]
    tid, service = thread.thread_id, thread.service_id
    before = await channel(http, agent, world.agent_id)
    group_before = await channel(http, agent, service)
    response = await http.put(f"/sms/agent/thread/switchGroup/public?threadId={tid}", headers=agent)
    assert response.status_code == 204
    assert thread.owner_agent_id is None
    assert tid not in await all_thread_ids(http, agent, world.agent_id)
    assert tid in await all_thread_ids(http, agent, service, personal=False)
    assert (await channel(http, agent, world.agent_id))["totalCount"] == before["totalCount"] - 1
    assert (await channel(http, agent, service))["totalCount"] == group_before["totalCount"] + 1
    response = await http.put(
        f"/sms/agent/thread/switchGroup/private?threadId={tid}&channelId={world.agent_id}",
        headers=agent,
    )
    assert response.status_code == 204
    assert thread.owner_agent_id == world.agent_id
    assert tid in await all_thread_ids(http, agent, world.agent_id)


async def test_take_into_someone_elses_inbox_is_refused(http, world, agent):
    thread = world.inbox(owner=None, service_id="94874")[0]
    other = next(a for a in world.agents if a != world.agent_id)
    response = await http.put(
        "/sms/agent/thread/switchGroup/private",
        params={"threadId": thread.thread_id, "channelId": other},
        headers=agent,
    )
    assert response.status_code == 403
    assert thread.owner_agent_id is None


async def test_transfer_hands_the_thread_over(http, world, agent):
    thread = personal(world)[0]
    target = next(a for a in world.agents.values() if a.agent_id != world.agent_id)
    search = await http.get(f"/sms/agent/search?threadId={thread.thread_id}", headers=agent)
    agents = search.json()
    assert target.agent_id in {str(a["agentId"]) for a in agents}
    response = await http.get(
        "/sms/agent/thread/transfer",
        params={"threadId": thread.thread_id, "type": "SMS", "agentId": target.agent_id},
        headers=agent,
    )
    assert response.json() == {"id": thread.thread_id}
    assert thread.owner_agent_id == target.agent_id
    assert world.transfers == [(thread.thread_id, target.agent_id)]
    assert thread.thread_id not in await all_thread_ids(http, agent, world.agent_id)
    again = await http.put(
        f"/sms/agent/thread/switchGroup/public?threadId={thread.thread_id}", headers=agent
    )
    assert again.status_code == 404


@pytest.mark.parametrize(
    ("params", "status"),
    [({"type": "SMS", "agentId": "1"}, 404), ({"type": "SMS", "agentId": "645836"}, 400)],
)
async def test_transfer_to_unknown_agent_or_self_is_refused(http, world, agent, params, status):
    thread = personal(world)[0]
    response = await http.get(
        "/sms/agent/thread/transfer", params={"threadId": thread.thread_id, **params}, headers=agent
    )
    assert response.status_code == status
    assert thread.owner_agent_id == world.agent_id and world.transfers == []


async def test_resolve_records_term_code_and_accounts(http, world, agent):
    thread = personal(world)[0]
    before = await counts(http, world, agent)
    body = {
        "threadId": thread.thread_id,
        "account": thread.account,
        "agentEnteredAccount": "typed-by-agent",
        "termCodeId": int(world.term_codes[thread.service_id][0][1][0]["id"]),
    }
    response = await http.post("/sms/agent/thread/resolve", headers=agent, json=body)
    assert response.status_code == 204
    assert thread.resolved
    assert thread.term_code_id == str(body["termCodeId"])
    assert (thread.resolved_account, thread.agent_entered_account) == (
        thread.account,
        "typed-by-agent",
    )
    assert thread.thread_id not in await all_thread_ids(http, agent, world.agent_id)
    after = await counts(http, world, agent)
    assert after["countOfActiveSMSThreadsInPersonalInbox"] == (
        before["countOfActiveSMSThreadsInPersonalInbox"] - 1
    )
    again = await http.post("/sms/agent/thread/resolve", headers=agent, json=body)
    assert again.status_code == 409


@pytest.mark.parametrize(
    "change",
    [{"account": "wrong"}, {"termCodeId": "9999"}, {"agentEnteredAccount": None}],
)
async def test_resolve_refuses_bad_fields(http, world, agent, change):
    thread = personal(world)[0]
    body = {"threadId": thread.thread_id, "account": thread.account}
    body["agentEnteredAccount"] = thread.account
    body.update(change)
    response = await http.post("/sms/agent/thread/resolve", headers=agent, json=body)
    assert response.status_code == 400
    assert not thread.resolved


async def test_mark_read_and_unread_move_the_counts(http, world, agent):
    thread = next(t for t in personal(world) if t.read)
    before = await counts(http, world, agent)
    unread_before = (await channel(http, agent, world.agent_id))["unreadCount"]
    params = {"threadId": thread.thread_id, "channelId": world.agent_id}
    response = await http.put("/sms/agent/message/markAsUnread", params=params, headers=agent)
    assert response.status_code == 204
    assert thread.read is False
    after = await counts(http, world, agent)
    key = "countOfUnreadSMSThreadsInPersonalInbox"
    assert after[key] == before[key] + 1
    assert after["countOfReadSMSThreadsInPersonalInbox"] == (
        before["countOfReadSMSThreadsInPersonalInbox"] - 1
    )
    assert (await channel(http, agent, world.agent_id))["unreadCount"] == unread_before + 1
    rows = await all_thread_ids(http, agent, world.agent_id)
    assert thread.thread_id in rows
    response = await http.put("/sms/agent/message/markAsRead", params=params, headers=agent)
    assert response.status_code == 204
    assert thread.read is True
    assert (await counts(http, world, agent))[key] == before[key]
    wrong = {**params, "channelId": "1"}
    assert (
        await http.put("/sms/agent/message/markAsRead", params=wrong, headers=agent)
    ).status_code == 400


async def test_agent_send_appends_outbound_and_counts(http, world, agent, clock):
    thread = next(t for t in personal(world) if not t.read)
    before = await counts(http, world, agent)
    body = {
        "fromNumber": thread.sms_code,
        "toNumber": thread.phone[1:],
        "message": "We’ll call you at 5 🙂",
        "account": thread.account,
        "threadId": int(thread.thread_id),
    }
    response = await http.post("/sms/agent/message/send", headers=agent, json=body)
    sent_id = response.json()["id"]
    last = thread.messages[-1]
    assert (last.id, last.text, last.direction, last.status) == (
        sent_id,
        body["message"],
        2,
        "SMS MT Delivered",
    )
    assert last.date_ms >= int(clock().timestamp() * 1000)
    assert thread.read and thread.replied
    send = world.sends[-1]
    assert (send.kind, send.to, send.text, send.thread_id, send.id) == (
        "agent",
        body["toNumber"],
        body["message"],
        thread.thread_id,
        sent_id,
    )
    after = await counts(http, world, agent)
    assert after["countOfSMSInteractionsSent"] == before["countOfSMSInteractionsSent"] + 1
    history = await http.get(f"/sms/agent/messages?threadId={thread.thread_id}", headers=agent)
    newest = history.json()[0]
    assert (newest["id"], newest["message"], newest["direction"]) == (
        sent_id,
        body["message"],
        "2",
    )
    first_row = (await list_threads(http, agent, world.agent_id))[0]
    assert first_row["threadId"] == thread.thread_id and first_row["direction"] == 2


@pytest.mark.parametrize(
    "change",
    [
        {"toNumber": "4155550000"},
        {"fromNumber": "99999"},
        {"message": ""},
        {"account": "other"},
        {"toNumber": "12"},
    ],
)
async def test_agent_send_refuses_wrong_recipient_or_fields(http, world, agent, change):
    thread = personal(world)[0]
    body = {
        "fromNumber": thread.sms_code,
        "toNumber": thread.phone,
        "message": "hi",
        "threadId": thread.thread_id,
        "account": thread.account,
        **change,
    }
    response = await http.post("/sms/agent/message/send", headers=agent, json=body)
    assert response.status_code == 400
    assert world.sends == []


async def test_agent_send_without_thread_finds_or_starts_one(http, world, agent):
    thread = personal(world)[0]
    body = {"fromNumber": "14159174458", "toNumber": thread.phone, "message": "hello again"}
    response = await http.post("/sms/agent/message/send", headers=agent, json=body)
    assert thread.messages[-1].id == response.json()["id"]
    new = {"fromNumber": "14159174458", "toNumber": "2125550143", "message": "new", "account": "9"}
    response = await http.post("/sms/agent/message/send", headers=agent, json=new)
    started = world.threads[world.sends[-1].thread_id]
    assert started.owner_agent_id == world.agent_id and started.account == "9"
    assert [m.text for m in started.messages] == ["new"]
    assert started.thread_id in await all_thread_ids(http, agent, world.agent_id)


async def test_transactional_sms_by_agent_and_user(http, world, agent, user):
    thread = personal(world)[0]
    before = world.sms_sent
    body = {"from": "53063", "to": thread.phone, "body": {"templateId": 76013}}
    agent_send = await http.post("/sms/", headers=agent, json={**body, "account": thread.account})
    assert agent_send.status_code == 200
    assert isinstance(agent_send.json()["transactionId"], int)
    assert thread.messages[-1].text == world.templates["76013"][2]
    assert world.sms_sent == before + 1
    user_body = {**body, "body": {"message": "Office closed"}, "serviceId": 94981}
    user_send = await http.post("/sms", headers=user, json=user_body)
    assert user_send.status_code == 200
    assert [s.kind for s in world.sends] == ["sms", "sms"]
    assert world.sends[-1].service_id == "94981" and world.sends[-1].text == "Office closed"
    assert world.sms_sent == before + 1


async def test_history_by_account_and_thread(http, world, agent):
    thread = personal(world)[0]
    by_account = await http.get(f"/sms/agent/messages?account={thread.account}", headers=agent)
    ids = [r["id"] for r in by_account.json()]
    assert ids == [m.id for m in reversed(thread.messages)][: world.config.page_size]
    page2 = await http.get(
        f"/sms/agent/messages?threadId={thread.thread_id}&pagination=2", headers=agent
    )
    assert [r["id"] for r in page2.json()] == [m.id for m in reversed(thread.messages)][10:20]
    mismatch = await http.get(
        f"/sms/agent/messages?threadId={thread.thread_id}&account=nobody", headers=agent
    )
    assert mismatch.json() == []
    assert (await http.get("/sms/agent/messages", headers=agent)).status_code == 400
    unknown = await http.get("/sms/agent/messages?threadId=1", headers=agent)
    assert unknown.status_code == 404


async def test_customer_reply_marks_unread_and_tops_the_list(http, world, agent, clock):
    thread = personal(world)[-1]
    assert thread.read
    clock.advance(60)
    message = world.customer_reply(thread.thread_id, "STOP")
    assert (message.direction, message.text, thread.read) == (1, "STOP", False)
    rows = await list_threads(http, agent, world.agent_id)
    assert rows[0]["threadId"] == thread.thread_id
    assert (rows[0]["read"], rows[0]["direction"], rows[0]["from"]) == (False, 1, thread.phone)
    assert rows[0]["date"] == message.date_ms == int(clock().timestamp() * 1000)
