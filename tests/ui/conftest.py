"""Fixtures of the UI tests: UTC, private config dirs, a small simulated world."""

import time

import pytest
from ui_harness import make_sim


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
