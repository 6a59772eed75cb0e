"""Only the cells that change reach the terminal, each colour change written once.

Textual repaints the whole screen when a screen is pushed or popped (a dialog opens or closes)
and when the layout changes (the first screen fills in), and it writes every segment with its
full SGR and a reset after it: over 50 KB per frame at 120x40, seconds over a slow link.

``FramedApp`` keeps what the terminal shows (a character and its pen per cell) and writes each
compositor update as the runs of cells that look different from it, switching only the SGR codes
that change from one cell to the next, in the cheaper of two orders (line by line, or a colour
at a time: see ``Writer``). A blank cell looks the same in any foreground colour, bold
or not: only its background (and reverse, underline, strike...) counts. What the terminal shows
is forgotten (the next frame is written whole) when it may have been disturbed: a resize, the
return from a suspend (``$EDITOR``, ctrl+z: both send a resize) or ctrl+l (``action_redraw``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from rich.cells import get_character_cell_size
from rich.color import ColorSystem
from rich.console import Console, RenderableType
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual._compositor import ChopsUpdate, CompositorUpdate, LayoutUpdate
from textual.app import App
from textual.screen import Screen
from textual.strip import SGR_STYLES

# Rich's attribute bits (textual.strip.SGR_STYLES has the codes that set them) and the codes
# that clear them; one code may clear two bits (22: bold and dim).
_CLEAR = ["22", "22", "23", "24", "25", "25", "27", "28", "29", "24", "54", "54", "55"]
_SHOWN_ON_BLANK = sum(1 << bit for bit in (3, 6, 7, 8, 9, 10, 11, 12))
"""underline, reverse, conceal, strike, underline2, frame, encircle, overline: what a blank
cell shows besides its background."""
GAP = 6
"""Unchanged cells between two changed runs that are written again rather than skipped with a
cursor move (a move costs about as many bytes)."""
_PENS_KEPT = 4096


class Pen(NamedTuple):
    """How a cell is drawn: rich's attribute bits, foreground and background SGR codes ('' for
    the terminal's default) and a hyperlink."""

    attributes: int = 0
    fg: str = ""
    bg: str = ""
    link: str = ""


PLAIN = Pen()
Cell = tuple[str, Pen]
Row = list[Cell]


def _bits(attributes: int) -> list[int]:
    return [bit for bit in range(attributes.bit_length()) if attributes >> bit & 1]


def looks_same(a: Cell, b: Cell) -> bool:
    """Whether two cells look the same: equal, or blank on the same background."""
    if a == b:
        return True
    (char_a, pen_a), (char_b, pen_b) = a, b
    return (
        char_a == char_b == " "
        and pen_a.bg == pen_b.bg
        and pen_a.link == pen_b.link
        and not (pen_a.attributes | pen_b.attributes) & _SHOWN_ON_BLANK
    )


class Frame:
    """What the terminal shows, and the bytes that bring it to a new picture."""

    def __init__(self) -> None:
        self.rows: list[Row] | None = None
        self._pens: dict[Style, Pen] = {}
        self._system = ColorSystem.TRUECOLOR

    def forget(self) -> None:
        """The terminal may show anything: the next full update is written whole."""
        self.rows = None

    def render(self, update: CompositorUpdate, console: Console) -> str:
        """The bytes that apply ``update``; what the terminal shows is updated to match."""
        system = console._color_system or ColorSystem.TRUECOLOR
        if system != self._system:
            self._system, self._pens = system, {}
        if isinstance(update, LayoutUpdate):
            return self._layout(update)
        if isinstance(update, ChopsUpdate) and self.rows is not None:
            written = self._chops(update)
            if written is not None:
                return written
        self.forget()
        return update.render_segments(console)

    def _layout(self, update: LayoutUpdate) -> str:
        region = update.region
        rows = [self.cells(line) for line in update.strips]
        old = self.rows
        known = (
            old is not None
            and region.x == region.y == 0
            and len(old) == len(rows)
            and all(len(a) == len(b) for a, b in zip(old, rows, strict=True))
        )
        self.rows = rows if region.x == region.y == 0 else None
        out = Writer()
        for y, row in enumerate(rows):
            if known and old is not None:
                out.changes(region.y + y, old[y], row, 0, len(row))
            else:
                out.run(region.x, region.y + y, row, 0, len(row))
        return out.finish()

    def _chops(self, update: ChopsUpdate) -> str | None:
        """The changed cells of a partial update; None when it does not fit what is known."""
        rows = self.rows
        assert rows is not None
        out = Writer()
        for y, x1, x2 in update.spans:
            if y >= len(rows):
                return None
            row = rows[y]
            new, left = row.copy(), x1
            # As Textual writes it: each chop that meets the span, from its start.
            for end, (x, strip) in zip(update.chop_ends[y], update.chops[y].items(), strict=False):
                stop = min(end, x2)
                if strip is None or x >= stop or end <= x1:
                    continue
                cells = self.cells([strip.crop(0, stop - x)])
                if x + len(cells) > len(row):
                    return None
                new[x : x + len(cells)] = cells
                left = min(left, x)
            out.changes(y, row, new, left, min(x2, len(row)))
            rows[y] = new
        return out.finish()

    def cells(self, strips: Iterable[Iterable[Segment]]) -> Row:
        """One (character, pen) per cell; a wide character's second cell holds ''."""
        row: Row = []
        for strip in strips:
            for text, style, control in strip:
                if control:
                    continue
                pen = PLAIN if style is None else self.pen(style)
                if text.isascii():
                    row.extend([(char, pen) for char in text])
                    continue
                for char in text:
                    width = get_character_cell_size(char)
                    if width == 0 and row:
                        row[-1] = (row[-1][0] + char, row[-1][1])
                    elif width:
                        row.append((char, pen))
                        if width == 2:
                            row.append(("", pen))
        return row

    def pen(self, style: Style) -> Pen:
        pen = self._pens.get(style)
        if pen is None:
            if len(self._pens) > _PENS_KEPT:
                self._pens.clear()
            color, bgcolor, system = style._color, style._bgcolor, self._system
            pen = self._pens[style] = Pen(
                style._attributes & style._set_attributes,
                ";".join(color.downgrade(system).get_ansi_codes()) if color else "",
                ";".join(bgcolor.downgrade(system).get_ansi_codes(False)) if bgcolor else "",
                style._link or "",
            )
        return pen


class Piece(NamedTuple):
    """Cells of one line written in one pen (a blank cell takes any pen that shows it)."""

    y: int
    x: int
    chars: str
    width: int
    pen: Pen
    blank: bool
    """Only blank cells: any pen with their background writes them."""
    to_edge: bool
    """It ends on the line's last cell, where the cursor stays (Textual turns wrapping off)."""


class Writer:
    """Cursor moves and cells, switching only the SGR codes that change; ends with the pen
    reset, as Textual leaves it.

    The changed cells are collected as pieces of one pen each, then written in the cheaper of
    two orders: line by line, or one pen at a time (a cursor move costs fewer bytes than a
    true-colour switch, so a frame whose lines alternate between two colours, as a
    conversation's time and text do, is cheaper written colour by colour).
    """

    def __init__(self) -> None:
        self.pieces: list[Piece] = []

    def changes(self, y: int, old: Row, new: Row, x1: int, x2: int) -> None:
        """Write the cells of ``new`` in [x1, x2) that look different from ``old``, in runs."""
        start = last = -1
        for x in range(x1, x2):
            if not looks_same(old[x], new[x]):
                if start < 0:
                    start = x
                elif x - last > GAP:
                    self.run(0, y, new, start, last + 1)
                    start = x
                last = x
        if start >= 0:
            self.run(0, y, new, start, last + 1)

    def run(self, left: int, y: int, row: Row, start: int, stop: int) -> None:
        """Write ``row[start:stop]`` at column ``left + start`` of line ``y``, whole
        characters only (a wide character's two cells go together)."""
        while start > 0 and row[start][0] == "":
            start -= 1
        while stop < len(row) and row[stop][0] == "":
            stop += 1
        x, chars, pen, blank = start, [row[start][0]], row[start][1], row[start][0] == " "
        for column in range(start + 1, stop):
            char, next_pen = row[column]
            if next_pen == pen or (char == " " and looks_same((" ", pen), (" ", next_pen))):
                blank = blank and char == " "
                chars.append(char)
                continue
            if blank and looks_same((" ", pen), (" ", next_pen)):
                pen, blank = next_pen, False  # the blanks so far take this cell's pen
                chars.append(char)
                continue
            self.pieces.append(Piece(y, left + x, "".join(chars), column - x, pen, blank, False))
            x, chars, pen, blank = column, [char], next_pen, char == " "
        last = Piece(y, left + x, "".join(chars), stop - x, pen, blank, stop >= len(row))
        self.pieces.append(last)

    def finish(self) -> str:
        if not self.pieces:
            return ""
        pens: dict[Pen, int] = {PLAIN: 0}
        for piece in self.pieces:
            if not piece.blank:
                pens.setdefault(piece.pen, len(pens))

        def rank(piece: Piece) -> int:
            if not piece.blank:
                return pens[piece.pen]
            return next(
                (n for pen, n in pens.items() if looks_same((" ", pen), (" ", piece.pen))),
                len(pens),
            )

        in_lines = sorted(self.pieces, key=lambda piece: (piece.y, piece.x))
        by_pen = sorted(self.pieces, key=lambda piece: (rank(piece), piece.y, piece.x))
        return min(_paint(in_lines), _paint(by_pen), key=len)


def _paint(pieces: Iterable[Piece]) -> str:
    """The bytes that write ``pieces`` in this order, from an unknown cursor and a plain pen."""
    parts: list[str] = []
    pen, cursor = PLAIN, (-1, 0)
    for piece in pieces:
        if cursor[0] == piece.y and piece.x > cursor[1]:
            parts.append(f"\x1b[{piece.x - cursor[1]}C")  # on along the line: shorter
        elif cursor != (piece.y, piece.x):
            parts.append(f"\x1b[{piece.y + 1};{piece.x + 1}H")
        if piece.pen != pen and not (piece.blank and looks_same((" ", pen), (" ", piece.pen))):
            parts.append(_switch(pen, piece.pen))
            pen = piece.pen
        parts.append(piece.chars)
        cursor = (-1, 0) if piece.to_edge else (piece.y, piece.x + piece.width)
    if pen != PLAIN:
        parts.append(_switch(pen, PLAIN))
    return "".join(parts)


def _switch(pen: Pen, to: Pen) -> str:
    """The escape codes that change the terminal's pen from ``pen`` to ``to``."""
    link = ""
    if to.link != pen.link:
        link = ("\x1b]8;;\x1b\\" if pen.link else "") + (
            f"\x1b]8;;{to.link}\x1b\\" if to.link else ""
        )
    if to[:3] == pen[:3]:
        return link
    reset = ";".join(
        ["0"] + [SGR_STYLES[bit] for bit in _bits(to.attributes)] + [c for c in to[1:3] if c]
    )
    cleared = {_CLEAR[bit] for bit in _bits(pen.attributes & ~to.attributes)}
    # A clearing code may clear a bit that stays: set those again.
    again = {bit for bit in _bits(to.attributes) if _CLEAR[bit] in cleared}
    codes = sorted(cleared) + [
        SGR_STYLES[bit]
        for bit in _bits(to.attributes & ~pen.attributes | sum(1 << bit for bit in again))
    ]
    codes += [
        new or default
        for old, new, default in ((pen.fg, to.fg, "39"), (pen.bg, to.bg, "49"))
        if old != new
    ]
    switch = ";".join(codes)
    return f"{link}\x1b[{min(switch, reset, key=len) if to != PLAIN else '0'}m"


class FramedApp(App[None]):
    """An app that writes only what changed on the terminal (see the module's docstring)."""

    def __init__(self) -> None:
        super().__init__()
        self.frame = Frame()

    def _display(self, screen: Screen[Any], renderable: RenderableType | None) -> None:
        if isinstance(renderable, CompositorUpdate) and not isinstance(renderable, Diffed):
            renderable = Diffed(self.frame, renderable)
        elif renderable is not None:
            self.frame.forget()
        super()._display(screen, renderable)

    def _on_resize(self, event: events.Resize) -> None:
        # Also sent when the app takes the terminal back after a suspend ($EDITOR, ctrl+z).
        # Textual calls App._on_resize after this one (a handler per class of the MRO).
        self.frame.forget()

    def action_redraw(self) -> None:
        """ctrl+l: write every cell again (a line noise or a wall message left garbage)."""
        self.frame.forget()
        self.refresh(repaint=True, layout=True)


class Diffed(CompositorUpdate):
    """A compositor update written as the changes it makes to what the terminal shows."""

    def __init__(self, frame: Frame, update: CompositorUpdate) -> None:
        self.frame = frame
        self.update = update

    def render_segments(self, console: Console) -> str:
        return self.frame.render(self.update, console)
