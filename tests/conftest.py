"""Fixtures shared by every suite: UTC, private config/data dirs, a small simulated world.

The UI suites share two harness modules by name (``ui_harness``, ``dialog_harness``), so their
folders are put on the import path once, here.
"""

import sys
import time
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
for folder in ("ui", "dialogs"):
    if str(TESTS / folder) not in sys.path:
        sys.path.insert(0, str(TESTS / folder))

from ui_harness import make_sim  # noqa: E402  (needs the path above)


@pytest.fixture(autouse=True)
def utc_and_private_dirs(monkeypatch, tmp_path):
    """Pin the zone to UTC and keep config, data and logs out of the real home."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(var, str(tmp_path / var.lower()))
    yield
    monkeypatch.delenv("TZ")
    time.tzset()


@pytest.fixture
def sim():
    return make_sim()


@pytest.fixture
def world(sim):
    return sim.state.world
