"""Full-text search over the cache: messages, contact names, accounts and phone numbers.

Ranking is bm25, then recency, over the newest ``CANDIDATES`` matches: search documents are
numbered in date order, so the newest matches stream straight out of the index and a common
word costs no more than a rare one. Filters on the contact (number, account, inbox) are first
resolved to threads; a few threads are searched through their own documents instead.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from inbox_tui.store.database import Database
from inbox_tui.store.highlight import Span, highlight
from inbox_tui.store.indexing import epoch_ms, thread_token
from inbox_tui.store.query import SearchQuery, parse_query
from inbox_tui.text import storable_text

CANDIDATES = 1000
FEW_THREADS = 200


@dataclass(frozen=True)
class SearchHit:
    """One matching message, or a thread whose messages are not cached (``message_id`` None)."""

    thread_id: str
    inbox_key: str | None
    contact_name: str | None
    phone: str | None
    account: str | None
    message_id: str | None
    date: datetime | None
    snippet: tuple[Span, ...]

    @property
    def snippet_text(self) -> str:
        """The snippet without its match marks."""
        return "".join(text for text, _ in self.snippet)


def _threads(connection: sqlite3.Connection, query: SearchQuery) -> set[str] | None:
    """The threads the contact filters allow; None when there are no such filters."""
    allowed: list[set[str]] = []
    if query.number:
        allowed.append(
            {
                thread_id
                for (thread_id,) in connection.execute(
                    "SELECT thread_id FROM thread_numbers WHERE instr(digits, ?)", (query.number,)
                )
            }
        )
    if query.account:
        allowed.append(
            {
                thread_id
                for (thread_id,) in connection.execute(
                    "SELECT thread_id FROM search_meta WHERE account = ? COLLATE NOCASE",
                    (query.account,),
                )
            }
        )
    if query.inbox:
        allowed.append(
            {
                thread_id
                for (thread_id,) in connection.execute(
                    "SELECT it.thread_id FROM inbox_threads it"
                    " LEFT JOIN inboxes i ON i.inbox_key = it.inbox_key"
                    " LEFT JOIN channels c ON c.channel_id = it.inbox_key"
                    " WHERE instr(lower(it.inbox_key), ?1)"
                    " OR instr(lower(coalesce(i.name, '')), ?1)"
                    " OR instr(lower(coalesce(c.name, '')), ?1)",
                    (query.inbox.lower(),),
                )
            }
        )
    return set.intersection(*allowed) if allowed else None


def _candidates(
    connection: sqlite3.Connection, query: SearchQuery, threads: set[str] | None, limit: int
) -> list[int]:
    """Rowids of the matching documents, best first."""
    since = epoch_ms(query.since) << 10 if query.since else 0
    few = threads is not None and len(threads) <= FEW_THREADS
    if not query.match:
        index = "INDEXED BY search_docs_thread" if few else ""
        in_threads = " AND thread_id IN (SELECT value FROM json_each(?))" if threads else ""
        values: list[object] = [since, json.dumps(sorted(threads))] if threads else [since]
        docs = connection.execute(
            f"SELECT rowid FROM search_docs {index} WHERE rowid >= ?{in_threads}"
            " ORDER BY rowid DESC LIMIT ?",
            [*values, limit],
        )
        return [rowid for (rowid,) in docs]
    match = query.match
    in_threads = ""
    params: list[object] = [since]
    if threads and few:
        tokens = " OR ".join(f'"{thread_token(thread_id)}"' for thread_id in sorted(threads))
        match += f" AND thread : ({tokens})"
    elif threads:
        in_threads = " AND d.thread_id IN (SELECT value FROM json_each(?))"
        params.append(json.dumps(sorted(threads)))
    ranked = connection.execute(
        "SELECT f.rowid, bm25(search_fts, 1.0, 2.0, 2.0, 2.0, 0.0) FROM search_fts f"
        " JOIN search_docs d ON d.rowid = f.rowid"
        f" WHERE search_fts MATCH ? AND f.rowid >= ?{in_threads}"
        " ORDER BY f.rowid DESC LIMIT ?",
        [match, *params, CANDIDATES],
    ).fetchall()
    ranked.sort(key=lambda row: (row[1], -row[0]))
    return [rowid for rowid, _ in ranked[:limit]]


class Search(Database):
    """Searching the cache."""

    def search(self, query: str, limit: int = 50, now: datetime | None = None) -> list[SearchHit]:
        """Hits for what the agent typed (see :mod:`inbox_tui.store.query` for the syntax).

        Raises :class:`SearchQueryError` for a bad filter value; never an SQLite error.
        """
        parsed = parse_query(storable_text(query), now or self.clock().astimezone())
        if parsed.is_empty:
            return []
        with self.snapshot() as connection:
            threads = _threads(connection, parsed)
            if threads is not None and not threads:
                return []
            rowids = _candidates(connection, parsed, threads, limit)
            rows = connection.execute(
                "SELECT d.rowid, d.thread_id, d.message_id,"
                " coalesce(m.date_ms, t.activity_ms, 0), s.name, s.account,"
                " coalesce(nullif(t.customer_digits, ''), m.phone_digits),"
                " (SELECT min(inbox_key) FROM inbox_threads it"
                "  WHERE it.thread_id = d.thread_id), f.text"
                " FROM search_docs d JOIN search_fts f ON f.rowid = d.rowid"
                " LEFT JOIN messages m ON m.id = d.message_id"
                " LEFT JOIN threads t ON t.thread_id = d.thread_id"
                " LEFT JOIN search_meta s ON s.thread_id = d.thread_id"
                " WHERE d.rowid IN (SELECT value FROM json_each(?))",
                (json.dumps(rowids),),
            ).fetchall()
        found = {row[0]: self._hit(row[1:], parsed) for row in rows}
        return [found[rowid] for rowid in rowids]

    @staticmethod
    def _hit(row: tuple[Any, ...], query: SearchQuery) -> SearchHit:
        thread_id, message_id, date_ms, name, account, phone, inbox_key, text = row
        return SearchHit(
            thread_id=thread_id,
            inbox_key=inbox_key,
            contact_name=name or None,
            phone=phone or None,
            account=account or None,
            message_id=message_id,
            date=datetime.fromtimestamp(date_ms / 1000, UTC) if date_ms else None,
            snippet=highlight(text, query.terms),
        )
