"""The store UI tests add a store on tmp_path to the shared fixtures."""

from pathlib import Path

import pytest


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "profile.sqlite3"
