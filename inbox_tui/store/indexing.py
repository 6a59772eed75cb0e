"""Keeping the full-text index in step with the cache: one search document per message, plus
one per thread whose messages are not cached yet, each carrying the thread's contact name,
account and phone numbers so that words and contact details can be combined in one query."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from datetime import datetime

from inbox_tui.livevox.models import Message, Thread

_NOT_DIGIT = re.compile(r"[^0-9]")
_CHUNK = 500  # ids per "IN (...)": well under SQLite's variable limit


def digits_only(number: str | None) -> str:
    """The ASCII digits of a phone number."""
    return _NOT_DIGIT.sub("", number or "")


def epoch_ms(moment: datetime | None) -> int:
    """Milliseconds since the epoch; a missing date sorts first."""
    return max(0, int(moment.timestamp() * 1000)) if moment else 0


def sort_ms(newest_first: list[Message]) -> dict[str, int]:
    """Each message's place in time, in ms: its date, or (undated) the date of the message
    before it in the page (``livevox.order`` puts an undated message right after its elder), so
    the cache and the search keep the page's order."""
    places: dict[str, int] = {}
    elder = 0
    for message in reversed(newest_first):
        if message.date is not None:
            elder = epoch_ms(message.date)
        places[message.id] = elder
    return places


def _phone_terms(numbers: Iterable[str]) -> str:
    """Every number as digits, and North American numbers also without the leading 1."""
    terms: list[str] = []
    for digits in numbers:
        terms.append(digits)
        if len(digits) == 11 and digits.startswith("1"):
            terms.append(digits[1:])
    return " ".join(terms)


def thread_numbers(thread: Thread) -> set[str]:
    """The customer's numbers a thread knows: the far end and the contact's phones."""
    numbers = {digits_only(thread.customer_number)}
    if thread.contact_info:
        numbers.update(digits_only(phone.number) for phone in thread.contact_info.phone_details)
    return numbers - {""}


def thread_account(thread: Thread) -> str:
    """The thread's account, from the thread or its contact."""
    contact_account = thread.contact_info.account if thread.contact_info else None
    return thread.account or contact_account or thread.interaction_account or ""


def thread_contact_name(thread: Thread) -> str:
    """The contact's name, and the guarantor's when there is one."""
    contact = thread.contact_info
    if contact is None:
        return ""
    guarantor = (contact.guarantor_first_name, contact.guarantor_last_name)
    guarantor_name = " ".join(part for part in guarantor if part)
    return " ".join(part for part in (contact.display_name, guarantor_name) if part)


def thread_token(thread_id: str) -> str:
    """The thread's single token in the index's ``thread`` column (hex: always one word)."""
    return "x" + thread_id.encode().hex()


def _add_numbers(connection: sqlite3.Connection, thread_id: str, numbers: Iterable[str]) -> None:
    connection.executemany(
        "INSERT OR IGNORE INTO thread_numbers (thread_id, digits) VALUES (?, ?)",
        [(thread_id, digits) for digits in numbers],
    )


def _sync_meta(
    connection: sqlite3.Connection,
    thread_id: str,
    *,
    name: str | None = None,
    account: str | None = None,
) -> tuple[str, str, str]:
    """Record the thread's name, account (None keeps the known one) and numbers; when they
    changed, rewrite them on the thread's documents. Returns (name, account, phone terms)."""
    row = connection.execute(
        "SELECT name, account, phone FROM search_meta WHERE thread_id = ?", (thread_id,)
    ).fetchone()
    old = tuple(row) if row else ("", "", "")
    digits = connection.execute(
        "SELECT digits FROM thread_numbers WHERE thread_id = ? ORDER BY digits", (thread_id,)
    ).fetchall()
    new = (
        old[0] if name is None else name,
        old[1] if account is None else account,
        _phone_terms(d for (d,) in digits),
    )
    if row is None or new != old:
        connection.execute(
            "INSERT OR REPLACE INTO search_meta (thread_id, name, account, phone)"
            " VALUES (?, ?, ?, ?)",
            (thread_id, *new),
        )
        connection.execute(
            "UPDATE search_fts SET name = ?, account = ?, phone = ? WHERE rowid IN"
            " (SELECT rowid FROM search_docs WHERE thread_id = ?)",
            (*new, thread_id),
        )
    return new


def _free_rowid(connection: sqlite3.Connection, date_ms: int, taken: set[int]) -> int:
    rowid = date_ms << 10
    while (
        rowid in taken
        or connection.execute("SELECT 1 FROM search_docs WHERE rowid = ?", (rowid,)).fetchone()
    ):
        rowid += 1
    taken.add(rowid)
    return rowid


def _delete_docs(connection: sqlite3.Connection, rowids: list[int]) -> None:
    for start in range(0, len(rowids), _CHUNK):
        chunk = rowids[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        connection.execute(f"DELETE FROM search_fts WHERE rowid IN ({marks})", chunk)
        connection.execute(f"DELETE FROM search_docs WHERE rowid IN ({marks})", chunk)


def _thread_doc(connection: sqlite3.Connection, thread_id: str) -> list[int]:
    # By the thread's index: SQLite's own choice, the unique index of message ids, holds every
    # thread document under NULL, and walked them all for each thread saved.
    rows = connection.execute(
        "SELECT rowid FROM search_docs INDEXED BY search_docs_thread"
        " WHERE thread_id = ? AND message_id IS NULL",
        (thread_id,),
    ).fetchall()
    return [rowid for (rowid,) in rows]


def index_thread(connection: sqlite3.Connection, thread: Thread) -> None:
    """Index a thread's contact details; until its messages are cached, the thread itself is a
    document (its last message's details) so a customer can be found by name or number."""
    thread_id = thread.thread_id
    _add_numbers(connection, thread_id, thread_numbers(thread))
    meta = _sync_meta(
        connection, thread_id, name=thread_contact_name(thread), account=thread_account(thread)
    )
    has_messages = connection.execute(
        "SELECT 1 FROM search_docs WHERE thread_id = ? AND message_id IS NOT NULL LIMIT 1",
        (thread_id,),
    ).fetchone()
    if has_messages:
        return
    _delete_docs(connection, _thread_doc(connection, thread_id))
    rowid = _free_rowid(connection, epoch_ms(thread.last_activity), set())
    connection.execute(
        "INSERT INTO search_docs (rowid, thread_id, message_id) VALUES (?, ?, NULL)",
        (rowid, thread_id),
    )
    connection.execute(
        "INSERT INTO search_fts (rowid, text, name, account, phone, thread)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (rowid, thread.details or thread.subject or "", *meta, thread_token(thread_id)),
    )


def index_messages(
    connection: sqlite3.Connection,
    thread_id: str,
    messages: list[Message],
    places: dict[str, int] | None = None,
) -> None:
    """Index (or re-index) messages of a thread; they replace the thread's own document.
    ``places`` gives each message's time for the index's recency order (``sort_ms``; by default
    its own date)."""
    unique = list({message.id: message for message in messages}.values())
    _add_numbers(connection, thread_id, {digits_only(m.phone) for m in unique} - {""})
    meta = _sync_meta(connection, thread_id)
    stale = _thread_doc(connection, thread_id)
    ids = [message.id for message in unique]
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        stale += [
            rowid
            for (rowid,) in connection.execute(
                f"SELECT rowid FROM search_docs WHERE message_id IN ({','.join('?' * len(chunk))})",
                chunk,
            )
        ]
    _delete_docs(connection, stale)
    taken: set[int] = set()
    places = places or {}
    # Oldest first: a message that shares its place with its elder gets the next rowid after it.
    docs = [
        (_free_rowid(connection, places.get(m.id, epoch_ms(m.date)), taken), m)
        for m in reversed(unique)
    ]
    connection.executemany(
        "INSERT INTO search_docs (rowid, thread_id, message_id) VALUES (?, ?, ?)",
        [(rowid, thread_id, message.id) for rowid, message in docs],
    )
    connection.executemany(
        "INSERT INTO search_fts (rowid, text, name, account, phone, thread)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [(rowid, m.message, *meta, thread_token(thread_id)) for rowid, m in docs],
    )
