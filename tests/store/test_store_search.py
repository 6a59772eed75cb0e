"""Searching the cache: words, phrases, prefixes, filters, snippets and hostile input."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest
from harness.store_factories import NOW, make_message, make_thread
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inbox_tui.livevox.models import Channel
from inbox_tui.store import SearchQueryError, Store
from inbox_tui.store.highlight import highlight
from inbox_tui.store.query import parse_query


@pytest.fixture(autouse=True, params=["few threads", "many threads"])
def thread_filter_plan(request, monkeypatch) -> None:
    """Run every test through both plans of a contact filter: the threads' index tokens, and
    the scan of the newest matches."""
    if request.param == "many threads":
        monkeypatch.setattr("inbox_tui.store.search.FEW_THREADS", 0)


@pytest.fixture
def filled(store: Store) -> Store:
    """Three customers in two inboxes, messages spread over ten days."""
    store.save_channels(
        [
            Channel(channel_id="645836", channel="SMS", channel_name="Personal SMS"),
            Channel(channel_id="94874", channel="SMS", channel_name="Group - Collections"),
        ]
    )
    kavita = make_thread("t-kavita", first="Kavita", account="1213", phone="14154164061")
    jose = make_thread("t-jose", first="José", last="Núñez", account="7777", phone="14155550101")
    ann = make_thread("t-ann", first="Ann", last="Lee", account="8080", phone="13125550199")
    store.save_threads("645836", [kavita, jose], replace=True)
    store.save_threads("94874", [ann], replace=True)
    store.save_messages(
        "t-kavita",
        [
            make_message("k1", "Can I set up a payment plan?", when=NOW - timedelta(days=9)),
            make_message("k2", "I paid the balance today", when=NOW - timedelta(days=1)),
            make_message(
                "k3", "Your payment was received", when=NOW - timedelta(hours=2), direction=2
            ),
        ],
    )
    store.save_messages(
        "t-jose",
        [
            make_message(
                "j1", "plan payment next friday", when=NOW - timedelta(days=3), phone="14155550101"
            ),
            make_message(
                "j2", "Please stop texting me", when=NOW - timedelta(hours=5), phone="14155550101"
            ),
        ],
    )
    store.save_messages(
        "t-ann",
        [
            make_message(
                "a1", "Who is this? payments?", when=NOW - timedelta(days=4), phone="13125550199"
            )
        ],
    )
    return store


def ids(store: Store, query: str) -> list[str | None]:
    return [hit.message_id for hit in store.search(query, now=NOW)]


def test_words_must_all_match_in_any_order(filled: Store) -> None:
    assert sorted(ids(filled, "payment plan")) == ["j1", "k1"]
    assert ids(filled, "balance") == ["k2"]
    assert ids(filled, "nothing-like-this") == []


def test_a_phrase_matches_words_in_order(filled: Store) -> None:
    assert ids(filled, '"payment plan"') == ["k1"]
    assert ids(filled, '"plan payment"') == ["j1"]


def test_a_prefix_matches_longer_words(filled: Store) -> None:
    assert ids(filled, "pay") == []
    assert sorted(ids(filled, "pay*")) == ["a1", "j1", "k1", "k3"]
    assert sorted(ids(filled, '"payment pl"*')) == ["k1"]


def test_names_accounts_and_numbers_are_searchable_words(filled: Store) -> None:
    assert sorted(ids(filled, "kavita")) == ["k1", "k2", "k3"]
    assert sorted(ids(filled, "jose nunez")) == ["j1", "j2"]  # accents do not matter
    assert ids(filled, "8080") == ["a1"]
    assert ids(filled, "3125550199") == ["a1"]  # without the country code too
    assert ids(filled, "kavita balance") == ["k2"]


def test_from_matches_digits_anywhere_in_the_number(filled: Store) -> None:
    assert ids(filled, "from:4061") == ["k3", "k2", "k1"]  # newest first without words
    assert ids(filled, 'from:"+1 (415) 416-4061"') == ["k3", "k2", "k1"]
    assert ids(filled, "from:415-416-4061") == ["k3", "k2", "k1"]
    assert sorted(ids(filled, "from:1415")) == ["j1", "j2", "k1", "k2", "k3"]
    assert ids(filled, "from:4061 plan") == ["k1"]


def test_account_filter_is_exact(filled: Store) -> None:
    assert sorted(ids(filled, "account:7777")) == ["j1", "j2"]
    assert ids(filled, "account:77") == []


def test_inbox_filter_takes_a_name_or_a_key(filled: Store) -> None:
    assert ids(filled, "inbox:collections") == ["a1"]
    assert ids(filled, 'inbox:"group - coll"') == ["a1"]
    assert sorted(ids(filled, "inbox:645836 payment")) == ["j1", "k1", "k3"]
    assert ids(filled, "inbox:nowhere") == []


def test_since_counts_back_from_now(filled: Store) -> None:
    assert ids(filled, "since:3h") == ["k3"]
    assert sorted(ids(filled, "since:2d")) == ["j2", "k2", "k3"]
    assert sorted(ids(filled, "since:1w payment")) == ["j1", "k3"]
    assert sorted(ids(filled, "since:2026-11-17")) == ["j1", "j2", "k2", "k3"]


def test_filters_combine(filled: Store) -> None:
    assert ids(filled, "from:1415 since:2d inbox:personal account:1213") == ["k3", "k2"]
    assert ids(filled, "from:1415 since:2d account:7777 stop*") == ["j2"]


def test_hits_carry_the_thread_contact_and_a_marked_snippet(filled: Store) -> None:
    [hit] = filled.search("balance", now=NOW)
    assert hit.thread_id == "t-kavita"
    assert hit.inbox_key == "645836"
    assert hit.contact_name == "Kavita Rao"
    assert hit.phone == "14154164061"
    assert hit.account == "1213"
    assert hit.date == NOW - timedelta(days=1)
    assert hit.snippet == (("I paid the ", False), ("balance", True), (" today", False))


def test_better_matches_rank_first_then_newer(filled: Store) -> None:
    # "payment" twice in a short message beats once; equal scores go newest first.
    filled.save_messages("t-ann", [make_message("a2", "payment payment", when=NOW)])
    assert ids(filled, "payment")[0] == "a2"
    filled.save_messages(
        "t-ann",
        [
            make_message("a3", "same words here", when=NOW - timedelta(days=2)),
            make_message("a4", "same words here", when=NOW - timedelta(days=1)),
        ],
    )
    assert ids(filled, "same words") == ["a4", "a3"]


def test_a_thread_without_cached_messages_is_found_by_contact(store: Store) -> None:
    store.save_threads("inbox", [make_thread("t9", first="Zed", details="call me")], replace=True)
    [hit] = store.search("zed")
    assert (hit.thread_id, hit.message_id, hit.snippet_text) == ("t9", None, "call me")
    store.save_messages("t9", [make_message("m1", "hello from zed's phone")])
    assert [h.message_id for h in store.search("zed")] == ["m1"]


def test_a_renamed_contact_is_found_under_the_new_name(filled: Store) -> None:
    filled.save_threads(
        "94874",
        [make_thread("t-ann", first="Annabel", account="8080", phone="13125550199")],
        replace=False,
    )
    assert ids(filled, "annabel") == ["a1"]


def test_highlight_marks_whole_words_prefixes_and_ignores_accents() -> None:
    terms = parse_query('jose "payment pl"*', NOW).terms
    assert highlight("José: payment plan, plans", terms) == (
        ("José", True),
        (": ", False),
        ("payment", True),
        (" ", False),
        ("plan", True),
        (", ", False),
        ("plans", True),
    )


def test_highlight_cuts_a_long_text_around_the_first_match() -> None:
    text = "word " * 40 + "balance" + " word" * 40
    spans = highlight(text, parse_query("balance", NOW).terms)
    assert spans[0] == ("…", False) and spans[-1] == ("…", False)
    assert ("balance", True) in spans
    assert len("".join(t for t, _ in spans)) <= 162


def test_filter_values_that_make_no_sense_say_why(filled: Store) -> None:
    with pytest.raises(SearchQueryError, match="since"):
        filled.search("since:yesterday")
    with pytest.raises(SearchQueryError, match="from"):
        filled.search("from:abc")
    with pytest.raises(SearchQueryError, match="needs a value"):
        filled.search("account:")


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"payment',
        "payment*",
        "*",
        "**",
        "NEAR(payment plan)",
        "payment OR",
        "-payment",
        "payment:",
        ":",
        ")",
        "(",
        "a AND",
        "NOT",
        '""',
        '"*"',
        "^payment",
        "{text}: payment",
        "text:payment",
        "payment +",
        "'",
        "\\",
        "pay%",
        "pay_",
        "inbox:%",
        "from:1%",
    ],
)
def test_injection_attempts_are_plain_text(filled: Store, query: str) -> None:
    hits = filled.search(query, now=NOW)
    assert all(hit.thread_id for hit in hits)


def test_fts_keywords_are_words_to_look_for(filled: Store) -> None:
    filled.save_messages("t-ann", [make_message("a9", "near or not and")])
    assert ids(filled, "NEAR OR NOT AND") == ["a9"]
    assert parse_query("NEAR(a b)", NOW).match == '{text name account phone} : ("NEAR a" AND "b")'


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.text(alphabet=st.sampled_from("ab pay\"*():-^+NEAR OR{}'\\%_.,\x00é"), max_size=30)
    | st.text(max_size=30)
)
def test_any_typed_text_gives_hits_or_a_query_error(filled: Store, query: str) -> None:
    try:
        filled.search(query, now=NOW)
    except SearchQueryError:
        pass
    except sqlite3.Error as error:  # the property under test
        pytest.fail(f"{query!r} reached SQLite as syntax: {error}")
