"""The audit log is append-only, keeps no SSN or date of birth, and prints as plain lines."""

from __future__ import annotations

import argparse
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from store_factories import NOW, FixedClock

from inbox_tui.store import Store
from inbox_tui.store.audit_cli import add_arguments, run


def test_entries_are_appended_and_read_back_oldest_first(store: Store, clock: FixedClock) -> None:
    store.agent = "KAVYA"
    store.audit("send", "t1", "sent", {"to": "14154164061", "segments": 1})
    clock.advance(minutes=1)
    store.audit("compliance_override", "t1", "allowed", {"rule": "quiet_hours", "reason": "asked"})
    clock.advance(minutes=1)
    store.audit("resolve", "t2", "failed", {"error": "LiveVox refused the request."})

    entries = store.audit_entries(limit=10)
    assert [(e.action, e.thread_id, e.outcome) for e in entries] == [
        ("send", "t1", "sent"),
        ("compliance_override", "t1", "allowed"),
        ("resolve", "t2", "failed"),
    ]
    assert entries[0].at == NOW and entries[0].agent == "KAVYA"
    assert entries[1].details == {"rule": "quiet_hours", "reason": "asked"}
    assert [e.action for e in store.audit_entries(limit=2)] == ["compliance_override", "resolve"]
    since = store.audit_entries(since=NOW + timedelta(seconds=30))
    assert [e.action for e in since] == ["compliance_override", "resolve"]


def test_update_and_delete_are_refused(store: Store) -> None:
    store.audit("mark_read", "t1", "ok")
    with store.reading() as connection:
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            connection.execute("UPDATE audit SET outcome = 'forged'")
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            connection.execute("DELETE FROM audit")
    assert [e.outcome for e in store.audit_entries()] == ["ok"]


def test_ssn_and_date_of_birth_are_never_written(store: Store, db_path: Path) -> None:
    store.audit(
        "pii_reveal",
        "t1",
        "shown",
        {
            "field": "ssn",
            "ssn": "123-45-6789",
            "contact": {"dob": "1980-01-02"},
            "note": "customer read 123-45-6789 aloud",
        },
    )
    [entry] = store.audit_entries()
    assert entry.details == {
        "field": "ssn",
        "ssn": "[redacted]",
        "contact": {"dob": "[redacted]"},
        "note": "customer read [redacted] aloud",
    }
    raw = db_path.read_bytes() + db_path.with_name(db_path.name + "-wal").read_bytes()
    assert b"123-45-6789" not in raw and b"1980-01-02" not in raw


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return parser.parse_args(argv)


def test_cli_prints_plain_lines(db_path: Path, capsys) -> None:
    clock = FixedClock()
    with Store.open(db_path, clock=clock) as store:
        store.audit("transfer", "t1", "ok", {"to_agent": "645900"})
        clock.advance(days=3)
        store.audit("send", "t2", "unknown", {"reason": "bad\x1b[31m terminal"})
    assert run(parse("--database", str(db_path))) == 0
    assert capsys.readouterr().out.splitlines() == [
        '2026-11-20T15:00:00Z  transfer  t1  ok  {"to_agent": "645900"}',
        '2026-11-23T15:00:00Z  send  t2  unknown  {"reason": "bad\\u001b[31m terminal"}',
    ]
    assert run(parse("--database", str(db_path), "--limit", "1")) == 0
    assert capsys.readouterr().out.startswith("2026-11-23T15:00:00Z  send")


def test_cli_since_and_profile_lookup(monkeypatch, tmp_path: Path, capsys) -> None:
    monkeypatch.setattr("platformdirs.user_data_path", lambda app: tmp_path / app)
    with Store.for_profile("work") as store:
        store.audit("resolve", "t1", "ok")
    assert run(parse("--profile", "work", "--since", "2d")) == 0
    assert "resolve  t1  ok" in capsys.readouterr().out
    assert run(parse("--profile", "work", "--since", "2026-01-01")) == 0
    assert "resolve" in capsys.readouterr().out
    assert run(parse("--profile", "work", "--since", "soon")) == 2
    assert "since" in capsys.readouterr().out


def test_cli_without_a_database_says_so(monkeypatch, tmp_path: Path, capsys) -> None:
    monkeypatch.setattr("platformdirs.user_data_path", lambda app: tmp_path / app)
    assert run(parse()) == 0
    assert "No audit log yet" in capsys.readouterr().out
    assert not (tmp_path / "inbox-tui").exists()
