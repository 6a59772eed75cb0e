"""Opt-outs an agent recorded by hand (a reply that reads like an opt-out, confirmed as one).

Exact keywords (STOP, START, ...) are read from the history by the core rules; this table keeps
what only a person could decide. A later opt-in keyword from the same number lifts it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from inbox_tui.core.compliance import (
    ComplianceSettings,
    HistoryMessage,
    InboundKind,
    keyword_kind,
)
from inbox_tui.core.phone import number_key
from inbox_tui.livevox.models import Direction
from inbox_tui.store.database import Database


@dataclass(frozen=True)
class RecordedOptOut:
    """An opt-out an agent confirmed: the route it binds and the message it was read from."""

    number_key: str
    sms_code: str
    thread_id: str | None
    message_id: str | None
    since: datetime
    """The date of the confirmed message (else when it was recorded): opt-ins after it lift it."""

    def lifted_by(self, history: Iterable[HistoryMessage], settings: ComplianceSettings) -> bool:
        """Whether the number sent an opt-in keyword (START, UNSTOP, ...) after this opt-out."""
        return any(
            message.direction == Direction.INBOUND
            and message.date is not None
            and message.date > self.since
            and (not message.phone or number_key(message.phone) == self.number_key)
            and keyword_kind(message.message, settings) is InboundKind.OPT_IN
            for message in history
        )


class OptOuts(Database):
    """Recording and reading hand-confirmed opt-outs, per (number, sending code)."""

    agent: str | None

    def record_opt_out(
        self,
        number: str,
        sms_code: str,
        *,
        thread_id: str | None = None,
        message_id: str | None = None,
        message_date: datetime | None = None,
    ) -> RecordedOptOut:
        """Record that ``number`` opted out of texts from ``sms_code``."""
        now = self.clock()
        since = message_date or now
        with self.writing() as connection:
            connection.execute(
                "INSERT INTO opt_outs (number_key, sms_code, thread_id, message_id, message_date,"
                " recorded_at, agent) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    number_key(number),
                    sms_code,
                    thread_id,
                    message_id,
                    since.isoformat(),
                    now.isoformat(),
                    self.agent,
                ),
            )
        return RecordedOptOut(number_key(number), sms_code, thread_id, message_id, since)

    def recorded_opt_out(self, number: str, sms_code: str) -> RecordedOptOut | None:
        """The latest opt-out recorded for ``number`` from ``sms_code``, if any."""
        with self.snapshot() as connection:
            row = connection.execute(
                "SELECT number_key, sms_code, thread_id, message_id, message_date FROM opt_outs"
                " WHERE number_key = ? AND sms_code = ? ORDER BY id DESC LIMIT 1",
                (number_key(number), sms_code),
            ).fetchone()
        if row is None:
            return None
        key, code, thread_id, message_id, since = row
        return RecordedOptOut(key, code, thread_id, message_id, datetime.fromisoformat(since))
