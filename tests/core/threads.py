"""Thread histories for the core rule tests, written as short tables."""

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from inbox_tui.livevox.models import Message

CUSTOMER = "14155550101"
CODE = "7777"
_DEFAULTS: tuple[str | None, ...] = ("in", "", CODE, CUSTOMER)


def make_thread(rows: Sequence[tuple[str | None, ...]], first_id: int = 0) -> list[Message]:
    """Messages, oldest first, from rows of (direction "in"/"out", text[, sms code[, phone]])."""
    start = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
    messages = []
    for i, row in enumerate(rows, start=first_id):
        direction, text, code, phone = (*row, *_DEFAULTS[len(row) :])
        messages.append(
            Message(
                id=f"m{i}",
                message=text,
                direction=1 if direction == "in" else 2,
                sms_code=code,
                phone=phone,
                date=start + timedelta(minutes=i),
            )
        )
    return messages
