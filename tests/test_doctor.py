"""``inbox-tui doctor``: facts, too-open files, terminal advice, and a real login over HTTP."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from inbox_tui.doctor import color_count
from inbox_tui.sim import SimConfig, create_app
from inbox_tui.sim.records import CREDENTIALS

TOKEN = CREDENTIALS.access_token
PASSWORD = CREDENTIALS.agent_password


@pytest.fixture(scope="module")
def sim_url() -> Iterator[str]:
    """The simulator served by uvicorn on a free loopback port, in a thread."""
    app = create_app(SimConfig(threads=5))
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def home(tmp_path) -> dict[str, str]:
    """A subprocess environment with its own HOME and XDG dirs and no LIVEVOX_* variable."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("LIVEVOX_", "XDG_", "TMUX", "STY", "NO_COLOR"))
    }
    env["HOME"] = str(tmp_path / "home")
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[var] = str(tmp_path / var.lower())
    return env


def doctor(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "inbox_tui", "doctor", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def config_file(env: dict[str, str], text: str, mode: int = 0o600) -> Path:
    path = Path(env["XDG_CONFIG_HOME"]) / "inbox-tui" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    path.chmod(mode)
    return path


def sim_profile(url: str, password: str | None = PASSWORD) -> str:
    text = (
        f'[profiles.sim]\nurl = "{url}"\nclient = "{CREDENTIALS.client_code}"\n'
        f'user = "{CREDENTIALS.agent_login}"\naccess_token = "{TOKEN}"\n'
    )
    return text + (f'password = "{password}"\n' if password else "")


def test_a_working_account_logs_in_and_reads(home, sim_url):
    config_file(home, sim_profile(sim_url))
    done = doctor(env=home)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "login ok" in done.stdout
    assert "read ok: list_channels" in done.stdout
    assert "profile: sim" in done.stdout and f"url: {sim_url}" in done.stdout
    assert "all is well" in done.stdout and done.stderr == ""


def test_a_wrong_password_fails(home, sim_url):
    config_file(home, sim_profile(sim_url, password="not-the-password"))
    done = doctor(env=home)
    assert done.returncode == 1
    assert "login failed" in done.stdout and "not-the-password" not in done.stdout


def test_no_secret_is_printed(home, sim_url):
    env = {
        **home,
        "LIVEVOX_URL": sim_url,
        "LIVEVOX_CLIENT": CREDENTIALS.client_code,
        "LIVEVOX_USER": CREDENTIALS.agent_login,
        "LIVEVOX_ACCESS_TOKEN": TOKEN,
        "LIVEVOX_PASSWORD": PASSWORD,
    }
    for args in ((), ("--json",)):
        done = doctor(*args, env=env)
        assert done.returncode == 0, done.stdout
        for secret in (TOKEN, PASSWORD):
            assert secret not in done.stdout and secret not in done.stderr
    assert "password: configured (LIVEVOX_PASSWORD)" in doctor(env=env).stdout


def test_no_password_skips_the_login(home):
    config_file(home, sim_profile("https://api.na4.livevox.com", password=None))
    done = doctor(env=home)
    assert done.returncode == 0
    assert "password: not configured (the app asks for it)" in done.stdout
    assert "login" in done.stdout and "login ok" not in done.stdout


def test_a_config_file_open_to_others_is_named(home):
    path = config_file(home, sim_profile("https://api.na4.livevox.com"), mode=0o644)
    done = doctor("--offline", env=home)
    assert done.returncode == 1
    assert f"{path} is open to others (mode 0644): chmod 600 {path}" in done.stdout
    path.chmod(0o600)
    assert doctor("--offline", env=home).returncode == 0


def test_data_and_log_files_open_to_others_are_named(home):
    data = Path(home["XDG_DATA_HOME"]) / "inbox-tui"
    data.mkdir(parents=True, mode=0o755)
    data.chmod(0o755)
    database = data / "work.sqlite3"
    database.write_text("")
    database.chmod(0o644)
    done = doctor("--offline", env=home)
    assert done.returncode == 1
    assert f"{data} is open to others (mode 0755): chmod 700" in done.stdout
    assert f"{database} is open to others (mode 0644): chmod 600" in done.stdout
    data.chmod(0o700)
    database.chmod(0o600)
    assert doctor("--offline", env=home).returncode == 0


def test_json_has_the_same_facts(home, sim_url):
    config_file(home, sim_profile(sim_url))
    done = doctor("--json", "--profile", "sim", env=home)
    facts = json.loads(done.stdout)
    assert done.returncode == 0 and facts["ok"] is True
    assert facts["account"]["profile"] == "sim"
    assert facts["livevox"]["login"].startswith("login ok")
    assert facts["paths"]["config file"]["mode"] == "0600"
    assert set(facts["terminal"]) >= {"TERM", "COLORTERM", "colours", "UTF-8", "size", "mouse"}


def test_a_config_error_is_a_problem_not_a_traceback(home):
    config_file(home, "poll_interval = 0\n")
    done = doctor("--offline", env=home)
    assert done.returncode == 1
    assert "problem:" in done.stdout and "poll_interval" in done.stdout
    assert "Traceback" not in done.stderr
    # The paths and terminal facts are still there.
    assert "config file:" in done.stdout and "colours:" in done.stdout


def test_the_demo_is_named_with_its_reason(home):
    done = doctor(env=home)
    assert done.returncode == 0
    assert "profile: demo" in done.stdout and "To use your account, create" in done.stdout


def test_tmux_escape_time_and_screen_advice(home, tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "tmux"
    fake.write_text("#!/bin/sh\necho 500\n")
    fake.chmod(0o755)
    env = {**home, "TMUX": "/tmp/tmux-0/default,1,0", "PATH": f"{bin_dir}:{home['PATH']}"}
    done = doctor("--offline", env=env)
    assert done.returncode == 0
    assert "tmux escape-time: 500 ms" in done.stdout
    assert "set -sg escape-time 10" in done.stdout
    fake.write_text("#!/bin/sh\necho 10\n")
    assert "escape-time 10`" not in doctor("--offline", env=env).stdout
    screen = doctor("--offline", env={**home, "STY": "123.pts-0", "TERM": "screen"}).stdout
    assert "maptimeout 10" in screen and "mouse: off" in screen


@pytest.mark.parametrize(
    ("env", "colours"),
    [
        ({"TERM": "xterm-256color", "COLORTERM": "truecolor"}, "16M"),
        ({"TERM": "xterm", "COLORTERM": "24bit"}, "16M"),
        ({"TERM": "xterm-256color"}, "256"),
        ({"TERM": "dumb", "COLORTERM": "truecolor"}, "none"),
        ({"TERM": "xterm-256color", "NO_COLOR": "1"}, "none"),
        ({"TERM": "xterm"}, "16"),
        ({}, "16"),
    ],
)
def test_colour_count(env, colours):
    assert color_count(env) == colours


def test_doctor_does_not_import_textual(home):
    code = (
        "import sys, contextlib, io\n"
        "from inbox_tui import cli\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    cli.main(['doctor', '--offline'])\n"
        "print(any(n == 'textual' or n.startswith('textual.') for n in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=home
    )
    assert out.stdout.strip() == "False"
