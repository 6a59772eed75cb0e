"""The audit log: an append-only, hash-chained record of what the agent did.

SQLite triggers refuse UPDATE and DELETE, and an INSERT that reuses or precedes an id (so
``REPLACE INTO`` cannot overwrite a row) or that is dated before the last row. Each row stores
``hash = sha256(previous row's hash + canonical JSON of its own content)``, so an edit made
behind the triggers' back (the file opened with the triggers dropped) breaks the chain at that
row: :meth:`AuditLog.verify_chain` finds it. Social security numbers and dates of birth are
never written to it.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from inbox_tui.core.pii import mask_pii
from inbox_tui.store.audit_chain import AUDIT_COLUMNS as _AUDIT_COLUMNS
from inbox_tui.store.audit_chain import canonical as _canonical
from inbox_tui.store.audit_chain import chain_rows, content, row_hash
from inbox_tui.store.database import Database
from inbox_tui.text import storable_text

_SECRET_KEY = re.compile(r"ssn|social|dob|birth", re.IGNORECASE)
_SSN_SHAPE = re.compile(r"\b\d{3}-\d{2}-\d{4}\b")
REDACTED = "[redacted]"


def scrub(value: Any) -> Any:
    """``value`` with SSN/date-of-birth fields and SSN-shaped text replaced by ``[redacted]``
    (and dates of birth after a DOB label hidden)."""
    if isinstance(value, dict):
        return {
            storable_text(str(key)): REDACTED if _SECRET_KEY.search(str(key)) else scrub(item)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [scrub(item) for item in value]
    if isinstance(value, str):
        return mask_pii(_SSN_SHAPE.sub(REDACTED, storable_text(value)))
    return value


def _utc_text(moment: datetime) -> str:
    # One fixed format in UTC, so that text order is time order.
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class AuditEntry:
    """One recorded action; ``agent`` is the agent's login."""

    at: datetime
    agent: str | None
    thread_id: str | None
    action: str
    outcome: str
    details: dict[str, Any]
    id: int | None = None
    agent_id: str | None = None
    profile: str | None = None
    hash: str | None = None

    def as_json(self) -> dict[str, Any]:
        """Every field, JSON-ready (``at`` as ISO 8601 UTC)."""
        return {
            "id": self.id,
            "at": _utc_text(self.at),
            "agent_login": self.agent,
            "agent_id": self.agent_id,
            "profile": self.profile,
            "thread_id": self.thread_id,
            "action": self.action,
            "outcome": self.outcome,
            "details": self.details,
            "hash": self.hash,
        }


class AuditLog(Database):
    """Appending to, reading and verifying the audit log."""

    agent_login: str | None = None
    """The agent's login recorded with each entry (set once logged in)."""
    agent_id: str | None = None
    """The agent's LiveVox id recorded with each entry (set once logged in)."""
    profile: str | None = None
    """The profile recorded with each entry (``Store.for_profile`` sets it; ``Store.open``
    takes the file's name without ``.sqlite3``)."""

    @property
    def agent(self) -> str | None:
        """The agent's login (the older name of :attr:`agent_login`)."""
        return self.agent_login

    @agent.setter
    def agent(self, login: str | None) -> None:
        self.agent_login = login

    def audit(
        self,
        action: str,
        thread_id: str | None,
        outcome: str,
        details: dict[str, Any] | None = None,
    ) -> None:
        """Append an action (send, send_settled, transfer, resolve, move, mark_read,
        mark_unread, pii_reveal, compliance_override, ...) with its outcome; ``details`` must be
        JSON-serialisable."""
        with self.writing() as connection:
            self.append_audit(connection, action, thread_id, outcome, details)

    def append_audit(
        self,
        connection: sqlite3.Connection,
        action: str,
        thread_id: str | None,
        outcome: str,
        details: dict[str, Any] | None = None,
    ) -> None:
        """:meth:`audit` inside a write transaction the caller holds (``writing()``), so the row
        commits or rolls back with the change it records."""
        last = connection.execute(
            "SELECT id, at, hash FROM audit ORDER BY id DESC LIMIT 1"
        ).fetchone()
        last_id, last_at, prev_hash = last if last else (0, "", None)
        # A clock stepped back (NTP) must not lose the row: it is dated no earlier than the last.
        at = max(_utc_text(self.clock()), last_at)
        details_text = _canonical(scrub(details or {}))
        row = (
            last_id + 1,
            at,
            self.agent_login,
            self.agent_id,
            self.profile,
            thread_id,
            action,
            outcome,
            details_text,
        )
        connection.execute(
            f"INSERT INTO audit ({_AUDIT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*row, row_hash(prev_hash, content(row))),
        )

    def audit_entries(self, limit: int = 100, since: datetime | None = None) -> list[AuditEntry]:
        """The ``limit`` most recent entries (at or after ``since``), oldest first."""
        with self.snapshot() as connection:
            rows = connection.execute(
                f"SELECT {_AUDIT_COLUMNS} FROM audit WHERE at >= ? ORDER BY id DESC LIMIT ?",
                (_utc_text(since) if since else "", limit),
            ).fetchall()
        return [
            AuditEntry(
                datetime.fromisoformat(at),
                agent,
                thread_id,
                action,
                outcome,
                json.loads(details),
                id=row_id,
                agent_id=agent_id,
                profile=profile,
                hash=digest,
            )
            for (
                row_id,
                at,
                agent,
                agent_id,
                profile,
                thread_id,
                action,
                outcome,
                details,
                digest,
            ) in reversed(rows)
        ]

    def audit_count(self) -> int:
        """How many rows the audit log holds."""
        with self.snapshot() as connection:
            return int(connection.execute("SELECT count(*) FROM audit").fetchone()[0])

    def verify_chain(self) -> int | None:
        """The id of the first row whose hash does not follow from the rows before it (edited,
        or a row before it removed), or None when the chain is intact. A removed last row
        cannot be told from one never written."""
        with self.snapshot() as connection:
            return chain_rows(connection)
