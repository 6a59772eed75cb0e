"""The outbox: every send is written down before the request, and its outcome after.

An outcome that is unknown (the request may have reached LiveVox) is checked against the
thread's transaction history; if the message is not there the entry stays unknown until the
agent resends it explicitly. Nothing is ever resent automatically.

The store never closes an entry as failed from a history: a history that could not be read, or
that does not reach back to the send, proves nothing. Only a successful read that ``covers`` the
send's time and lacks it says "looked and not there", and even then the entry stays unknown (the
caller decides). A late success always wins: ``mark_sent`` accepts a failed or unknown entry.
"""

from __future__ import annotations

import sqlite3
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from inbox_tui.core.phone import same_number
from inbox_tui.livevox.models import Direction, Message
from inbox_tui.store.database import Database
from inbox_tui.text import clean_text, storable_text

RECONCILE_SKEW = timedelta(minutes=2)
"""How far before the entry's creation a history message may be dated (clocks differ)."""

HISTORY_PAGE_SIZE = 25
"""Messages in a full page of a thread's history (``list_messages(page=1)``): a shorter page is
the thread's whole history."""


class OutboxState(StrEnum):
    """Where a send stands: pending (written, request not answered), sent, failed, unknown."""

    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class OutboxEntry:
    """One send: what was asked, and what became of it."""

    id: int
    idempotency_key: str
    kind: str
    thread_id: str | None
    to: str
    from_: str
    text: str | None
    account: str | None
    template_id: str | None
    state: OutboxState
    transaction_id: str | None
    reason: str | None
    created_at: datetime
    updated_at: datetime
    resend_of: int | None


_COLUMNS = (
    "id, idempotency_key, kind, thread_id, to_number, from_number, text, account, template_id,"
    " state, transaction_id, reason, created_at, updated_at, resend_of"
)


def _entry(row: tuple[Any, ...]) -> OutboxEntry:
    values = list(row)
    values[9] = OutboxState(values[9])
    values[12] = datetime.fromisoformat(values[12])
    values[13] = datetime.fromisoformat(values[13])
    return OutboxEntry(*values)


def same_text(a: str | None, b: str | None) -> bool:
    """Whether two message texts are the same once cleaned, NFC-normalised and with runs of
    whitespace as one space (LiveVox may re-wrap what was sent)."""

    def normal(text: str) -> str:
        return " ".join(unicodedata.normalize("NFC", clean_text(text)).split())

    return a is not None and b is not None and normal(a) == normal(b)


def covers(
    entry: OutboxEntry, history: list[Message], *, page_size: int = HISTORY_PAGE_SIZE
) -> bool:
    """Whether a successfully read page of the thread's history reaches back to ``entry``'s send:
    the page is the whole history (shorter than ``page_size``) or its oldest dated message is
    older than the entry's creation less :data:`RECONCILE_SKEW`. Only then does "not in the
    history" mean anything."""
    if len(history) < page_size:
        return True
    dates = [message.date for message in history if message.date is not None]
    return bool(dates) and min(dates) < entry.created_at - RECONCILE_SKEW


class Outbox:
    """The outbox table of a store."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def begin(
        self,
        kind: str,
        thread_id: str | None,
        to: str,
        from_: str,
        text: str | None,
        account: str | None = None,
        template_id: str | None = None,
        *,
        resend_of: int | None = None,
    ) -> OutboxEntry:
        """Write a send down as pending, before the request; ``kind`` is "agent" or "sms"."""
        now = self._database.clock().isoformat()
        text = storable_text(text) if text is not None else None
        with self._database.writing() as connection:
            cursor = connection.execute(
                "INSERT INTO outbox (idempotency_key, kind, thread_id, to_number, from_number,"
                " text, account, template_id, state, created_at, updated_at, resend_of)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    str(uuid.uuid4()),
                    kind,
                    thread_id,
                    to,
                    from_,
                    text,
                    account,
                    template_id,
                    OutboxState.PENDING,
                    now,
                    now,
                    resend_of,
                ),
            )
            return self._get(connection, cursor.lastrowid)

    def get(self, entry_id: int) -> OutboxEntry:
        """The entry ``entry_id`` as it is now (KeyError if there is none)."""
        with self._database.snapshot() as connection:
            return self._get(connection, entry_id)

    @staticmethod
    def _get(connection: sqlite3.Connection, entry_id: int | None) -> OutboxEntry:
        row = connection.execute(f"SELECT {_COLUMNS} FROM outbox WHERE id = ?", (entry_id,))
        found = row.fetchone()
        if found is None:
            raise KeyError(f"No outbox entry {entry_id}.")
        return _entry(found)

    def _move(
        self,
        entry_id: int,
        state: OutboxState,
        allowed_from: tuple[OutboxState, ...],
        *,
        transaction_id: str | None = None,
        reason: str | None = None,
    ) -> OutboxEntry:
        with self._database.writing() as connection:
            current = self._get(connection, entry_id)
            told_twice = current.state is OutboxState.SENT and transaction_id in (
                None,
                current.transaction_id,
            )
            if state is OutboxState.SENT and told_twice:
                return current  # the same success told twice
            if current.state not in allowed_from:
                raise ValueError(f"Outbox entry {entry_id} is {current.state}, not {state}.")
            connection.execute(
                "UPDATE outbox SET state = ?, transaction_id = coalesce(?, transaction_id),"
                " reason = ?, updated_at = ? WHERE id = ?",
                (state, transaction_id, reason, self._database.clock().isoformat(), entry_id),
            )
            if state is OutboxState.SENT and current.state in (
                OutboxState.FAILED,
                OutboxState.UNKNOWN,
            ):
                append = getattr(self._database, "append_audit", None)
                if append is not None:
                    append(
                        connection,
                        "send_settled",
                        current.thread_id,
                        "sent",
                        {
                            "outbox_id": entry_id,
                            "old_state": str(current.state),
                            "new_state": str(state),
                            "transaction_id": transaction_id,
                        },
                    )
            return self._get(connection, entry_id)

    def mark_sent(self, entry_id: int, transaction_id: str) -> OutboxEntry:
        """LiveVox accepted the send (or the history shows it went out). A late success always
        wins: a pending, unknown or failed entry becomes sent (the move from failed or unknown is
        audited as ``send_settled``); an entry already sent with this id is returned as it is.
        The returned entry's ``thread_id`` and ``text`` say which draft to clear
        (:meth:`Drafts.clear_draft_if <inbox_tui.store.drafts.Drafts.clear_draft_if>`)."""
        return self._move(
            entry_id,
            OutboxState.SENT,
            (OutboxState.PENDING, OutboxState.UNKNOWN, OutboxState.FAILED),
            transaction_id=transaction_id,
        )

    def mark_failed(self, entry_id: int, reason: str) -> OutboxEntry:
        """LiveVox definitely did not send it."""
        return self._move(
            entry_id, OutboxState.FAILED, (OutboxState.PENDING, OutboxState.UNKNOWN), reason=reason
        )

    def mark_unknown(self, entry_id: int, reason: str) -> OutboxEntry:
        """The request may or may not have reached LiveVox."""
        return self._move(entry_id, OutboxState.UNKNOWN, (OutboxState.PENDING,), reason=reason)

    def unresolved(self) -> list[OutboxEntry]:
        """Pending and unknown entries not yet resent (after a crash: check each one)."""
        with self._database.snapshot() as connection:
            rows = connection.execute(
                f"SELECT {_COLUMNS} FROM outbox WHERE state IN (?, ?) AND id NOT IN"
                " (SELECT resend_of FROM outbox WHERE resend_of IS NOT NULL) ORDER BY id",
                (OutboxState.PENDING, OutboxState.UNKNOWN),
            ).fetchall()
        return [_entry(row) for row in rows]

    def reconcile(self, entry: OutboxEntry, history: list[Message]) -> bool:
        """Look for a pending, unknown or failed send in the thread's history: a message that is
        not inbound, with the same text to the same number, not dated earlier than the entry
        (less a skew) and not already claimed by another entry. LiveVox may leave out a
        message's date and direction: an undated message or one of unknown direction can match
        (dated ones are preferred, oldest first). If found, mark the entry sent with its id."""
        if entry.state not in (OutboxState.PENDING, OutboxState.UNKNOWN, OutboxState.FAILED):
            return False
        not_before = entry.created_at - RECONCILE_SKEW
        with self._database.snapshot() as connection:
            claimed = {
                tid
                for (tid,) in connection.execute(
                    "SELECT transaction_id FROM outbox WHERE transaction_id IS NOT NULL"
                )
            }
        candidates = sorted(
            (
                message
                for message in history
                if message.direction is not Direction.INBOUND
                and (message.date is None or message.date >= not_before)
                and message.id not in claimed
                and same_number(message.phone, entry.to)
                and same_text(message.message, entry.text)
            ),
            key=lambda message: (message.date is None, message.date or not_before),
        )
        if not candidates:
            return False
        self.mark_sent(entry.id, candidates[0].id)
        return True

    def resend(self, entry_id: int) -> OutboxEntry:
        """A new pending entry for a failed or unknown send, linked to it (the agent's choice)."""
        old = self.get(entry_id)
        if old.state not in (OutboxState.FAILED, OutboxState.UNKNOWN):
            raise ValueError(f"Outbox entry {entry_id} is {old.state}; only failed or unknown.")
        return self.begin(
            old.kind,
            old.thread_id,
            old.to,
            old.from_,
            old.text,
            old.account,
            old.template_id,
            resend_of=old.id,
        )
