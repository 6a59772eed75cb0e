"""The real app in a pty writes only the cells that change (ui/frames.py): opening and closing a
dialog or the help costs the cells it covers, not whole frames, and the screen a terminal shows
after is the one ctrl+l (every cell written again) shows."""

from __future__ import annotations

import time

import pyte
from harness.terminal import Terminal, demo_env, inbox_fetches, looks, poll

SIZE = (120, 40)
QUIET = 0.4
# Issue 15's ceiling for a dialog's opening or closing at 120x40 (a whole frame was 50-120 KB).
DIALOG_CEILING = 12_000


class Screen:
    """What a terminal shows of ``terminal``'s output, read as it comes."""

    def __init__(self, terminal: Terminal) -> None:
        self.terminal = terminal
        self.screen = pyte.Screen(*SIZE)
        self.stream = pyte.ByteStream(self.screen)
        self.fed = 0

    def feed(self) -> str:
        raw = self.terminal.raw()
        self.stream.feed(raw[self.fed :])
        self.fed = len(raw)
        return self.text()

    def settle(self) -> int:
        """Wait until nothing is written for QUIET s; returns the bytes written meanwhile."""
        start = self.fed
        while True:
            written = len(self.terminal.raw())
            time.sleep(QUIET)
            if len(self.terminal.raw()) == written:
                break
        self.feed()
        return self.fed - start

    def press(self, keys: str, shows: str = "", hides: str = "") -> int:
        """The bytes written for ``keys``: until the screen ``shows`` and no longer ``hides``
        these words, and then nothing is written for QUIET s."""
        start = self.fed
        self.terminal.type(keys)
        try:
            poll(lambda: shows in (text := self.feed()) and (not hides or hides not in text))
        except AssertionError:
            raise AssertionError(f"after {keys!r}: {shows=} {hides=}\n{self.text()}") from None
        self.settle()
        return self.fed - start

    def looks(self) -> list[list[tuple[object, ...]]]:
        return looks(self.screen)

    def text(self) -> str:
        return "\n".join(self.screen.display)


def test_dialogs_and_help_cost_their_cells_and_leave_the_screen_ctrl_l_paints(tmp_path):
    database = tmp_path / "data" / "inbox-tui" / "demo.sqlite3"
    env = demo_env(tmp_path, COLORTERM="truecolor")
    terminal = Terminal(env, size=SIZE)
    screen = Screen(terminal)
    try:
        poll(lambda: inbox_fetches(database))
        screen.settle()
        screen.press("\t", shows="▸ THREADS")
        # The first thread: transfer and resolve act on the open one.
        screen.press("\r", hides="No thread open")
        costs = {}
        for key, heading in (("t", "Transfer thread"), ("x", "Resolve thread"), ("?", "Keys (esc")):
            costs[f"{key} open"] = screen.press(key, shows=heading)
            costs[f"{key} close"] = screen.press("\x1b", hides=heading)
        assert all(cost <= DIALOG_CEILING for cost in costs.values()), costs
        shown = screen.looks()
        screen.terminal.type("\x0c")  # ctrl+l: every cell again
        poll(lambda: len(screen.terminal.raw()) > screen.fed + SIZE[0] * SIZE[1])
        screen.settle()
        assert screen.looks() == shown
    finally:
        terminal.kill()
