"""SMS segment meter: GSM-7 or UCS-2, and how many parts a text costs (3GPP 23.038 / 23.040)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Encoding = Literal["GSM-7", "UCS-2"]

# The GSM 03.38 default alphabet, one septet each (lowercase ç is not in it; uppercase Ç is).
GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# The extension table: reached through ESC, so two septets each.
GSM_EXTENSION = frozenset("\f^{}\\[~]|€")

SINGLE_PART_UNITS: dict[Encoding, int] = {"GSM-7": 160, "UCS-2": 70}
MULTI_PART_UNITS: dict[Encoding, int] = {"GSM-7": 153, "UCS-2": 67}

# Common characters outside GSM-7 that have a GSM look-alike ("smart encoding").
_LOOKALIKES = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "′": "'",
        "´": "'",
        "`": "'",
        "‹": "'",
        "›": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "″": '"',
        "«": '"',
        "»": '"',
        "‐": "-",
        "‑": "-",
        "‒": "-",
        "–": "-",
        "—": "-",
        "―": "-",
        "−": "-",
        "…": "...",
        "•": "*",
        "\t": " ",
        "\u00a0": " ",
        "\u2000": " ",
        "\u2001": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u2004": " ",
        "\u2005": " ",
        "\u2006": " ",
        "\u2007": " ",
        "\u2008": " ",
        "\u2009": " ",
        "\u200a": " ",
        "\u202f": " ",
        "\u205f": " ",
        "\u3000": " ",
        "\u200b": None,
        "\u2060": None,
        "\ufeff": None,
    }
)


@dataclass(frozen=True)
class SegmentInfo:
    """What a text costs as SMS: encoding, units, parts and room left in the current part."""

    encoding: Encoding
    units: int
    """Septets (GSM-7) or UTF-16 code units (UCS-2) the text uses."""
    part_limit: int
    """Units one part holds: 160/70 for a single part, 153/67 once the text is split."""
    parts: int
    units_left: int
    """Units still free in the last part before another part is needed."""
    ucs2_chars: tuple[tuple[int, str], ...] = ()
    """(index in the text, character) of each character that forces UCS-2."""

    @property
    def label(self) -> str:
        """Short meter text such as ``GSM 1/160`` or ``UCS-2 2 parts, 12 left``."""
        name = "GSM" if self.encoding == "GSM-7" else "UCS-2"
        if self.parts <= 1:
            return f"{name} {self.units}/{self.part_limit}"
        return f"{name} {self.parts} parts, {self.units_left} left"


def gsm_cost(char: str) -> int | None:
    """Septets one character costs in GSM-7, or None when it is not in GSM-7."""
    if char in GSM_BASIC:
        return 1
    if char in GSM_EXTENSION:
        return 2
    return None


def _ucs2_cost(char: str) -> int:
    return 2 if ord(char) > 0xFFFF else 1


def _pack(costs: list[int], single: int, multi: int) -> tuple[int, int, int]:
    """(parts, limit, units left) when characters are packed whole into parts."""
    total = sum(costs)
    if total == 0:
        return 0, single, single
    if total <= single:
        return 1, single, single - total
    parts, used = 1, 0
    for cost in costs:
        if used + cost > multi:
            parts, used = parts + 1, 0
        used += cost
    return parts, multi, multi - used


def analyze(text: str) -> SegmentInfo:
    """Measure ``text`` as an SMS; empty text is 0 parts."""
    gsm_costs = [gsm_cost(char) for char in text]
    forcing = tuple(
        (i, char)
        for i, (char, cost) in enumerate(zip(text, gsm_costs, strict=True))
        if cost is None
    )
    encoding: Encoding = "UCS-2" if forcing else "GSM-7"
    costs = [_ucs2_cost(char) for char in text] if forcing else [c or 0 for c in gsm_costs]
    parts, limit, left = _pack(costs, SINGLE_PART_UNITS[encoding], MULTI_PART_UNITS[encoding])
    return SegmentInfo(encoding, sum(costs), limit, parts, left, forcing)


def to_gsm_lookalikes(text: str) -> str:
    """Replace curly quotes, dashes, ellipsis, odd spaces and the like by GSM-7 look-alikes."""
    return text.translate(_LOOKALIKES)
