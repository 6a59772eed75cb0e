"""When the local store cannot save (a full disk, another process holding the database), the
app says so in a banner, never freezes, and sends nothing it could not write down first."""

import sqlite3
import subprocess
import time

import pytest
from harness.store_ui import open_store
from harness.ui import make_app, screen_text, status_text, wait_for

PLAIN = "56061000001"  # a personal thread with nothing to hold
TEXT = "Call me back at five"
BANNER = "Local store cannot save: disk full - drafts are not being kept."


def send_posts(world) -> int:
    return sum(1 for r in world.requests if r.method == "POST" and "/message/send" in r.path)


async def open_plain(pilot) -> None:
    app = pilot.app
    await wait_for(pilot, lambda: app.thread_list.threads and app.connection.connected)
    app.thread_list.focus()
    app.thread_list.move_to(app.thread_list.index_of(PLAIN))
    await pilot.press("enter")
    await wait_for(pilot, lambda: app.current_thread and app.current_thread.thread_id == PLAIN)
    await wait_for(pilot, lambda: PLAIN in app.thread.zones)


@pytest.fixture
def tiny_disk(tmp_path):
    """A 1 MiB tmpfs (root only; skipped where it cannot be mounted)."""
    folder = tmp_path / "tiny"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(folder) -> None:
    with open(folder / "filler", "wb", buffering=0) as filler:
        try:
            while True:
                filler.write(b"\0" * 4096)
        except OSError:
            pass


async def test_a_full_disk_shows_the_banner_and_sends_nothing(sim, tiny_disk):
    world = sim.state.world
    with open_store(tiny_disk / "profile.sqlite3") as store:
        fill(tiny_disk)
        store.checkpoint()  # an empty log: the next write needs space the disk no longer has
        app = make_app(sim, store=store, mark_read="reply")
        async with app.run_test(size=(120, 40)) as pilot:
            await open_plain(pilot)
            app.action_reply()
            await pilot.press(*TEXT, "enter")
            refused = "Not sent: the local store cannot save"
            await wait_for(pilot, lambda: refused in status_text(app))
            assert "(disk full)" in status_text(app)
            assert BANNER in screen_text(app)
            assert app.composer.value == TEXT
            assert store.outbox.unresolved() == []
    assert world.sends == [] and send_posts(world) == 0


async def test_a_locked_database_refuses_a_reply_and_never_freezes(sim, store_path):
    world = sim.state.world
    with open_store(store_path) as store:
        app = make_app(sim, store=store, mark_read="reply")
        async with app.run_test(size=(120, 40)) as pilot:
            await open_plain(pilot)
            app.store_writer.drain()
            other = sqlite3.connect(store_path, isolation_level=None)
            other.execute("BEGIN EXCLUSIVE")
            try:
                app.action_reply()
                for typed, key in enumerate(TEXT, start=1):
                    started = time.monotonic()
                    await pilot.press(key)
                    await wait_for(pilot, lambda n=typed: len(app.composer.value) == n)
                    assert time.monotonic() - started < 1.0
                await pilot.press("enter")
                await wait_for(pilot, lambda: "Not sent" in status_text(app))
                said = status_text(app)
                assert "locked by another process" in said
                assert "may not have gone out" not in said
                started = time.monotonic()
                await pilot.press("escape")
                await wait_for(pilot, lambda: app.focused is not app.composer)
                assert time.monotonic() - started < 1.0
                assert "Local store cannot save: locked by another process" in screen_text(app)
            finally:
                other.rollback()
                other.close()
            assert app.composer.value == TEXT
    assert world.sends == [] and send_posts(world) == 0
