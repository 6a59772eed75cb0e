"""The versioned schema: migration steps applied in order, each in one transaction.

``PRAGMA user_version`` holds the number of steps applied. Add a step at the end; never edit one
that has shipped.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from inbox_tui.livevox.models import Message, Thread
from inbox_tui.store.audit_chain import content, row_hash
from inbox_tui.store.errors import StoreError
from inbox_tui.store.indexing import index_messages, index_thread
from inbox_tui.store.privacy import private_message, private_thread

Migration = Callable[[sqlite3.Connection], None]

_V1_CACHE_DRAFTS_OUTBOX_AUDIT = (
    """CREATE TABLE channels (
        channel_id TEXT PRIMARY KEY, position INTEGER NOT NULL, name TEXT, json TEXT NOT NULL)""",
    """CREATE TABLE inboxes (inbox_key TEXT PRIMARY KEY, name TEXT, cached_at TEXT)""",
    """CREATE TABLE threads (
        thread_id TEXT PRIMARY KEY, json TEXT NOT NULL, account TEXT, contact_name TEXT,
        customer_digits TEXT, activity_ms INTEGER NOT NULL)""",
    """CREATE TABLE inbox_threads (
        inbox_key TEXT NOT NULL, thread_id TEXT NOT NULL, position INTEGER NOT NULL,
        PRIMARY KEY (inbox_key, thread_id)) WITHOUT ROWID""",
    "CREATE INDEX inbox_threads_order ON inbox_threads (inbox_key, position)",
    "CREATE INDEX inbox_threads_thread ON inbox_threads (thread_id)",
    """CREATE TABLE messages (
        id TEXT PRIMARY KEY, thread_id TEXT NOT NULL, date_ms INTEGER NOT NULL,
        id_num INTEGER NOT NULL, direction INTEGER NOT NULL, phone_digits TEXT,
        text TEXT NOT NULL, json TEXT NOT NULL)""",
    "CREATE INDEX messages_thread_order ON messages (thread_id, date_ms, id_num, id)",
    """CREATE TABLE drafts (
        thread_id TEXT PRIMARY KEY, text TEXT NOT NULL, updated_at TEXT NOT NULL)""",
    """CREATE TABLE outbox (
        id INTEGER PRIMARY KEY, idempotency_key TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
        thread_id TEXT, to_number TEXT NOT NULL, from_number TEXT NOT NULL, text TEXT,
        account TEXT, template_id TEXT, state TEXT NOT NULL, transaction_id TEXT, reason TEXT,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
        resend_of INTEGER REFERENCES outbox (id))""",
    "CREATE INDEX outbox_state ON outbox (state)",
    """CREATE TABLE audit (
        id INTEGER PRIMARY KEY, at TEXT NOT NULL, agent TEXT, thread_id TEXT,
        action TEXT NOT NULL, details TEXT NOT NULL, outcome TEXT NOT NULL)""",
    "CREATE INDEX audit_at ON audit (at)",
    """CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
    """CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
)

_V2_SEARCH = (
    # rowid = date in ms << 10 (+ a probe on collision): rowid order is recency order, so the
    # newest matches stream straight out of the full-text index.
    """CREATE TABLE search_docs (
        rowid INTEGER PRIMARY KEY, thread_id TEXT NOT NULL, message_id TEXT UNIQUE)""",
    "CREATE INDEX search_docs_thread ON search_docs (thread_id)",
    # ``thread`` holds one token per thread, so "these few threads" is a fast full-text AND.
    """CREATE VIRTUAL TABLE search_fts USING fts5 (
        text, name, account, phone, thread,
        tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')""",
    """CREATE TABLE search_meta (
        thread_id TEXT PRIMARY KEY, name TEXT NOT NULL, account TEXT NOT NULL,
        phone TEXT NOT NULL)""",
    """CREATE TABLE thread_numbers (
        thread_id TEXT NOT NULL, digits TEXT NOT NULL,
        PRIMARY KEY (thread_id, digits)) WITHOUT ROWID""",
)

_V3_OPT_OUTS = (
    """CREATE TABLE opt_outs (
        id INTEGER PRIMARY KEY, number_key TEXT NOT NULL, sms_code TEXT NOT NULL,
        thread_id TEXT, message_id TEXT, message_date TEXT, recorded_at TEXT NOT NULL,
        agent TEXT)""",
    "CREATE INDEX opt_outs_route ON opt_outs (number_key, sms_code, id)",
)

# LiveVox gives an agent's personal SMS and personal Email inboxes the same channel id: a key on
# the id kept only one of them. The cached list is rebuilt by the next fetch.
_V4_CHANNELS_BY_POSITION = (
    "DROP TABLE channels",
    """CREATE TABLE channels (
        position INTEGER PRIMARY KEY, channel_id TEXT NOT NULL, name TEXT, json TEXT NOT NULL)""",
)


_V6_AUDIT_TRIGGERS = (
    """CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
    # REPLACE INTO deletes the row it replaces without firing delete triggers (unless
    # recursive_triggers is on): refuse any id not after the last, and any backdated row.
    """CREATE TRIGGER audit_append_only BEFORE INSERT ON audit
        WHEN NEW.id IS NULL OR NEW.id <= (SELECT coalesce(max(id), 0) FROM audit)
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
    """CREATE TRIGGER audit_no_backdating BEFORE INSERT ON audit
        WHEN NEW.at < (SELECT at FROM audit ORDER BY id DESC LIMIT 1)
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: no backdated row'); END""",
    """CREATE TRIGGER audit_chained BEFORE INSERT ON audit WHEN NEW.hash IS NULL
        BEGIN SELECT RAISE(ABORT, 'an audit row needs its chain hash'); END""",
)


def _statements(statements: tuple[str, ...]) -> Migration:
    def step(connection: sqlite3.Connection) -> None:
        for statement in statements:
            connection.execute(statement)

    return step


def _add_search(connection: sqlite3.Connection) -> None:
    """v2: full-text search, filled from what v1 already cached."""
    _statements(_V2_SEARCH)(connection)
    _index_cache(connection)


def _index_cache(connection: sqlite3.Connection) -> None:
    for (thread_json,) in connection.execute("SELECT json FROM threads").fetchall():
        index_thread(connection, Thread.model_validate_json(thread_json))
    by_thread: dict[str, list[Message]] = {}
    for thread_id, message_json in connection.execute("SELECT thread_id, json FROM messages"):
        by_thread.setdefault(thread_id, []).append(Message.model_validate_json(message_json))
    for thread_id, messages in by_thread.items():
        index_messages(connection, thread_id, messages)


def _scrub_pii(connection: sqlite3.Connection) -> None:
    """v5: no SSN or date of birth in clear (issue 12.1). Cached threads keep the SSN's last
    four and a hidden DOB, message texts are masked, and the full-text index is rebuilt from
    the masked rows and optimised (merged) so no old segment keeps the terms. The caller then
    checkpoints the log with secure_delete on, so the old bytes are overwritten."""
    for thread_id, thread_json in connection.execute("SELECT thread_id, json FROM threads"):
        thread = private_thread(Thread.model_validate_json(thread_json))
        connection.execute(
            "UPDATE threads SET json = ? WHERE thread_id = ?",
            (thread.model_dump_json(by_alias=True), thread_id),
        )
    rows = connection.execute("SELECT id, json FROM messages").fetchall()
    for message_id, message_json in rows:
        message = private_message(Message.model_validate_json(message_json))
        connection.execute(
            "UPDATE messages SET text = ?, json = ? WHERE id = ?",
            (message.message, message.model_dump_json(by_alias=True), message_id),
        )
    for table in ("search_fts", "search_docs", "search_meta", "thread_numbers"):
        connection.execute(f"DELETE FROM {table}")
    _index_cache(connection)
    connection.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")


def _chain_audit(connection: sqlite3.Connection) -> None:
    """v6: every audit row names the agent's login (``agent``) and id and the profile, and rows
    form a hash chain; the existing rows are chained in id order. Inserts out of order or
    backdated are refused (so REPLACE cannot overwrite a row)."""
    for column in ("agent_id", "profile", "hash"):
        connection.execute(f"ALTER TABLE audit ADD COLUMN {column} TEXT")
    connection.execute("DROP TRIGGER audit_no_update")
    prev = None
    rows = connection.execute(
        "SELECT id, at, agent, agent_id, profile, thread_id, action, outcome, details"
        " FROM audit ORDER BY id"
    ).fetchall()
    for row in rows:
        prev = row_hash(prev, content(row))
        connection.execute("UPDATE audit SET hash = ? WHERE id = ?", (prev, row[0]))
    _statements(_V6_AUDIT_TRIGGERS)(connection)


MIGRATIONS: list[Migration] = [
    _statements(_V1_CACHE_DRAFTS_OUTBOX_AUDIT),
    _add_search,
    _statements(_V3_OPT_OUTS),
    _statements(_V4_CHANNELS_BY_POSITION),
    _scrub_pii,
    _chain_audit,
]

PII_SCRUB_VERSION = 5
"""The ``user_version`` from which the cache keeps no SSN or date of birth in clear."""


def migrate(connection: sqlite3.Connection, target: int | None = None) -> None:
    """Apply the missing steps up to ``target`` (default: all), each step in its own transaction.

    The version is read inside the transaction, so two processes opening one file migrate once.
    """
    target = len(MIGRATIONS) if target is None else target
    scrubbed = False
    while True:
        connection.execute("BEGIN IMMEDIATE")
        try:
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            if version > len(MIGRATIONS):
                raise StoreError("This database was written by a newer inbox-tui; update it.")
            if version >= target:
                connection.execute("COMMIT")
                break
            MIGRATIONS[version](connection)
            scrubbed = scrubbed or version + 1 == PII_SCRUB_VERSION
            connection.execute(f"PRAGMA user_version = {version + 1}")
        except BaseException:
            connection.rollback()
            raise
        connection.execute("COMMIT")
    if scrubbed:
        # The clear values may still sit in the log or in freed pages: secure_delete (on for
        # every connection) zeroed what the scrub freed; copy the log back and empty it.
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
