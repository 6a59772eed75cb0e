"""The segment meter counts what a carrier would bill, packing whole characters into parts."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inbox_tui.core.sms import GSM_BASIC, GSM_EXTENSION, analyze, to_gsm_lookalikes

EMOJI = "😀"  # outside the BMP: a surrogate pair, two UCS-2 units


def _short(value: object) -> str | None:
    """Readable test ids for long texts."""
    if isinstance(value, str) and len(value) > 12:
        return f"{len(value)}chars"
    return None


@pytest.mark.parametrize(
    ("text", "encoding", "units", "parts", "units_left", "part_limit"),
    [
        ("", "GSM-7", 0, 0, 160, 160),
        ("a" * 160, "GSM-7", 160, 1, 0, 160),
        ("a" * 161, "GSM-7", 161, 2, 145, 153),
        ("a" * 306, "GSM-7", 306, 2, 0, 153),
        ("a" * 307, "GSM-7", 307, 3, 152, 153),
        ("a" * 159 + "€", "GSM-7", 161, 2, 145, 153),
        ("a" * 158 + "€", "GSM-7", 160, 1, 0, 160),
        # An escape pair that would straddle 153 moves whole to part two.
        ("a" * 152 + "€" + "a" * 10, "GSM-7", 164, 2, 141, 153),
        ("a" * 151 + "€" + "a" * 10, "GSM-7", 163, 2, 143, 153),
        # 306 septets fit two parts by division, but the moved pair makes a third.
        ("a" * 152 + "€" + "a" * 152, "GSM-7", 306, 3, 152, 153),
        ("ç" * 70, "UCS-2", 70, 1, 0, 70),
        ("ç" * 71, "UCS-2", 71, 2, 63, 67),
        ("ç" * 134, "UCS-2", 134, 2, 0, 67),
        ("ç" * 135, "UCS-2", 135, 3, 66, 67),
        (EMOJI * 35, "UCS-2", 70, 1, 0, 70),
        (EMOJI * 35 + "a", "UCS-2", 71, 2, 62, 67),
        # A surrogate pair that would straddle 67 moves whole; 134 units then need three parts.
        ("a" * 66 + EMOJI + "a" * 66, "UCS-2", 134, 3, 66, 67),
        ("a" * 65 + EMOJI + "a" * 67, "UCS-2", 134, 2, 0, 67),
    ],
    ids=_short,
)
def test_parts_at_boundaries(
    text: str, encoding: str, units: int, parts: int, units_left: int, part_limit: int
) -> None:
    info = analyze(text)
    assert (info.encoding, info.units, info.parts, info.units_left, info.part_limit) == (
        encoding,
        units,
        parts,
        units_left,
        part_limit,
    )


@pytest.mark.parametrize(
    ("text", "encoding", "units", "forcing"),
    [
        ("€5 off", "GSM-7", 7, ()),
        ("{[~]}|^\\\f", "GSM-7", 18, ()),
        ("Ça va", "GSM-7", 5, ()),
        ("ça va", "UCS-2", 5, ((0, "ç"),)),
        ("Hi “Bob”", "UCS-2", 8, ((3, "“"), (7, "”"))),
        ("a`b", "UCS-2", 3, ((1, "`"),)),
        ("tab\there", "UCS-2", 8, ((3, "\t"),)),
        (f"ok {EMOJI}", "UCS-2", 5, ((3, EMOJI),)),
        ("line\nbreak\r", "GSM-7", 11, ()),
    ],
)
def test_encoding_and_what_forces_ucs2(
    text: str, encoding: str, units: int, forcing: tuple[tuple[int, str], ...]
) -> None:
    info = analyze(text)
    assert (info.encoding, info.units, info.ucs2_chars) == (encoding, units, forcing)


def test_gsm_tables_are_exactly_the_standard_ones() -> None:
    # 128 positions in the default alphabet, one of which (0x1B) is the escape to the extension.
    assert len(GSM_BASIC) == 127
    ascii_printable = {chr(code) for code in range(0x20, 0x7F)}
    assert ascii_printable - GSM_BASIC - GSM_EXTENSION == {"`"}
    assert all(analyze(char).units == 1 for char in GSM_BASIC)
    assert all(analyze(char).units == 2 for char in GSM_EXTENSION)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It’s “fine” – really…", 'It\'s "fine" - really...'),
        ("a\u00a0b\u2009c\u200bd", "a b cd"),
        ("‘quoted’ — «guillemets»", "'quoted' - \"guillemets\""),
        ("`tick`", "'tick'"),
    ],
)
def test_lookalikes_turn_ucs2_into_gsm(text: str, expected: str) -> None:
    assert analyze(text).encoding == "UCS-2"
    fixed = to_gsm_lookalikes(text)
    assert fixed == expected
    assert analyze(fixed).encoding == "GSM-7"


def test_lookalikes_leave_real_ucs2_alone() -> None:
    assert to_gsm_lookalikes(f"merci ç {EMOJI}") == f"merci ç {EMOJI}"


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("", "GSM 0/160"),
        ("Okay", "GSM 4/160"),
        ("a" * 161, "GSM 2 parts, 145 left"),
        ("ç", "UCS-2 1/70"),
    ],
)
def test_label(text: str, label: str) -> None:
    assert analyze(text).label == label


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab€😀", max_size=700) | st.text(alphabet="ab€{", max_size=700))
def test_packing_never_wastes_more_than_one_unit_per_part(text: str) -> None:
    info = analyze(text)
    if info.parts <= 1:
        assert info.units <= info.part_limit
        return
    # A moved escape or surrogate pair leaves at most one unit empty at the end of a part.
    per_part = info.part_limit
    assert math.ceil(info.units / per_part) <= info.parts <= math.ceil(info.units / (per_part - 1))
    assert 0 <= info.units_left < per_part
    assert (info.parts - 1) * (per_part - 1) + (per_part - info.units_left) <= info.units
