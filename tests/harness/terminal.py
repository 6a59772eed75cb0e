"""The real app in a real pseudo-terminal: ``python -m inbox_tui`` driven by bytes, read back
raw, and its database looked at from outside (drafts, fetches)."""

from __future__ import annotations

import fcntl
import os
import re
import signal
import sqlite3
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

ANSI = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|[=>78])")


class Terminal:
    """``python -m inbox_tui`` (``--demo`` unless ``args`` say otherwise) in a pseudo-terminal;
    collects what it draws."""

    def __init__(
        self,
        env: dict[str, str],
        size: tuple[int, int] = (100, 30),
        args: tuple[str, ...] = ("--demo",),
    ) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
        self.master = master
        self.process = subprocess.Popen(
            [sys.executable, "-m", "inbox_tui", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
        )
        os.close(slave)
        self._output = bytearray()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self._output.extend(chunk)

    def text(self) -> str:
        """Everything drawn so far, without escape sequences."""
        return ANSI.sub("", bytes(self._output).decode("utf-8", "replace"))

    def raw(self) -> bytes:
        """Every byte written to the terminal so far."""
        return bytes(self._output)

    def type(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def kill(self) -> None:
        self.stop(signal.SIGKILL)

    def stop(self, number: int, timeout: float = 10.0) -> bytes:
        """Send signal ``number``, wait ``timeout`` s at most for the exit; returns every byte
        the app wrote."""
        os.kill(self.process.pid, number)
        self.process.wait(timeout=timeout)
        self._reader.join(timeout=5)
        os.close(self.master)
        return bytes(self._output)


def looks(screen) -> list[list[tuple[object, ...]]]:
    """Each cell of a pyte ``screen`` as it looks: a blank cell's foreground, bold and italics
    do not show."""
    rows = []
    for y in range(screen.lines):
        row = []
        for x in range(screen.columns):
            c = screen.buffer[y][x]
            if c.data == " " and not (c.reverse or c.underscore or c.strikethrough):
                row.append((" ", c.bg))
            else:
                row.append((c.data, c.fg, c.bg, c.bold, c.italics, c.reverse, c.underscore))
        rows.append(row)
    return rows


def poll(condition, timeout: float = 20.0):
    """Check ``condition()`` every 50 ms until it returns something true; fail after timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(0.05)
    raise AssertionError("condition not met in time")


def typed_draft(terminal: Terminal, database: Path, text: str) -> str:
    """Wait until a draft reads ``text`` (typed into ``terminal``); returns its thread id. On a
    timeout the failure shows the drafts there are and the end of the screen, so a lost or
    misplaced key can be told from a composer that never opened."""
    try:
        return poll(lambda: next((t for t, d in drafts_in(database).items() if d == text), None))
    except AssertionError:
        drafts = drafts_in(database)
        screen = terminal.text()[-1500:]
        message = f"no draft reads {text!r}; drafts: {drafts!r}; screen: {screen!r}"
        raise AssertionError(message) from None


def drafts_in(database: Path) -> dict[str, str]:
    """The drafts table as another process sees it (read-only; empty until it exists)."""
    if not database.exists():
        return {}
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
            return dict(connection.execute("SELECT thread_id, text FROM drafts"))
    except sqlite3.Error:
        return {}


def inbox_fetches(database: Path) -> list[str]:
    """When each inbox was last fetched, as another process sees it.

    The app queues this write in the same step that shows the fetched threads, so a new value
    means the list is on screen: a condition on the database, not on the terminal's bytes,
    where Textual's partial repaints can split any phrase.
    """
    if not database.exists():
        return []
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
            query = "SELECT cached_at FROM inboxes WHERE cached_at IS NOT NULL ORDER BY 1"
            return [row[0] for row in connection.execute(query)]
    except sqlite3.Error:
        return []


def demo_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment of a demo in a pty: UTC, xterm colours, every XDG folder under
    ``tmp_path``; ``extra`` on top. Without COLUMNS and LINES, which pytest-xdist's workers set
    to 80x24 and Textual obeys over the pty's size."""
    inherited = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env = inherited | {
        "TERM": "xterm-256color",
        "TZ": "UTC",
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    return env | extra
