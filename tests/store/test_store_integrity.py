"""Store failures are classified and never hang (11.3), one instance per profile (11.2), any
string can be stored (11.5), files stay private whatever the umask (12.5)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from harness.store_factories import make_message, make_thread

from inbox_tui.store import (
    ProfileLock,
    ProfileLocked,
    Store,
    StoreError,
    StoreFullError,
    StoreLockedError,
    StoreReadOnlyError,
    StoreUnusableError,
)
from inbox_tui.store.errors import DISK_FULL, LOCKED, READ_ONLY, UNUSABLE
from inbox_tui.text import storable_text

ROOT = Path(__file__).resolve().parents[2]


def python(code: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A small tmpfs (1 MiB), mounted for the test (needs root; skipped otherwise)."""
    mount = tmp_path / "tmpfs"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


# 11.3: failures are classified and never hang.


def test_a_write_to_a_locked_database_fails_fast_as_locked(store: Store, db_path: Path) -> None:
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        started = time.monotonic()
        with pytest.raises(StoreLockedError) as raised:
            store.save_draft("t1", "hello")
        assert time.monotonic() - started < 0.5
        assert raised.value.reason == LOCKED == "locked by another process"
        assert "\n" not in str(raised.value)
    finally:
        other.execute("ROLLBACK")
        other.close()
    store.save_draft("t1", "hello")  # usable again once the other process lets go
    assert store.load_draft("t1") == "hello"


def test_a_full_disk_is_reported_as_disk_full(tmpfs: Path) -> None:
    """On a 1 MiB tmpfs: writes fail as "disk full", and the store stays usable to read."""
    with Store.open(tmpfs / "data" / "p.sqlite3") as store:
        store.save_draft("t0", "kept")
        with pytest.raises(StoreFullError) as raised:
            for index in range(200):
                store.save_draft(f"t{index + 1}", os.urandom(8192).hex())
        assert raised.value.reason == DISK_FULL
        assert isinstance(raised.value, StoreError) and "\n" not in str(raised.value)
        assert store.load_draft("t0") == "kept"


def test_a_read_only_folder_gives_one_clear_error_and_read_only_mode_works(tmpfs: Path) -> None:
    path = tmpfs / "data" / "p.sqlite3"
    with Store.open(path) as store:
        store.save_draft("t1", "kept")
    subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    for target in (path, tmpfs / "other" / "p.sqlite3"):
        with pytest.raises(StoreReadOnlyError) as raised:
            Store.open(target)
        assert raised.value.reason == READ_ONLY
        assert str(raised.value).count("\n") == 0 and str(target) in str(raised.value)
    with Store.open(path, read_only=True) as store:
        assert store.load_draft("t1") == "kept"
        with pytest.raises(StoreReadOnlyError):
            store.save_draft("t1", "changed")


def test_read_only_mode_never_writes(store: Store, db_path: Path) -> None:
    store.save_draft("t1", "kept")
    with Store.open(db_path, read_only=True) as reader:
        assert reader.load_draft("t1") == "kept"
        with pytest.raises(StoreReadOnlyError):
            reader.audit("send", "t1", "sent")
        with reader.reading() as connection, pytest.raises(sqlite3.Error):
            connection.execute("DELETE FROM drafts")
    with pytest.raises(StoreUnusableError):
        Store.open(db_path.with_name("missing.sqlite3"), read_only=True)


def test_a_file_that_is_not_a_database_is_unusable(tmp_path: Path) -> None:
    path = tmp_path / "junk.sqlite3"
    path.write_bytes(b"not a database at all" * 100)
    with pytest.raises(StoreUnusableError) as raised:
        Store.open(path)
    assert raised.value.reason == UNUSABLE and "\n" not in str(raised.value)


def test_store_methods_raise_store_errors_not_sqlite_errors(store: Store) -> None:
    with store.reading() as connection:
        connection.execute("DROP TABLE drafts")
    with pytest.raises(StoreUnusableError):
        store.load_draft("t1")
    with pytest.raises(StoreUnusableError):
        store.save_draft("t1", "x")


# 11.2: one instance per profile.

HOLDER = """
import sys, time
from inbox_tui.store.lock import ProfileLock
lock = ProfileLock.acquire("work", path=__import__("pathlib").Path(sys.argv[1]))
print("locked", flush=True)
time.sleep(120)
"""


def test_a_second_process_cannot_take_the_profile_and_learns_the_holder(tmp_path: Path) -> None:
    path = tmp_path / "data" / "work.lock"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        with pytest.raises(ProfileLocked) as raised:
            ProfileLock.acquire("work", path=path)
        assert raised.value.holder_pid == holder.pid
        assert raised.value.holder_host == os.uname().nodename
        assert raised.value.holder_started
        assert str(holder.pid) in str(raised.value) and raised.value.reason == LOCKED
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    # The kernel released it with the process: the stale file does not block.
    with ProfileLock.acquire("work", path=path) as lock:
        assert lock.held
        assert f'"pid": {os.getpid()}' in path.read_text()
    assert not lock.held


def test_the_lock_lives_beside_the_profile_database(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr("platformdirs.user_data_path", lambda app: tmp_path / app)
    with ProfileLock.acquire("work") as lock:
        assert lock.path == tmp_path / "inbox-tui" / "work.lock"
        with pytest.raises(ProfileLocked):  # flock locks are per open file, even in one process
            ProfileLock.acquire("work")
        ProfileLock.acquire("other").release()


# 11.5: any string the server sends can be stored.

ODD = ["lone \ud800 surrogate", "nul\x00byte", "\udfff\x00"]


@pytest.mark.parametrize("odd", ODD)
def test_odd_strings_do_not_keep_a_page_out_of_the_cache(store: Store, odd: str) -> None:
    thread = make_thread("t1", first=f"Ana {odd}", account=f"12{odd}", details=f"hi {odd}")
    store.save_threads("inbox", [thread], replace=True, name=f"Inbox {odd}")
    [saved] = store.load_threads("inbox")
    assert "\x00" not in saved.model_dump_json() and "\ud800" not in saved.contact_info.first_name
    assert saved.contact_info.first_name.startswith("Ana ")
    store.save_messages("t1", [make_message("m1", f"pay {odd} today")])
    [message] = store.load_messages("t1")
    assert message.message == f"pay {storable_text(odd)} today"
    assert [hit.message_id for hit in store.search(f"pay {odd}")] == ["m1"]
    assert [hit.message_id for hit in store.search("today")] == ["m1"]
    store.save_draft("t1", f"draft {odd}")
    assert store.load_draft("t1") == f"draft {storable_text(odd)}"
    store.audit("send", "t1", "sent", {f"k{odd}": odd})
    assert store.audit_entries()[-1].details == {f"k{storable_text(odd)}": storable_text(odd)}
    entry = store.outbox.begin("agent", "t1", "4154164061", "13345094836", f"text {odd}")
    assert entry.text == f"text {storable_text(odd)}"


def test_only_a_model_that_cannot_be_stored_is_walked_string_by_string(monkeypatch) -> None:
    """The store's thread checks every thread of every page (the poll's too) while the event
    loop waits for the interpreter's lock: a model read from LiveVox is storable as it is,
    seen from its JSON, not by walking its strings (31 ms a 1,000-thread page, was 62 ms)."""
    from inbox_tui.store import privacy
    from inbox_tui.text import storable_text

    walk = privacy.storable
    walked: list[object] = []

    def counted(value: object) -> object:
        walked.append(value)
        return walk(value)

    monkeypatch.setattr(privacy, "storable", counted)
    clean = make_thread("t1", details="see you on the 3rd")
    assert privacy.private_thread(clean) is clean and not walked
    escaped = make_thread("t1", details="a path C:\\u0000 in words")  # looks like NUL in JSON
    assert privacy.storable_model(escaped) is escaped
    for odd in ODD:
        thread = clean.model_copy(update={"details": f"hi {odd}"})  # not validated: kept odd
        assert privacy.storable_model(thread).details == f"hi {storable_text(odd)}"
    assert walked


def test_clean_text_replaces_lone_surrogates_and_strips_nul() -> None:
    from inbox_tui.text import clean_text, storable_text

    assert clean_text("a\ud800b\x00c") == "a\ufffdbc"
    assert storable_text("a\udc00b\x00c\x1b") == "a\ufffdbc\x1b"
    assert clean_text("emoji \U0001f600 kept") == "emoji \U0001f600 kept"


# 12.5: files private whatever the umask.

UMASK_ZERO = """
import json, os, sys
os.umask(0)
from pathlib import Path
from inbox_tui.store import Store, ProfileLock
root = Path(sys.argv[1])
store = Store.open(root / "share" / "data" / "p.sqlite3")
store.save_draft("t1", "x")
lock = ProfileLock.acquire("p", path=root / "share" / "data" / "p.lock")
from inbox_tui.config import private_dir, private_file
private_file(root / "config" / "inbox-tui" / "config.toml")
private_dir(root / "state" / "log")
data = root / "share" / "data"
paths = [root / "share", data, *data.iterdir(), *(root / "config").rglob("*"), root / "state"]
paths.append(root / "state" / "log")
modes = {str(p.relative_to(root)): oct(p.stat().st_mode & 0o777) for p in paths}
print(json.dumps(modes))
"""


def test_files_are_private_under_umask_000(tmp_path: Path) -> None:
    done = python(UMASK_ZERO, str(tmp_path))
    assert done.returncode == 0, done.stderr
    modes = json.loads(done.stdout)
    assert modes == {
        "share": "0o700",
        "share/data": "0o700",
        "share/data/p.sqlite3": "0o600",
        "share/data/p.sqlite3-wal": "0o600",
        "share/data/p.sqlite3-shm": "0o600",
        "share/data/p.lock": "0o600",
        "config/inbox-tui": "0o700",
        "config/inbox-tui/config.toml": "0o600",
        "state": "0o700",
        "state/log": "0o700",
    }


def test_an_existing_open_folder_and_file_are_closed_on_open(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir(mode=0o777)
    folder.chmod(0o777)
    path = folder / "p.sqlite3"
    Store.open(path).close()
    path.chmod(0o666)
    with Store.open(path):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
