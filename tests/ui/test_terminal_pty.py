"""The app in a real pseudo-terminal: what a multiplexer does to escape, and ASCII output."""

import os
import time

from harness.terminal import Terminal, drafts_in, inbox_fetches, poll


def private_env(tmp_path, **extra: str) -> dict[str, str]:
    return (
        os.environ
        | {
            "TERM": "xterm-256color",
            "TZ": "UTC",
            "XDG_DATA_HOME": str(tmp_path / "data"),
            "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "XDG_STATE_HOME": str(tmp_path / "state"),
            "XDG_CACHE_HOME": str(tmp_path / "cache"),
        }
        | extra
    )


def test_escape_then_x_50_ms_later_leaves_the_composer_without_typing_x(tmp_path):
    """tmux and screen can deliver esc and the next key as one alt+key: the composer must not
    take the key as text."""
    database = tmp_path / "data" / "inbox-tui" / "demo.sqlite3"
    terminal = Terminal(private_env(tmp_path))
    try:
        poll(lambda: inbox_fetches(database))
        terminal.type("rab")
        thread_id, _ = poll(lambda: next(iter(drafts_in(database).items()), None))
        poll(lambda: drafts_in(database)[thread_id] == "ab")
        terminal.type("\x1b")
        time.sleep(0.05)  # the gap a multiplexer leaves: esc and x arrive as one alt+x
        terminal.type("x")
        # One key event: it opened the resolve dialog, so it was not typed into the composer.
        poll(lambda: "Resolve thread" in terminal.text())
        assert drafts_in(database)[thread_id] == "ab"
    finally:
        terminal.kill()
