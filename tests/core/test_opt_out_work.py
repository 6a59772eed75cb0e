"""The opt-out state of a long history is worked out without reading all of it (the banner is
worked out on the event loop after every new message), and with the same answer as reading
every message oldest first."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inbox_tui.core import compliance
from inbox_tui.core.compliance import (
    INBOUND,
    OUTBOUND,
    ComplianceSettings,
    InboundKind,
    OptOutStatus,
    classify_inbound,
    keyword_form,
    opt_out_state,
)
from inbox_tui.core.phone import number_key

from .threads import CODE, CUSTOMER, make_thread

SETTINGS = ComplianceSettings()
OTHER_CODE = "1213"
LONG = 3000


@dataclass
class ReadCounter:
    """Counts the message texts the rule reads."""

    texts: int = 0


@dataclass(frozen=True)
class CountedMessage:
    """A history message that counts each read of its text."""

    id: str
    text: str
    direction: int
    counter: ReadCounter = field(compare=False)
    sms_code: str | None = CODE
    phone: str | None = CUSTOMER
    date: None = None

    @property
    def message(self) -> str:
        self.counter.texts += 1
        return self.text


def counted_history(newest: list[tuple[int, str]], tag: str) -> tuple[list, ReadCounter]:
    """``LONG`` messages of chat (inbound and outbound in turn, each text unique to ``tag``),
    then ``newest``; oldest first."""
    counter = ReadCounter()
    rows = [
        (INBOUND if n % 2 else OUTBOUND, f"{tag} chat {n}: the balance is due") for n in range(LONG)
    ]
    rows += newest
    history = [CountedMessage(f"m{n}", text, way, counter) for n, (way, text) in enumerate(rows)]
    return history, counter


@pytest.mark.parametrize("keyword", ["STOP", "START"])
def test_the_latest_keyword_ends_the_reading(keyword: str) -> None:
    newest = [(INBOUND, keyword), (OUTBOUND, "Noted."), (INBOUND, "thanks")]
    history, counter = counted_history(newest, f"ends-{keyword}")
    status = opt_out_state(history, SETTINGS).status(CUSTOMER, CODE)
    assert status.opted_out is (keyword == "STOP")
    # The keyword and the "thanks" after it (read for the keyword, then the wording); none
    # of the 3,000 older messages.
    assert counter.texts <= 3


class CountingPattern:
    """A compiled pattern that counts its searches."""

    def __init__(self, pattern: re.Pattern[str], counts: list[int]) -> None:
        self.pattern = pattern
        self.counts = counts

    def search(self, text: str) -> re.Match[str] | None:
        self.counts[0] += 1
        return self.pattern.search(text)


def test_only_replies_since_our_last_message_are_matched_against_opt_out_wording(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    searches = [0]
    compiled = compliance._compiled

    def counting(patterns: tuple[str, ...]) -> tuple[CountingPattern, ...]:
        return tuple(CountingPattern(p, searches) for p in compiled(patterns))

    monkeypatch.setattr(compliance, "_compiled", counting)
    newest = [(OUTBOUND, "Can you pay today?"), (INBOUND, "please stop texting me")]
    history, _ = counted_history(newest, "wording")
    status = opt_out_state(history, SETTINGS).status(CUSTOMER, CODE)
    assert status.likely_opt_out is history[-1]
    # One message, searched with each pattern at most; none of the 1,500 older inbound ones.
    assert searches[0] <= len(SETTINGS.likely_opt_out_patterns)


def read_in_full(messages: list, number: str, sms_code: str) -> OptOutStatus:
    """The rule as SMS-FACTS.md states it, reading every message oldest first: the latest
    keyword wins; sends after an opt-out use up its confirmations; a likely opt-out stands
    until we send on its code."""
    all_codes = {keyword_form(k) for k in SETTINGS.all_codes_opt_out_keywords}
    opted_out, opt_out_message, sent, likely = False, None, 0, None
    for msg in messages:
        if msg.phone and number_key(msg.phone) != number_key(number):
            continue
        other_code = bool(msg.sms_code and msg.sms_code != sms_code)
        if msg.direction == OUTBOUND:
            if not other_code:
                sent += 1 if opted_out else 0
                likely = None
            continue
        kind = classify_inbound(msg.message, SETTINGS)
        if msg.direction != INBOUND and kind is not InboundKind.OPT_OUT:
            continue
        if other_code and not (
            kind is InboundKind.OPT_OUT and keyword_form(msg.message) in all_codes
        ):
            continue
        if kind is InboundKind.OPT_OUT:
            opted_out, opt_out_message, sent, likely = True, msg, 0, None
        elif kind is InboundKind.OPT_IN:
            opted_out, opt_out_message, sent, likely = False, None, 0, None
        elif kind is InboundKind.LIKELY_OPT_OUT and not opted_out:
            likely = msg
    left = max(0, SETTINGS.confirmations_after_opt_out - sent) if opted_out else 0
    return OptOutStatus(opted_out, opt_out_message, sent, left, likely)


ROWS = st.lists(
    st.tuples(
        st.sampled_from(["in", "out", "?"]),
        st.sampled_from(["STOP", "stop all", "START", "HELP", "please stop texting me", "ok"]),
        st.sampled_from([CODE, OTHER_CODE, None]),
        st.sampled_from([CUSTOMER, "14155550199", None]),
    ),
    max_size=12,
)


@settings(max_examples=300, deadline=None)
@given(ROWS)
def test_reading_newest_first_agrees_with_reading_in_full(rows: list) -> None:
    messages = make_thread([("out" if way == "out" else "in", *rest) for way, *rest in rows])
    history = [
        m.model_copy(update={"direction": 0}) if row[0] == "?" else m
        for m, row in zip(messages, rows, strict=True)
    ]
    for code in (CODE, OTHER_CODE):
        status = opt_out_state(history, SETTINGS).status(CUSTOMER, code)
        assert status == read_in_full(history, CUSTOMER, code)
