"""The audit log's hash chain: how a row's link is computed and checked (no database here, so
the schema's migration can use it)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from typing import Any


def canonical(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def row_hash(prev_hash: str | None, content: dict[str, Any]) -> str:
    """The chain link of one row: sha256 of the previous row's hash (empty for the first) and
    the canonical JSON (sorted keys, no spaces, UTF-8) of the row's content: id, at, agent,
    agent_id, profile, thread_id, action, outcome and details (as an object)."""
    return hashlib.sha256(((prev_hash or "") + canonical(content)).encode("utf-8")).hexdigest()


AUDIT_COLUMNS = "id, at, agent, agent_id, profile, thread_id, action, outcome, details, hash"


def content(row: tuple[Any, ...]) -> dict[str, Any]:
    row_id, at, agent, agent_id, profile, thread_id, action, outcome, details = row[:9]
    try:
        parsed: Any = json.loads(details)
    except (TypeError, ValueError):
        parsed = details  # an unreadable details text still hashes (and then fails to match)
    return {
        "id": row_id,
        "at": at,
        "agent": agent,
        "agent_id": agent_id,
        "profile": profile,
        "thread_id": thread_id,
        "action": action,
        "outcome": outcome,
        "details": parsed,
    }


def chain_rows(connection: sqlite3.Connection) -> int | None:
    """The id of the first row whose stored hash does not follow from the rows before it, or
    None when the whole chain holds (for the migration and :meth:`AuditLog.verify_chain`)."""
    prev: str | None = None
    for row in connection.execute(f"SELECT {AUDIT_COLUMNS} FROM audit ORDER BY id"):
        expected = row_hash(prev, content(row))
        if row[9] != expected:
            return int(row[0])
        prev = expected
    return None
