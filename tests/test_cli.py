"""The command line: help and version without Textual, config errors in plain words."""

import gc
import subprocess
import sys

import pytest

from inbox_tui import cli


def run(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "inbox_tui", *args], capture_output=True, text=True, env=env
    )


@pytest.mark.parametrize("args", [["--help"], ["sim", "--help"], ["audit", "--help"]])
def test_help_and_subcommands_do_not_import_textual(args):
    code = (
        "import sys, contextlib, io\n"
        "from inbox_tui import cli\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        f"        cli.main({args!r})\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(any(n == 'textual' or n.startswith('textual.') for n in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_version():
    version = run("--version")
    assert version.returncode == 0 and version.stdout.startswith("inbox-tui ")


def test_help_lists_the_login_flags_and_no_password_flag():
    out = run("--help").stdout
    for flag in ("--profile", "--url", "--client", "--user", "--user-login", "--demo"):
        assert flag in out
    assert "--password" not in out


def test_incomplete_account_exits_with_a_plain_message(tmp_path, capsys):
    code = cli.main(["--config", str(tmp_path / "none.toml"), "--url", "https://h"])
    assert code == 2
    err = capsys.readouterr().err
    assert "missing client" in err and "Traceback" not in err


def test_unknown_profile_is_reported(tmp_path, capsys):
    assert cli.main(["--config", str(tmp_path / "none.toml"), "--profile", "nope"]) == 2
    assert "No profile named 'nope'" in capsys.readouterr().err


def test_the_collector_is_off_for_the_start_up_and_on_after_main(monkeypatch, tmp_path):
    seen = []
    with monkeypatch.context() as patched:
        patched.setattr(cli, "run_app", lambda args: seen.append(gc.isenabled()) or 0)
        assert cli.main(["--demo"]) == 0
    assert seen == [False] and gc.isenabled()
    # A config error returns early, and argparse exits with SystemExit: the collector is on.
    assert cli.main(["--config", str(tmp_path / "none.toml"), "--profile", "nope"]) == 2
    assert gc.isenabled()
    with pytest.raises(SystemExit):
        cli.main(["--version"])
    assert gc.isenabled()
