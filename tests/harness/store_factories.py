"""Models and a clock for the store tests, built inline so that most tests need no files."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from inbox_tui.livevox.models import Message, Thread

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


class FixedClock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def make_thread(
    thread_id: str,
    *,
    first: str | None = "Kavita",
    last: str | None = "Rao",
    account: str = "1213",
    phone: str = "14154164061",
    when: datetime = NOW,
    details: str = "",
) -> Thread:
    return Thread.model_validate(
        {
            "threadId": thread_id,
            "channel": "SMS",
            "account": account,
            "from": phone,
            "to": "13345094836",
            "direction": 1,
            "details": details,
            "date": int(when.timestamp() * 1000),
            "contactInfo": {"firstName": first, "lastName": last, "account": account},
        }
    )


def make_message(
    message_id: str,
    text: str,
    *,
    when: datetime = NOW,
    direction: int = 1,
    phone: str = "14154164061",
    thread_id: str | None = None,
) -> Message:
    return Message.model_validate(
        {
            "id": message_id,
            "message": text,
            "smsCode": "13345094836",
            "phone": phone,
            "date": int(when.timestamp() * 1000),
            "status": "SMS MT Delivered" if direction == 2 else "Operator Transfer",
            "direction": str(direction),
            "threadId": thread_id,
        }
    )
