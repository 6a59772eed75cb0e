"""Untrusted text is data: strip what could steer a terminal or reorder what a reader sees."""

import re

# C0 controls except tab and newline, DEL, C1 controls, and the bidirectional
# embedding/override/isolate marks that can make text read differently from what it is.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


# A lone UTF-16 surrogate (JSON "\ud800" without its pair) cannot be encoded as UTF-8.
_SURROGATE = re.compile("[\ud800-\udfff]")


def storable_text(value: str) -> str:
    """``value`` with lone surrogates replaced by U+FFFD and NUL removed: any string can then be
    encoded as UTF-8 and stored (SQLite and C code stop at a NUL)."""
    return _SURROGATE.sub("\ufffd", value.replace("\x00", ""))


def clean_text(value: str) -> str:
    """Return ``value`` without control and bidirectional-override characters, and with lone
    surrogates replaced by U+FFFD."""
    return _SURROGATE.sub("\ufffd", _UNSAFE.sub("", value))
