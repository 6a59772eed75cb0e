"""Reads do not wait for a write under way in another thread (the event loop reads drafts and
opt-outs while the writer thread saves a long page): they see the last commit."""

from __future__ import annotations

import threading

from inbox_tui.store import Store


def test_a_read_during_another_threads_write_sees_the_last_commit(store: Store) -> None:
    store.save_draft("t1", "first")
    inside = threading.Event()
    release = threading.Event()
    seen_by_writer: list[str | None] = []

    def write() -> None:
        with store.writing() as connection:
            connection.execute("UPDATE drafts SET text = 'second' WHERE thread_id = 't1'")
            seen_by_writer.append(store.load_draft("t1"))  # a read inside the write sees it
            inside.set()
            release.wait(10)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        assert inside.wait(10)
        read: list[str | None] = []
        reader = threading.Thread(target=lambda: read.append(store.load_draft("t1")))
        reader.start()
        reader.join(2)
        assert not reader.is_alive(), "the read waited for the write"
        assert read == ["first"]
    finally:
        release.set()
        writer.join(10)
    assert seen_by_writer == ["second"]
    assert store.load_draft("t1") == "second"
