"""No SSN or date of birth in clear in any byte of the database, its log or a search (12.1)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from harness.store_factories import NOW, FixedClock, make_message

from inbox_tui.livevox.models import Message, Thread
from inbox_tui.store import Store
from inbox_tui.store.indexing import index_messages, index_thread
from inbox_tui.store.schema import MIGRATIONS, PII_SCRUB_VERSION, migrate

SSN, DOB = "123-45-6789", "1980-01-31"
TEXT = "My SSN is 123-45-6789 and my DOB is 01/31/1980"


def pii_thread(thread_id: str = "t1") -> Thread:
    return Thread.model_validate(
        {
            "threadId": thread_id,
            "channel": "SMS",
            "account": "1213",
            "from": "14154164061",
            "to": "13345094836",
            "direction": 1,
            "details": TEXT,
            "date": int(NOW.timestamp() * 1000),
            "contactInfo": {
                "firstName": "Kavita",
                "lastName": "Rao",
                "account": "1213",
                "ssn": SSN,
                "dob": DOB,
            },
        }
    )


def raw_bytes(path: Path) -> bytes:
    files = (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm"))
    return b"".join(file.read_bytes() for file in files if file.exists())


def assert_no_pii(path: Path) -> None:
    raw = raw_bytes(path)
    for text in (raw, raw.decode("utf-16-le", "replace").encode()):
        assert b"123-45-6789" not in text
        assert b"123456789" not in text
        assert not (b"123-45" in text and b"6789" in text)
        assert b"1980-01-31" not in text and b"01/31/1980" not in text


def test_a_cached_thread_keeps_the_masks_only(store: Store, db_path: Path) -> None:
    store.save_threads("inbox", [pii_thread()], replace=True)
    store.save_messages("t1", [make_message("m1", TEXT), make_message("m2", "SSN 123456789")])
    [thread] = store.load_threads("inbox")
    assert (thread.contact_info.ssn, thread.contact_info.dob) == ("***-**-6789", "**/**/****")
    assert thread.details == "My SSN is ***-**-6789 and my DOB is **/**/****"
    [first, second] = store.load_messages("t1")
    assert first.message == "My SSN is ***-**-6789 and my DOB is **/**/****"
    assert second.message == "SSN ***-**-6789"
    [hit] = store.search("DOB")
    assert "01/31/1980" not in hit.snippet_text and SSN not in hit.snippet_text
    assert all(SSN not in h.snippet_text for h in store.search(SSN))
    store.checkpoint()
    assert_no_pii(db_path)
    store.close()
    assert_no_pii(db_path)


def test_migrating_an_old_cache_scrubs_it(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    old = sqlite3.connect(db_path, isolation_level=None)
    old.execute("PRAGMA journal_mode = WAL")
    migrate(old, target=PII_SCRUB_VERSION - 1)
    thread = pii_thread()
    message = Message.model_validate(
        {"id": "m1", "message": TEXT, "phone": "14154164061", "date": 1763650800000}
    )
    old.execute("BEGIN")
    old.execute(
        "INSERT INTO threads (thread_id, json, account, contact_name, customer_digits,"
        " activity_ms) VALUES ('t1', ?, '1213', 'Kavita Rao', '14154164061', 1)",
        (thread.model_dump_json(by_alias=True),),
    )
    old.execute(
        "INSERT INTO messages (id, thread_id, date_ms, id_num, direction, phone_digits, text,"
        " json) VALUES ('m1', 't1', 1763650800000, 0, 0, '14154164061', ?, ?)",
        (TEXT, message.model_dump_json(by_alias=True)),
    )
    index_thread(old, thread)
    index_messages(old, "t1", [message])
    old.execute("COMMIT")
    old.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert SSN.encode() in raw_bytes(db_path)
    old.close()

    with Store.open(db_path, clock=FixedClock()) as store:
        with store.reading() as connection:
            assert connection.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        assert store.load_thread("t1").contact_info.ssn == "***-**-6789"
        assert store.load_messages("t1")[0].message.startswith("My SSN is ***-**-6789")
        assert [hit.message_id for hit in store.search("SSN")] == ["m1"]
        assert_no_pii(db_path)
    assert_no_pii(db_path)
