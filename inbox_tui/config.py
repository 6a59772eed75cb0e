"""Settings and LiveVox profiles: a TOML file in platformdirs' config dir, flags and env vars.

The file (``config.toml``) holds app settings at the top level and named profiles::

    poll_interval = 15           # seconds between count polls (> 0)
    mark_read = "dwell"          # "open", "dwell" or "reply"
    mark_read_dwell = 2.0        # seconds an open thread waits before it is marked read (>= 0)
    default_profile = "work"     # needed when there are several profiles

    # network (seconds, each > 0)
    retry_after_cap = 300        # a server's Retry-After longer than this is capped
    slow_after = 5.0             # a call taking longer shows "slow" in the status line
    request_timeout = 15.0       # one HTTP request
    poll_deadline = 30.0         # one whole poll (counts + lists)
    allow_insecure = false       # http:// to a host that is not loopback (also per profile)

    # terminal
    mouse = "on"                 # "on" | "off"; unset = off when TERM starts with "screen"
    glyphs = "unicode"           # "unicode" | "ascii"; unset = ascii when the locale is not UTF-8
    theme = "nord"               # a Textual theme name; unset = the app's default

    # composer and notifications
    send_key = "enter"           # "enter" | "ctrl+enter" sends; the other inserts a newline
    notify = "bell"              # "bell" | "osc9" | "osc777" | "off"
    notify_on = "all"            # "all" | "personal" | "none": which new messages notify
    notify_text = "plain"        # "plain" (no customer data) | "contact" (name in the text)
    next_unread = "oldest"       # "oldest" | "newest" | "down": where "next unread" goes

    [profiles.work]
    region = "na4"               # or url = "https://api.na4.livevox.com"
    client = "ACME"
    user = "kavya"               # an agent login; user_login = "..." for a supervisor
    access_token_command = "pass show livevox-token"
    password_command = "pass show livevox"
    allow_insecure = false       # true allows url = "http://..." to a host that is not loopback

    [keymap]                     # action name = comma-separated Textual key names
    reply = "r,R"

A URL must be http or https, and plain http only reaches a loopback host (127.0.0.0/8, ::1,
localhost) unless ``allow_insecure`` is true. The demo runs only when no config file exists and
no ``LIVEVOX_*`` variable is set (or with ``--demo``); anything else that names no complete
account is a ``ConfigError``. ``resolve_keymap`` checks ``[keymap]`` against the app's action
table; ``save_setting`` rewrites one top-level key and leaves the rest of the file's text alone.

Secrets are ``SecretStr`` so they never show in a repr, a log line or an error.
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import logging
import math
import os
import re
import shlex
import stat
import subprocess
import tempfile
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import platformdirs
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)

from inbox_tui.core.compliance import ComplianceSettings

APP_NAME = "inbox-tui"
CONFIG_FILE = "config.toml"
SECRET_COMMAND_TIMEOUT = 10.0
ENV_VARS = (
    "LIVEVOX_URL",
    "LIVEVOX_CLIENT",
    "LIVEVOX_USER",
    "LIVEVOX_ACCESS_TOKEN",
    "LIVEVOX_PASSWORD",
)

REGION_HOSTS = {
    "na3": "https://api.livevox.com",
    "na4": "https://api.na4.livevox.com",
    "na5": "https://api.na5.livevox.com",
    "na6": "https://api.na6.livevox.com",
}

log = logging.getLogger(__name__)


class ConfigError(Exception):
    """The configuration is incomplete or unreadable; the message is one line of plain words,
    no secrets."""


def check_url(url: str, *, allow_insecure: bool = True, source: str = "url") -> str:
    """``url`` without a trailing slash, or ValueError in one line naming ``source``.

    It must parse, be http or https, name a host, carry no user or password, and be https
    unless the host is loopback or ``allow_insecure``."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
        _ = parts.port  # a bad port raises here
    except ValueError as exc:
        raise ValueError(f"{source} {url!r} is not a valid URL ({exc})") from None
    if parts.scheme not in ("http", "https"):
        raise ValueError(f"{source} {url!r} must start with https:// (or http:// for loopback)")
    if not host:
        raise ValueError(f"{source} {url!r} names no host")
    if parts.username is not None or parts.password is not None:
        raise ValueError(f"{source} must not carry a user name or password")
    if parts.scheme == "http" and not allow_insecure and not is_loopback(host):
        raise ValueError(
            f"{source} {url!r} is plain http to a host that is not loopback: "
            "use https, or set allow_insecure = true"
        )
    return url.strip().rstrip("/")


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 or localhost."""
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Profile(BaseModel):
    """One LiveVox account: where, who, and how to get the secrets."""

    model_config = ConfigDict(extra="forbid")

    url: str | None = None
    region: Literal["na3", "na4", "na5", "na6"] | None = None
    client: str | None = None
    user: str | None = None
    user_login: str | None = None
    access_token: SecretStr | None = None
    access_token_command: str | None = None
    password: SecretStr | None = None
    password_command: str | None = None
    api_version: str | None = None
    allow_insecure: bool = False
    """Allow ``url = "http://..."`` to a host that is not loopback (a test rig, a proxy)."""

    @field_validator("url")
    @classmethod
    def _url_parses(cls, url: str | None) -> str | None:
        # Plain http to a remote host is checked when the account is resolved: the top-level
        # allow_insecure may allow it.
        return None if url is None else check_url(url, source="url")

    @model_validator(mode="after")
    def _one_login(self) -> Profile:
        if self.user and self.user_login:
            raise ValueError("give either user (an agent) or user_login (a supervisor), not both")
        if self.url and self.region:
            raise ValueError("give either url or region, not both")
        return self


MouseMode = Literal["on", "off"]
Glyphs = Literal["unicode", "ascii"]


class Settings(BaseModel):
    """App settings: the top level of the config file, overridden by flags."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    poll_interval: float = Field(15.0, gt=0)
    mark_read: Literal["open", "dwell", "reply"] = "dwell"
    mark_read_dwell: float = Field(2.0, ge=0)
    cursor_blink: bool = False
    term_code_required: bool = True
    """Resolving a thread needs a term code; False offers "(no term code)" in the dialog."""
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    default_profile: str | None = None
    profiles: dict[str, Profile] = {}
    compliance: ComplianceSettings = ComplianceSettings()
    """The send gate's rules (``[compliance]`` in the file); defaults per SMS-FACTS.md."""

    # -- network -------------------------------------------------------------------------------
    retry_after_cap: float = Field(300.0, gt=0)
    """Seconds: a Retry-After longer than this is waited out only this long."""
    slow_after: float = Field(5.0, gt=0)
    """Seconds after which a call in flight counts as slow (the status line says so)."""
    request_timeout: float = Field(15.0, gt=0)
    """Seconds one HTTP request may take."""
    poll_deadline: float = Field(30.0, gt=0)
    """Seconds one whole poll may take before it is abandoned."""
    allow_insecure: bool = False
    """Allow plain http to a host that is not loopback, for every profile."""

    # -- terminal ------------------------------------------------------------------------------
    mouse: MouseMode | None = None
    """None = auto: see ``resolved_mouse``."""
    glyphs: Glyphs | None = None
    """None = auto: see ``resolved_glyphs``; ``--ascii`` sets "ascii"."""
    theme: str | None = None
    """A Textual theme name (the UI checks it); None = the app's default."""

    # -- composer and notifications ------------------------------------------------------------
    send_key: Literal["enter", "ctrl+enter"] = "enter"
    notify: Literal["bell", "osc9", "osc777", "off"] = "bell"
    notify_on: Literal["all", "personal", "none"] = "all"
    notify_text: Literal["plain", "contact"] = "plain"
    next_unread: Literal["oldest", "newest", "down"] = "oldest"
    keymap: dict[str, str] = {}
    """``[keymap]``: action name -> comma-separated Textual key names; see ``resolve_keymap``."""

    def resolved_mouse(self, env: Mapping[str, str]) -> bool:
        """Whether the app captures the mouse: the setting, else off inside GNU screen (its
        mouse reports confuse selection), else on."""
        if self.mouse is not None:
            return self.mouse == "on"
        return not env.get("TERM", "").startswith("screen")

    def resolved_glyphs(self, env: Mapping[str, str]) -> Glyphs:
        """ "unicode" or "ascii": the setting, else ascii when the locale is not UTF-8."""
        if self.glyphs is not None:
            return self.glyphs
        return "unicode" if locale_is_utf8(env) else "ascii"


def locale_variable(env: Mapping[str, str]) -> tuple[str, str] | None:
    """The locale variable a C library would read for the character set: the first non-empty
    of LC_ALL, LC_CTYPE, LANG, as (name, value); None when all are empty (the C locale)."""
    for name in ("LC_ALL", "LC_CTYPE", "LANG"):
        value = env.get(name, "")
        if value:
            return name, value
    return None


def locale_is_utf8(env: Mapping[str, str]) -> bool:
    """Whether the locale's character set is UTF-8 ("UTF-8" or "utf8", any case)."""
    found = locale_variable(env)
    if found is None:
        return False
    value = found[1].lower()
    return "utf-8" in value or "utf8" in value


class Account(BaseModel):
    """A resolved live account: everything the client needs except, perhaps, the password."""

    base_url: str
    client_code: str
    user_name: str
    agent: bool
    access_token: SecretStr = Field(repr=False)
    password: SecretStr | None = Field(None, repr=False)
    api_version: str | None = None

    @property
    def host(self) -> str:
        return self.base_url.split("://", 1)[-1].rstrip("/")


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME))


def config_path() -> Path:
    """The config file the app reads when ``--config`` is not given."""
    return config_dir() / CONFIG_FILE


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME))


def home_relative(path: Path) -> str:
    """``path`` with the home folder written as ``~``, for messages."""
    try:
        return "~/" + str(path.relative_to(Path.home()))
    except (ValueError, RuntimeError):
        return str(path)


DEMO_HINT_TEMPLATE = "Demo: simulated LiveVox. To use your account, create {path} (see README)"
DEMO_HINT = DEMO_HINT_TEMPLATE.format(path=home_relative(config_path()))
"""What the status line says in a demo started because nothing names an account (the path is
the platform's config file, ``~`` for the home folder)."""
DEMO_FLAG_HINT = "Demo: simulated LiveVox (--demo). Leave out --demo to use your account"
"""What the status line says in a demo asked for with ``--demo``."""


def demo_hint() -> str:
    """``DEMO_HINT`` for the config path as it is now (tests move the config dir)."""
    return DEMO_HINT_TEMPLATE.format(path=home_relative(config_path()))


def demo_reason(
    *,
    demo: bool = False,
    env: Mapping[str, str],
    path: Path | None = None,
    flags: Sequence[object | None] = (),
) -> str | None:
    """Why the app runs the demo (the status line's text), or None when it must connect.

    The demo runs with ``--demo``, or when no config file exists, no ``LIVEVOX_*`` variable is
    set and no flag in ``flags`` (``--profile``, ``--url`` ...) is given. ``path`` is the
    ``--config`` file, if any: a file named on purpose never means the demo."""
    if demo:
        return DEMO_FLAG_HINT
    if path is not None or config_path().exists():
        return None
    if any(value for name, value in env.items() if name.startswith("LIVEVOX_")):
        return None
    if any(flag is not None for flag in flags):
        return None
    return demo_hint()


def private_dir(path: Path) -> Path:
    """Create ``path`` (0700) if missing and return it; files with secrets live only in such.

    Missing parents are made 0700 as well, and every mode is set explicitly: under umask 000
    ``mkdir`` would leave them open to everyone."""
    missing = []
    folder = path
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for made in reversed(missing):
        made.mkdir(mode=0o700, exist_ok=True)
        os.chmod(made, 0o700)
    if stat.S_IMODE(path.stat().st_mode) != 0o700:
        os.chmod(path, 0o700)
    return path


def private_file(path: Path) -> Path:
    """Create ``path`` as an empty 0600 file in a 0700 folder unless it exists, then force 0600."""
    private_dir(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        if stat.S_IMODE(os.fstat(fd).st_mode) != 0o600:
            os.fchmod(fd, 0o600)
    finally:
        os.close(fd)
    return path


def read_config(path: Path | None = None) -> dict[str, Any]:
    """The config file's TOML as a dict: {} when the default file is missing. A ``path`` given
    on purpose must exist. Errors are one line naming the file."""
    if path is None:
        path = config_path()
        if not path.exists():
            return {}
    elif not path.exists():
        raise ConfigError(f"config file {path} does not exist")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"Cannot read {path}: {exc.strerror or exc.__class__.__name__}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"{path} is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})"
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"Cannot read {path}: {_one_line(str(exc))}") from None


def load_settings(path: Path | None = None) -> Settings:
    """Read the config file (the default one missing = defaults; ``path`` must exist). Errors
    are one line naming the file, never its secrets."""
    shown = path or config_path()
    settings = validate_settings(read_config(path), where=str(shown))
    if any(p.password or p.access_token for p in settings.profiles.values()):
        mode = stat.S_IMODE(shown.stat().st_mode)
        if mode & 0o077:
            log.warning("%s holds secrets but is readable by others (mode %o)", shown, mode)
    return settings


def validate_settings(data: Mapping[str, Any], *, where: str) -> Settings:
    """``Settings`` from ``data``, or a one-line ConfigError that starts with ``where``."""
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"{where}: {_problems(exc)}") from None


def with_overrides(settings: Settings, **flags: Any) -> Settings:
    """``settings`` with the flags that were given (not None), validated: a bad value is a
    one-line ConfigError naming the flag (``--poll-interval``), not the setting."""
    given = {key: value for key, value in flags.items() if value is not None}
    if not given:
        return settings
    for key, value in given.items():
        try:
            Settings.model_validate({key: value})
        except ValidationError as exc:
            msg = exc.errors(include_input=False)[0]["msg"]
            flag = "--" + key.replace("_", "-")
            raise ConfigError(f"{flag} {value!r}: {_one_line(msg)}") from None
    return settings.model_copy(update=given)


def _problems(exc: ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(map(str, e['loc'])) or 'file'}: "
        + _one_line(e["msg"].removeprefix("Value error, "))
        for e in exc.errors(include_input=False)
    )


def _one_line(text: str) -> str:
    return " ".join(text.split())


def run_secret_command(command: str, what: str) -> SecretStr:
    """Run ``command`` without a shell and return its first output line; its output is never
    logged, and a failure says which secret could not be fetched, not what it printed."""
    try:
        done = subprocess.run(
            shlex.split(command),
            capture_output=True,
            text=True,
            timeout=SECRET_COMMAND_TIMEOUT,
            check=False,
        )
    except (OSError, ValueError) as exc:
        raise ConfigError(f"The {what} command could not run ({exc.__class__.__name__}).") from None
    except subprocess.TimeoutExpired:
        raise ConfigError(
            f"The {what} command did not finish within {SECRET_COMMAND_TIMEOUT:g} s."
        ) from None
    if done.returncode != 0:
        raise ConfigError(f"The {what} command failed (exit status {done.returncode}).")
    lines = done.stdout.splitlines()
    secret = lines[0].strip() if lines else ""
    if not secret:
        raise ConfigError(f"The {what} command printed nothing.")
    return SecretStr(secret)


def pick_profile(settings: Settings, name: str | None) -> Profile | None:
    """The named profile, else the default one, else the only one, else None (no profiles).

    Several profiles and neither a name nor ``default_profile`` is a ConfigError: guessing
    would log into the wrong account."""
    if name is not None:
        if name not in settings.profiles:
            known = ", ".join(sorted(settings.profiles)) or "none"
            raise ConfigError(f"No profile named {name!r} (known: {known}).")
        return settings.profiles[name]
    if settings.default_profile:
        if settings.default_profile not in settings.profiles:
            known = ", ".join(sorted(settings.profiles)) or "none"
            raise ConfigError(
                f"default_profile {settings.default_profile!r} names no profile (known: {known})."
            )
        return settings.profiles[settings.default_profile]
    if len(settings.profiles) == 1:
        return next(iter(settings.profiles.values()))
    if len(settings.profiles) > 1:
        names = ", ".join(sorted(settings.profiles))
        raise ConfigError(f"several profiles ({names}) and no default_profile: pass --profile NAME")
    return None


def resolve_account(
    profile: Profile | None,
    *,
    env: Mapping[str, str],
    url: str | None = None,
    client: str | None = None,
    user: str | None = None,
    user_login: str | None = None,
    allow_insecure: bool = False,
    required: bool = False,
) -> Account | None:
    """Merge flags over environment over profile.

    None when nothing names an account, unless ``required`` (a config file exists or a
    ``LIVEVOX_*`` variable is set): then that is a ConfigError saying what is missing.
    ``allow_insecure`` is the top-level setting; the profile's own counts too."""
    base = profile or Profile()
    login_flag = user or user_login
    url_source = "--url" if url else "LIVEVOX_URL" if env.get("LIVEVOX_URL") else "url"
    chosen_url = url or env.get("LIVEVOX_URL") or base.url
    if not chosen_url and base.region:
        chosen_url = REGION_HOSTS[base.region]
    client_code = client or env.get("LIVEVOX_CLIENT") or base.client
    user_name: str | None
    if login_flag:
        user_name, agent = login_flag, user is not None
    elif env.get("LIVEVOX_USER"):
        user_name, agent = env["LIVEVOX_USER"], True
    else:
        user_name, agent = base.user or base.user_login, base.user_login is None
    if not any((chosen_url, client_code, user_name, profile)) and not required:
        return None
    missing = [
        name
        for name, value in (("url or region", chosen_url), ("client", client_code))
        if not value
    ]
    if not user_name:
        missing.append("user")
    if chosen_url:
        try:
            chosen_url = check_url(
                chosen_url,
                allow_insecure=allow_insecure or base.allow_insecure,
                source=url_source,
            )
        except ValueError as exc:
            raise ConfigError(str(exc)) from None
    token = _secret(env.get("LIVEVOX_ACCESS_TOKEN"), base.access_token, base.access_token_command)
    if token is None:
        missing.append("access token")
    if missing:
        raise ConfigError(
            "The LiveVox account is incomplete: missing " + ", ".join(missing) + ". "
            "Set it in a profile, with flags or with LIVEVOX_* environment variables."
        )
    password = _secret(
        env.get("LIVEVOX_PASSWORD"), base.password, base.password_command, what="password"
    )
    return Account(
        base_url=chosen_url,
        client_code=client_code,
        user_name=user_name,
        agent=agent,
        access_token=token,
        password=password,
        api_version=base.api_version,
    )


def _secret(
    env_value: str | None,
    stored: SecretStr | None,
    command: str | None,
    what: str = "access token",
) -> SecretStr | None:
    if env_value:
        return SecretStr(env_value)
    if stored is not None:
        return stored
    if command:
        return run_secret_command(command, what)
    return None


@dataclass(frozen=True)
class Start:
    """What the app starts with: its settings, and the account or the reason for the demo."""

    settings: Settings
    account: Account | None
    demo_reason: str | None
    """The status line's text in the demo (``DEMO_HINT`` ...); None when live."""
    profile_name: str | None = None
    """The profile chosen (by name, default_profile, or as the only one), if any."""
    path: Path | None = None
    """The config file read (``--config`` or the platform's): ``save_setting``'s ``path``."""


def resolve_start(
    *,
    env: Mapping[str, str],
    path: Path | None = None,
    profile: str | None = None,
    demo: bool = False,
    url: str | None = None,
    client: str | None = None,
    user: str | None = None,
    user_login: str | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Start:
    """Read the config file, apply flag ``overrides`` and pick the account or the demo.

    The demo runs only with ``demo`` or when nothing names an account (see ``demo_reason``);
    otherwise an account that cannot be completed is a one-line ConfigError."""
    settings = with_overrides(load_settings(path), **(overrides or {}))
    reason = demo_reason(
        demo=demo, env=env, path=path, flags=(profile, url, client, user, user_login)
    )
    shown = path or config_path()
    if reason is not None:
        return Start(settings, None, reason, path=shown)
    chosen = pick_profile(settings, profile)
    name = profile or settings.default_profile
    if chosen is not None and name is None:
        name = next(iter(settings.profiles))
    named_elsewhere = any((url, client, user, user_login)) or any(env.get(var) for var in ENV_VARS)
    if chosen is None and not named_elsewhere:
        stray = sorted(k for k, v in env.items() if k.startswith("LIVEVOX_") and v)
        hint = f" ({', '.join(stray)} is not a variable inbox-tui reads)" if stray else ""
        raise ConfigError(
            f"{home_relative(shown)} names no LiveVox account{hint}: add a [profiles.NAME] "
            "table with url or region, client, user and access_token_command (see README), "
            "or pass --demo"
        )
    account = resolve_account(
        chosen,
        env=env,
        url=url,
        client=client,
        user=user,
        user_login=user_login,
        allow_insecure=settings.allow_insecure,
        required=True,
    )
    return Start(settings, account, None, name, path=shown)


def resolve_keymap(keymap: Mapping[str, str], table: Sequence[tuple[str, str]]) -> dict[str, str]:
    """The app's key bindings with the ``[keymap]`` overrides applied: action -> "key1,key2".

    ``table`` is the app's (action name, default keys) pairs. An override naming an unknown
    action, an empty key list, or a key that ends up bound to two actions one of which was
    overridden is a one-line ConfigError naming them (clashes within the app's own table are
    its business: the same key may act in different panes)."""
    defaults: dict[str, list[str]] = {}
    for action, default_keys in table:
        defaults.setdefault(action, [])
        defaults[action] += [
            key for key in _split_keys(default_keys) if key not in defaults[action]
        ]
    unknown = sorted(set(keymap) - set(defaults))
    if unknown:
        raise ConfigError(
            f"[keymap]: unknown action {', '.join(map(repr, unknown))} "
            f"(known: {', '.join(defaults)})"
        )
    empty = sorted(action for action, keys in keymap.items() if not _split_keys(keys))
    if empty:
        raise ConfigError(f"[keymap]: no key given for {', '.join(map(repr, empty))}")
    bad = sorted({key for keys in keymap.values() for key in _split_keys(keys) if " " in key})
    if bad:
        raise ConfigError(f"[keymap]: {', '.join(map(repr, bad))} is not a key name")
    bound = {action: keymap.get(action) for action in defaults}
    result = {
        action: _split_keys(override) if override is not None else defaults[action]
        for action, override in bound.items()
    }
    owners: dict[str, list[str]] = {}
    for action, keys in result.items():
        for key in dict.fromkeys(keys):
            owners.setdefault(key, []).append(action)
    clashes = [
        f"{key!r} ({' and '.join(actions)})"
        for key, actions in owners.items()
        if len(actions) > 1 and any(action in keymap for action in actions)
    ]
    if clashes:
        raise ConfigError(f"[keymap]: a key bound to two actions: {'; '.join(clashes)}")
    return {action: ",".join(dict.fromkeys(keys)) for action, keys in result.items()}


def _split_keys(keys: str) -> list[str]:
    return [key.strip() for key in keys.split(",") if key.strip()]


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_TABLES = ("profiles", "compliance", "keymap")


def save_setting(key: str, value: str | bool | float | None, path: Path | None = None) -> Path:
    """Set the top-level ``key`` to ``value`` in the config file (None removes it) and return
    the file's path. Only that key's line changes: comments, order and tables stay as written.

    The file is created 0600 (in a 0700 folder) if missing, and replaced atomically with its
    mode kept (a symlinked file is written through the link). The value is validated first;
    an invalid value or a file this cannot update safely is a ConfigError, nothing written."""
    if key not in Settings.model_fields or key in _TABLES or not _BARE_KEY.fullmatch(key):
        raise ConfigError(f"{key!r} is not a top-level setting that can be saved")
    if value is not None:
        validate_settings({key: value}, where=key)
    target = (path or config_path()).resolve()
    text = ""
    if target.exists():
        read_config(target)  # a file that does not read is not overwritten
        text = target.read_text(encoding="utf-8")
    new_text = _set_top_level(text, key, value)
    expected = tomllib.loads(text) if text else {}
    if value is None:
        expected.pop(key, None)
    else:
        expected[key] = value
    if tomllib.loads(new_text) != expected:
        raise ConfigError(f"Cannot update {key} in {target} safely: edit the file by hand")
    if target.exists():
        mode = stat.S_IMODE(target.stat().st_mode)
    else:
        if not target.parent.exists():
            private_dir(target.parent)
        mode = 0o600
    fd, temp = tempfile.mkstemp(prefix=".config-", suffix=".toml", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(new_text)
        os.chmod(temp, mode)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    return target


def toml_value(value: str | bool | float) -> str:
    """``value`` written as TOML."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise ConfigError(f"{value!r} cannot be saved")
        return repr(value)
    # A JSON string is a TOML basic string, except that TOML also wants DEL escaped.
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def _set_top_level(text: str, key: str, value: str | bool | float | None) -> str:
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += "\n"
    header = _first_table(lines)
    key_line = re.compile(rf"""\s*(?:{re.escape(key)}|"{re.escape(key)}"|'{re.escape(key)}')\s*=""")
    for index in range(header):
        if key_line.match(lines[index]) and _parses(lines[:index]):
            end = index + 1
            while end <= header and not _parses(lines[index:end]):
                end += 1
            if value is None:
                return "".join(lines[:index] + lines[end:])
            new = f"{key} = {toml_value(value)}{_trailing_comment(lines[index:end])}\n"
            return "".join([*lines[:index], new, *lines[end:]])
    if value is None:
        return text
    new = f"{key} = {toml_value(value)}\n"
    at = _insert_at(lines, header)
    return "".join([*lines[:at], new, *lines[at:]])


def _first_table(lines: list[str]) -> int:
    """The index of the first table header outside a multi-line value (len(lines) if none)."""
    for index, line in enumerate(lines):
        if line.lstrip().startswith("[") and _parses(lines[:index]):
            return index
    return len(lines)


def _insert_at(lines: list[str], header: int) -> int:
    """After the last top-level key line; else above the comments heading the first table."""
    last = None
    for index in range(header):
        stripped = lines[index].strip()
        if stripped and not stripped.startswith("#"):
            last = index
    if last is not None:
        end = last + 1
        while end <= header and not _parses(lines[:end]):
            end += 1
        return end
    at = header
    while at > 0 and lines[at - 1].strip().startswith("#"):
        at -= 1
    return at


def _trailing_comment(span: list[str]) -> str:
    """The comment after a one-line ``key = value``, with its spacing ("" if none)."""
    if len(span) != 1:
        return ""
    line = span[0].rstrip("\r\n")
    for at in [i for i, char in enumerate(line) if char == "#"]:
        if _parses([line[:at]]) and line[:at].strip():
            before = line[:at]
            return line[len(before.rstrip()) : at] + line[at:]
    return ""


def _parses(lines: list[str]) -> bool:
    try:
        tomllib.loads("".join(lines))
    except tomllib.TOMLDecodeError:
        return False
    return True
