"""The search query language, parsed here into safe FTS5 so typed text can never be FTS5 syntax.

Words, "phrases" and prefix* terms must all match (in the message, the contact's name, the
account or the phone number). Filters: ``from:`` digits anywhere in the customer's number,
``account:`` the account (exact, any case), ``inbox:`` an inbox name or key (partial, any case),
``since:`` 3h, 2d, 1w or a date such as 2026-11-01 (midnight, local time).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from inbox_tui.store.errors import SearchQueryError
from inbox_tui.store.indexing import digits_only

_FILTERS = ("from", "account", "inbox", "since")
_FILTER_KEYS = tuple(f"{key}:" for key in _FILTERS)
_EXAMPLES = {"from": "4061", "account": "1213", "inbox": "personal", "since": "2d"}
_FILTER = re.compile(r"([A-Za-z]+):(.*)", re.DOTALL)
TOKEN = re.compile(r"[^\W_]+")
"""A word as the index's tokenizer sees it: letters and digits; everything else separates."""
_RELATIVE = re.compile(r"(\d{1,5})\s*([hdw])", re.IGNORECASE)
_UNITS = {"h": "hours", "d": "days", "w": "weeks"}


@dataclass(frozen=True)
class Term:
    """A word or phrase (its tokens, in order), optionally a prefix of longer words."""

    tokens: tuple[str, ...]
    prefix: bool = False

    def fts(self) -> str:
        quoted = '"' + " ".join(self.tokens).replace('"', '""') + '"'
        return quoted + "*" if self.prefix else quoted


@dataclass(frozen=True)
class SearchQuery:
    """A parsed query: full-text terms and filters."""

    terms: tuple[Term, ...] = ()
    number: str | None = None
    account: str | None = None
    inbox: str | None = None
    since: datetime | None = None

    @property
    def match(self) -> str | None:
        """The FTS5 MATCH expression, every term quoted; None when there are no terms."""
        if not self.terms:
            return None
        return "{text name account phone} : (" + " AND ".join(t.fts() for t in self.terms) + ")"

    @property
    def is_empty(self) -> bool:
        """Nothing to look for: no terms and no filters."""
        return not self.terms and not (self.number or self.account or self.inbox or self.since)


def parse_since(value: str, now: datetime) -> datetime:
    """``3h``, ``2d``, ``1w`` before ``now``, or a date (midnight in ``now``'s time zone)."""
    value = value.strip()
    relative = _RELATIVE.fullmatch(value)
    if relative:
        amount, unit = int(relative[1]), _UNITS[relative[2].lower()]
        return now - timedelta(**{unit: amount})
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise SearchQueryError(
            f"since: takes 3h, 2d, 1w or a date like 2026-11-01, not {value!r}."
        ) from None
    if len(value) <= 10:
        moment = datetime.combine(moment.date(), time(), now.tzinfo)
    return moment if moment.tzinfo else moment.replace(tzinfo=now.tzinfo)


def _term(raw: str, *, prefix: bool) -> Term | None:
    tokens = tuple(TOKEN.findall(raw))
    return Term(tokens, prefix) if tokens else None


def _split(text: str) -> list[str]:
    """The query's words and quoted phrases; a phrase right after a filter's ``key:`` is its
    value. An unclosed quote runs to the end."""
    chunks: list[str] = []
    position = 0
    word_end = -1  # where the last unquoted word ended
    while position < len(text):
        char = text[position]
        if char.isspace():
            position += 1
        elif char == '"':
            close = text.find('"', position + 1)
            close = len(text) if close < 0 else close
            phrase = text[position + 1 : close]
            if close + 1 < len(text) and text[close + 1] == "*":
                phrase += "*"
                close += 1
            if word_end == position and chunks[-1].lower() in _FILTER_KEYS:
                chunks[-1] += phrase
            else:
                chunks.append(phrase)
            position = close + 1
        else:
            end = position
            while end < len(text) and not text[end].isspace() and text[end] != '"':
                end += 1
            chunks.append(text[position:end])
            position = word_end = end
    return chunks


def parse_query(text: str, now: datetime) -> SearchQuery:
    """Parse what the agent typed; raises :class:`SearchQueryError` for a bad filter value."""
    terms: list[Term] = []
    filters: dict[str, str] = {}
    for chunk in _split(text):
        found = _FILTER.fullmatch(chunk)
        key = found[1].lower() if found else ""
        if found and key in _FILTERS:
            value = found[2].strip()
            if not value:
                raise SearchQueryError(f"{key}: needs a value, as in {key}:{_EXAMPLES[key]}.")
            filters[key] = value
            continue
        # A chunk of punctuation only has no tokens and looks for nothing.
        term = _term(chunk.removesuffix("*"), prefix=chunk.endswith("*"))
        if term is not None:
            terms.append(term)
    number = None
    if "from" in filters:
        number = digits_only(filters["from"])
        if not number:
            raise SearchQueryError("from: takes digits of a phone number, as in from:4061.")
    return SearchQuery(
        terms=tuple(terms),
        number=number,
        account=filters.get("account"),
        inbox=filters.get("inbox"),
        since=parse_since(filters["since"], now) if "since" in filters else None,
    )
