"""How much an answer carries: rich rows for the demo, the reference's examples, or less.

``views`` builds every record in its rich form; :func:`shaped` is the one place that cuts a
record down to the configured shape, and :func:`ordered` orders a page of the history.
"""

from __future__ import annotations

import random
from typing import Any, TypeVar

from inbox_tui.sim.config import SimConfig

T = TypeVar("T")

# The keys of each record in the reference's examples (seed-examples.json), in their order;
# tests/sim/test_reference_shape.py checks them against the examples. A "reference" answer has
# these keys only: a template without a description keeps going without one.
EXAMPLE_KEYS: dict[str, tuple[str, ...]] = {
    "template": ("id", "description", "message", "smsCode", "optInFlag"),
    "sms_code": ("code", "description"),
    "counts": (
        "countOfEmailInteractionsSent",
        "countOfSMSInteractionsSent",
        "countOfMessageInteractionsSent",
        "countOfUnreadEmailThreadsInPersonalInbox",
        "countOfReadEmailThreadsInPersonalInbox",
        "countOfUnreadSMSThreadsInPersonalInbox",
        "countOfUnreadMessageInteractionsinPersonalInbox",
        "countOfReadSMSThreadsInPersonalInbox",
        "countOfReadMessageInteractionsinPersonalInbox",
        "countOfChatInteractionsAbandoned",
        "countOfOBWebChatInteractionsSent",
        "countOfIBWebChatInteractionReceived",
        "countOfActiveEmailThreadsInPersonalInbox",
        "countOfActiveSMSThreadsInPersonalInbox",
        "countOfActiveMessageThreadsinPersonalInbox",
        "countOfActiveWebChatThreadsInPersonalInbox",
    ),
    "channel": ("channel", "channelId", "channelName", "unreadCount", "totalCount", "personal"),
    "thread": (
        "threadId",
        "read",
        "replied",
        "fileSize",
        "channel",
        "details",
        "to",
        "serviceId",
        "account",
        "direction",
    ),
    "transfer_agent": ("agentId", "loginId", "name", "status"),
    "message": ("id", "message", "smsCode", "phone", "date", "status", "direction"),
}

# Fields the reference's tables mark mandatory; in the "sparse" shape every other field may be
# missing or null. A thread keeps its id too: nothing can be done with a thread without it.
MANDATORY: dict[str, frozenset[str]] = {
    "template": frozenset({"id", "message", "smsCode", "optInFlag"}),
    "sms_code": frozenset({"code", "description"}),
    "counts": frozenset(),
    "channel": frozenset({"channelId", "channel"}),
    "thread": frozenset({"threadId", "channelId"}),
    "contact": frozenset({"originalAccountNumber"}),
    "phone": frozenset({"number"}),
    "transfer_agent": frozenset({"agentId", "loginId"}),
    "message": frozenset({"id", "message", "phone"}),
}

# Records nested in a record: key -> kind of the nested record (an object or a list of them).
NESTED: dict[str, dict[str, str]] = {
    "thread": {"contactInfo": "contact"},
    "contact": {"phoneDetails": "phone"},
}

# In the "sparse" shape, the chance that an optional field is missing, and that it is null.
ABSENT = 0.3
NULL = 0.2


def shaped(config: SimConfig, kind: str, record_id: str, row: dict[str, Any]) -> dict[str, Any]:
    """``row`` (a rich record of ``kind``) in the configured shape.

    A sparse record depends only on the seed, the kind and ``record_id``, so the same thread
    or message looks the same every time it is listed.
    """
    if config.shape == "reference":
        keys = EXAMPLE_KEYS[kind]
        return {key: row[key] for key in keys if key in row}
    if config.shape == "sparse":
        return _sparse(config.seed, kind, record_id, row)
    return row


def _sparse(seed: int, kind: str, record_id: str, row: dict[str, Any]) -> dict[str, Any]:
    rng = random.Random(f"{seed}/{kind}/{record_id}")
    mandatory = MANDATORY[kind]
    nested = NESTED.get(kind, {})
    out: dict[str, Any] = {}
    for key, value in row.items():
        if key not in mandatory:
            draw = rng.random()
            if draw < ABSENT:
                continue
            if draw < ABSENT + NULL:
                out[key] = None
                continue
        inner = nested.get(key)
        if inner is not None and isinstance(value, dict):
            value = _sparse(seed, inner, f"{record_id}/{key}", value)
        elif inner is not None and isinstance(value, list):
            value = [
                _sparse(seed, inner, f"{record_id}/{key}/{index}", item)
                for index, item in enumerate(value)
            ]
        out[key] = value
    return out


def ordered(config: SimConfig, page: list[T], page_number: int, salt: str) -> list[T]:
    """A page of the history (newest first) in the configured order.

    ``shuffled`` draws from the seed, the page number and ``salt`` (what was listed), so the
    same page comes back in the same order.
    """
    if config.history_order == "oldest":
        return page[::-1]
    if config.history_order == "shuffled":
        page = list(page)
        random.Random(f"{config.seed}/history/{salt}/{page_number}").shuffle(page)
    return page
