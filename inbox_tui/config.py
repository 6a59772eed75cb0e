"""Settings and LiveVox profiles: a TOML file in platformdirs' config dir, flags and env vars.

The file (``config.toml``) holds app settings at the top level and named profiles::

    poll_interval = 15
    mark_read = "dwell"          # "open", "dwell" or "reply"
    default_profile = "work"

    [profiles.work]
    region = "na4"               # or url = "https://api.na4.livevox.com"
    client = "ACME"
    user = "kavya"               # an agent login; user_login = "..." for a supervisor
    access_token_command = "pass show livevox-token"
    password_command = "pass show livevox"

Secrets are ``SecretStr`` so they never show in a repr, a log line or an error.
"""

from __future__ import annotations

import logging
import os
import shlex
import stat
import subprocess
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, model_validator

from inbox_tui.core.compliance import ComplianceSettings

APP_NAME = "inbox-tui"
CONFIG_FILE = "config.toml"
SECRET_COMMAND_TIMEOUT = 10.0

REGION_HOSTS = {
    "na3": "https://api.livevox.com",
    "na4": "https://api.na4.livevox.com",
    "na5": "https://api.na5.livevox.com",
    "na6": "https://api.na6.livevox.com",
}

log = logging.getLogger(__name__)


class ConfigError(Exception):
    """The configuration is incomplete or unreadable; the message is plain words, no secrets."""


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

    @model_validator(mode="after")
    def _one_login(self) -> Profile:
        if self.user and self.user_login:
            raise ValueError("give either user (an agent) or user_login (a supervisor), not both")
        if self.url and self.region:
            raise ValueError("give either url or region, not both")
        return self


class Settings(BaseModel):
    """App settings: the top level of the config file, overridden by flags."""

    model_config = ConfigDict(extra="forbid")

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


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME))


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


def load_settings(path: Path | None = None) -> Settings:
    """Read the config file (missing = defaults). Errors name the file, never its secrets."""
    path = path or config_dir() / CONFIG_FILE
    if not path.exists():
        return Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"Cannot read {path}: {exc.__class__.__name__}") from None
    try:
        settings = Settings.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc'])) or 'file'}: {e['msg']}"
            for e in exc.errors(include_input=False)
        )
        raise ConfigError(f"{path}: {problems}") from None
    if any(p.password or p.access_token for p in settings.profiles.values()):
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            log.warning("%s holds secrets but is readable by others (mode %o)", path, mode)
    return settings


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
    """The named profile, else the default one, else the only one, else None."""
    if name is not None:
        if name not in settings.profiles:
            known = ", ".join(sorted(settings.profiles)) or "none"
            raise ConfigError(f"No profile named {name!r} (known: {known}).")
        return settings.profiles[name]
    if settings.default_profile:
        return pick_profile(settings, settings.default_profile)
    if len(settings.profiles) == 1:
        return next(iter(settings.profiles.values()))
    return None


def resolve_account(
    profile: Profile | None,
    *,
    env: Mapping[str, str],
    url: str | None = None,
    client: str | None = None,
    user: str | None = None,
    user_login: str | None = None,
) -> Account | None:
    """Merge flags over environment over profile; None when nothing names an account (demo)."""
    base = profile or Profile()
    login_flag = user or user_login
    chosen_url = url or env.get("LIVEVOX_URL") or base.url
    if not chosen_url and base.region:
        chosen_url = REGION_HOSTS[base.region]
    client_code = client or env.get("LIVEVOX_CLIENT") or base.client
    if login_flag:
        user_name, agent = login_flag, user is not None
    elif env.get("LIVEVOX_USER"):
        user_name, agent = env["LIVEVOX_USER"], True
    else:
        user_name, agent = base.user or base.user_login, base.user_login is None
    if not any((chosen_url, client_code, user_name, profile)):
        return None
    missing = [
        name
        for name, value in (("url or region", chosen_url), ("client", client_code))
        if not value
    ]
    if not user_name:
        missing.append("user")
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
        base_url=chosen_url.rstrip("/"),
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
