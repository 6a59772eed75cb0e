"""Only the cells that change reach the terminal (ui/frames.py): what a terminal shows after the
changes is what it shows after Textual's own full writes, for any sequence of frames."""

from __future__ import annotations

import re

import pyte
from harness.terminal import looks
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from textual._compositor import ChopsUpdate, LayoutUpdate
from textual.geometry import Region
from textual.strip import Strip

from inbox_tui.ui.frames import Frame

WIDTH, HEIGHT = 12, 4
STYLES = [
    Style(color="#e0e0e0", bgcolor="#1e1e1e"),
    Style(color="#a5a5a5", bgcolor="#1e1e1e"),
    Style(bold=True, color="#e0e0e0", bgcolor="#1e1e1e"),
    Style(reverse=True, color="#003054", bgcolor="#1e1e1e"),
    Style(bgcolor="#704d1c", underline=True),
    Style(italic=True, dim=True),
    Style(),
]
TEXTS = ["a", "b", " ", "  ", "xy", "é", "界", "▕", "─"]


def console() -> Console:
    return Console(color_system="truecolor", force_terminal=True, width=WIDTH)


@st.composite
def rows(draw: st.DrawFn) -> list[Strip]:
    """HEIGHT lines of WIDTH cells, each of runs of text in a few styles."""
    lines = []
    for _ in range(HEIGHT):
        segments, width = [], 0
        while width < WIDTH:
            text = draw(st.sampled_from(TEXTS))
            if width + Segment(text).cell_length > WIDTH:
                text = " " * (WIDTH - width)
            segments.append(Segment(text, draw(st.sampled_from(STYLES))))
            width += Segment(text).cell_length
        lines.append(Strip(segments, WIDTH))
    return lines


def layout(lines: list[Strip]) -> LayoutUpdate:
    return LayoutUpdate([[line] for line in lines], Region(0, 0, WIDTH, HEIGHT))


def chops(lines: list[Strip], spans: list[tuple[int, int, int]]) -> ChopsUpdate:
    """Each line as two chops (split at the middle), written where ``spans`` say."""
    half = WIDTH // 2
    parts = [dict(zip((0, half), line.divide([half, WIDTH]), strict=True)) for line in lines]
    return ChopsUpdate(parts, spans, [[half, WIDTH] for _ in lines])


def screens(updates: list[LayoutUpdate | ChopsUpdate]) -> tuple[pyte.Screen, pyte.Screen, int]:
    """The screen after Textual's own writes, after the frame's, and the frame's last bytes."""
    full, diffed = pyte.Screen(WIDTH, HEIGHT), pyte.Screen(WIDTH, HEIGHT)
    frame, written = Frame(), ""
    for update in updates:
        pyte.Stream(full).feed(update.render_segments(console()))
        written = frame.render(update, console())
        pyte.Stream(diffed).feed(written)
    return full, diffed, len(written)


@settings(max_examples=150, deadline=None)
@given(st.lists(rows(), min_size=1, max_size=4), st.data())
def test_the_terminal_shows_the_same_picture_as_after_full_writes(frames, data):
    updates: list[LayoutUpdate | ChopsUpdate] = [layout(frames[0])]
    for lines in frames[1:]:
        if data.draw(st.booleans()):
            updates.append(layout(lines))
        else:
            y = data.draw(st.integers(0, HEIGHT - 1))
            x1 = data.draw(st.integers(0, WIDTH - 1))
            x2 = data.draw(st.integers(x1 + 1, WIDTH))
            updates.append(chops(lines, [(y, x1, x2)]))
    full, diffed, _ = screens(updates)
    assert looks(diffed) == looks(full)


def test_a_frame_like_the_last_writes_nothing_and_one_change_writes_that_cell():
    lines = [Strip([Segment("ab" + " " * (WIDTH - 2), STYLES[0])], WIDTH)] * HEIGHT
    changed = [*lines[:2], Strip([Segment("aX" + " " * (WIDTH - 2), STYLES[0])], WIDTH), lines[3]]
    _, _, again = screens([layout(lines), layout(lines)])
    assert again == 0
    full, diffed, one = screens([layout(lines), layout(changed)])
    assert looks(diffed) == looks(full)
    # A cursor move, the pen (two truecolor codes) and X: nothing else of the line.
    assert one < len("\x1b[3;2H\x1b[38;2;224;224;224;48;2;30;30;30mX\x1b[0m") + 1


def test_a_forgotten_frame_is_written_whole():
    lines = [Strip([Segment("a" * WIDTH, STYLES[0])], WIDTH)] * HEIGHT
    frame = Frame()
    frame.render(layout(lines), console())
    frame.forget()
    again = frame.render(layout(lines), console())
    assert again.count("a") == WIDTH * HEIGHT


def test_lines_of_two_colours_are_written_a_colour_at_a_time():
    """A conversation's lines: a muted time, then the text. Written line by line, every line
    switches colour twice (19 bytes each in true colour); written a colour at a time, each
    colour is set once and the lines are reached with cursor moves."""
    time, text = STYLES[1], STYLES[0]

    def lines(shift: int) -> list[Strip]:
        """Scrolled by ``shift`` lines: each line shows the one ``shift`` below it."""
        return [
            Strip([Segment(f"{n + shift:02} ", time), Segment(f"said {n + shift}".ljust(9), text)])
            for n in range(HEIGHT)
        ]

    full, diffed, _ = screens([layout(lines(0)), layout(lines(1))])
    assert looks(diffed) == looks(full)
    frame = Frame()
    frame.render(layout(lines(0)), console())
    switches = re.findall(r"\x1b\[[0-9;]*m", frame.render(layout(lines(1)), console()))
    assert len(switches) <= 3, switches  # the text's colour, the time's, the reset
