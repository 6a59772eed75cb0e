"""The composer's segment meter: encoding, units used against the part's limit, parts, and the
characters that force UCS-2 (a line break counts: LF is in GSM-7). It repaints only when the
text it measures changes, and then only the characters that changed."""

from __future__ import annotations

import unicodedata

from rich.text import Text
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from inbox_tui.core.sms import SegmentInfo, analyze, to_gsm_lookalikes
from inbox_tui.ui.glyphs import glyphs
from inbox_tui.ui.keymap import key_of
from inbox_tui.ui.partial_paint import changed_span
from inbox_tui.ui.widgets.composer import Composer

SHOWN_CULPRITS = 6


def culprit_label(char: str) -> str:
    """A forcing character as the agent can see it: itself, or ``U+00A0`` when invisible."""
    if unicodedata.category(char)[0] in "CZ" and char != " ":
        return f"U+{ord(char):04X}"
    return char


def meter_text(info: SegmentInfo) -> Text:
    """``GSM-7 · 42/160 · 1 part``; UCS-2 adds a line naming the characters that forced it."""
    used = info.part_limit - info.units_left if info.parts > 1 else info.units
    parts = "1 part" if info.parts == 1 else f"{info.parts} parts"
    dot = glyphs().dot
    text = Text(f"{info.encoding} {dot} {used}/{info.part_limit} {dot} {parts}")
    if info.encoding == "UCS-2":
        text.stylize("bold", 0, len(info.encoding))
        culprits = list(dict.fromkeys(char for _, char in info.ucs2_chars))
        shown = " ".join(culprit_label(char) for char in culprits[:SHOWN_CULPRITS])
        more = f" +{len(culprits) - SHOWN_CULPRITS} more" if len(culprits) > SHOWN_CULPRITS else ""
        # Short enough for the composer's 31 columns at 80x24; the key is offered only when it
        # would replace something (an emoji has no look-alike).
        fixable = any(to_gsm_lookalikes(char) != char for char in culprits)
        text.append(f"\nforced by {shown}{more}")
        text.append(f" {dot} {key_of('gsm_lookalikes')} to GSM" if fixable else "")
    return text


class SegmentMeter(Widget):
    """Shows what ``composer``'s text costs as SMS, measured whenever that text changes; the
    characters that force UCS-2 are marked in the composer itself (``Composer.get_line``).

    A typed character changes a count or two (``41/160`` to ``42/160``): only those cells are
    sent to the terminal, with no layout pass (which would repaint far more). The UCS-2 line
    that comes and goes changes the meter's height: then it is laid out again."""

    def __init__(self, composer: Composer, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._composer = composer
        self._measured = ""
        self.info = analyze("")
        self.content = meter_text(self.info)
        self._cut = 0
        """Where the last change started: the line is cut there (``render_line``)."""

    def on_mount(self) -> None:
        self.watch(self._composer, "value", self.measure)

    def render(self) -> Text:
        return self.content

    def render_line(self, y: int) -> Strip:
        """The line, cut where the last change started: only the cells from there on are
        sent (``inbox_tui.ui.partial_paint``)."""
        strip = super().render_line(y)
        if y or not 0 < self._cut < strip.cell_length:
            return strip
        return Strip.join(strip.divide([self._cut, strip.cell_length]))

    def measure(self, text: str) -> SegmentInfo:
        """Measure ``text`` (templates count once inserted); no repaint when it is unchanged."""
        if text != self._measured:
            self._measured = text
            self.info = analyze(text)
            self.set_class(self.info.encoding == "UCS-2", "-ucs2")
            self._show(meter_text(self.info))
        return self.info

    def _show(self, content: Text) -> None:
        before, after = self.content.plain, content.plain
        self.content = content
        if "\n" in before or "\n" in after:
            self.refresh(layout=True)
            return
        start, width = changed_span(before, after)
        if width:
            self._cut = start
            self.refresh(Region(start, 0, width, 1))
