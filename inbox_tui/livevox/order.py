"""The order of a thread's history, whatever order LiveVox sends it in (the reference promises
none): by date, then id; a message without a date keeps its place after the dated message that
came before it in the server's answer.

A page usually comes in order (newest or oldest first): that is found in one pass that compares
dates and only looks at ids on equal dates, and such a page is not sorted. Otherwise the sort's
keys are flat (date, integer id, id, flag, position), cheap to build and compare.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from inbox_tui.livevox.models import Message

# Before every date, with the smallest id key.
_BEFORE_ALL = (datetime.min.replace(tzinfo=UTC), 0, "")


def _id_key(message: Message) -> tuple[int, str]:
    digits = message.id.isascii() and message.id.isdigit()
    return (int(message.id) if digits else 0, message.id)


def _date_key(message: Message) -> tuple[datetime, int, str]:
    """``(date, id)`` flat, in the same order as the pair itself."""
    assert message.date is not None
    number, text = _id_key(message)
    return (message.date, number, text)


def _in_order(items: list[Message]) -> bool:
    """Whether ``items`` are already oldest first (what sorting them would give)."""
    last: Message | None = None
    undated_since = False  # an undated message follows ``last``
    for message in items:
        date = message.date
        if date is None:
            undated_since = True
            continue
        if last is None:
            if undated_since and _date_key(message) <= _BEFORE_ALL:
                return False
        else:
            last_date = last.date
            assert last_date is not None
            if date < last_date:
                return False
            if date == last_date:
                mine, theirs = _id_key(message), _id_key(last)
                if mine < theirs or (undated_since and mine == theirs):
                    return False
        last = message
        undated_since = False
    return True


def oldest_first(messages: Sequence[Message]) -> list[Message]:
    """``messages`` oldest to newest."""
    items = list(messages)
    first = next((m for m in items if m.date is not None), None)
    final = next((m for m in reversed(items) if m.date is not None), None)
    if first is not None and final is not None and _date_key(first) > _date_key(final):
        items.reverse()  # the server listed them newest first: undated ones follow their elders
    if _in_order(items):
        return items
    keys = []
    last = _BEFORE_ALL
    for position, message in enumerate(items):
        if message.date is not None:
            last = _date_key(message)
            keys.append((*last, 0, position))
        else:
            keys.append((*last, 1, position))
    keys.sort()
    return [items[key[4]] for key in keys]


def newest_first(messages: Sequence[Message]) -> list[Message]:
    """``messages`` newest to oldest: how the app holds a page of history."""
    return oldest_first(messages)[::-1]
