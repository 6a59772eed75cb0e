"""Opening a store: private files, write-ahead logging, migrations, use from several threads."""

from __future__ import annotations

import sqlite3
import stat
import threading
from pathlib import Path

import pytest
from harness.store_factories import NOW, FixedClock, make_message, make_thread

from inbox_tui.store import Store, StoreError, database_path
from inbox_tui.store.schema import MIGRATIONS, migrate


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_folder_is_0700_and_files_are_0600(store: Store, db_path: Path) -> None:
    store.save_draft("t1", "hello")  # a write, so that the -wal and -shm files exist
    assert mode(db_path.parent) == 0o700
    assert mode(db_path) == 0o600
    sidecars = [db_path.with_name(db_path.name + suffix) for suffix in ("-wal", "-shm")]
    assert all(path.exists() for path in sidecars)
    assert [mode(path) for path in sidecars] == [0o600, 0o600]


def test_an_existing_loose_file_is_tightened(tmp_path: Path) -> None:
    path = tmp_path / "loose.sqlite3"
    path.touch(mode=0o644)
    path.chmod(0o644)
    Store.open(path).close()
    assert mode(path) == 0o600


def test_write_ahead_logging_is_on(store: Store) -> None:
    with store.reading() as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert connection.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


def test_profile_database_lives_in_the_data_folder(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr("platformdirs.user_data_path", lambda app: tmp_path / app)
    assert database_path("work") == tmp_path / "inbox-tui" / "work.sqlite3"
    with Store.for_profile("work") as store:
        assert store.path == tmp_path / "inbox-tui" / "work.sqlite3"
    assert mode(tmp_path / "inbox-tui") == 0o700


@pytest.mark.parametrize("name", ["../etc", "a/b", "", ".hidden", "x" * 65])
def test_profile_names_cannot_leave_the_data_folder(name: str) -> None:
    with pytest.raises(ValueError):
        database_path(name)


def test_a_v1_database_is_migrated_and_its_messages_become_searchable(db_path: Path) -> None:
    db_path.parent.mkdir()
    thread = make_thread("t1", first="Kavita", when=NOW)
    message = make_message("m1", "Can I get a payment plan?", when=NOW)
    connection = sqlite3.connect(db_path, isolation_level=None)
    migrate(connection, target=1)
    connection.execute(
        "INSERT INTO threads (thread_id, json, account, contact_name, customer_digits,"
        " activity_ms) VALUES ('t1', ?, '1213', 'Kavita Rao', '14154164061', 0)",
        (thread.model_dump_json(by_alias=True),),
    )
    connection.execute(
        "INSERT INTO messages (id, thread_id, date_ms, id_num, direction, phone_digits, text,"
        " json) VALUES ('m1', 't1', ?, 1, 1, '14154164061', ?, ?)",
        (int(NOW.timestamp() * 1000), message.message, message.model_dump_json(by_alias=True)),
    )
    assert connection.execute("PRAGMA user_version").fetchone()[0] == 1
    connection.close()

    with Store.open(db_path, clock=FixedClock()) as store:
        with store.reading() as reopened:
            assert reopened.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        [hit] = store.search("payment kavita")
        assert (hit.thread_id, hit.message_id, hit.account) == ("t1", "m1", "1213")
        assert store.load_messages("t1") == [message]


def test_a_failing_migration_step_leaves_the_database_as_it_was(db_path: Path, monkeypatch) -> None:
    def broken(connection: sqlite3.Connection) -> None:
        connection.execute("CREATE TABLE half_done (x)")
        raise sqlite3.OperationalError("step failed")

    monkeypatch.setattr("inbox_tui.store.schema.MIGRATIONS", [*MIGRATIONS, broken])
    with pytest.raises(StoreError):
        Store.open(db_path)
    connection = sqlite3.connect(db_path)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master")}
    assert "half_done" not in tables
    connection.close()


def test_a_database_from_a_newer_version_is_refused(db_path: Path) -> None:
    Store.open(db_path).close()
    connection = sqlite3.connect(db_path)
    connection.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    connection.close()
    with pytest.raises(StoreError, match="newer"):
        Store.open(db_path)


def test_threads_can_write_and_read_at_once(store: Store) -> None:
    errors: list[BaseException] = []

    def work(worker: int) -> None:
        try:
            for n in range(40):
                store.save_draft(f"t{worker}", f"draft {n}")
                store.save_messages(f"t{worker}", [make_message(f"{worker}-{n}", f"hello {n}")])
                store.search("hello")
        except BaseException as error:  # reported below, with the worker's failure
            errors.append(error)

    workers = [threading.Thread(target=work, args=(w,)) for w in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    assert [store.load_draft(f"t{w}") for w in range(4)] == ["draft 39"] * 4
    assert all(len(store.load_messages(f"t{w}", limit=100)) == 40 for w in range(4))
