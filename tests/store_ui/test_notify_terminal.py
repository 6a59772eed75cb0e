"""Notifications as the terminal receives them: the app in a pseudo-terminal against the
simulator over real HTTP (its control API makes customers write). Exactly one BEL or OSC per
poll that brought news, none for the thread open on screen, none when off."""

import re
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from harness.terminal import Terminal, demo_env, drafts_in, inbox_fetches, poll

BEL = b"\x07"
CHANNELS = "/sms/agent/channel"
QUIET = ("--threads", "8", "--reply-interval", "0")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Simulator:
    """``inbox-tui sim`` on a free loopback port, without customers writing on their own."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "inbox_tui", "sim", "--port", str(self.port), *QUIET],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        lines = "".join(self.process.stdout.readline() for _ in range(8))
        pairs = (line.split(" : ", 1) for line in lines.splitlines() if " : " in line)
        self.credentials = {name.strip(): value.strip() for name, value in pairs}
        poll(self._up)

    def _up(self) -> bool:
        try:
            httpx.get(f"{self.url}/_sim/requests", timeout=2)
        except httpx.ConnectError:
            return False
        return True

    def env(self) -> dict[str, str]:
        user, password = self.credentials["agent login"].split(" / ")
        return {
            "LIVEVOX_URL": self.url,
            "LIVEVOX_CLIENT": self.credentials["client code"],
            "LIVEVOX_USER": user,
            "LIVEVOX_ACCESS_TOKEN": self.credentials["access token"],
            "LIVEVOX_PASSWORD": password,
        }

    def polls(self) -> int:
        seen = httpx.get(f"{self.url}/_sim/requests", timeout=5).json()
        return sum(1 for r in seen if r["path"] == CHANNELS)

    def reply(self, thread_id: str) -> None:
        body = {"threadId": thread_id, "text": "Is my payment in?"}
        httpx.post(f"{self.url}/_sim/reply", json=body, timeout=5).raise_for_status()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def read_ones_listed_with(database: Path, thread_id: str) -> list[str]:
    """The other read threads of ``thread_id``'s inbox, as the app cached them (a customer
    writing there raises the unread count)."""
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
        query = (
            "SELECT i.thread_id FROM inbox_threads i JOIN threads t USING (thread_id)"
            " WHERE json_extract(t.json, '$.read') = 1 AND i.inbox_key ="
            " (SELECT inbox_key FROM inbox_threads WHERE thread_id = ?) ORDER BY i.position"
        )
        return [row[0] for row in connection.execute(query, (thread_id,)) if row[0] != thread_id]


def polls_pass(sim: Simulator, count: int) -> None:
    """Wait until the app has polled ``count`` more times (each poll fetched and applied)."""
    target = sim.polls() + count
    poll(lambda: sim.polls() >= target)


@pytest.mark.parametrize(
    ("config", "extra_env", "signal"),
    [
        ("", {}, BEL),
        ('notify = "osc9"\n', {"TMUX": "/tmp/tmux-0/default,1,0"}, b"\x1bPtmux;\x1b\x1b]9;"),
        ('notify = "off"\n', {}, None),
    ],
    ids=["bell", "osc9-in-tmux", "off"],
)
def test_one_notification_per_poll_with_news_and_none_for_the_open_thread(
    tmp_path, config, extra_env, signal
):
    config_file = tmp_path / "config" / "inbox-tui" / "config.toml"
    config_file.parent.mkdir(parents=True)
    config_file.write_text(config)
    database = tmp_path / "data" / "inbox-tui" / "default.sqlite3"
    sim = Simulator()
    terminal = None
    try:
        env = demo_env(tmp_path, **sim.env(), **extra_env)
        if "TMUX" not in extra_env:
            env.pop("TMUX", None)
        terminal = Terminal(env, args=("--poll-interval", "1"))
        poll(lambda: inbox_fetches(database))
        terminal.type("rx")
        opened, _ = poll(lambda: next(iter(drafts_in(database).items()), None))
        others = read_ones_listed_with(database, opened)
        counted = signal or BEL
        before = terminal.raw().count(counted)

        # The customer of the thread open on screen writes: the agent sees it, no signal.
        sim.reply(opened)
        polls_pass(sim, 3)
        assert terminal.raw().count(counted) == before

        # Two customers write between two polls: one signal.
        polls_pass(sim, 1)
        sim.reply(others[0])
        sim.reply(others[1])
        if signal is None:
            polls_pass(sim, 3)
            assert terminal.raw().count(BEL) == before
            return
        poll(lambda: terminal.raw().count(signal) == before + 1)
        polls_pass(sim, 2)
        raw = terminal.raw()
        assert raw.count(signal) == before + 1
        if signal != BEL:
            start = raw.index(signal)
            sequence = raw[start : raw.index(b"\x1b\\", start) + 2]
            # No customer data in the text by default: the inbox and its unread count.
            assert re.fullmatch(
                rb"\x1bPtmux;\x1b\x1b]9;New SMS in Personal SMS \(\d+ unread\)\x07\x1b\\", sequence
            )
    finally:
        if terminal is not None:
            terminal.kill()
        sim.stop()
