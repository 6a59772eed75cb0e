"""Full-text search over the cache: messages, contact names, accounts and phone numbers.

Ranking is bm25, then recency, over the newest ``CANDIDATES`` matches: search documents are
numbered in date order, so the newest matches stream straight out of the index and a common
word costs no more than a rare one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from inbox_tui.store.database import Database
from inbox_tui.store.indexing import SNIPPET_END, SNIPPET_START, epoch_ms
from inbox_tui.store.query import SearchQuery, parse_query

CANDIDATES = 1000
SNIPPET_TOKENS = 16
PLAIN_SNIPPET_CHARS = 120

Span = tuple[str, bool]
"""A piece of a snippet and whether it matched the query (the UI styles it; never markup)."""


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
        return "".join(text for text, _ in self.snippet)


def snippet_spans(marked: str) -> tuple[Span, ...]:
    """Split FTS5's snippet, marked with the sentinel characters, into (text, is_match) spans."""
    spans: list[Span] = []
    for index, piece in enumerate(marked.split(SNIPPET_START)):
        matched, _, rest = piece.partition(SNIPPET_END) if index else ("", "", piece)
        spans.extend(span for span in ((matched, True), (rest, False)) if span[0])
    return tuple(spans)


def _filters(query: SearchQuery) -> tuple[list[str], list[object]]:
    """SQL conditions on search_docs ``d`` for the query's filters."""
    conditions: list[str] = []
    params: list[object] = []
    if query.since is not None:
        conditions.append("d.rowid >= ?")
        params.append(epoch_ms(query.since) << 10)
    if query.number:
        conditions.append(
            "d.thread_id IN (SELECT thread_id FROM thread_numbers WHERE instr(digits, ?))"
        )
        params.append(query.number)
    if query.account:
        conditions.append(
            "d.thread_id IN (SELECT thread_id FROM search_meta WHERE account = ? COLLATE NOCASE)"
        )
        params.append(query.account)
    if query.inbox:
        conditions.append(
            "d.thread_id IN (SELECT it.thread_id FROM inbox_threads it"
            " LEFT JOIN inboxes i ON i.inbox_key = it.inbox_key"
            " LEFT JOIN channels c ON c.channel_id = it.inbox_key"
            " WHERE instr(lower(it.inbox_key), ?) OR instr(lower(coalesce(i.name, '')), ?)"
            " OR instr(lower(coalesce(c.name, '')), ?))"
        )
        params.extend([query.inbox.lower()] * 3)
    return conditions, params


class Search(Database):
    """Searching the cache."""

    def search(self, query: str, limit: int = 50, now: datetime | None = None) -> list[SearchHit]:
        """Hits for what the agent typed (see :mod:`inbox_tui.store.query` for the syntax).

        Raises :class:`SearchQueryError` for a bad filter value; never an SQLite error.
        """
        parsed = parse_query(query, now or self.clock().astimezone())
        if parsed.is_empty:
            return []
        conditions, params = _filters(parsed)
        with self.reading() as connection:
            if parsed.match:
                where = "".join(f" AND {condition}" for condition in conditions)
                ranked = connection.execute(
                    "SELECT f.rowid, bm25(search_fts, 1.0, 2.0, 2.0, 2.0) FROM search_fts f"
                    f" JOIN search_docs d ON d.rowid = f.rowid WHERE search_fts MATCH ?{where}"
                    " ORDER BY f.rowid DESC LIMIT ?",
                    [parsed.match, *params, CANDIDATES],
                ).fetchall()
                ranked.sort(key=lambda row: (row[1], -row[0]))
                rowids = [rowid for rowid, _ in ranked[:limit]]
                marks = ",".join("?" * len(rowids))
                snippets = dict(
                    connection.execute(
                        "SELECT rowid, snippet(search_fts, 0, ?, ?, '…', ?) FROM search_fts"
                        f" WHERE search_fts MATCH ? AND rowid IN ({marks})",
                        [SNIPPET_START, SNIPPET_END, SNIPPET_TOKENS, parsed.match, *rowids],
                    ).fetchall()
                )
            else:
                where = " AND ".join(conditions)
                rowids = [
                    rowid
                    for (rowid,) in connection.execute(
                        f"SELECT d.rowid FROM search_docs d WHERE {where}"
                        " ORDER BY d.rowid DESC LIMIT ?",
                        [*params, limit],
                    )
                ]
                marks = ",".join("?" * len(rowids))
                snippets = {
                    rowid: text[:PLAIN_SNIPPET_CHARS]
                    for rowid, text in connection.execute(
                        f"SELECT rowid, text FROM search_fts WHERE rowid IN ({marks})", rowids
                    )
                }
            details = {
                row[0]: row[1:]
                for row in connection.execute(
                    "SELECT d.rowid, d.thread_id, d.message_id,"
                    " coalesce(m.date_ms, t.activity_ms, 0), s.name, s.account,"
                    " coalesce(nullif(t.customer_digits, ''), m.phone_digits),"
                    " (SELECT min(inbox_key) FROM inbox_threads it"
                    "  WHERE it.thread_id = d.thread_id)"
                    " FROM search_docs d LEFT JOIN messages m ON m.id = d.message_id"
                    " LEFT JOIN threads t ON t.thread_id = d.thread_id"
                    " LEFT JOIN search_meta s ON s.thread_id = d.thread_id"
                    f" WHERE d.rowid IN ({marks})",
                    rowids,
                )
            }
        return [self._hit(details[rowid], snippets.get(rowid, "")) for rowid in rowids]

    @staticmethod
    def _hit(row: tuple, marked: str) -> SearchHit:
        thread_id, message_id, date_ms, name, account, phone, inbox_key = row
        return SearchHit(
            thread_id=thread_id,
            inbox_key=inbox_key,
            contact_name=name or None,
            phone=phone or None,
            account=account or None,
            message_id=message_id,
            date=datetime.fromtimestamp(date_ms / 1000, UTC) if date_ms else None,
            snippet=snippet_spans(marked),
        )
