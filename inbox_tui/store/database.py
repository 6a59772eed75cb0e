"""One SQLite connection per store for writes, shared by threads under a lock, and one for
reads (WAL lets it read the last commit while a write is under way), with migrations.

Failures never hang and never leak an ``sqlite3`` error: a write waits at most
:data:`BUSY_TIMEOUT_MS` for another process, and every error is raised as a classified
:class:`~inbox_tui.store.errors.StoreError` (disk full, locked, read-only, unusable).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Self

from inbox_tui.store.errors import StoreError, StoreReadOnlyError, classify
from inbox_tui.store.errors import StoreUnusableError as StoreUnusable
from inbox_tui.store.paths import create_private_file, database_path, restrict_sidecars
from inbox_tui.store.schema import MIGRATIONS, migrate

Clock = Callable[[], datetime]

BUSY_TIMEOUT_MS = 250
"""How long a write waits for another process's transaction before failing as "locked"."""


def utc_now() -> datetime:
    """The default clock: now, in UTC."""
    return datetime.now(UTC)


class Database:
    """An open database. Textual thread workers come and go, so one connection is shared under a
    lock instead of one per thread; every write is committed (and synced) before it returns.

    The store's reads (``snapshot``) go to a second, query-only connection under its own lock,
    each block in one snapshot of the last commit: a read on the event loop does not wait for a
    long write. A read inside a write (same thread) uses the writing connection."""

    def __init__(
        self,
        connection: sqlite3.Connection,
        path: Path,
        *,
        clock: Clock,
        read_only: bool = False,
    ) -> None:
        self._connection = connection
        self._lock = threading.RLock()
        self._reader = connection if read_only else _open_reader(path)
        self._reader_lock = threading.RLock()
        self._local = threading.local()
        self.path = path
        self.clock = clock
        self.read_only = read_only
        self.profile: str | None = path.name.removesuffix(".sqlite3")

    @classmethod
    def open(cls, path: Path | str, *, clock: Clock | None = None, read_only: bool = False) -> Self:
        """Open (creating and migrating as needed) the database at ``path``; ``read_only``
        opens an existing, up-to-date database without writing anything (SQLite ``mode=ro``):
        every write then raises :class:`StoreReadOnlyError`.

        Any failure is one :class:`StoreError` whose message is one plain line naming the file.
        """
        path = Path(path)
        if read_only and not path.exists():
            raise StoreUnusable(f"{path} does not exist.")
        try:
            if not read_only:
                create_private_file(path)
        except OSError as error:
            raise classify(error, path) from None
        # On a read-only file system a WAL database cannot be opened for reading unless its
        # -shm file is there: nobody can write it then, so it is opened as immutable.
        if not read_only:
            modes: tuple[str, ...] = ("rwc",)
        elif _on_read_only_fs(path):
            modes = ("ro", "ro&immutable=1")
        else:
            modes = ("ro",)
        for attempt, mode in enumerate(modes):
            connection = None
            try:
                if read_only:
                    uri = f"file:{urllib.parse.quote(str(path.absolute()))}?mode={mode}"
                    connection = sqlite3.connect(
                        uri, uri=True, isolation_level=None, check_same_thread=False
                    )
                else:
                    connection = sqlite3.connect(
                        path, isolation_level=None, check_same_thread=False
                    )
                _configure(connection, path, read_only=read_only)
                break
            except StoreError:
                if connection is not None:
                    connection.close()
                raise
            except (OSError, sqlite3.Error) as error:
                if connection is not None:
                    connection.close()
                if attempt + 1 < len(modes):
                    continue
                raise classify(error, path) from None
        assert connection is not None  # the loop either broke with a connection or raised
        if not read_only:
            restrict_sidecars(path)
        return cls(connection, path, clock=clock or utc_now, read_only=read_only)

    @classmethod
    def for_profile(
        cls, profile: str = "default", *, clock: Clock | None = None, read_only: bool = False
    ) -> Self:
        """Open the database of ``profile`` in the user's data folder."""
        opened = cls.open(database_path(profile), clock=clock, read_only=read_only)
        opened.profile = profile
        return opened

    def checkpoint(self) -> None:
        """Copy the write-ahead log into the database file and empty it (TRUNCATE)."""
        with self.reading() as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        """Close the connection; the store cannot be used afterwards."""
        with self._lock, self._reader_lock:
            if self._reader is not self._connection:
                self._reader.close()
            self._connection.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """The writing connection, held (under the write lock) for raw access. An SQLite error
        leaving the block is raised as a classified :class:`StoreError`."""
        with self._lock:
            try:
                yield self._connection
            except sqlite3.Error as error:
                raise classify(error, self.path) from error

    @contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """A connection for a read (the store's own modules read through it): inside a write on
        this thread, the writing one, so the read sees the write so far; otherwise the reading
        one, the block in one snapshot of the last commit, without waiting for a write. An
        SQLite error leaving the block is raised as a classified :class:`StoreError`."""
        if getattr(self._local, "writing", 0) or self._reader is self._connection:
            with self.reading() as connection:
                yield connection
            return
        with self._reader_lock:
            outer = not self._reader.in_transaction
            try:
                if outer:
                    self._reader.execute("BEGIN")
                try:
                    yield self._reader
                finally:
                    if outer and self._reader.in_transaction:
                        self._reader.execute("COMMIT")
            except sqlite3.Error as error:
                raise classify(error, self.path) from error

    @contextmanager
    def writing(self) -> Iterator[sqlite3.Connection]:
        """The connection inside a transaction committed on exit, rolled back on error. An
        SQLite or OS error is raised as a classified :class:`StoreError`."""
        with self._lock:
            if self.read_only:
                raise StoreReadOnlyError(f"{self.path}: opened read-only.")
            self._local.writing = getattr(self._local, "writing", 0) + 1
            try:
                self._connection.execute("BEGIN IMMEDIATE")
                try:
                    yield self._connection
                    self._connection.execute("COMMIT")
                except BaseException:
                    if self._connection.in_transaction:
                        # The first error is the one to tell.
                        with contextlib.suppress(sqlite3.Error):
                            self._connection.rollback()
                    raise
            except (sqlite3.Error, OSError) as error:
                raise classify(error, self.path) from error
            finally:
                self._local.writing -= 1


def _open_reader(path: Path) -> sqlite3.Connection:
    """The query-only connection reads go to (the database is already set up in WAL mode)."""
    try:
        reader = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        try:
            reader.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            reader.execute("PRAGMA query_only = ON")
        except sqlite3.Error:
            reader.close()
            raise
    except sqlite3.Error as error:
        raise classify(error, path) from None
    return reader


def _on_read_only_fs(path: Path) -> bool:
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY) or not os.access(path.parent, os.W_OK)
    except OSError:
        return False


def _configure(connection: sqlite3.Connection, path: Path, *, read_only: bool) -> None:
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    # REPLACE deletes without firing delete triggers unless this is on (the audit log).
    connection.execute("PRAGMA recursive_triggers = ON")
    # Freed pages are zeroed: a scrubbed or deleted value leaves no bytes behind.
    connection.execute("PRAGMA secure_delete = ON")
    if read_only:
        connection.execute("PRAGMA query_only = ON")
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version != len(MIGRATIONS):
            raise StoreUnusable(
                f"{path} needs {'a newer' if version > len(MIGRATIONS) else 'an upgrade by a'}"
                " writable inbox-tui before it can be opened read-only."
            )
        return
    if connection.execute("PRAGMA journal_mode = WAL").fetchone()[0].lower() != "wal":
        raise StoreUnusable(f"{path} cannot use write-ahead logging.")
    # FULL syncs the log on every commit: a saved draft or outbox row survives power loss.
    connection.execute("PRAGMA synchronous = FULL")
    migrate(connection)
