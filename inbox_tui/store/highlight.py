"""Marking a search's matches in a message as (text, is_match) spans, in Python rather than with
FTS5's snippet(), which re-runs the whole query for each hit (half a second for a prefix)."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from inbox_tui.store.query import TOKEN, Term

Span = tuple[str, bool]
"""A piece of a snippet and whether it matched the query (the UI styles it; never markup)."""

WINDOW = 160
LEAD = 40


def fold(word: str) -> str:
    """Lower case without accents, as the index's tokenizer (unicode61, remove_diacritics 2)."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _matches(terms: Sequence[Term]) -> tuple[set[str], tuple[str, ...]]:
    words: set[str] = set()
    prefixes: list[str] = []
    for term in terms:
        *whole, last = (fold(token) for token in term.tokens)
        words.update(whole)
        if term.prefix:
            prefixes.append(last)
        else:
            words.add(last)
    return words, tuple(prefixes)


def highlight(text: str, terms: Sequence[Term]) -> tuple[Span, ...]:
    """``text`` (cut to a window around the first match when long) with matching words marked."""
    words, prefixes = _matches(terms)
    marked = [
        found.span()
        for found in TOKEN.finditer(text)
        if (word := fold(found[0])) in words or (prefixes and word.startswith(prefixes))
    ]
    start = 0
    if len(text) > WINDOW and marked:
        start = max(0, min(marked[0][0] - LEAD, len(text) - WINDOW))
    end = min(len(text), start + WINDOW)
    spans: list[Span] = [("…", False)] if start else []
    position = start
    for match_start, match_end in marked:
        if match_start < start or match_end > end:
            continue
        if match_start > position:
            spans.append((text[position:match_start], False))
        spans.append((text[match_start:match_end], True))
        position = match_end
    if position < end:
        spans.append((text[position:end], False))
    if end < len(text):
        spans.append(("…", False))
    return tuple(spans)
