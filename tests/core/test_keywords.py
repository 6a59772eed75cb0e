"""Inbound keywords: exact whole-message matches, and wordier replies a person must confirm."""

import pytest

from inbox_tui.core.compliance import ComplianceSettings, InboundKind, classify_inbound

SETTINGS = ComplianceSettings()
OPT_OUT = ["STOP", "END", "CANCEL", "UNSUBSCRIBE", "QUIT", "STOPALL", "STOP ALL", "REVOKE",
           "OPTOUT", "OPT OUT", "REMOVE"]  # fmt: skip
OPT_IN = ["START", "UNSTOP", "YES"]
HELP = ["HELP", "INFO"]
SPELLINGS = [
    lambda k: k,
    str.lower,
    str.title,
    lambda k: f"  {k}  ",
    lambda k: f"{k}.",
    lambda k: f"{k}!!!",
    lambda k: f"{k} ?!",
    lambda k: f'"{k}"',
    lambda k: f"{k}\n",
]
SPELLING_IDS = ["as-is", "lower", "title", "spaces", "dot", "bangs", "mixed", "quoted", "newline"]


@pytest.mark.parametrize("spell", SPELLINGS, ids=SPELLING_IDS)
@pytest.mark.parametrize(
    ("keyword", "kind"),
    [(k, InboundKind.OPT_OUT) for k in OPT_OUT]
    + [(k, InboundKind.OPT_IN) for k in OPT_IN]
    + [(k, InboundKind.HELP) for k in HELP],
)
def test_every_keyword_in_every_spelling(keyword: str, kind: InboundKind, spell) -> None:
    assert classify_inbound(spell(keyword), SETTINGS) is kind


@pytest.mark.parametrize("text", ["Opt-out", "opt_out", "STOP   ALL", "stop\tall"])
def test_separators_inside_a_keyword_read_as_one_space(text: str) -> None:
    assert classify_inbound(text, SETTINGS) is InboundKind.OPT_OUT


@pytest.mark.parametrize(
    "text",
    [
        "please stop texting me",
        "Stop sending me messages!",
        "STOP CALLING ME",
        "quit contacting me",
        "Remove me from your list",
        "remove my number please",
        "take me off your list",
        "Don't text me",
        "do not contact me again",
        "I don’t want any more texts",
        "no more messages",
        "unsubscribe me",
        "How do I opt out?",
        "Leave me alone.",
        "wrong number",
        "STOP 🙏",
        "Please stop",
        "stop it now",
        "stop stop stop",
    ],
)
def test_wordier_opt_outs_are_likely(text: str) -> None:
    assert classify_inbound(text, SETTINGS) is InboundKind.LIKELY_OPT_OUT


@pytest.mark.parametrize(
    "text",
    [
        "Stopped",
        # Decided: "stop" with no word about contacting is ordinary talk, not an opt-out.
        "stop by tomorrow?",
        "I will pay at the end of the month",
        "Can I cancel my appointment?",
        "YES please",
        "HELP me understand my bill",
        "Okay",
        "",
        "   ",
        "What are your hours? I don't have my account number",
    ],
)
def test_ordinary_messages_are_nothing(text: str) -> None:
    assert classify_inbound(text, SETTINGS) is InboundKind.NONE


def test_keyword_lists_are_settings() -> None:
    settings = ComplianceSettings(opt_out_keywords=("ARRET",), opt_in_keywords=("OUI",))
    assert classify_inbound("arret", settings) is InboundKind.OPT_OUT
    assert classify_inbound("Oui!", settings) is InboundKind.OPT_IN
    assert classify_inbound("YES", settings) is InboundKind.NONE
    # No longer an exact keyword, but still the wording of an opt-out.
    assert classify_inbound("STOP", settings) is InboundKind.LIKELY_OPT_OUT
    no_patterns = ComplianceSettings(likely_opt_out_patterns=())
    assert classify_inbound("please stop texting me", no_patterns) is InboundKind.NONE


def test_a_bad_pattern_is_refused() -> None:
    with pytest.raises(ValueError, match="likely_opt_out_patterns"):
        ComplianceSettings(likely_opt_out_patterns=("(unclosed",))
