"""The JSON the simulator answers: rich records, cut to the configured shape by ``shapes``."""

from __future__ import annotations

from typing import Any

from inbox_tui.sim import catalog
from inbox_tui.sim.config import SimConfig
from inbox_tui.sim.records import SimMessage, SimThread
from inbox_tui.sim.shapes import shaped
from inbox_tui.sim.world import World

PERSONAL_SMS = "Personal SMS"


def group_name(world: World, service_id: str) -> str:
    """The name of a service's group SMS inbox."""
    return f"Group - {world.services[service_id].name}"


def thread_row(
    config: SimConfig, thread: SimThread, channel_id: str, channel_name: str
) -> dict[str, Any]:
    """A row of List Threads, described by the thread's last message.

    The reference's example rows have the customer's number in ``to`` and direction 0,
    whatever the last message was.
    """
    direction = 0 if config.shape == "reference" else thread.last_direction
    if direction == 1:
        sender, receiver = thread.phone, thread.sms_code
    else:
        sender, receiver = thread.sms_code, thread.phone
    row = {
        "threadId": thread.thread_id,
        "read": thread.read,
        "replied": thread.replied,
        "fileSize": 0,
        "channel": "SMS",
        "channelId": channel_id,
        "channelName": channel_name,
        "details": "",
        "from": sender,
        "to": receiver,
        "serviceId": int(thread.service_id),
        "account": thread.account,
        "direction": direction,
        "date": thread.last_ms,
        "interactionTimestamp": thread.last_ms,
        "contactInfo": thread.contact,
    }
    return shaped(config, "thread", thread.thread_id, row)


def message_row(config: SimConfig, message: SimMessage) -> dict[str, Any]:
    """A transaction of List Transaction History; ``direction`` is "1" or "2" as in the example."""
    row = {
        "id": message.id,
        "message": message.text,
        "smsCode": message.sms_code,
        "phone": message.phone,
        "date": message.date_ms,
        "status": message.status,
        "direction": str(message.direction),
        "threadId": message.thread_id,
    }
    return shaped(config, "message", message.id, row)


def channels(world: World) -> list[dict[str, Any]]:
    """The agent's inboxes: SMS ones with live counts, then the Email and Voicemail boxes."""
    counts = world.inbox_counts()

    def channel(
        kind: str, cid: str, name: str, personal: bool, pair: tuple[int, int] = (0, 0)
    ) -> dict[str, Any]:
        row = {
            "channel": kind,
            "channelId": cid,
            "channelName": name,
            "unreadCount": pair[0],
            "totalCount": pair[1],
            "personal": personal,
        }
        return shaped(world.config, "channel", f"{kind}/{cid}", row)

    rows = [channel("SMS", world.agent_id, PERSONAL_SMS, True, counts[world.agent_id])]
    rows += [
        channel("SMS", sid, group_name(world, sid), False, counts[sid]) for sid in world.services
    ]
    rows.append(channel("Email", world.agent_id, "Personal Email", True))
    vm_id = catalog.PERSONAL_VOICEMAIL_ID
    rows.append(channel("Voicemail", vm_id, f"Personal Voicemail {vm_id}", True))
    rows += [
        channel("Voicemail", s.voicemail_id, f"Service {s.service_id} VM", False)
        for s in world.services.values()
    ]
    return rows


def channel_counts(world: World) -> dict[str, int | None]:
    """Counts of the agent's personal inboxes, with the example's irregular key casing."""
    unread, total = world.inbox_counts()[world.agent_id]
    row = {
        "countOfEmailInteractionsSent": 0,
        "countOfSMSInteractionsSent": world.sms_sent,
        "countOfMessageInteractionsSent": 0,
        "countOfUnreadEmailThreadsInPersonalInbox": 0,
        "countOfReadEmailThreadsInPersonalInbox": 0,
        "countOfUnreadSMSThreadsInPersonalInbox": unread,
        "countOfUnreadMessageInteractionsinPersonalInbox": 0,
        "countOfReadSMSThreadsInPersonalInbox": total - unread,
        "countOfReadMessageInteractionsinPersonalInbox": 0,
        "countOfChatInteractionsAbandoned": 0,
        "countOfOBWebChatInteractionsSent": 0,
        "countOfIBWebChatInteractionReceived": 0,
        "countOfActiveEmailThreadsInPersonalInbox": 0,
        "countOfActiveSMSThreadsInPersonalInbox": total,
        "countOfActiveMessageThreadsinPersonalInbox": 0,
        "countOfActiveWebChatThreadsInPersonalInbox": 0,
    }
    return shaped(world.config, "counts", world.agent_id, row)


def templates(world: World) -> dict[str, Any]:
    """List Templates: numeric ids, ``description`` only where there is one."""
    rows = []
    for template_id, description, message, sms_code in world.templates.values():
        row: dict[str, Any] = {"id": template_id}
        if description is not None:
            row["description"] = description
        row.update(message=message, smsCode=sms_code, optInFlag=False)
        rows.append(shaped(world.config, "template", str(template_id), row))
    return {"templates": rows}


def sms_codes(world: World) -> dict[str, Any]:
    """List SMS Codes."""
    rows = [
        shaped(world.config, "sms_code", code, {"code": code, "description": description})
        for code, description in world.sms_codes
    ]
    return {"listSmsCodes": rows}


def transfer_agents(world: World) -> list[dict[str, Any]]:
    """List Transfer Agents: every agent, the caller included, as the example shows."""
    return [
        shaped(
            world.config,
            "transfer_agent",
            a.agent_id,
            {"agentId": int(a.agent_id), "loginId": a.login_id, "name": a.name, "status": a.status},
        )
        for a in world.agents.values()
    ]


def term_codes(world: World, service_id: str) -> Any:
    """Term codes of a service, in the configured shape: categories object or plain array."""
    categories = world.term_codes[service_id]
    if world.config.termcode_shape == "array":
        return [dict(code) for _, codes in categories for code in codes]
    return {
        "termCodeCategories": [
            {"name": name, "termCodes": [dict(code) for code in codes]}
            for name, codes in categories
        ]
    }
