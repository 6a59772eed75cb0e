"""The cache of what the app has seen: inboxes (channels), their threads, and thread messages.

Models are stored as their JSON (by alias, as LiveVox sends it) beside the columns that are
queried, and read back through the same pydantic models. What is stored passes through
:mod:`inbox_tui.store.privacy` first: any string can be stored, and no SSN or date of birth is
kept in clear.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from inbox_tui.livevox.models import Channel, Message, Thread
from inbox_tui.store.database import Database
from inbox_tui.store.indexing import (
    digits_only,
    epoch_ms,
    index_messages,
    index_thread,
    sort_ms,
    thread_account,
    thread_contact_name,
)
from inbox_tui.store.privacy import private_message, private_thread, storable_model
from inbox_tui.text import storable_text

_CHUNK = 500


class Cache(Database):
    """Saving and loading channels, threads and messages."""

    def save_channels(self, channels: list[Channel]) -> None:
        """Replace the list of channels (inboxes) with ``channels``, in that order."""
        channels = [storable_model(channel) for channel in channels]
        with self.writing() as connection:
            connection.execute("DELETE FROM channels")
            connection.executemany(
                "INSERT OR REPLACE INTO channels (channel_id, position, name, json)"
                " VALUES (?, ?, ?, ?)",
                [
                    (c.channel_id, position, c.channel_name, c.model_dump_json(by_alias=True))
                    for position, c in enumerate(channels)
                ],
            )

    def load_channels(self) -> list[Channel]:
        """The cached channels, in the order they were saved."""
        with self.snapshot() as connection:
            rows = connection.execute("SELECT json FROM channels ORDER BY position").fetchall()
        return [Channel.model_validate_json(json) for (json,) in rows]

    def save_threads(
        self, inbox_key: str, threads: list[Thread], *, replace: bool, name: str | None = None
    ) -> None:
        """Cache an inbox's threads in the server's order and mark the inbox fresh.

        ``replace`` makes the inbox hold exactly ``threads`` (a first page); otherwise threads
        already listed keep their place and new ones go after the last (a further page).
        ``name`` is the inbox's display name when ``inbox_key`` is not a channel id. A thread
        cached as it is now is not written or indexed again (a poll re-saves the same page).
        """
        threads = [private_thread(thread) for thread in threads]
        inbox_key = storable_text(inbox_key)
        name = storable_text(name) if name is not None else None
        with self.writing() as connection:
            known = _cached_json(connection, [thread.thread_id for thread in threads])
            if replace:
                connection.execute("DELETE FROM inbox_threads WHERE inbox_key = ?", (inbox_key,))
            (last,) = connection.execute(
                "SELECT coalesce(max(position), -1) FROM inbox_threads WHERE inbox_key = ?",
                (inbox_key,),
            ).fetchone()
            for offset, thread in enumerate(threads, start=last + 1):
                json = thread.model_dump_json(by_alias=True)
                if known.get(thread.thread_id) != json:
                    connection.execute(
                        "INSERT OR REPLACE INTO threads (thread_id, json, account, contact_name,"
                        " customer_digits, activity_ms) VALUES (?, ?, ?, ?, ?, ?)",
                        (
                            thread.thread_id,
                            json,
                            thread_account(thread),
                            thread_contact_name(thread),
                            digits_only(thread.customer_number),
                            epoch_ms(thread.last_activity),
                        ),
                    )
                    index_thread(connection, thread)
                    known[thread.thread_id] = json
                connection.execute(
                    "INSERT OR IGNORE INTO inbox_threads (inbox_key, thread_id, position)"
                    " VALUES (?, ?, ?)",
                    (inbox_key, thread.thread_id, offset),
                )
            connection.execute(
                "INSERT INTO inboxes (inbox_key, name, cached_at) VALUES (?, ?, ?)"
                " ON CONFLICT (inbox_key) DO UPDATE SET"
                " name = coalesce(excluded.name, name), cached_at = excluded.cached_at",
                (inbox_key, name, self.clock().isoformat()),
            )

    def load_threads(self, inbox_key: str, limit: int = 100, offset: int = 0) -> list[Thread]:
        """A window of an inbox's cached threads, in the server's order."""
        with self.snapshot() as connection:
            rows = connection.execute(
                "SELECT t.json FROM inbox_threads i JOIN threads t USING (thread_id)"
                " WHERE i.inbox_key = ? ORDER BY i.position LIMIT ? OFFSET ?",
                (inbox_key, limit, offset),
            ).fetchall()
        return [Thread.model_validate_json(json) for (json,) in rows]

    def load_thread(self, thread_id: str) -> Thread | None:
        """A cached thread, whichever inbox it was seen in."""
        with self.snapshot() as connection:
            row = connection.execute(
                "SELECT json FROM threads WHERE thread_id = ?", (thread_id,)
            ).fetchone()
        return Thread.model_validate_json(row[0]) if row else None

    def remove_thread(self, inbox_key: str, thread_id: str) -> None:
        """Take a thread out of an inbox (resolved, transferred, moved); its messages stay
        cached and searchable."""
        with self.writing() as connection:
            connection.execute(
                "DELETE FROM inbox_threads WHERE inbox_key = ? AND thread_id = ?",
                (inbox_key, thread_id),
            )

    def inbox_cached_at(self, inbox_key: str) -> datetime | None:
        """When the inbox's threads were last saved; None if never (the cache is stale until
        the first fetch returns)."""
        with self.snapshot() as connection:
            row = connection.execute(
                "SELECT cached_at FROM inboxes WHERE inbox_key = ?", (inbox_key,)
            ).fetchone()
        return datetime.fromisoformat(row[0]) if row and row[0] else None

    def save_messages(self, thread_id: str, messages: list[Message]) -> None:
        """Cache a page of a thread's messages (newest first, as the client returns them);
        unchanged ones are skipped, so re-saving a fetched page costs little."""
        places = sort_ms(messages)
        incoming = {message.id: private_message(message) for message in messages}
        with self.writing() as connection:
            known: dict[str, tuple[str, str]] = {}
            ids = list(incoming)
            for start in range(0, len(ids), _CHUNK):
                chunk = ids[start : start + _CHUNK]
                known.update(
                    (mid, (tid, json))
                    for mid, tid, json in connection.execute(
                        "SELECT id, thread_id, json FROM messages"
                        f" WHERE id IN ({','.join('?' * len(chunk))})",
                        chunk,
                    )
                )
            rows = []
            changed = []
            for message in incoming.values():
                json = message.model_dump_json(by_alias=True)
                if known.get(message.id) == (thread_id, json):
                    continue
                changed.append(message)
                rows.append(
                    (
                        message.id,
                        thread_id,
                        places[message.id],
                        int(message.id) if message.id.isascii() and message.id.isdigit() else 0,
                        int(message.direction),
                        digits_only(message.phone),
                        message.message,
                        json,
                    )
                )
            connection.executemany(
                "INSERT OR REPLACE INTO messages (id, thread_id, date_ms, id_num, direction,"
                " phone_digits, text, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            index_messages(connection, thread_id, changed, places)

    def load_messages(
        self, thread_id: str, limit: int = 100, before: str | None = None
    ) -> list[Message]:
        """The ``limit`` newest cached messages of a thread, oldest first; ``before`` is the id
        of a message already shown, to page further back."""
        query = (
            "SELECT json FROM messages WHERE thread_id = ?{cursor}"
            " ORDER BY date_ms DESC, id_num DESC, id DESC LIMIT ?"
        )
        with self.snapshot() as connection:
            if before is None:
                rows = connection.execute(query.format(cursor=""), (thread_id, limit)).fetchall()
            else:
                rows = connection.execute(
                    query.format(
                        cursor=" AND (date_ms, id_num, id) <"
                        " (SELECT date_ms, id_num, id FROM messages WHERE id = ?)"
                    ),
                    (thread_id, before, limit),
                ).fetchall()
        return [Message.model_validate_json(json) for (json,) in reversed(rows)]


def _cached_json(connection: sqlite3.Connection, thread_ids: list[str]) -> dict[str, str]:
    """The cached JSON of those of ``thread_ids`` that are cached."""
    known: dict[str, str] = {}
    for start in range(0, len(thread_ids), _CHUNK):
        chunk = thread_ids[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        query = f"SELECT thread_id, json FROM threads WHERE thread_id IN ({marks})"
        known.update(connection.execute(query, chunk).fetchall())
    return known
