"""Fixtures shared by every suite: UTC, private config/data dirs, a small simulated world.

The suites' shared helpers are the ``harness`` package (``tests/`` is on the import path:
``pythonpath`` in pyproject.toml).
"""

import time

import pytest
from harness.ui import WORLDS, make_sim


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "rich_only: reads what only the rich demo world carries (contact names, flags, SSNs, "
        "dates on thread rows); the ``sim`` fixture gives it the rich world only",
    )


def pytest_generate_tests(metafunc):
    """Every test that uses the ``sim`` fixture runs in each world of ``WORLDS``, unless it is
    marked ``rich_only``."""
    rich_only = metafunc.definition.get_closest_marker("rich_only") is not None
    if "world_kind" in metafunc.fixturenames and not rich_only:
        metafunc.parametrize("world_kind", list(WORLDS), indirect=True)


@pytest.fixture
def world_kind(request):
    return getattr(request, "param", "rich")


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
def sim(world_kind):
    return make_sim(**WORLDS[world_kind])


@pytest.fixture
def world(sim):
    return sim.state.world
