"""The order of a thread's history, whatever order LiveVox sends it in (the reference promises
none): by date, then id; a message without a date keeps its place after the dated message that
came before it in the server's answer."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from inbox_tui.livevox.models import Message

_BEFORE_ALL = datetime.min.replace(tzinfo=UTC)


def _id_key(message: Message) -> tuple[int, str]:
    digits = message.id.isascii() and message.id.isdigit()
    return (int(message.id) if digits else 0, message.id)


def oldest_first(messages: Sequence[Message]) -> list[Message]:
    """``messages`` oldest to newest."""
    items = list(messages)
    dated = [m for m in items if m.date is not None]
    if len(dated) >= 2 and (dated[0].date, _id_key(dated[0])) > (
        dated[-1].date,
        _id_key(dated[-1]),
    ):
        items.reverse()  # the server listed them newest first: undated ones follow their elders
    keys = []
    last: tuple[datetime, tuple[int, str]] = (_BEFORE_ALL, (0, ""))
    for position, message in enumerate(items):
        if message.date is not None:
            last = (message.date, _id_key(message))
            keys.append((last, 0, position))
        else:
            keys.append((last, 1, position))
    return [items[position] for _, _, position in sorted(keys)]


def newest_first(messages: Sequence[Message]) -> list[Message]:
    """``messages`` newest to oldest: how the app holds a page of history."""
    return oldest_first(messages)[::-1]
