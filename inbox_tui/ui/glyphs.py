"""Every glyph the panes draw, in a Unicode and an ASCII form (``glyphs = "ascii"``, ``--ascii``,
or a locale that is not UTF-8), and the ASCII filter that guards a non-UTF-8 terminal.

Widgets ask ``glyphs()`` for the set in use; the app picks it once at start (``use``). In ASCII
mode the app's driver also passes every write through ``to_ascii``, so text that no table knows
(a customer's ``é``, Textual's own ``…``) still reaches the terminal as one ASCII cell.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Literal

from rich.text import Text


@dataclass(frozen=True)
class GlyphSet:
    unread: str
    cursor: str
    """Column 0 of the focused list's cursor row (apart from the unread marker)."""
    focus: str
    """Before the focused pane's title."""
    inbound: str
    outbound: str
    undirected: str
    block: str
    warning: str
    dot: str
    """Between parts of a line: ``name · number``."""
    bar: str
    """Between the header's parts."""
    rule: str
    """A day separator's line."""
    ellipsis: str
    older: str
    up: str
    down: str
    quotes: tuple[str, str]


UNICODE = GlyphSet(
    unread="●",
    cursor="▶",
    focus="▸ ",
    inbound="◀",
    outbound="▶",
    undirected="·",
    block="⛔",
    warning="⚠",
    dot="·",
    bar="│",
    rule="─",
    ellipsis="…",
    older="↑",
    up="↑",
    down="↓",
    quotes=("“", "”"),
)

ASCII = GlyphSet(
    unread="*",
    cursor=">",
    focus="> ",
    inbound="<",
    outbound=">",
    undirected="-",
    block="!!",
    warning="!",
    dot="-",
    bar="|",
    rule="-",
    ellipsis="...",
    older="^",
    up="up",
    down="down",
    quotes=('"', '"'),
)

_in_use: list[GlyphSet] = [UNICODE]


def use(mode: Literal["unicode", "ascii"]) -> None:
    """Pick the set every widget draws with (the app does, from ``Settings.resolved_glyphs``)."""
    _in_use[0] = ASCII if mode == "ascii" else UNICODE


def glyphs() -> GlyphSet:
    return _in_use[0]


def fit(text: str, width: int) -> str:
    """``text`` on one line in exactly ``width`` cells: cut with the set's ellipsis, padded."""
    line = Text(text.replace("\n", " "))
    if line.cell_len > width:
        mark = glyphs().ellipsis
        if width <= len(mark):
            line.truncate(width, overflow="crop")
        else:
            line.truncate(width - len(mark), overflow="crop")
            line.append(mark)
    line.truncate(width, overflow="crop", pad=True)
    return line.plain


# One cell for one cell, so the layout Textual computed still holds on the terminal.
_CELLS = {
    "│": "|",
    "┃": "|",
    "▕": "|",
    "▏": "|",
    "▎": "|",
    "▍": "|",
    "▌": "|",
    "▐": "|",
    "─": "-",
    "━": "-",
    "╌": "-",
    "▔": "-",
    "▁": "_",
    "▂": "_",
    "▃": "_",
    "▄": "_",
    "▀": "-",
    "█": "#",
    "…": ".",
    "·": "-",
    "●": "*",
    "◀": "<",
    "▶": ">",
    "▸": ">",
    "↑": "^",
    "↓": "v",
    "“": '"',
    "”": '"',
    "‘": "'",
    "’": "'",
    "–": "-",
    "—": "-",
    "\u00a0": " ",
}


class _AsciiTable(dict[int, str]):
    """``str.translate``'s table: known glyphs by ``_CELLS``, letters without their accents,
    anything else ``?`` (a wide character ``??``, keeping its two cells)."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if code < 128:
            value = char
        elif char in _CELLS:
            value = _CELLS[char]
        elif unicodedata.category(char) in ("Mn", "Me", "Cf"):
            value = ""
        else:
            base = unicodedata.normalize("NFKD", char)[:1]
            wide = unicodedata.east_asian_width(char) in ("W", "F")
            value = base if base.isascii() and base.isprintable() and not wide else "?"
            value = "??" if wide else value
        self[code] = value
        return value


_TABLE = _AsciiTable()


def cells(text: str) -> str:
    """Text laid out already (a row, a wrapped line): as is, or in ASCII cell for cell."""
    return text if glyphs() is UNICODE else to_ascii(text)


def words(text: str) -> str:
    """A line of prose (a status, the header's state) in the set in use: as is, or in ASCII
    with ``...`` for ``…`` (prose has room for the two extra cells)."""
    if glyphs() is UNICODE or text.isascii():
        return text
    return to_ascii(text.replace("…", "..."))


def to_ascii(data: str) -> str:
    """``data`` (terminal output, escape sequences included) with every character ASCII."""
    return data if data.isascii() else data.translate(_TABLE)
