"""Exactly once across a crash, with real processes over real HTTP: LiveVox applied a reply,
then the app was killed (SIGKILL) before the answer. The next start cannot read the history
(503): the send stays unknown, the status says it is being checked, nothing says "not sent"
and the text is not given back. Once the history answers, the send is settled as sent and the
draft cleared. LiveVox got one POST."""

import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from harness.http_sim import ServedInThread, posts
from harness.terminal import Terminal, demo_env, drafts_in, inbox_fetches, poll, typed_draft

from inbox_tui.sim import SimConfig, create_app

TEXT = "Your plan starts Monday"


def outbox_states(database: Path) -> list[str]:
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
            return [row[0] for row in connection.execute("SELECT state FROM outbox ORDER BY id")]
    except sqlite3.Error:
        return []


def history_reads(world) -> int:
    return sum(1 for r in world.requests if "/agent/messages" in r.path)


def live_env(tmp_path: Path, url: str, world) -> dict[str, str]:
    """A real profile (``default``) on the simulator at ``url``, in the test's folders."""
    credentials = world.credentials
    return demo_env(
        tmp_path,
        LIVEVOX_URL=url,
        LIVEVOX_CLIENT=credentials.client_code,
        LIVEVOX_USER=credentials.agent_login,
        LIVEVOX_ACCESS_TOKEN=credentials.access_token,
        LIVEVOX_PASSWORD=credentials.agent_password,
    )


def any_hour(tmp_path: Path) -> tuple[str, ...]:
    """Arguments with a config whose send window is the whole day (the gate's quiet hours are
    not what these tests are about) and a quick poll."""
    config = tmp_path / "config.toml"
    config.write_text("[compliance.send_window]\nstart = 00:00:00\nend = 23:59:59\n")
    return ("--config", str(config), "--poll-interval", "0.3")


def reply_held(terminal: Terminal, database: Path, world) -> str:
    """Type TEXT as a reply in the first thread and send it while LiveVox holds its answer;
    returns the thread's id once the send reached LiveVox and its outbox row is pending."""
    poll(lambda: inbox_fetches(database))
    terminal.type("r" + TEXT)
    thread_id = typed_draft(terminal, database, TEXT)
    terminal.type("\r")
    poll(lambda: len(world.sends) == 1 and outbox_states(database) == ["pending"])
    return thread_id


def test_a_send_applied_before_sigkill_is_settled_as_sent_after_the_restart(tmp_path):
    sim = create_app(SimConfig(seed=7, threads=12))
    world = sim.state.world
    database = tmp_path / "data" / "inbox-tui" / "default.sqlite3"
    args = any_hour(tmp_path)
    with ServedInThread(sim) as url:
        env = live_env(tmp_path, url, world)
        # LiveVox applies the send, then holds its answer until the client hangs up.
        world.inject_fault(hold=60, path_contains="/message/send")
        terminal = Terminal(env, size=(140, 35), args=args)
        try:
            thread_id = reply_held(terminal, database, world)
        finally:
            terminal.kill()
        assert terminal.process.returncode == -signal.SIGKILL
        world.faults.clear()

        failing = world.fail_path("/agent/messages", times=1_000_000)
        terminal = Terminal(env, size=(140, 35), args=args)
        try:
            poll(lambda: "checking LiveVox" in terminal.text())
            assert outbox_states(database) == ["unknown"]
            read = history_reads(world)
            poll(lambda: history_reads(world) > read + 2)  # looked for again at later polls
            assert outbox_states(database) == ["unknown"]
            assert "not sent" not in terminal.text()
            assert "back in the thread" not in terminal.text()
            assert drafts_in(database) == {thread_id: TEXT}  # as typed, not given back

            world.faults.remove(failing)
            poll(lambda: outbox_states(database) == ["sent"])
            poll(lambda: thread_id not in drafts_in(database))
            assert "not sent" not in terminal.text()
        finally:
            terminal.kill()
    assert posts(world) == 1
    assert [send.text for send in world.sends] == [TEXT]


def test_a_second_instance_refuses_while_the_first_sends(tmp_path):
    sim = create_app(SimConfig(seed=7, threads=12))
    world = sim.state.world
    database = tmp_path / "data" / "inbox-tui" / "default.sqlite3"
    args = any_hour(tmp_path)
    with ServedInThread(sim) as url:
        env = live_env(tmp_path, url, world)
        world.inject_fault(hold=5.0, path_contains="/message/send")
        first = Terminal(env, size=(140, 35), args=args)
        try:
            reply_held(first, database, world)
            second = subprocess.run(
                [sys.executable, "-m", "inbox_tui", *args],
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                env=env,
                timeout=30,
            )
            assert second.returncode == 2
            pid = first.process.pid
            assert f"profile default is in use by process {pid} on " in second.stderr
            poll(lambda: outbox_states(database) == ["sent"])
        finally:
            first.kill()
    assert posts(world) == 1
    assert [send.text for send in world.sends] == [TEXT]
