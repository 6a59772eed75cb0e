"""Entry point ``inbox-tui``: parse arguments, pick demo or LiveVox, start the app.

Textual is imported only when the app starts, so ``--help``, ``sim`` and ``audit`` stay light.
There is no password flag: a password comes from the environment, a profile's command, or the
login screen.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import importlib.util
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from inbox_tui import __version__

if TYPE_CHECKING:
    from inbox_tui.config import Settings
    from inbox_tui.store import ProfileLocked

DEMO_THREADS = 40
SUBCOMMANDS = {
    "sim": ("inbox_tui.sim.serve", "Serve the LiveVox simulator over HTTP."),
    "audit": ("inbox_tui.store.audit_cli", "Show the local audit log of what was sent."),
    "doctor": ("inbox_tui.doctor", "Check the config, files, terminal and the LiveVox login."),
}
MAX_DEMO_THREADS = 100_000


def _module_exists(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="inbox-tui",
        description="Keyboard-first terminal inbox for LiveVox SMS. With no account "
        "configured it starts a demo against the built-in simulator.",
        epilog="Environment: LIVEVOX_URL, LIVEVOX_CLIENT, LIVEVOX_USER, LIVEVOX_ACCESS_TOKEN, "
        "LIVEVOX_PASSWORD. Profiles live in config.toml in the user config dir.",
    )
    parser.add_argument("--version", action="version", version=f"inbox-tui {__version__}")
    parser.add_argument("--demo", action="store_true", help="run the demo (simulated LiveVox)")
    parser.add_argument("--profile", metavar="NAME", help="use this profile from the config file")
    parser.add_argument("--config", type=Path, metavar="FILE", help="read this config file")
    parser.add_argument("--url", help="LiveVox API base URL, e.g. https://api.na4.livevox.com")
    parser.add_argument("--client", metavar="CODE", help="LiveVox client code")
    login = parser.add_mutually_exclusive_group()
    login.add_argument("--user", metavar="LOGIN", help="agent login")
    login.add_argument("--user-login", metavar="LOGIN", help="user (supervisor) login")
    parser.add_argument(
        "--log-level", choices=["DEBUG", "INFO", "WARNING", "ERROR"], help="log file detail"
    )
    parser.add_argument(
        "--ascii", action="store_true", help="draw with ASCII only (for terminals without UTF-8)"
    )
    parser.add_argument(
        "--read-only",
        action="store_true",
        help="open the profile read-only (when another inbox-tui has it): nothing is sent",
    )
    parser.add_argument("--poll-interval", type=float, metavar="SECONDS", help=argparse.SUPPRESS)
    parser.add_argument("--demo-threads", type=int, default=None, help=argparse.SUPPRESS)
    names = _subcommands()
    if names:
        commands = parser.add_subparsers(
            dest="command", metavar="{" + ",".join(names) + "}", parser_class=CommandParser
        )
        for name in names:
            module_name, help_text = SUBCOMMANDS[name]
            commands.add_parser(name, help=help_text, description=help_text, module=module_name)
    return parser


class CommandParser(argparse.ArgumentParser):
    """A subcommand's parser that imports its module only when the subcommand is parsed, so
    starting the app never pays for the simulator's server or the audit report."""

    def __init__(self, *args: Any, module: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._module: str | None = module

    def parse_known_args(
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        if self._module is not None:
            module = importlib.import_module(self._module)
            module.add_arguments(self)
            self.set_defaults(run=module.run)
            self._module = None
        return super().parse_known_args(args, namespace)


def _subcommands() -> list[str]:
    return [name for name, (module, _) in SUBCOMMANDS.items() if _module_exists(module)]


def main(argv: list[str] | None = None) -> int:
    # Start-up builds a few hundred thousand objects and frees almost none, so the cyclic
    # collector would walk them again and again: about a fifth of the time to the first frame.
    # It is off until the app's first frame (the app turns it back on) or until main returns;
    # the subcommands run with it on.
    gc.disable()
    # No pydantic plugins are used: without this, the first model scans the entry points of
    # every installed distribution for them (about 20 ms before the first frame).
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        args = build_parser().parse_args(argv)
        if getattr(args, "command", None):
            gc.enable()
            return int(args.run(args) or 0)
        return run_app(args)
    finally:
        gc.enable()


def run_app(args: argparse.Namespace) -> int:
    from inbox_tui.config import ConfigError, resolve_start

    try:
        start = resolve_start(
            env=os.environ,
            path=args.config,
            profile=args.profile,
            demo=args.demo,
            url=args.url,
            client=args.client,
            user=args.user,
            user_login=args.user_login,
            overrides={
                "log_level": args.log_level,
                "poll_interval": args.poll_interval,
                "glyphs": "ascii" if args.ascii else None,
            },
        )
        settings, account = start.settings, start.account
        check_demo_threads(args.demo_threads)
        check_keymap(settings)
    except ConfigError as exc:
        print(f"inbox-tui: {exc}", file=sys.stderr)
        return 2

    from inbox_tui.ui.log_file import setup_logging

    setup_logging(settings.log_level)
    from inbox_tui.connector import live_connector
    from inbox_tui.demo import demo_connector
    from inbox_tui.store import ProfileLock, ProfileLocked, Store, StoreError
    from inbox_tui.ui.app import InboxApp

    profile = store_profile(settings, args.profile, demo=account is None)
    lock = None
    read_only = None
    try:
        lock = ProfileLock.acquire(profile)
        if args.read_only:  # asked for, though nobody else has it: hold nothing
            lock.release()
            read_only = "Read-only (--read-only): nothing can be sent here."
    except ProfileLocked as refused:
        read_only = shared_profile(refused, asked=not args.read_only)
        if read_only is None:
            return 2
    except (StoreError, ValueError) as exc:
        print(f"inbox-tui: {exc}", file=sys.stderr)
        return 2
    if account is None:
        connector = demo_connector(threads=args.demo_threads or DEMO_THREADS, settings=settings)
    else:
        connector = live_connector(account, settings)
    try:
        store = Store.for_profile(profile, read_only=read_only is not None)
    except (StoreError, ValueError) as exc:
        print(f"inbox-tui: {exc}", file=sys.stderr)
        return 2
    settings, colours = terminal_settings(settings, os.environ)
    if colours == "none":
        os.environ.setdefault("NO_COLOR", "1")  # Textual would send 24-bit colour to TERM=dumb
    try:
        with store:
            app = InboxApp(
                connector,
                settings,
                store=store,
                demo_reason=start.demo_reason,
                profile=profile,
                read_only=read_only,
                config_path=start.path,
            )
            if settings.theme is not None and settings.theme not in app.available_themes:
                names = ", ".join(sorted(app.available_themes))
                print(
                    f"inbox-tui: theme {settings.theme!r} is not one of: {names}", file=sys.stderr
                )
                return 2
            app.run(mouse=settings.resolved_mouse(os.environ))
    finally:
        if lock is not None:
            lock.release()
    return 0


def shared_profile(refused: ProfileLocked, *, asked: bool) -> str | None:
    """Another process has the profile: say who, then (``asked``, on a terminal) ask whether to
    open it read-only. Returns why the app is read-only, or None to quit."""
    pid = refused.holder_pid or "?"
    host = refused.holder_host or "this host"
    since = refused.holder_started or "an unknown time"
    print(
        f"inbox-tui: profile {refused.profile} is in use by process {pid} on {host} since {since}.",
        file=sys.stderr,
    )
    if asked:
        if not sys.stdin.isatty():
            return None
        try:
            answer = input("Open it read-only (r) or quit (q)? ")
        except EOFError:
            return None
        if answer.strip().lower() != "r":
            return None
    return f"Read-only: another inbox-tui has this profile (PID {pid}); nothing can be sent here."


def terminal_settings(settings: Settings, env: Mapping[str, str]) -> tuple[Settings, str]:
    """The settings with "auto" resolved from the terminal: glyphs from the locale, and on a
    16-colour terminal the ANSI theme unless one is set (its reverse-video cursor replaces the
    accent bar 16 colours turn bright red). Also returns the colour count (``doctor``'s)."""
    from inbox_tui.doctor import color_count

    colours = color_count(env)
    update: dict[str, str] = {"glyphs": settings.resolved_glyphs(env)}
    if settings.theme is None and colours == "16":
        update["theme"] = "ansi-dark"
    return settings.model_copy(update=update), colours


def check_demo_threads(threads: int | None) -> None:
    """``--demo-threads``, if given, is 1..MAX_DEMO_THREADS (a negative count hung the demo)."""
    from inbox_tui.config import ConfigError

    if threads is not None and not 0 < threads <= MAX_DEMO_THREADS:
        raise ConfigError(f"--demo-threads {threads}: must be between 1 and {MAX_DEMO_THREADS:,}")


def check_keymap(settings: Settings) -> dict[str, str]:
    """The ``[keymap]`` overrides checked against the app's action table before the app starts:
    a ConfigError (exit 2) instead of a broken binding. Returns action -> keys.

    ``inbox_tui.ui.keymap`` has no Textual import, so this costs nothing; if the UI's table
    moves, point this at it (it must stay a list of objects with ``action`` and ``key``)."""
    from inbox_tui.config import resolve_keymap

    if not settings.keymap:
        return {}
    from inbox_tui.ui.keymap import ACTIONS

    return resolve_keymap(settings.keymap, [(spec.action, spec.key) for spec in ACTIONS])


def store_profile(settings: Settings, name: str | None, *, demo: bool) -> str:
    """The local database to use: the demo's own, else the chosen profile's (cache, drafts and
    outbox are per profile, so two accounts never mix)."""
    from inbox_tui.store.paths import DEFAULT_PROFILE

    if demo:
        return "demo"
    only = next(iter(settings.profiles)) if len(settings.profiles) == 1 else None
    return name or settings.default_profile or only or DEFAULT_PROFILE
