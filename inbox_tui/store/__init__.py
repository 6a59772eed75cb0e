"""The local store: SQLite cache with full-text search, drafts, outbox and audit log."""

from inbox_tui.store.audit import AuditEntry
from inbox_tui.store.errors import (
    SearchQueryError,
    StoreError,
    StoreFullError,
    StoreLockedError,
    StoreReadOnlyError,
    StoreUnusableError,
)
from inbox_tui.store.lock import ProfileLock, ProfileLocked
from inbox_tui.store.outbox import OutboxEntry, OutboxState
from inbox_tui.store.paths import database_path
from inbox_tui.store.search import SearchHit
from inbox_tui.store.store import Store

__all__ = [
    "AuditEntry",
    "OutboxEntry",
    "OutboxState",
    "ProfileLock",
    "ProfileLocked",
    "SearchHit",
    "SearchQueryError",
    "Store",
    "StoreError",
    "StoreFullError",
    "StoreLockedError",
    "StoreReadOnlyError",
    "StoreUnusableError",
    "database_path",
]
