"""SIGTERM, SIGHUP and SIGINT quit the app cleanly in a real terminal: the draft being typed
is saved, the terminal leaves the alternate screen with mouse reporting off, exit status 0."""

import signal
import time

import pytest
from harness.terminal import Terminal, demo_env, drafts_in, inbox_fetches, poll

LEAVE = {
    "alternate screen": (b"\x1b[?1049h", b"\x1b[?1049l"),
    "mouse clicks": (b"\x1b[?1000h", b"\x1b[?1000l"),
    "mouse SGR reports": (b"\x1b[?1006h", b"\x1b[?1006l"),
}


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_signal_saves_the_draft_restores_the_terminal_and_exits_0(tmp_path, number):
    env = demo_env(tmp_path)
    database = tmp_path / "data" / "inbox-tui" / "demo.sqlite3"
    text = "Will call at five"
    terminal = Terminal(env)
    try:
        poll(lambda: inbox_fetches(database))
        terminal.type("r" + text)
        poll(lambda: "five" in terminal.text())  # the last word typed is on screen
    except BaseException:
        terminal.kill()
        raise
    started = time.monotonic()
    output = terminal.stop(number, timeout=5)
    assert terminal.process.returncode == 0
    assert time.monotonic() - started < 5
    assert text in drafts_in(database).values()
    for what, (turned_on, turned_off) in LEAVE.items():
        assert output.rfind(turned_off) > output.rfind(turned_on) >= 0, what
