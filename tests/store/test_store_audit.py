"""The audit log is append-only, keeps no SSN or date of birth, and prints as plain lines."""

from __future__ import annotations

import argparse
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from harness.store_factories import NOW, FixedClock

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


# 12.2: complete and tamper-evident.


def test_rows_name_agent_and_profile_and_form_a_chain(store: Store, clock: FixedClock) -> None:
    from inbox_tui.store.audit_chain import content, row_hash

    assert store.profile == "default"  # the file's name, until the app says otherwise
    store.agent_login, store.agent_id, store.profile = "KAVYA", "645900", "work"
    store.audit("send", "t1", "sent", {"to": "14154164061"})
    clock.advance(seconds=1)
    store.audit("resolve", "t1", "ok")
    first, second = store.audit_entries()
    assert (first.agent, first.agent_id, first.profile, first.id) == ("KAVYA", "645900", "work", 1)
    assert second.id == 2 and second.hash != first.hash
    assert store.agent == "KAVYA"
    row = (1, first.as_json()["at"], "KAVYA", "645900", "work", "t1", "send", "sent", "{}")
    assert len(first.hash) == 64
    expected = row_hash(None, {**content(row), "details": {"to": "14154164061"}})
    assert first.hash == expected
    assert store.verify_chain() is None and store.audit_count() == 2


def test_replace_and_backdating_are_refused(store: Store, clock: FixedClock) -> None:
    store.audit("mark_read", "t1", "ok")
    [entry] = store.audit_entries()
    with store.reading() as connection:
        for statement, values in (
            (
                "REPLACE INTO audit (id, at, agent, thread_id, action, details, outcome, hash)"
                " VALUES (?, ?, 'X', 't1', 'forged', '{}', 'ok', 'h')",
                (entry.id, entry.as_json()["at"]),
            ),
            (
                "INSERT OR REPLACE INTO audit (id, at, action, details, outcome, hash)"
                " VALUES (?, ?, 'forged', '{}', 'ok', 'h')",
                (entry.id, "2030-01-01T00:00:00.000000+00:00"),
            ),
            (
                "INSERT INTO audit (id, at, action, details, outcome, hash)"
                " VALUES (?, ?, 'backdated', '{}', 'ok', 'h')",
                (entry.id + 1, "2020-01-01T00:00:00.000000+00:00"),
            ),
            (
                "INSERT INTO audit (at, action, details, outcome, hash)"
                " VALUES ('2030-01-01T00:00:00.000000+00:00', 'no id', '{}', 'ok', 'h')",
                (),
            ),
        ):
            with pytest.raises(sqlite3.DatabaseError, match="append-only"):
                connection.execute(statement, values)
        assert connection.execute("PRAGMA recursive_triggers").fetchone()[0] == 1
    assert [e.action for e in store.audit_entries()] == ["mark_read"]
    # A clock stepped back does not lose a row: it is dated as the last one.
    clock.advance(minutes=-5)
    store.audit("mark_unread", "t1", "ok")
    assert store.audit_entries()[-1].at == entry.at and store.verify_chain() is None


def test_verify_finds_a_row_edited_behind_the_triggers(db_path: Path, capsys) -> None:
    clock = FixedClock()
    with Store.open(db_path, clock=clock) as store:
        for action in ("send", "transfer", "resolve"):
            clock.advance(seconds=1)
            store.audit(action, "t1", "ok", {"n": action})
    assert run(parse("--database", str(db_path), "--verify")) == 0
    assert capsys.readouterr().out.strip() == "chain intact: 3 rows"
    raw = sqlite3.connect(db_path)
    raw.execute("DROP TRIGGER audit_no_update")
    raw.execute("""UPDATE audit SET details = '{"n": "forged"}' WHERE id = 2""")
    raw.commit()
    raw.close()
    with Store.open(db_path) as store:
        assert store.verify_chain() == 2
    assert run(parse("--database", str(db_path), "--verify")) == 1
    assert capsys.readouterr().out.strip() == "chain broken at row 2"


def test_verify_finds_a_deleted_row(store: Store, db_path: Path) -> None:
    for action in ("send", "transfer", "resolve"):
        store.audit(action, "t1", "ok")
    with store.reading() as connection:
        connection.execute("DROP TRIGGER audit_no_delete")
        connection.execute("DELETE FROM audit WHERE id = 2")
    assert store.verify_chain() == 3


def test_migration_chains_existing_rows(db_path: Path) -> None:
    from inbox_tui.store.schema import migrate

    db_path.parent.mkdir(parents=True)
    old = sqlite3.connect(db_path, isolation_level=None)
    migrate(old, target=5)
    old.executemany(
        "INSERT INTO audit (at, agent, thread_id, action, details, outcome) VALUES (?, ?, ?, ?,"
        " ?, ?)",
        [
            ("2026-11-20T15:00:00.000000+00:00", "KAVYA", "t1", "send", '{"to": "1"}', "sent"),
            ("2026-11-20T15:01:00.000000+00:00", "KAVYA", None, "login", "{}", "ok"),
        ],
    )
    old.close()
    with Store.open(db_path) as store:
        assert store.verify_chain() is None
        assert [e.hash is not None for e in store.audit_entries()] == [True, True]
        store.audit("resolve", "t1", "ok")
        assert store.verify_chain() is None and store.audit_count() == 3


def test_cli_json_lines_carry_every_field(db_path: Path, capsys) -> None:
    import json

    with Store.open(db_path, clock=FixedClock()) as store:
        store.agent_login, store.agent_id = "KAVYA", "645900"
        store.audit("pii_reveal", "t1", "shown", {"ssn": "123-45-6789", "note": "dob 01/31/1980"})
    assert run(parse("--database", str(db_path), "--json")) == 0
    out = capsys.readouterr().out
    [line] = out.splitlines()
    row = json.loads(line)
    assert set(row) == {
        "id", "at", "agent_login", "agent_id", "profile", "thread_id", "action", "outcome",
        "details", "hash",
    }  # fmt: skip
    assert (row["agent_login"], row["agent_id"], row["profile"]) == ("KAVYA", "645900", "default")
    assert "6789" not in out and "1980" not in out


@pytest.mark.parametrize(
    ("config_file", "env", "expected"),
    [(False, {}, "demo"), (True, {}, "default"), (False, {"LIVEVOX_URL": "x"}, "default")],
)
def test_cli_default_profile_is_the_one_the_app_would_use(
    monkeypatch, tmp_path: Path, capsys, config_file, env, expected
) -> None:
    import inbox_tui.config

    monkeypatch.delattr(inbox_tui.config, "profile_for_audit", raising=False)
    monkeypatch.setattr(inbox_tui.config, "config_dir", lambda: tmp_path / "config")
    monkeypatch.setattr("platformdirs.user_data_path", lambda app: tmp_path / app)
    for name in [n for n in __import__("os").environ if n.startswith("LIVEVOX_")]:
        monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    if config_file:
        (tmp_path / "config").mkdir()
        (tmp_path / "config" / "config.toml").write_text("")
    assert run(parse()) == 0
    assert f"{expected}.sqlite3 does not exist" in capsys.readouterr().out
    monkeypatch.setattr(inbox_tui.config, "profile_for_audit", lambda: "chosen", raising=False)
    assert run(parse()) == 0
    assert "chosen.sqlite3 does not exist" in capsys.readouterr().out
