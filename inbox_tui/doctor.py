"""``inbox-tui doctor``: what the app would use, what looks wrong, and whether LiveVox answers.

It prints the config, data and log paths, the profile that would be used (or the demo), the
terminal's facts (colours, UTF-8, size, tmux/screen key delays, mouse), files that others can
read, and, unless ``--offline``, a login and one read call against the configured LiveVox. It
never prompts and never prints a secret: a password comes from the profile, its command or
``LIVEVOX_PASSWORD``, else the login is skipped (the app asks for it).

Exit status: 0 when nothing is wrong (warnings are advice), 1 when something is. ``--json``
prints the same facts as one JSON object. Textual is never imported.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from inbox_tui import __version__
from inbox_tui.config import (
    Account,
    ConfigError,
    Settings,
    Start,
    config_path,
    locale_is_utf8,
    locale_variable,
    log_dir,
    resolve_start,
)

TMUX_ESCAPE_TIME_MAX = 50
"""Milliseconds: a longer tmux escape-time makes Escape feel slow in the app."""
NO_PASSWORD = "not configured (the app asks for it)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The doctor's flags; ``--profile`` and ``--config`` may also come before ``doctor``."""
    parser.add_argument(
        "--offline", action="store_true", help="skip the login and read call against LiveVox"
    )
    parser.add_argument("--json", action="store_true", help="print the facts as one JSON object")
    parser.add_argument(
        "--profile", metavar="NAME", default=argparse.SUPPRESS, help="check this profile"
    )
    parser.add_argument(
        "--config", type=Path, metavar="FILE", default=argparse.SUPPRESS, help="this config file"
    )


@dataclass
class Report:
    """The facts by section, and what is wrong (problems) or worth changing (warnings)."""

    sections: dict[str, dict[str, Any]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def section(self, name: str) -> dict[str, Any]:
        return self.sections.setdefault(name, {})

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_json(self) -> dict[str, Any]:
        return {
            "version": __version__,
            **self.sections,
            "problems": self.problems,
            "warnings": self.warnings,
            "ok": self.ok,
        }


def run(args: argparse.Namespace) -> int:
    """The subcommand: collect, print, exit 0 (all well) or 1."""
    report = collect(args, os.environ)
    if getattr(args, "json", False):
        print(json.dumps(report.as_json(), indent=2))
    else:
        print(render(report))
    return 0 if report.ok else 1


def collect(args: argparse.Namespace, env: Mapping[str, str]) -> Report:
    report = Report()
    check_paths(report, getattr(args, "config", None))
    start = check_config(report, args, env)
    settings = start.settings if start is not None else Settings()
    check_terminal(report, settings, env)
    if start is not None and start.account is not None:
        livevox = report.section("livevox")
        if getattr(args, "offline", False):
            livevox["check"] = "skipped (--offline)"
        elif start.account.password is None:
            livevox["check"] = f"skipped: password {NO_PASSWORD}"
        else:
            check_livevox(report, start.account, settings)
    return report


# -- config and account ------------------------------------------------------------------------


def check_config(report: Report, args: argparse.Namespace, env: Mapping[str, str]) -> Start | None:
    account = report.section("account")
    try:
        start = resolve_start(
            env=env,
            path=getattr(args, "config", None),
            profile=getattr(args, "profile", None),
            demo=getattr(args, "demo", False),
            url=getattr(args, "url", None),
            client=getattr(args, "client", None),
            user=getattr(args, "user", None),
            user_login=getattr(args, "user_login", None),
        )
    except ConfigError as exc:
        account["config"] = f"error: {exc}"
        report.problems.append(str(exc))
        return None
    account["config"] = "ok"
    if start.account is None:
        account["profile"] = "demo"
        account["why"] = start.demo_reason
        return start
    live = start.account
    account["profile"] = start.profile_name or "(flags and environment)"
    account["url"] = live.base_url
    account["client"] = live.client_code
    account["login"] = f"{'agent' if live.agent else 'user'} {live.user_name}"
    account["password"] = (
        f"configured ({password_source(start, env)})" if live.password else NO_PASSWORD
    )
    return start


def password_source(start: Start, env: Mapping[str, str]) -> str:
    """Where the password came from, in words (never the password)."""
    if env.get("LIVEVOX_PASSWORD"):
        return "LIVEVOX_PASSWORD"
    profile = start.settings.profiles.get(start.profile_name or "")
    if profile is not None and profile.password is not None:
        return "the config file"
    return "password_command"


# -- files -------------------------------------------------------------------------------------


def check_paths(report: Report, config: Path | None) -> None:
    from inbox_tui.store.paths import data_dir

    paths = report.section("paths")
    config_file = config or config_path()
    data, logs = data_dir(), log_dir()
    paths["config file"] = describe(config_file)
    paths["data dir"] = describe(data)
    paths["log dir"] = describe(logs)
    too_open = []
    if config_file.is_file():
        too_open += open_to_others(config_file, 0o600)
    for folder in (data, logs):
        if folder.is_dir():
            too_open += open_to_others(folder, 0o700)
            for child in sorted(folder.iterdir()):
                if child.is_file() and not child.is_symlink():
                    too_open += open_to_others(child, 0o600)
    report.section("permissions")["too open"] = too_open
    report.problems += too_open


def describe(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {"path": str(path), "exists": False, "mode": None}
    return {"path": str(path), "exists": True, "mode": f"{stat.S_IMODE(path.stat().st_mode):04o}"}


def open_to_others(path: Path, wanted: int) -> list[str]:
    """[a problem line] when ``path`` gives group or others any access, else []."""
    mode = stat.S_IMODE(path.stat().st_mode)
    if not mode & 0o077:
        return []
    return [f"{path} is open to others (mode {mode:04o}): chmod {wanted:o} {path}"]


# -- terminal ----------------------------------------------------------------------------------


def color_count(env: Mapping[str, str]) -> str:
    """The colours TERM/COLORTERM/NO_COLOR imply: "16M", "256", "16" or "none"."""
    term = env.get("TERM", "")
    if env.get("NO_COLOR") or term == "dumb" or term.startswith("vt"):
        return "none"
    if env.get("COLORTERM", "").lower() in ("truecolor", "24bit"):
        return "16M"
    if term.endswith("-256color"):
        return "256"
    return "16"


def tmux_escape_time() -> int | None:
    """tmux's escape-time in ms, or None when it cannot be read."""
    try:
        done = subprocess.run(
            ["tmux", "show-options", "-sv", "escape-time"],
            capture_output=True,
            text=True,
            timeout=3,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    try:
        return int(done.stdout.strip()) if done.returncode == 0 else None
    except ValueError:
        return None


def check_terminal(report: Report, settings: Settings, env: Mapping[str, str]) -> None:
    terminal = report.section("terminal")
    terminal["TERM"] = env.get("TERM", "")
    terminal["COLORTERM"] = env.get("COLORTERM", "")
    terminal["colours"] = color_count(env)
    found = locale_variable(env)
    shown = f"{found[0]}={found[1]}" if found else "no LC_ALL, LC_CTYPE or LANG"
    terminal["UTF-8"] = f"{'yes' if locale_is_utf8(env) else 'no'} ({shown})"
    size = shutil.get_terminal_size(fallback=(0, 0))
    terminal["size"] = f"{size.columns}x{size.lines}" if size.columns else "unknown"
    if size.columns and (size.columns < 80 or size.lines < 24):
        report.warnings.append(f"the terminal is {size.columns}x{size.lines}: 80x24 is the least")
    if env.get("TMUX"):
        escape = tmux_escape_time()
        terminal["tmux escape-time"] = "unknown" if escape is None else f"{escape} ms"
        if escape is not None and escape > TMUX_ESCAPE_TIME_MAX:
            report.warnings.append(
                f"tmux escape-time is {escape} ms, so Escape lags: "
                "add `set -sg escape-time 10` to ~/.tmux.conf (ctrl+] leaves without Escape)"
            )
    if env.get("STY"):
        terminal["screen"] = "yes"
        report.warnings.append(
            "inside GNU screen: add `maptimeout 10` to ~/.screenrc so Escape does not lag "
            "(ctrl+] leaves without Escape)"
        )
    terminal["mouse"] = "on" if settings.resolved_mouse(env) else "off"
    terminal["glyphs"] = settings.resolved_glyphs(env)


# -- LiveVox -----------------------------------------------------------------------------------


def check_livevox(report: Report, account: Account, settings: Settings) -> None:
    livevox = report.section("livevox")
    try:
        lines = asyncio.run(_login_and_read(account, settings))
    except Exception as exc:  # a doctor reports, it does not crash
        livevox["check"] = f"failed: {exc.__class__.__name__}"
        report.problems.append(f"LiveVox check failed ({exc.__class__.__name__})")
        return
    for key, (ok, text) in lines.items():
        livevox[key] = text
        if not ok:
            report.problems.append(text)


async def _login_and_read(account: Account, settings: Settings) -> dict[str, tuple[bool, str]]:
    """Log in and make one read call; the session is left to time out (logging out could end
    the running app's session, which LiveVox shares for the same credentials)."""
    from inbox_tui.livevox.client import LiveVoxClient, RetryPolicy
    from inbox_tui.livevox.errors import LiveVoxError

    assert account.password is not None
    secret = account.password.get_secret_value()
    client = LiveVoxClient(
        account.base_url,
        access_token=account.access_token.get_secret_value(),
        client_code=account.client_code,
        user_name=account.user_name,
        password=lambda: secret,
        agent=account.agent,
        api_version=account.api_version,
        timeout=settings.request_timeout,
        retry=RetryPolicy(attempts=1),
    )
    deadline = settings.poll_deadline
    result: dict[str, tuple[bool, str]] = {}
    async with client:
        try:
            login = await asyncio.wait_for(client.login(), deadline)
        except LiveVoxError as exc:
            result["login"] = (False, f"login failed: {exc}")
            return result
        except TimeoutError:
            result["login"] = (False, f"login failed: no answer within {deadline:g} s")
            return result
        who = f" ({'agent' if account.agent else 'user'} id {login.user_id})"
        result["login"] = (True, "login ok" + (who if login.user_id else ""))
        days = login.days_until_password_expires
        if days is not None and days <= 14:
            result["password expires"] = (True, f"in {days} days")
        name = "list_channels" if account.agent else "list_sms_codes"
        try:
            call = client.list_channels() if account.agent else client.list_sms_codes()
            items = await asyncio.wait_for(call, deadline)
        except LiveVoxError as exc:
            result["read"] = (False, f"read failed: {name}: {exc}")
        except TimeoutError:
            result["read"] = (False, f"read failed: {name}: no answer within {deadline:g} s")
        else:
            result["read"] = (True, f"read ok: {name} ({len(items)} items)")
    return result


# -- output ------------------------------------------------------------------------------------


def render(report: Report) -> str:
    lines = [f"inbox-tui {__version__} doctor"]
    for name, facts in report.sections.items():
        if name == "permissions":
            continue
        lines.append("")
        lines.append(name)
        for key, value in facts.items():
            lines.append(f"  {key}: {shown(value)}")
    lines.append("")
    for warning in report.warnings:
        lines.append(f"warning: {warning}")
    for problem in report.problems:
        lines.append(f"problem: {problem}")
    count = len(report.problems)
    lines.append("all is well" if report.ok else f"{count} problem{'s' if count > 1 else ''}")
    return "\n".join(lines)


def shown(value: Any) -> str:
    if isinstance(value, dict) and "path" in value:
        state = f"mode {value['mode']}" if value["exists"] else "not created yet"
        return f"{value['path']} ({state})"
    return str(value)


if __name__ == "__main__":  # pragma: no cover
    parser = argparse.ArgumentParser(prog="inbox-tui doctor")
    add_arguments(parser)
    sys.exit(run(parser.parse_args()))
