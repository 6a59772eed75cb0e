"""The cache gives back the models it was given: channels, inbox threads and messages."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from harness.store_factories import NOW, FixedClock, make_message, make_thread

from inbox_tui.livevox.models import Channel, Message, Thread
from inbox_tui.store import Store

SEED = Path(__file__).resolve().parents[3] / "shared/livevox/seed-examples.json"


def test_seed_examples_round_trip(store: Store) -> None:
    if not SEED.exists():
        pytest.skip("the LiveVox seed examples are not in this checkout")
    examples = json.loads(SEED.read_text())
    channels = [Channel.model_validate(c) for c in examples["Get Channel List"]["response_body"]]
    threads = [Thread.model_validate(t) for t in examples["List Threads"]["response_body"]]
    history = examples["List Transaction History"]["response_body"]
    messages = [Message.model_validate(m) for m in history]

    store.save_channels(channels)
    store.save_threads("94874", threads, replace=True)
    store.save_messages(threads[0].thread_id, messages)

    assert store.load_channels() == channels
    assert store.load_threads("94874", limit=10) == threads
    # LiveVox lists newest first; the cache gives a conversation oldest first.
    assert store.load_messages(threads[0].thread_id, limit=100) == sorted(
        messages, key=lambda m: (m.date, int(m.id))
    )


def test_channels_are_replaced_in_order(store: Store) -> None:
    first = [Channel(channel_id="1", channel="SMS"), Channel(channel_id="2", channel="Email")]
    store.save_channels(first)
    store.save_channels([first[1]])
    assert store.load_channels() == [first[1]]


def test_inboxes_sharing_a_channel_id_are_all_kept(store: Store) -> None:
    # An agent's personal SMS and personal Email inboxes carry the agent's id as channel id.
    personal = [
        Channel(channel_id="645836", channel="SMS", personal=True),
        Channel(channel_id="645836", channel="Email", personal=True),
    ]
    store.save_channels(personal)
    assert store.load_channels() == personal


def test_replace_lists_exactly_the_page_and_append_adds_after(store: Store) -> None:
    a, b, c, d = (make_thread(t) for t in "abcd")
    store.save_threads("inbox", [a, b], replace=True)
    store.save_threads("inbox", [b, c], replace=False)
    assert [t.thread_id for t in store.load_threads("inbox")] == ["a", "b", "c"]
    store.save_threads("inbox", [d, a], replace=True)
    assert [t.thread_id for t in store.load_threads("inbox")] == ["d", "a"]
    assert [t.thread_id for t in store.load_threads("inbox", limit=1, offset=1)] == ["a"]
    assert store.load_threads("other") == []


def test_a_thread_is_updated_in_place(store: Store) -> None:
    store.save_threads("inbox", [make_thread("a", first="Old")], replace=True)
    store.save_threads("inbox", [make_thread("a", first="New")], replace=False)
    [thread] = store.load_threads("inbox")
    assert thread.contact_info.first_name == "New"
    assert store.load_thread("a") == thread
    assert store.load_thread("missing") is None


def row_ids(store: Store) -> dict[str, int]:
    """Each cached thread's SQLite rowid: a thread written again gets a new one."""
    with store.reading() as connection:
        return dict(connection.execute("SELECT thread_id, rowid FROM threads").fetchall())


def test_a_page_saved_again_writes_only_the_threads_that_changed(store: Store) -> None:
    """The poll re-saves an inbox's first page every second; an unchanged thread is neither
    written nor indexed again, and the page is still listed and searchable as given."""
    page = [make_thread(f"t{n}", first=f"Name{n}") for n in range(3)]
    store.save_threads("inbox", page, replace=True)
    before = row_ids(store)
    page[1] = make_thread("t1", first="Renamed")
    store.save_threads("inbox", [page[2], page[1], page[0]], replace=True)
    after = row_ids(store)
    assert after["t0"] == before["t0"] and after["t2"] == before["t2"]
    assert after["t1"] != before["t1"]
    assert [t.thread_id for t in store.load_threads("inbox")] == ["t2", "t1", "t0"]
    assert [hit.thread_id for hit in store.search("Renamed")] == ["t1"]
    assert [hit.thread_id for hit in store.search("Name2")] == ["t2"]


def test_a_page_costs_the_same_to_save_however_many_threads_are_cached(store: Store) -> None:
    """A thread's own search document was looked up through the index of message ids (which
    every thread document leaves empty), a scan of all of them per thread saved: paging 35
    pages of 1,000 threads kept the store's thread busy for minutes (the last page 4 s)."""
    steps = [0]

    def step() -> int:
        steps[0] += 1
        return 0

    def cost_of_page(number: int) -> int:
        page = [
            make_thread(f"p{number}-{n}", when=NOW - timedelta(minutes=50 * number + n))
            for n in range(50)
        ]
        steps[0] = 0
        store._connection.set_progress_handler(step, 100)
        store.save_threads("inbox", page, replace=False)
        store._connection.set_progress_handler(None, 0)
        return steps[0]

    first = cost_of_page(0)
    for number in range(1, 40):
        cost_of_page(number)
    assert cost_of_page(40) < 2 * first
    assert len(store.load_threads("inbox", limit=5000)) == 41 * 50


def test_removed_threads_leave_the_inbox_but_stay_searchable(store: Store) -> None:
    store.save_threads("inbox", [make_thread("a"), make_thread("b")], replace=True)
    store.save_messages("a", [make_message("m1", "settled in full")])
    store.remove_thread("inbox", "a")
    assert [t.thread_id for t in store.load_threads("inbox")] == ["b"]
    [hit] = store.search("settled")
    assert (hit.thread_id, hit.inbox_key) == ("a", None)


def test_inbox_is_stale_until_its_threads_are_saved(store: Store, clock: FixedClock) -> None:
    assert store.inbox_cached_at("inbox") is None
    store.save_threads("inbox", [], replace=True)
    assert store.inbox_cached_at("inbox") == NOW
    clock.advance(minutes=5)
    store.save_threads("inbox", [make_thread("a")], replace=False)
    assert store.inbox_cached_at("inbox") == NOW + timedelta(minutes=5)


def test_messages_page_backwards_from_a_shown_message(store: Store) -> None:
    # Two messages in the same millisecond, as in LiveVox's example: the id breaks the tie.
    messages = [
        make_message(str(100 + n), f"text {n}", when=NOW + timedelta(seconds=n // 2))
        for n in range(7)
    ]
    store.save_messages("t", list(reversed(messages)))
    newest = store.load_messages("t", limit=3)
    assert newest == messages[4:]
    older = store.load_messages("t", limit=3, before=newest[0].id)
    assert older == messages[1:4]
    assert store.load_messages("t", limit=3, before=older[0].id) == messages[:1]
    assert store.load_messages("t", limit=3, before="unknown") == []


def test_saving_messages_again_keeps_one_copy_and_updates_changes(store: Store) -> None:
    store.save_messages("t", [make_message("1", "pending"), make_message("2", "hello")])
    store.save_messages("t", [make_message("1", "delivered"), make_message("2", "hello")])
    assert [m.message for m in store.load_messages("t")] == ["delivered", "hello"]
    assert [hit.message_id for hit in store.search("delivered")] == ["1"]
    assert store.search("pending") == []
    with store.reading() as connection:
        assert connection.execute("SELECT count(*) FROM search_docs").fetchone()[0] == 2


@pytest.mark.parametrize("server_order", ["newest", "oldest"])
def test_a_page_keeps_its_date_order_in_the_cache_and_the_search_with_undated_messages(
    store: Store, server_order: str
) -> None:
    """The cache and the search keep the order the conversation shows (by date, then id), and
    an undated message stays right after the dated message before it, whatever order the
    server sent (the client sorts; the store must not push undated messages to the start)."""
    from inbox_tui.livevox.order import newest_first

    base = NOW - timedelta(hours=5)
    dated = [
        Message(id=str(100 + n), message=f"word{n} payment", date=base + timedelta(hours=n))
        for n in range(4)
    ]
    undated = Message(id="900", message="undated payment")
    sent = [dated[3], dated[2], undated, dated[1], dated[0]]  # newest first, undated after 101
    if server_order == "oldest":
        sent = sent[::-1]
    page = newest_first(sent)
    store.save_messages("t1", page)
    assert [m.id for m in store.load_messages("t1")] == ["100", "101", "900", "102", "103"]
    hits = store.search("payment")
    assert [h.message_id for h in hits] == ["103", "102", "900", "101", "100"]
