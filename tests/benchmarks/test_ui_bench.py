"""UI benchmarks in a real pseudo-terminal: first paint, bytes per cursor move, bytes when idle.

Each runs ``python -m inbox_tui --demo`` as a subprocess on a pty at 120x40 and reads what it
writes, as an agent's terminal over SSH would. Ratios are against baselines measured in the same
run (a minimal Textual app; a 100-thread inbox).

Both apps run from compiled bytecode, as an installed copy does (``pip install .`` compiles it):
the bytecode goes to a private cache (PYTHONPYCACHEPREFIX) even where PYTHONDONTWRITEBYTECODE is
set, and a first, unmeasured start fills it. Otherwise every start of the checkout would compile
its own sources and the ratio would measure the compiler. Each test has its own data directory
(tests/conftest.py), so the demo's cache is the one the test's first start left.

Run: python -m pytest tests/benchmarks/test_ui_bench.py -m benchmark -s
"""

from __future__ import annotations

import fcntl
import os
import select
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable

import pyte
import pytest

COLS, ROWS = 120, 40
BYTECODE = {"PYTHONPYCACHEPREFIX": os.path.join(tempfile.gettempdir(), "inbox-tui-bench-pyc")}
MINIMAL_APP = (
    "from textual.app import App\n"
    "from textual.widgets import Static\n"
    "class Minimal(App):\n"
    "    def compose(self):\n"
    "        yield Static('INBOXES')\n"
    "Minimal().run()\n"
)


class PtyApp:
    """A subprocess on a pseudo-terminal of ``size`` (columns, rows); ``read_*`` count what it
    writes, and ``screen`` (a pyte terminal) shows what a terminal would after it."""

    def __init__(
        self,
        argv: list[str],
        *,
        env: dict[str, str] | None = None,
        size: tuple[int, int] = (COLS, ROWS),
    ) -> None:
        cols, rows = size
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.screen = pyte.Screen(cols, rows)
        self._stream = pyte.ByteStream(self.screen)
        environment = (
            {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
            | {"TERM": "xterm-256color", "COLORTERM": "truecolor"}
            | BYTECODE
        )
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            argv,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=environment | (env or {}),
            start_new_session=True,
        )
        os.close(slave)
        self.output = bytearray()

    def _read(self, timeout: float) -> bytes:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return b""
        try:
            chunk = os.read(self.master, 65536)
        except OSError:
            return b""
        self._stream.feed(chunk)
        return chunk

    def read_until(self, found: Callable[[bytes], bool], timeout: float = 30.0) -> float:
        """Read until ``found(output)``; returns the seconds since the start."""
        deadline = time.perf_counter() + timeout
        while not found(bytes(self.output)):
            if time.perf_counter() > deadline:
                raise AssertionError("the app did not show what was expected in time")
            self.output += self._read(0.05)
        return time.perf_counter() - self.started

    def pending(self) -> bool:
        """Whether more output waits to be read (a frame may arrive in several reads)."""
        return bool(select.select([self.master], [], [], 0)[0])

    def read_quiet(self, quiet: float = 1.0, limit: float = 30.0, at_least: float = 0.0) -> int:
        """Read for ``at_least`` seconds, then until nothing arrives for ``quiet`` seconds;
        returns the bytes read."""
        start = time.perf_counter()
        total, last, deadline = 0, start + max(0.0, at_least - quiet), start + limit
        while time.perf_counter() - last < quiet and time.perf_counter() < deadline:
            chunk = self._read(0.05)
            if chunk:
                total, last = total + len(chunk), time.perf_counter()
                self.output += chunk
        return total

    def read_for(self, seconds: float) -> int:
        """Read for exactly ``seconds``; returns the bytes read."""
        total, end = 0, time.perf_counter() + seconds
        while time.perf_counter() < end:
            chunk = self._read(min(0.05, max(0.0, end - time.perf_counter())))
            total += len(chunk)
        return total

    def send(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self.master)


def demo(threads: int, *extra: str) -> PtyApp:
    return PtyApp(
        [sys.executable, "-m", "inbox_tui", "--demo", "--demo-threads", str(threads), *extra]
    )


def settled_demo(threads: int, *extra: str) -> PtyApp:
    """A demo with its first inbox and snippets painted, and the thread list focused."""
    app = demo(threads, *extra)
    app.read_until(lambda out: b"connected" in out)
    app.read_quiet()
    app.send("\t")
    app.read_quiet()
    return app


@pytest.mark.benchmark
def test_first_paint_against_a_minimal_textual_app() -> None:
    def first_paint(app: PtyApp) -> float:
        try:
            return app.read_until(lambda out: b"INBOXES" in out)
        finally:
            app.close()

    def minimal_app() -> PtyApp:
        return PtyApp([sys.executable, "-c", MINIMAL_APP])

    # Unmeasured: fill the bytecode cache, and the demo's local cache, so the measured starts
    # are an agent's restart (cached threads paint first).
    first_paint(minimal_app())
    settled_demo(40).close()
    # Interleaved, so a change in the machine's load falls on both; the best of each counts.
    minimal, inbox = [], []
    for _ in range(7):
        minimal.append(first_paint(minimal_app()))
        inbox.append(first_paint(demo(40)))
    minimal, inbox = min(minimal), min(inbox)
    print(
        f"\nfirst paint: minimal Textual app {minimal * 1000:.0f} ms, "
        f"inbox-tui demo {inbox * 1000:.0f} ms, ratio {inbox / minimal:.2f} (goal <= 2)"
    )
    assert inbox / minimal <= 2.0


@pytest.mark.benchmark
def test_bytes_for_one_cursor_move() -> None:
    written = {}
    for threads in (100, 10_000):
        app = settled_demo(threads)
        try:
            moves = []
            for _ in range(5):
                app.send("j")
                moves.append(app.read_quiet(quiet=0.5))
            written[threads] = max(moves)
        finally:
            app.close()
    print(
        f"\nbytes per cursor move at {COLS}x{ROWS}: 100 threads {written[100]} B, "
        f"10,000 threads {written[10_000]} B, "
        f"ratio {written[10_000] / max(1, written[100]):.2f} (goal <= 1024 B and <= 1.0)"
    )
    assert written[10_000] <= 1024
    assert written[10_000] <= written[100]


@pytest.mark.benchmark
def test_idle_is_silent_while_polling() -> None:
    app = settled_demo(100, "--poll-interval", "1")
    try:
        idle = app.read_for(10.0)
    finally:
        app.close()
    print(f"\nbytes written in 10 idle seconds with a poll every second: {idle} B (goal 0)")
    assert idle == 0
