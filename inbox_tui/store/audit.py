"""The audit log: an append-only record of what the agent did (SQLite triggers refuse UPDATE
and DELETE). Social security numbers and dates of birth are never written to it."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from inbox_tui.store.database import Database

_SECRET_KEY = re.compile(r"ssn|social|dob|birth", re.IGNORECASE)
_SSN_SHAPE = re.compile(r"\b\d{3}-\d{2}-\d{4}\b")
REDACTED = "[redacted]"


def scrub(value: Any) -> Any:
    """``value`` with SSN/date-of-birth fields and SSN-shaped text replaced by ``[redacted]``."""
    if isinstance(value, dict):
        return {
            str(key): REDACTED if _SECRET_KEY.search(str(key)) else scrub(item)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [scrub(item) for item in value]
    if isinstance(value, str):
        return _SSN_SHAPE.sub(REDACTED, value)
    return value


def _utc_text(moment: datetime) -> str:
    # One fixed format in UTC, so that text order is time order.
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class AuditEntry:
    """One recorded action."""

    at: datetime
    agent: str | None
    thread_id: str | None
    action: str
    outcome: str
    details: dict[str, Any]


class AuditLog(Database):
    """Appending to and reading the audit log."""

    agent: str | None = None
    """The agent recorded with each entry (set once logged in)."""

    def audit(
        self,
        action: str,
        thread_id: str | None,
        outcome: str,
        details: dict[str, Any] | None = None,
    ) -> None:
        """Append an action (send, transfer, resolve, move, mark_read, mark_unread, pii_reveal,
        compliance_override, ...) with its outcome; ``details`` must be JSON-serialisable."""
        with self.writing() as connection:
            connection.execute(
                "INSERT INTO audit (at, agent, thread_id, action, details, outcome)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (
                    _utc_text(self.clock()),
                    self.agent,
                    thread_id,
                    action,
                    json.dumps(scrub(details or {}), ensure_ascii=False, sort_keys=True),
                    outcome,
                ),
            )

    def audit_entries(self, limit: int = 100, since: datetime | None = None) -> list[AuditEntry]:
        """The ``limit`` most recent entries (at or after ``since``), oldest first."""
        with self.reading() as connection:
            rows = connection.execute(
                "SELECT at, agent, thread_id, action, outcome, details FROM audit"
                " WHERE at >= ? ORDER BY id DESC LIMIT ?",
                (_utc_text(since) if since else "", limit),
            ).fetchall()
        return [
            AuditEntry(
                datetime.fromisoformat(at), agent, thread_id, action, outcome, json.loads(details)
            )
            for at, agent, thread_id, action, outcome, details in reversed(rows)
        ]
