"""One SQLite connection per store, shared by threads under a lock, in WAL mode with migrations."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Self

from inbox_tui.store.errors import StoreError
from inbox_tui.store.paths import create_private_file, database_path, restrict_sidecars
from inbox_tui.store.schema import migrate

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The default clock: now, in UTC."""
    return datetime.now(UTC)


class Database:
    """An open database. Textual thread workers come and go, so one connection is shared under a
    lock instead of one per thread; every write is committed (and synced) before it returns."""

    def __init__(self, connection: sqlite3.Connection, path: Path, *, clock: Clock) -> None:
        self._connection = connection
        self._lock = threading.RLock()
        self.path = path
        self.clock = clock

    @classmethod
    def open(cls, path: Path | str, *, clock: Clock | None = None) -> Self:
        """Open (creating and migrating as needed) the database at ``path``."""
        path = Path(path)
        create_private_file(path)
        connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        try:
            connection.execute("PRAGMA busy_timeout = 5000")
            if connection.execute("PRAGMA journal_mode = WAL").fetchone()[0].lower() != "wal":
                raise StoreError(f"{path} cannot use write-ahead logging.")
            # FULL syncs the log on every commit: a saved draft or outbox row survives power loss.
            connection.execute("PRAGMA synchronous = FULL")
            migrate(connection)
        except StoreError:
            connection.close()
            raise
        except sqlite3.Error as error:
            connection.close()
            raise StoreError(f"{path} is not a usable inbox-tui database: {error}") from error
        restrict_sidecars(path)
        return cls(connection, path, clock=clock or utc_now)

    @classmethod
    def for_profile(cls, profile: str = "default", *, clock: Clock | None = None) -> Self:
        """Open the database of ``profile`` in the user's data folder."""
        return cls.open(database_path(profile), clock=clock)

    def close(self) -> None:
        """Close the connection; the store cannot be used afterwards."""
        with self._lock:
            self._connection.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """The connection, held for a read (for the store's own modules)."""
        with self._lock:
            yield self._connection

    @contextmanager
    def writing(self) -> Iterator[sqlite3.Connection]:
        """The connection inside a transaction committed on exit, rolled back on error."""
        with self._lock:
            self._connection.execute("BEGIN IMMEDIATE")
            try:
                yield self._connection
            except BaseException:
                self._connection.rollback()
                raise
            self._connection.execute("COMMIT")
