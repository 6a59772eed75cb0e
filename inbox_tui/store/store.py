"""The local store of a profile: cache, search, drafts, outbox, opt-outs and audit log in one
SQLite file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from inbox_tui.store.audit import AuditLog
from inbox_tui.store.cache import Cache
from inbox_tui.store.database import Clock
from inbox_tui.store.drafts import Drafts
from inbox_tui.store.opt_outs import OptOuts
from inbox_tui.store.outbox import Outbox
from inbox_tui.store.search import Search


class Store(Cache, Search, Drafts, OptOuts, AuditLog):
    """Open with ``Store.open(path)`` or ``Store.for_profile(name)``; use as a context manager.
    Safe to call from any thread."""

    def __init__(
        self, connection: sqlite3.Connection, path: Path, *, clock: Clock, read_only: bool = False
    ) -> None:
        super().__init__(connection, path, clock=clock, read_only=read_only)
        self.outbox = Outbox(self)
