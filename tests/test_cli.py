"""The command line: help and version without Textual, config errors in plain words."""

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest

from inbox_tui import cli


def run(*args, env=None, timeout=30):
    return subprocess.run(
        [sys.executable, "-m", "inbox_tui", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )


@pytest.fixture
def home(tmp_path):
    """An environment for a subprocess: its own HOME and XDG dirs, no LIVEVOX_* variable."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LIVEVOX_", "XDG_"))}
    env["HOME"] = str(tmp_path / "home")
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[var] = str(tmp_path / var.lower())
    return env


def config_file(env, text):
    path = Path(env["XDG_CONFIG_HOME"]) / "inbox-tui" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    path.chmod(0o600)
    return path


def one_line_error(done, *words):
    """The process exited 2 with one line on stderr, naming ``words``, and no traceback."""
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("inbox-tui: "), done.stderr
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


def after_main(args: list[str], expression: str, env: dict[str, str] | None = None) -> str:
    """``expression`` (with sys and os imported) in a fresh process after ``cli.main(args)``."""
    code = (
        "import os, sys, contextlib, io\n"
        "from inbox_tui import cli\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        f"        cli.main({args!r})\n"
        "    except SystemExit:\n"
        "        pass\n"
        f"print({expression})\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    return out.stdout.strip()


@pytest.mark.parametrize("args", [["--help"], ["sim", "--help"], ["audit", "--help"]])
def test_help_and_subcommands_do_not_import_textual(args):
    textual = "any(n == 'textual' or n.startswith('textual.') for n in sys.modules)"
    assert after_main(args, textual) == "False"


def test_version():
    version = run("--version")
    assert version.returncode == 0 and version.stdout.startswith("inbox-tui ")


def test_help_lists_the_login_flags_and_no_password_flag():
    out = run("--help").stdout
    for flag in ("--profile", "--url", "--client", "--user", "--user-login", "--demo"):
        assert flag in out
    assert "--password" not in out


def test_incomplete_account_exits_with_a_plain_message(capsys):
    code = cli.main(["--url", "https://h"])
    assert code == 2
    err = capsys.readouterr().err
    assert "missing client" in err and "Traceback" not in err


def test_unknown_profile_is_reported(capsys):
    assert cli.main(["--profile", "nope"]) == 2
    assert "No profile named 'nope'" in capsys.readouterr().err


def test_the_collector_is_off_for_the_start_up_and_on_after_main(monkeypatch, tmp_path):
    seen = []
    with monkeypatch.context() as patched:
        patched.setattr(cli, "run_app", lambda args: seen.append(gc.isenabled()) or 0)
        assert cli.main(["--demo"]) == 0
    assert seen == [False] and gc.isenabled()
    # A config error returns early, and argparse exits with SystemExit: the collector is on.
    assert cli.main(["--profile", "nope"]) == 2
    assert gc.isenabled()
    with pytest.raises(SystemExit):
        cli.main(["--version"])
    assert gc.isenabled()


# -- config errors: one line on stderr, exit 2, before anything starts ------------------------

WORK = """
[profiles.{name}]
url = "https://api.na4.livevox.com"
client = "ACME"
user = "kavya"
access_token = "tok"
"""


def test_a_missing_config_file_is_an_error_not_the_demo(home, tmp_path):
    done = run("--config", "no-such-file.toml", env=home)
    assert one_line_error(done) == "inbox-tui: config file no-such-file.toml does not exist"


def test_several_profiles_without_a_default(home):
    config_file(home, WORK.format(name="work") + WORK.format(name="home"))
    line = one_line_error(run(env=home))
    assert line.endswith(
        "several profiles (home, work) and no default_profile: pass --profile NAME"
    )


def test_a_file_that_is_not_utf8_or_not_toml(home):
    path = config_file(home, "")
    path.write_bytes(b"# caf\xe9\n")
    one_line_error(run(env=home), str(path), "not UTF-8")
    path.write_text("poll_interval = 5\n[profiles.a\n")
    one_line_error(run(env=home), str(path), "line 2")


@pytest.mark.parametrize(
    ("args", "env", "words"),
    [
        (["--url", "http://[::1"], {}, ["not a valid URL"]),
        (["--url", "ftp://api.livevox.com"], {}, ["--url", "https://"]),
        ([], {"LIVEVOX_URL": "ftp://api.livevox.com"}, ["LIVEVOX_URL", "https://"]),
        ([], {"LIVEVOX_URL": "http://api.livevox.com"}, ["plain http", "allow_insecure"]),
    ],
)
def test_bad_urls_are_refused_before_connecting(home, args, env, words):
    env = {**home, "LIVEVOX_CLIENT": "C", "LIVEVOX_USER": "u", "LIVEVOX_ACCESS_TOKEN": "t", **env}
    one_line_error(run(*args, env=env), *words)


def test_a_profile_url_is_checked_with_the_file(home):
    path = config_file(home, '[profiles.a]\nurl = "ftp://x"\nclient = "C"\n')
    one_line_error(run(env=home), str(path), "profiles.a.url")


@pytest.mark.parametrize(
    ("args", "text", "words"),
    [
        (["--poll-interval", "0"], "", ["--poll-interval 0"]),
        (["--poll-interval", "nan"], "", ["--poll-interval"]),
        (["--demo", "--demo-threads", "-5"], "", ["--demo-threads -5"]),
        (["--demo", "--demo-threads", "0"], "", ["--demo-threads 0"]),
        (["--demo"], "mark_read_dwell = -1\n", ["mark_read_dwell"]),
        (["--demo"], "poll_interval = 0\n", ["poll_interval"]),
        (["--demo"], '[keymap]\nreply = "q"\n', ["[keymap]", "'q' (reply and quit)"]),
        (["--demo"], '[keymap]\nrepyl = "x"\n', ["unknown action 'repyl'"]),
        (["--demo"], 'theme = "nosuch"\n', ["theme 'nosuch' is not one of", "ansi-dark"]),
    ],
)
def test_bad_numbers_and_keymaps_are_refused(home, args, text, words):
    if text:
        config_file(home, text)
    one_line_error(run(*args, env=home), *words)


def test_a_config_file_without_an_account_is_not_the_demo(home):
    config_file(home, "poll_interval = 5\n")
    one_line_error(run(env=home), "names no LiveVox account", "--demo")


def test_incomplete_livevox_variables_are_not_the_demo(home):
    done = run(env={**home, "LIVEVOX_ACCESS_TOKEN": "tok"})
    one_line_error(done, "missing url or region, client, user")


def test_ascii_flag_forces_ascii_glyphs(monkeypatch, capsys):
    captured = {}

    def fake_keymap(settings):
        captured["settings"] = settings
        raise SystemExit(0)

    monkeypatch.setattr(cli, "check_keymap", fake_keymap)
    with pytest.raises(SystemExit):
        cli.main(["--demo", "--ascii"])
    assert captured["settings"].resolved_glyphs({"LANG": "en_US.UTF-8"}) == "ascii"
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    ("env", "theme", "colours", "glyphs", "expected"),
    [
        ({"TERM": "xterm-256color", "LANG": "en_US.UTF-8"}, None, "256", "unicode", None),
        ({"TERM": "screen", "LANG": "C"}, None, "16", "ascii", "ansi-dark"),
        ({"TERM": "screen", "LANG": "C.UTF-8"}, "nord", "16", "unicode", "nord"),
        ({"TERM": "dumb"}, None, "none", "ascii", None),
        ({"TERM": "vt100"}, None, "none", "ascii", None),
    ],
)
def test_terminal_settings_resolve_glyphs_and_a_theme_for_few_colours(
    env, theme, colours, glyphs, expected
):
    from inbox_tui.config import Settings

    settings, found = cli.terminal_settings(Settings(theme=theme), env)
    assert (found, settings.glyphs, settings.theme) == (colours, glyphs, expected)


def test_check_keymap_uses_the_apps_table_without_textual():
    code = (
        "import sys\n"
        "from inbox_tui import cli\n"
        "from inbox_tui.config import Settings\n"
        "keys = cli.check_keymap(Settings(keymap={'reply': 'a'}))\n"
        "print(keys['reply'], any(n.startswith('textual') for n in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["a", "False"]


@pytest.fixture
def started(monkeypatch):
    """Run ``cli.main`` up to the app's ``run``: returns what the app was built with."""
    from inbox_tui.ui import app as app_module
    from inbox_tui.ui import log_file

    built = {}

    def run(app, **options):
        built.update(demo_reason=app.demo_reason, profile=app.profile, settings=app.settings)
        built.update(options)

    for name in [name for name in os.environ if name.startswith("LIVEVOX_")]:
        monkeypatch.delenv(name)
    monkeypatch.setattr(app_module.InboxApp, "run", run)
    monkeypatch.setattr(log_file, "setup_logging", lambda level: None)
    return built


def test_the_demo_says_why_it_runs_and_names_its_profile(started):
    from inbox_tui.config import DEMO_FLAG_HINT, demo_hint

    assert cli.main([]) == 0
    assert started["demo_reason"] == demo_hint()
    assert started["demo_reason"].startswith("Demo: simulated LiveVox. To use your account")
    assert started["profile"] == "demo"
    assert cli.main(["--demo"]) == 0
    assert started["demo_reason"] == DEMO_FLAG_HINT


def test_a_live_profile_is_no_demo_and_its_name_is_audited(started, tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(WORK.format(name="work"))
    assert cli.main(["--config", str(path)]) == 0
    assert started["demo_reason"] is None
    assert started["profile"] == "work"


def test_the_app_module_leaves_httpx_for_after_the_first_frame():
    """httpx (and the click and pygments its command line pulls in) is about 25 ms of imports;
    the client that needs it is made after the first frame, so the UI's modules do not import
    it."""
    code = (
        "import sys\n"
        "import inbox_tui.ui.app, inbox_tui.store, inbox_tui.config\n"
        "print(sorted(n for n in sys.modules if n.split('.')[0] in ('httpx', 'click')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_app_turns_off_pydantics_plugin_search():
    """The first pydantic model would scan every installed distribution's entry points for
    plugins (about 20 ms before the first frame); the app uses none."""
    env = {key: value for key, value in os.environ.items() if key != "PYDANTIC_DISABLE_PLUGINS"}
    setting = "os.environ.get('PYDANTIC_DISABLE_PLUGINS')"
    assert after_main(["--version"], setting, env) == "__all__"
