"""Fixtures of the store tests: a fixed clock and a store in tmp_path."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from harness.store_factories import FixedClock

from inbox_tui.store import Store


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "default.sqlite3"


@pytest.fixture
def store(db_path: Path, clock: FixedClock) -> Iterator[Store]:
    with Store.open(db_path, clock=clock) as opened:
        yield opened
