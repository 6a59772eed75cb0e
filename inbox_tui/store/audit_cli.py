"""``inbox-tui audit``: print a profile's audit log as plain text lines or JSON lines, or check
its hash chain (``--verify``)."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import Any

from inbox_tui.core.pii import mask_pii
from inbox_tui.store.audit import AuditEntry
from inbox_tui.store.errors import SearchQueryError, StoreError
from inbox_tui.store.paths import DEFAULT_PROFILE, database_path
from inbox_tui.store.query import parse_since
from inbox_tui.store.store import Store
from inbox_tui.text import clean_text

DEMO_PROFILE = "demo"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the audit subcommand's options to ``parser``."""
    parser.add_argument(
        "--profile", default=None, help="profile name (default: the profile the app would use)"
    )
    parser.add_argument("--limit", type=int, default=100, help="most recent entries to show")
    parser.add_argument("--since", help="only entries since 3h, 2d, 1w or a date (2026-11-01)")
    parser.add_argument(
        "--database", type=Path, help="read this database file instead of the profile's"
    )
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="one JSON object per line")
    output.add_argument(
        "--verify",
        action="store_true",
        help="check the hash chain: exit 0 if intact, 1 naming the first broken row",
    )


def format_entry(entry: AuditEntry) -> str:
    """One line: time (UTC), action, thread, outcome, details."""
    details = json.dumps(entry.details, ensure_ascii=False, sort_keys=True)
    line = "  ".join(
        (
            entry.at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            entry.action,
            entry.thread_id or "-",
            entry.outcome,
            details,
        )
    )
    # Details can quote text from LiveVox: nothing in it may steer the terminal. Rows are
    # scrubbed when written; masking again covers rows an older version wrote.
    return mask_pii(clean_text(line))


def format_json(entry: AuditEntry) -> str:
    """One JSON line with every field (ASCII-escaped: nothing in it can steer a terminal)."""
    return mask_pii(json.dumps(entry.as_json(), ensure_ascii=True, sort_keys=True))


def default_profile() -> str:
    """The profile the app would use: ``inbox_tui.config.profile_for_audit()`` when the config
    module provides it; else the demo's database when there is no config file and no
    ``LIVEVOX_*`` variable (the app would start the demo), else ``default``."""
    import importlib

    try:
        config: Any = importlib.import_module("inbox_tui.config")
    except ImportError:
        config = None
    hook = getattr(config, "profile_for_audit", None)
    if callable(hook):
        return str(hook())
    has_config = False
    if config is not None and hasattr(config, "config_dir"):
        try:
            has_config = (config.config_dir() / config.CONFIG_FILE).exists()
        except (AttributeError, OSError):
            has_config = False
    if not has_config and not any(name.startswith("LIVEVOX_") for name in os.environ):
        return DEMO_PROFILE
    return DEFAULT_PROFILE


def run(args: argparse.Namespace) -> int:
    """Print the audit log (or verify it); a missing database is not an error (nothing was
    recorded yet). Exit 0, 1 for a broken chain, 2 for bad options or an unusable database."""
    try:
        path = args.database or database_path(args.profile or default_profile())
    except ValueError as error:
        print(f"inbox-tui audit: {error}")
        return 2
    if not path.exists():
        print(f"No audit log yet: {path} does not exist.")
        return 0
    try:
        # Read-only: reading the log never changes it (nor migrates an older file).
        store = Store.open(path, read_only=True)
    except StoreError:
        try:
            store = Store.open(path)
        except StoreError as error:
            print(f"inbox-tui audit: {error}")
            return 2
    with store:
        try:
            if getattr(args, "verify", False):
                broken = store.verify_chain()
                if broken is not None:
                    print(f"chain broken at row {broken}")
                    return 1
                print(f"chain intact: {store.audit_count()} rows")
                return 0
            try:
                since = parse_since(args.since, store.clock().astimezone()) if args.since else None
            except SearchQueryError as error:
                print(f"inbox-tui audit: --{error}")
                return 2
            as_json = getattr(args, "json", False)
            for entry in store.audit_entries(limit=args.limit, since=since):
                print(format_json(entry) if as_json else format_entry(entry))
        except StoreError as error:
            print(f"inbox-tui audit: {error}")
            return 2
    return 0
