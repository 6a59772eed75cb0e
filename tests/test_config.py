"""Settings and profiles: file, flags and environment merge; secrets stay secret."""

import stat
import sys

import pytest

from inbox_tui.config import (
    ConfigError,
    Settings,
    load_settings,
    pick_profile,
    private_file,
    resolve_account,
)

ENV = {
    "LIVEVOX_URL": "https://env.example",
    "LIVEVOX_CLIENT": "ENVCO",
    "LIVEVOX_USER": "envagent",
    "LIVEVOX_ACCESS_TOKEN": "env-token",
}


def write(tmp_path, text):
    path = tmp_path / "config.toml"
    path.write_text(text)
    return path


def test_missing_file_gives_defaults(tmp_path):
    settings = load_settings(tmp_path / "absent.toml")
    assert settings.poll_interval == 15
    assert settings.mark_read == "dwell"
    assert settings.mark_read_dwell == 2
    assert settings.cursor_blink is False


def test_profile_with_region_and_password_command(tmp_path):
    script = tmp_path / "secret.py"
    script.write_text("print('s3cret-pw')\nprint('second line ignored')\n")
    path = write(
        tmp_path,
        f"""
poll_interval = 5
default_profile = "work"
[profiles.work]
region = "na5"
client = "ACME"
user = "kavya"
access_token = "tok"
password_command = "{sys.executable} {script}"
[profiles.other]
url = "https://x.example/"
client = "B"
user_login = "boss"
access_token = "t2"
""",
    )
    settings = load_settings(path)
    account = resolve_account(pick_profile(settings, None), env={})
    assert account.base_url == "https://api.na5.livevox.com"
    assert account.agent is True and account.user_name == "kavya"
    assert account.password.get_secret_value() == "s3cret-pw"
    assert "s3cret" not in repr(account) and "tok" not in repr(account)
    other = resolve_account(pick_profile(settings, "other"), env={})
    assert other.agent is False and other.user_name == "boss"
    assert other.base_url == "https://x.example" and other.password is None


def test_flags_beat_environment_beat_profile(tmp_path):
    account = resolve_account(None, env=ENV, client="FLAGCO")
    assert (account.base_url, account.client_code, account.user_name) == (
        "https://env.example",
        "FLAGCO",
        "envagent",
    )
    supervisor = resolve_account(None, env=ENV, user_login="boss")
    assert supervisor.agent is False and supervisor.user_name == "boss"


def test_no_account_means_demo():
    assert resolve_account(None, env={}) is None


def test_incomplete_account_names_what_is_missing():
    with pytest.raises(ConfigError, match="missing client, access token"):
        resolve_account(None, env={"LIVEVOX_URL": "https://h", "LIVEVOX_USER": "a"})


def test_unknown_profile_and_bad_file_are_plain_errors(tmp_path):
    with pytest.raises(ConfigError, match="No profile named 'x'"):
        pick_profile(Settings(), "x")
    with pytest.raises(ConfigError, match="poll_interval"):
        load_settings(write(tmp_path, "poll_interval = -1\n"))
    with pytest.raises(ConfigError, match="Cannot read"):
        load_settings(write(tmp_path, "poll_interval = \n"))


def test_failing_secret_command_does_not_leak_its_output(tmp_path):
    script = tmp_path / "fail.py"
    script.write_text("import sys\nprint('leaked-secret')\nsys.exit(3)\n")
    path = write(
        tmp_path,
        f"""
[profiles.a]
url = "https://h"
client = "C"
user = "u"
access_token_command = "{sys.executable} {script}"
""",
    )
    with pytest.raises(ConfigError) as caught:
        resolve_account(pick_profile(load_settings(path), None), env={})
    assert "exit status 3" in str(caught.value)
    assert "leaked" not in str(caught.value)


def test_private_file_is_0600_in_a_0700_folder(tmp_path):
    path = private_file(tmp_path / "secret" / "app.log")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
