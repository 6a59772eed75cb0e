"""Errors of the local store, classified into plain reasons (issue 11.3).

Every store method raises a :class:`StoreError` (never a raw ``sqlite3`` error) whose
``reason`` is one of :data:`DISK_FULL`, :data:`LOCKED`, :data:`READ_ONLY` or
:data:`UNUSABLE`; each reason has its own subclass, and ``str(error)`` is one plain line.
"""

from __future__ import annotations

import errno
import sqlite3

DISK_FULL = "disk full"
LOCKED = "locked by another process"
READ_ONLY = "read-only"
UNUSABLE = "unusable"


class StoreError(Exception):
    """The database cannot be used (for example, it was written by a newer inbox-tui)."""

    reason: str = UNUSABLE


class StoreFullError(StoreError):
    """The disk (or the user's quota) is full: nothing more can be written."""

    reason = DISK_FULL


class StoreLockedError(StoreError):
    """Another process holds the database: the write waited a moment and gave up."""

    reason = LOCKED


class StoreReadOnlyError(StoreError):
    """The database or its folder cannot be written (read-only disk, permissions, read-only
    mode)."""

    reason = READ_ONLY


class StoreUnusableError(StoreError):
    """The database is damaged, not a database, or cannot be opened."""

    reason = UNUSABLE


class SearchQueryError(ValueError):
    """A search query the agent typed cannot be understood; the message says why, in plain words."""


_BY_SQLITE_CODE = {
    13: StoreFullError,  # SQLITE_FULL
    5: StoreLockedError,  # SQLITE_BUSY
    6: StoreLockedError,  # SQLITE_LOCKED
    8: StoreReadOnlyError,  # SQLITE_READONLY
    23: StoreReadOnlyError,  # SQLITE_AUTH
}
_BY_ERRNO = {
    errno.ENOSPC: StoreFullError,
    errno.EDQUOT: StoreFullError,
    errno.EFBIG: StoreFullError,
    errno.EROFS: StoreReadOnlyError,
    errno.EACCES: StoreReadOnlyError,
    errno.EPERM: StoreReadOnlyError,
}
_PLAIN = {
    DISK_FULL: "the disk is full",
    LOCKED: "another process is using it (try again in a moment)",
    READ_ONLY: "it is read-only",
    UNUSABLE: "it is not a usable inbox-tui database",
}


def classify(error: BaseException, what: object = "The local database") -> StoreError:
    """A :class:`StoreError` subclass for an ``sqlite3`` or OS error, with one plain line."""
    kind: type[StoreError] = StoreUnusableError
    if isinstance(error, StoreError):
        return error
    if isinstance(error, sqlite3.Error):
        code = getattr(error, "sqlite_errorcode", None)
        if code is not None:
            kind = _BY_SQLITE_CODE.get(code & 0xFF, StoreUnusableError)
        text = str(error).lower()
        if kind is StoreUnusableError:
            if "disk is full" in text or "database or disk is full" in text:
                kind = StoreFullError
            elif "locked" in text:
                kind = StoreLockedError
            elif "readonly" in text or "read-only" in text:
                kind = StoreReadOnlyError
    elif isinstance(error, OSError):
        kind = _BY_ERRNO.get(error.errno or 0, StoreUnusableError)
    detail = getattr(error, "sqlite_errorname", None) or type(error).__name__
    if isinstance(error, OSError) and error.errno is not None:
        detail = errno.errorcode.get(error.errno, detail)
    return kind(f"{what}: {_PLAIN[kind.reason]} ({detail}).")
