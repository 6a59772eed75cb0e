"""The composer in a real terminal (the demo in a pseudo-terminal): a three-line paste, with and
without bracketed paste, arrives whole and sends nothing; ctrl+e hands the draft to $EDITOR.
What the app did is read from its database (drafts, outbox) as another process sees it."""

import sqlite3
import sys
from pathlib import Path

from harness.terminal import Terminal, demo_env, drafts_in, inbox_fetches, poll

LINES = "Hello,\rthe plan is set\rthanks"
TEXT = "Hello,\nthe plan is set\nthanks"


def outbox_rows(database: Path) -> list[tuple]:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
        return connection.execute("SELECT state, text FROM outbox").fetchall()


def only_draft(database: Path) -> str | None:
    drafts = drafts_in(database)
    return next(iter(drafts.values())) if len(drafts) == 1 else None


def paste_and_check(tmp_path: Path, paste: str) -> None:
    database = tmp_path / "data" / "inbox-tui" / "demo.sqlite3"
    terminal = Terminal(demo_env(tmp_path))
    try:
        poll(lambda: inbox_fetches(database))
        terminal.type("rRe: ")
        poll(lambda: only_draft(database) == "Re: ")
        # One write, as a terminal delivers a paste: every key microseconds apart.
        terminal.type(paste)
        poll(lambda: only_draft(database) == "Re: " + TEXT)
        # Typed after a pause: the paste's last line was not sent and cleared meanwhile.
        terminal.type("!")
        poll(lambda: only_draft(database) == "Re: " + TEXT + "!")
        assert outbox_rows(database) == []
    finally:
        terminal.kill()


def test_a_bracketed_three_line_paste_is_kept_whole_and_not_sent(tmp_path):
    paste_and_check(tmp_path, "\x1b[200~" + LINES.replace("\r", "\n") + "\x1b[201~")


def test_a_three_line_paste_without_brackets_is_kept_whole_and_not_sent(tmp_path):
    paste_and_check(tmp_path, LINES)


def test_ctrl_e_edits_the_draft_in_the_editor_and_a_failing_editor_changes_nothing(tmp_path):
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys\n"
        "path = sys.argv[1]\n"
        "text = open(path).read()\n"
        "open(path, 'w').write('garbage' if 'fail' in text else text + '\\nfrom the editor\\n')\n"
        "sys.exit(1 if 'fail' in text else 0)\n"
    )
    env = demo_env(tmp_path, EDITOR=f"{sys.executable} {script}")
    env.pop("VISUAL", None)
    database = tmp_path / "data" / "inbox-tui" / "demo.sqlite3"
    terminal = Terminal(env)
    try:
        poll(lambda: inbox_fetches(database))
        terminal.type("rDraft")
        poll(lambda: only_draft(database) == "Draft")
        terminal.type("\x05")  # ctrl+e
        poll(lambda: only_draft(database) == "Draft\nfrom the editor")
        # Back in the composer, the cursor at the end: typing goes on after the edit.
        terminal.type(" fail")
        poll(lambda: only_draft(database) == "Draft\nfrom the editor fail")
        terminal.type("\x05")
        poll(lambda: "editor exited with an error" in terminal.text())
        terminal.type("!")
        poll(lambda: only_draft(database) == "Draft\nfrom the editor fail!")
        assert outbox_rows(database) == []
    finally:
        terminal.kill()
