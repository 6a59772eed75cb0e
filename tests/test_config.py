"""Settings and profiles: file, flags and environment merge; secrets stay secret."""

import os
import stat
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest

from inbox_tui.config import (
    DEMO_FLAG_HINT,
    ConfigError,
    Profile,
    Settings,
    config_path,
    demo_hint,
    demo_reason,
    home_relative,
    load_settings,
    pick_profile,
    private_file,
    resolve_account,
    resolve_keymap,
    resolve_start,
    save_setting,
    with_overrides,
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


def test_missing_default_file_gives_defaults():
    # conftest points XDG_CONFIG_HOME at an empty tmp dir.
    settings = load_settings()
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


def test_no_account_means_none_unless_one_is_required():
    assert resolve_account(None, env={}) is None
    with pytest.raises(ConfigError, match="missing url or region, client, user, access token"):
        resolve_account(None, env={}, required=True)


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


# -- one-line errors -------------------------------------------------------------------------


def test_a_config_file_named_on_purpose_must_exist(tmp_path):
    with pytest.raises(ConfigError, match=r"config file .*absent.toml does not exist"):
        load_settings(tmp_path / "absent.toml")


def test_a_file_that_is_not_utf8_is_one_line_naming_it(tmp_path):
    path = tmp_path / "config.toml"
    path.write_bytes(b'theme = "caf\xe9"\n')
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    message = str(caught.value)
    assert str(path) in message and "not UTF-8" in message and "\n" not in message


def test_malformed_toml_names_the_file_and_the_line(tmp_path):
    path = write(tmp_path, "poll_interval = 5\n\n[profiles.a\n")
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    assert str(path) in str(caught.value) and "line 3" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_several_profiles_without_a_default_name_them():
    settings = Settings.model_validate({"profiles": {"work": {}, "home": {}}})
    with pytest.raises(ConfigError) as caught:
        pick_profile(settings, None)
    assert str(caught.value) == (
        "several profiles (home, work) and no default_profile: pass --profile NAME"
    )
    assert pick_profile(settings, "home") is settings.profiles["home"]


def test_a_default_profile_that_names_no_profile_is_an_error():
    settings = Settings.model_validate({"default_profile": "x", "profiles": {"a": {}}})
    with pytest.raises(ConfigError, match="default_profile 'x' names no profile"):
        pick_profile(settings, None)


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("http://[::1", "not a valid URL"),
        ("ftp://api.livevox.com", "must start with https://"),
        ("api.livevox.com", "must start with https://"),
        ("https://", "names no host"),
        ("https://me:pw@api.livevox.com", "must not carry"),
        ("https://api.livevox.com:99999", "not a valid URL"),
    ],
)
def test_a_profile_url_must_parse_and_be_http_or_https(tmp_path, url, words):
    path = write(tmp_path, f'[profiles.a]\nurl = "{url}"\n')
    with pytest.raises(ConfigError, match=words) as caught:
        load_settings(path)
    assert "pw" not in str(caught.value).replace("https://me:pw", "")


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8765", "http://127.9.9.9", "http://[::1]:80/", "http://LOCALHOST"]
)
def test_plain_http_reaches_loopback(url):
    account = resolve_account(None, env={**ENV, "LIVEVOX_URL": url})
    assert account.base_url == url.rstrip("/")


def test_plain_http_to_a_remote_host_needs_allow_insecure(tmp_path):
    with pytest.raises(ConfigError, match=r"LIVEVOX_URL 'http://env\.example' is plain http"):
        resolve_account(None, env={**ENV, "LIVEVOX_URL": "http://env.example"})
    with pytest.raises(ConfigError, match="--url"):
        resolve_account(None, env=ENV, url="http://10.0.0.1")
    assert resolve_account(None, env=ENV, url="http://10.0.0.1", allow_insecure=True)
    settings = load_settings(
        write(tmp_path, '[profiles.a]\nurl = "http://rig.lan"\nallow_insecure = true\n')
    )
    env = {k: v for k, v in ENV.items() if k != "LIVEVOX_URL"}
    assert resolve_account(pick_profile(settings, None), env=env).base_url == "http://rig.lan"


@pytest.mark.parametrize(
    "text",
    [
        "poll_interval = 0\n",
        "poll_interval = -3\n",
        "poll_interval = nan\n",
        "poll_interval = inf\n",
        "mark_read_dwell = -1\n",
        "retry_after_cap = 0\n",
        "slow_after = -1\n",
        "request_timeout = 0\n",
        "poll_deadline = 0\n",
        'mouse = "maybe"\n',
        'glyphs = "emoji"\n',
        'send_key = "tab"\n',
        'notify = "osc99"\n',
        'notify_on = "some"\n',
        'notify_text = "full"\n',
        'next_unread = "up"\n',
        "[keymap]\nreply = 3\n",
    ],
)
def test_bad_settings_are_one_line_naming_the_key(tmp_path, text):
    with pytest.raises(ConfigError) as caught:
        load_settings(write(tmp_path, text))
    key = text.split()[0].strip("[]")
    assert key in str(caught.value) and "\n" not in str(caught.value)


def test_with_overrides_names_the_flag():
    with pytest.raises(ConfigError, match="--poll-interval 0"):
        with_overrides(Settings(), poll_interval=0)
    assert with_overrides(Settings(), poll_interval=3, log_level=None).poll_interval == 3


# -- when the demo runs ------------------------------------------------------------------------


def test_the_demo_runs_only_when_nothing_names_an_account(tmp_path):
    assert demo_reason(env={}) == demo_hint()
    assert demo_reason(env={"LIVEVOX_URL": ""}) == demo_hint()
    assert demo_reason(env={"LIVEVOX_TOKEN": "x"}) is None
    assert demo_reason(env={}, flags=(None, "https://h")) is None
    assert demo_reason(env={}, path=tmp_path / "x.toml") is None
    assert demo_reason(env=ENV, demo=True) == DEMO_FLAG_HINT
    config_path().parent.mkdir(parents=True)
    config_path().write_text("poll_interval = 5\n")
    assert demo_reason(env={}) is None


def test_demo_hint_names_the_platform_config_file(tmp_path):
    code = "from inbox_tui.config import DEMO_HINT; print(DEMO_HINT)"
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env["HOME"] = str(tmp_path)
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    expected = "Demo: simulated LiveVox. To use your account, create {} (see README)"
    assert done.stdout.strip() == expected.format("~/.config/inbox-tui/config.toml")
    assert demo_hint() == expected.format(home_relative(config_path()))


def test_a_config_file_that_names_no_account_says_what_is_missing(tmp_path):
    path = write(tmp_path, "poll_interval = 5\n")
    with pytest.raises(ConfigError, match=r"names no LiveVox account.*--demo"):
        resolve_start(env={}, path=path)
    start = resolve_start(env={}, path=path, demo=True)
    assert start.account is None and start.demo_reason == DEMO_FLAG_HINT


def test_incomplete_livevox_variables_say_what_is_missing():
    with pytest.raises(ConfigError, match="missing url or region, client, user"):
        resolve_start(env={"LIVEVOX_ACCESS_TOKEN": "tok"})
    with pytest.raises(ConfigError, match="LIVEVOX_TOKEN is not a variable"):
        resolve_start(env={"LIVEVOX_TOKEN": "tok"})


def test_resolve_start_live_and_demo(tmp_path):
    start = resolve_start(env={})
    assert start.account is None and start.demo_reason == demo_hint()
    live = resolve_start(env=ENV, overrides={"poll_interval": 4})
    assert live.account.client_code == "ENVCO" and live.demo_reason is None
    assert live.settings.poll_interval == 4
    assert live.path == start.path == config_path()


# -- new settings ------------------------------------------------------------------------------


def test_new_settings_have_their_defaults():
    settings = Settings()
    assert (settings.retry_after_cap, settings.slow_after) == (300, 5.0)
    assert (settings.request_timeout, settings.poll_deadline) == (15.0, 30.0)
    assert settings.allow_insecure is False and Profile().allow_insecure is False
    assert (settings.mouse, settings.glyphs, settings.theme) == (None, None, None)
    assert (settings.send_key, settings.notify, settings.notify_on) == ("enter", "bell", "all")
    assert (settings.notify_text, settings.next_unread, settings.keymap) == ("plain", "oldest", {})


def test_mouse_is_off_inside_screen_unless_set():
    assert Settings().resolved_mouse({"TERM": "xterm-256color"}) is True
    assert Settings().resolved_mouse({}) is True
    assert Settings().resolved_mouse({"TERM": "screen.xterm-256color"}) is False
    assert Settings(mouse="on").resolved_mouse({"TERM": "screen"}) is True
    assert Settings(mouse="off").resolved_mouse({"TERM": "xterm"}) is False


@pytest.mark.parametrize(
    ("env", "glyphs"),
    [
        ({"LANG": "en_US.UTF-8"}, "unicode"),
        ({"LANG": "de_DE.utf8"}, "unicode"),
        ({"LC_ALL": "C", "LANG": "en_US.UTF-8"}, "ascii"),
        ({"LC_ALL": "", "LC_CTYPE": "C.UTF-8", "LANG": "C"}, "unicode"),
        ({"LC_CTYPE": "en_US.ISO-8859-1", "LANG": "en_US.UTF-8"}, "ascii"),
        ({}, "ascii"),
    ],
)
def test_glyphs_follow_the_locale_like_a_c_library(env, glyphs):
    assert Settings().resolved_glyphs(env) == glyphs
    assert Settings(glyphs="unicode").resolved_glyphs({}) == "unicode"


# -- keymap ------------------------------------------------------------------------------------

TABLE = [("move(1)", "down,j"), ("reply", "r"), ("quit", "q"), ("help", "question_mark")]


def test_keymap_overrides_replace_an_actions_keys():
    keys = resolve_keymap({"reply": " R , r ,R", "quit": "ctrl+q"}, TABLE)
    assert keys == {"move(1)": "down,j", "reply": "R,r", "quit": "ctrl+q", "help": "question_mark"}
    assert resolve_keymap({}, TABLE)["reply"] == "r"


@pytest.mark.parametrize(
    ("keymap", "words"),
    [
        ({"replly": "x", "zap": "z"}, "unknown action 'replly', 'zap'"),
        ({"reply": " , "}, "no key given for 'reply'"),
        ({"reply": "q"}, "'q' (reply and quit)"),
        ({"reply": "ctrl r"}, "'ctrl r' is not a key name"),
    ],
)
def test_keymap_mistakes_are_one_line_naming_them(keymap, words):
    with pytest.raises(ConfigError) as caught:
        resolve_keymap(keymap, TABLE)
    assert words in str(caught.value) and "\n" not in str(caught.value)


def test_a_clash_in_the_apps_own_table_is_not_the_users_fault():
    table = [("leave", "escape"), ("close", "escape"), ("reply", "r")]
    assert resolve_keymap({"reply": "x"}, table)["leave"] == "escape"


# -- saving a setting --------------------------------------------------------------------------

KEPT = """\
# my inbox-tui settings
poll_interval = 5   # fast
theme = "nord"  # picked in the app

# work first
[profiles.work]
url = "https://api.na4.livevox.com"   # NA4
client = "ACME"
theme_note = "theme = x"
"""


def test_save_setting_changes_only_its_line(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(KEPT.replace("theme_note", "user"))
    path.chmod(0o640)
    save_setting("theme", "gruvbox", path)
    assert path.read_text() == KEPT.replace("theme_note", "user").replace(
        'theme = "nord"  # picked', 'theme = "gruvbox"  # picked'
    )
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert load_settings(path).theme == "gruvbox"
    assert load_settings(path).profiles["work"].client == "ACME"


def test_save_setting_adds_a_missing_key_before_the_first_table(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("# head\n\n# work first\n[profiles.work]\nclient = 'A'\n")
    save_setting("mouse", "off", path)
    save_setting("cursor_blink", True, path)
    save_setting("poll_interval", 7.5, path)
    # Above the comment that heads the table, below the file's own heading.
    assert path.read_text() == (
        "# head\n\n"
        'mouse = "off"\ncursor_blink = true\npoll_interval = 7.5\n'
        "# work first\n[profiles.work]\nclient = 'A'\n"
    )
    save_setting("mouse", None, path)
    assert "mouse" not in path.read_text() and load_settings(path).poll_interval == 7.5


def test_save_setting_appends_after_the_last_top_level_key(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('poll_interval = 5\nlist = """\n[not a table]\n"""\n\n[keymap]\nreply = "x"')
    path.write_text(path.read_text().replace("list", "theme"))
    save_setting("glyphs", "ascii", path)
    text = path.read_text()
    assert text.startswith('poll_interval = 5\ntheme = """\n[not a table]\n"""\nglyphs = "ascii"\n')
    assert text.endswith('\n[keymap]\nreply = "x"\n')
    save_setting("theme", 'a "quoted"\x7f name', path)
    assert load_settings(path).theme == 'a "quoted"\x7f name'
    assert load_settings(path).keymap == {"reply": "x"}


def test_save_setting_creates_a_private_file(tmp_path):
    path = save_setting("theme", "nord")
    assert path == config_path().resolve()
    assert path.read_text() == 'theme = "nord"\n'
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_save_setting_refuses_bad_keys_values_and_files(tmp_path):
    path = tmp_path / "config.toml"
    with pytest.raises(ConfigError):
        save_setting("profiles", "x", path)
    with pytest.raises(ConfigError):
        save_setting("nonsense", "x", path)
    with pytest.raises(ConfigError, match="mouse"):
        save_setting("mouse", "sometimes", path)
    path.write_text("poll_interval = \n")
    with pytest.raises(ConfigError, match="Cannot read"):
        save_setting("theme", "nord", path)
    assert path.read_text() == "poll_interval = \n" and not path.with_suffix(".tmp").exists()
    assert list(tmp_path.iterdir()) == [path]


def test_save_setting_writes_through_a_symlink(tmp_path):
    real = tmp_path / "dotfiles" / "config.toml"
    real.parent.mkdir()
    real.write_text("poll_interval = 5\n")
    link = tmp_path / "config.toml"
    link.symlink_to(real)
    save_setting("theme", "nord", link)
    assert link.is_symlink() and 'theme = "nord"' in real.read_text()


def test_the_documented_examples_are_valid_settings():
    import inbox_tui.config as config

    readme = (Path(__file__).parent.parent / "README.md").read_text()
    example = readme.split("```toml\n", 1)[1].split("```", 1)[0]
    settings = config.validate_settings(tomllib.loads(example), where="README")
    assert settings.keymap == {"reply": "r,R"} and settings.profiles["work"].region == "na4"
    docstring = config.__doc__.split("::\n", 1)[1].split("\nA URL", 1)[0]
    documented = config.validate_settings(tomllib.loads(textwrap.dedent(docstring)), where="doc")
    assert documented.theme == "nord" and documented.profiles["work"].allow_insecure is False
