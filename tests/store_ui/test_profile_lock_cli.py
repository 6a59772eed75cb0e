"""One instance per profile, with real processes: a second ``python -m inbox_tui --demo`` on a
held profile names the holder and quits (no terminal to ask on), or opens read-only with
``--read-only`` and sends nothing; a data folder that cannot be used is one line, exit 2."""

import contextlib
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from harness.terminal import Terminal, demo_env, poll

HOLDER = """
import sys
import time
from inbox_tui.store import ProfileLock, Store
Store.for_profile("demo").close()
lock = ProfileLock.acquire("demo")
print("held", flush=True)
sys.stdin.read()
"""


@pytest.fixture
def holder(tmp_path):
    """Another process holding the demo profile (its pid)."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=demo_env(tmp_path),
        text=True,
    )
    assert process.stdout.readline().strip() == "held"
    yield process.pid
    process.stdin.close()
    process.wait(timeout=10)


def run_cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "inbox_tui", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=demo_env(tmp_path),
        timeout=30,
    )


def test_a_second_instance_names_the_holder_and_quits(tmp_path, holder):
    second = run_cli(tmp_path, "--demo")
    assert second.returncode == 2
    line = second.stderr.strip()
    assert line.startswith(f"inbox-tui: profile demo is in use by process {holder} on ")
    assert " since 20" in line and "\n" not in line and "Traceback" not in second.stderr


def test_read_only_starts_and_sends_nothing(tmp_path, holder):
    terminal = Terminal(demo_env(tmp_path), size=(140, 30), args=("--demo", "--read-only"))
    try:
        poll(lambda: "read-only" in terminal.text())
        refused = f"has this profile (PID {holder})"
        # Until the threads are listed, r has nothing to open: ask again until it is refused.
        deadline = time.monotonic() + 20
        while refused not in terminal.text() and time.monotonic() < deadline:
            terminal.type("rHello\r")
            with contextlib.suppress(AssertionError):
                poll(lambda: refused in terminal.text(), timeout=1.0)
        assert refused in terminal.text()
    finally:
        terminal.kill()
    database = tmp_path / "data" / "inbox-tui" / "demo.sqlite3"
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
        assert connection.execute("SELECT count(*) FROM outbox").fetchone() == (0,)
        assert connection.execute("SELECT count(*) FROM drafts").fetchone() == (0,)


def mount_tmpfs(folder: Path, options: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")


@pytest.mark.parametrize("kind", ["not a directory", "read-only", "full"])
def test_an_unusable_data_folder_is_one_line_and_exit_2(tmp_path, kind):
    data = tmp_path / "data"
    if kind == "not a directory":
        data.write_text("")
    elif kind == "read-only":
        mount_tmpfs(data, "ro,size=1m")
    else:
        mount_tmpfs(data, "size=64k")
        with open(data / "filler", "wb", buffering=0) as filler:
            try:
                while True:
                    filler.write(b"\0" * 4096)
            except OSError:
                pass
    try:
        result = run_cli(tmp_path, "--demo")
    finally:
        if kind != "not a directory":
            subprocess.run(["umount", "-l", str(data)], check=False)
    assert result.returncode == 2
    assert result.stderr.startswith("inbox-tui: ")
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr
