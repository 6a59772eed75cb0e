"""The store's one writer thread: writes run in the order asked for; a first page of an inbox
still queued when a newer one comes is dropped for it (the poll refetches it every second
while a long write runs), and no draft, outbox or audit write is ever dropped or reordered."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from harness.store_factories import FixedClock, make_thread

from inbox_tui.livevox.models import Channel, Thread
from inbox_tui.store import Store
from inbox_tui.ui.cache_loader import InboxCache
from inbox_tui.ui.store_writer import StoreWriter
from inbox_tui.ui.widgets.inbox_list import inbox_key
from inbox_tui.ui.widgets.thread_list import ThreadRow

INBOX = Channel.model_validate({"channelId": "42", "channel": "SMS", "channelName": "Team"})


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "default.sqlite3", clock=FixedClock()) as opened:
        yield opened


@contextmanager
def busy(writer: StoreWriter) -> Iterator[None]:
    """The writer's thread is held by a long write until the block ends."""
    release = threading.Event()
    started = threading.Event()

    def long_write() -> None:
        started.set()
        release.wait(10)

    writer.submit(long_write)
    assert started.wait(10)
    try:
        yield
    finally:
        release.set()


def page(tag: str, count: int = 3) -> list[ThreadRow]:
    return [ThreadRow.of(make_thread(f"{tag}{n}", first=f"{tag}{n}")) for n in range(count)]


def listed(store: Store) -> list[str]:
    return [t.thread_id for t in store.load_threads(inbox_key(INBOX), limit=1000)]


def test_queued_first_pages_of_an_inbox_make_one_write_of_the_newest(store: Store) -> None:
    writer = StoreWriter()
    cache = InboxCache(store, writer)
    written: list[int] = []
    save_threads = store.save_threads

    def counted(*args, **kwargs) -> None:
        written.append(len(args[1]))
        save_threads(*args, **kwargs)

    store.save_threads = counted  # type: ignore[method-assign]
    with busy(writer):
        for poll in range(50):
            cache.threads_fetched(INBOX, page(f"p{poll}-"), page=1)
        assert writer.backlog == 1
    writer.close()
    assert written == [3]
    assert listed(store) == ["p49-0", "p49-1", "p49-2"]


def test_the_inbox_is_left_as_the_writes_in_order_would_leave_it(store: Store) -> None:
    """A further page queued between two first pages is written before the newer first page,
    which replaces the inbox's list (as it would have without the drop)."""
    writer = StoreWriter()
    cache = InboxCache(store, writer)
    with busy(writer):
        cache.threads_fetched(INBOX, page("old"), page=1)
        cache.threads_fetched(INBOX, page("second"), page=2)
        cache.threads_fetched(INBOX, page("new"), page=1)
        cache.threads_fetched(INBOX, page("third"), page=2)
        assert writer.backlog == 3
    writer.close()
    assert listed(store) == ["new0", "new1", "new2", "third0", "third1", "third2"]
    # The further page written before the newer first page is cached (and searchable).
    assert store.load_thread("second0") is not None


def models_alive() -> int:
    gc.collect()
    return sum(1 for held in gc.get_objects() if isinstance(held, Thread))


def test_a_page_waits_for_the_writer_as_text_and_is_written_as_models(store: Store) -> None:
    """Pages queued behind a long write (snippets' histories, while the agent pages down) held
    10,000 models at a time for the collector's full passes to walk (100-140 ms a pass)."""
    writer = StoreWriter()
    cache = InboxCache(store, writer)
    alive = models_alive()
    with busy(writer):
        cache.threads_fetched(INBOX, page("first", 50), page=1)
        cache.threads_fetched(INBOX, page("second", 50), page=2)
        assert writer.backlog == 2
        assert models_alive() == alive
    writer.close()
    assert listed(store) == [*(f"first{n}" for n in range(50)), *(f"second{n}" for n in range(50))]
    assert store.load_thread("second7") == make_thread("second7", first="second7")


def test_drafts_and_other_writes_are_never_dropped_or_reordered(store: Store) -> None:
    writer = StoreWriter()
    cache = InboxCache(store, writer)
    order: list[str] = []
    with busy(writer):
        for n in range(20):
            writer.submit(order.append, f"audit {n}")
            writer.submit(store.save_draft, "t1", f"draft {n}")
            cache.threads_fetched(INBOX, page(f"p{n}-"), page=1)
        done = writer.submit(order.append, "last")
    done.result(10)
    assert order == [*(f"audit {n}" for n in range(20)), "last"]
    assert store.load_draft("t1") == "draft 19"
    writer.close()


def test_a_dropped_write_is_done_when_the_write_that_replaced_it_is() -> None:
    writer = StoreWriter()
    written: list[str] = []
    with busy(writer):
        first = writer.submit_latest("inbox", written.append, "first")
        second = writer.submit_latest("inbox", written.append, "second")
        assert not first.done()
    second.result(10)
    assert first.done()
    assert written == ["second"]
    writer.close()
