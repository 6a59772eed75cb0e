"""Partial screen updates that start where the change starts, for a slow link.

Textual writes a changed part of a line from the left edge of the widget it is in: a letter
typed at the end of the composer's line rewrote the line from its border (and the meter from
its first word), about 100 bytes more per key at 120x40 than the cells that changed. The
compositor here skips the segments of such a line that end before the change; a segment is
never cut (so a wide character is never split), and widgets split their lines where their
changes start (``Composer.render_line``, ``SegmentMeter.render_line``).
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console
from rich.control import Control
from textual._compositor import ChopsUpdate, Compositor
from textual.strip import Strip


class SkippingChopsUpdate(ChopsUpdate):
    """Textual's partial update, with the segments before each changed span left out."""

    def render_segments(self, console: Console) -> str:
        sequences: list[str] = []
        last_y = self.spans[-1][0]
        for y, x1, x2 in self.spans:
            for end, (x, strip) in zip(self.chop_ends[y], self.chops[y].items(), strict=False):
                if strip is None or x > x2 or end <= x1:
                    continue
                x, strip = skip_before(x, strip, x1)
                strip = strip.crop(0, min(end, x2) - x)
                sequences.append(Control.move_to(x, y).segment.text)
                sequences.append(strip.render(console))
            if y != last_y:
                sequences.append("\n")
        return "".join(sequences)


def skip_before(x: int, strip: Strip, start: int) -> tuple[int, Strip]:
    """``strip`` (drawn from column ``x``) without its leading segments that end at or before
    column ``start``, and the column the rest is drawn from."""
    segments = list(strip)
    skipped = 0
    for segment in segments:
        width = cell_len(segment.text)
        if x + width > start:
            break
        x += width
        skipped += 1
    if not skipped:
        return x, strip
    return x, Strip(segments[skipped:])


class SkippingCompositor(Compositor):
    """A compositor whose partial updates are ``SkippingChopsUpdate``."""

    def render_partial_update(self) -> ChopsUpdate | None:
        update = super().render_partial_update()
        if update is None:
            return None
        return SkippingChopsUpdate(update.chops, update.spans, update.chop_ends)


def changed_span(before: str, after: str) -> tuple[int, int]:
    """The cells of a line that differ between ``before`` and ``after``: the first one and how
    many (0: none). A change of length moves every cell after it; one that keeps the length
    leaves the common end in place."""
    same = next(
        (i for i, (a, b) in enumerate(zip(before, after, strict=False)) if a != b),
        min(len(before), len(after)),
    )
    start = cell_len(after[:same])
    end = max(cell_len(before), cell_len(after))
    if cell_len(before) == cell_len(after):
        kept = next(
            (i for i, (a, b) in enumerate(zip(before[::-1], after[::-1], strict=False)) if a != b),
            0,
        )
        end -= cell_len(after[len(after) - min(kept, len(after) - same) :])
    return start, max(0, end - start)
