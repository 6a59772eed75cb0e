"""Scale benchmarks: the event loop's longest stall (a frozen screen) and the app's peak RSS
while (a) a 100,000-message page (about 24 MB) loads into the open thread, and (b) the agent
pages down a 35,000-thread inbox of a 100,000-thread world while customers reply every 0.2 s
(the poll every second). ``scale_run.py app ... --profile FILE`` writes a pyinstrument profile
of one case (``pip install pyinstrument``), ``--stalls FILE`` the stacks of every thread
whenever the loop stalls over 100 ms.

The simulator runs over HTTP in its own process, the app in another (``scale_run.py``), so
that the RSS and the stalls are the app's own. Ratios are against the same actions on a
100-message page and a 100-thread world, measured in the same run (the machine is noisy).
Goals: a stall of at most 100 ms; at most about 200 MB peak RSS for (a).

Run: python -m pytest -m benchmark -s tests/benchmarks/test_scale_bench.py
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

RUN = [sys.executable, str(Path(__file__).with_name("scale_run.py"))]
STALL_GOAL_MS = 100.0
RSS_GOAL_MB = 200.0

pytestmark = pytest.mark.benchmark


@contextlib.contextmanager
def simulator(*options: str) -> Iterator[int]:
    """A simulator process; yields its port."""
    process = subprocess.Popen([*RUN, "sim", *options], stdout=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        assert line.startswith("PORT "), f"the simulator did not start: {line!r}"
        yield int(line.split()[1])
    finally:
        process.terminate()
        process.wait(timeout=30)


def run_app(port: int, *options: str) -> dict:
    """One app process, with its own (empty) cache."""
    with tempfile.TemporaryDirectory() as home:
        env = os.environ | {"XDG_DATA_HOME": home, "XDG_STATE_HOME": home}
        out = subprocess.run(
            [*RUN, "app", "--port", str(port), *options],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=True,
        )
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure_open(extra: int) -> dict:
    with simulator("--threads", "20", "--extra", str(extra), "--page-size", "200000") as port:
        return run_app(port, "--case", "open")


def measure_paging(threads: int, page_size: int, seconds: float) -> dict:
    options = ("--threads", str(threads), "--page-size", str(page_size), "--reply-interval", "0.2")
    with simulator(*options) as port:
        return run_app(port, "--case", "page", "--seconds", str(seconds))


def report(name: str, base: dict, big: dict) -> None:
    print(f"\n{name}")
    print(f"  baseline: {base}")
    print(f"  large:    {big}")
    stall = big["max_lag_ms"] / max(base["max_lag_ms"], 1.0)
    rss = big["peak_rss_mb"] / base["peak_rss_mb"]
    print(f"  longest stall {big['max_lag_ms']} ms ({stall:.1f}x baseline {base['max_lag_ms']} ms)")
    print(f"  peak RSS {big['peak_rss_mb']} MB ({rss:.2f}x baseline {base['peak_rss_mb']} MB)")


def test_a_100000_message_page():
    base = measure_open(100)
    big = measure_open(100_000)
    cut = measure_open(30_000)
    report("(a) a 100,000-message page into the open thread", base, big)
    report("(a') a 30,000-message page (under the size limit, cut to the newest)", base, cut)
    assert big["max_lag_ms"] <= STALL_GOAL_MS and cut["max_lag_ms"] <= STALL_GOAL_MS
    assert big["peak_rss_mb"] <= RSS_GOAL_MB and cut["peak_rss_mb"] <= RSS_GOAL_MB


def test_paging_a_35000_thread_inbox_while_customers_reply():
    """Pages of 25 rows (the simulator's default), then of 1,000 rows so that tens of
    thousands of rows are loaded while the poll refetches the first page."""
    results = []
    for page_size, seconds in ((25, 20), (1000, 30)):
        base = measure_paging(100, page_size, seconds)
        big = measure_paging(100_000, page_size, seconds)
        report(
            f"(b) paging a 35,000-thread inbox, {page_size}-row pages, replies every 0.2 s",
            base,
            big,
        )
        results.append(big)
    assert all(big["max_lag_ms"] <= STALL_GOAL_MS for big in results)
