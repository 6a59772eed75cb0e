"""Drafts are kept per thread and survive the app being killed right after a save."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from inbox_tui.store import Store

CHILD = """
import sys
from inbox_tui.store import Store
store = Store.open(sys.argv[1])
store.save_draft("t1", "Hi Kavita, about your payment plan")
print("saved", flush=True)
sys.stdin.read()  # blocks until the test kills this process
"""


def test_draft_round_trip_and_clear(store: Store) -> None:
    assert store.load_draft("t1") is None
    store.save_draft("t1", "first")
    store.save_draft("t1", "first words")
    store.save_draft("t2", "other")
    assert (store.load_draft("t1"), store.load_draft("t2")) == ("first words", "other")
    store.clear_draft("t1")
    assert store.load_draft("t1") is None
    store.save_draft("t2", "")
    assert store.load_draft("t2") is None


def test_a_draft_survives_sigkill_right_after_the_save(db_path: Path) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout.readline().strip() == "saved"
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=10)
        child.stdin.close()
        child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    with Store.open(db_path) as reopened:
        assert reopened.load_draft("t1") == "Hi Kavita, about your payment plan"


def test_clear_draft_if_clears_only_the_sent_text(store) -> None:
    store.save_draft("t1", "See you  at\n3pm.")
    assert store.clear_draft_if("t1", "See you at 3pm. and more") is False
    assert store.load_draft("t1") == "See you  at\n3pm."
    assert store.clear_draft_if("t1", "See you at 3pm.") is True
    assert store.load_draft("t1") is None
    assert store.clear_draft_if("t1", "See you at 3pm.") is False
    assert store.clear_draft_if("t9", None) is False
