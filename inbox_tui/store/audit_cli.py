"""``inbox-tui audit``: print a profile's audit log as plain text lines."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from inbox_tui.store.audit import AuditEntry
from inbox_tui.store.errors import SearchQueryError
from inbox_tui.store.paths import DEFAULT_PROFILE, database_path
from inbox_tui.store.query import parse_since
from inbox_tui.store.store import Store
from inbox_tui.text import clean_text


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the audit subcommand's options to ``parser``."""
    parser.add_argument(
        "--profile", default=DEFAULT_PROFILE, help="profile name (default: %(default)s)"
    )
    parser.add_argument("--limit", type=int, default=100, help="most recent entries to show")
    parser.add_argument("--since", help="only entries since 3h, 2d, 1w or a date (2026-11-01)")
    parser.add_argument(
        "--database", type=Path, help="read this database file instead of the profile's"
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
    # Details can quote text from LiveVox: nothing in it may steer the terminal.
    return clean_text(line)


def run(args: argparse.Namespace) -> int:
    """Print the audit log; a missing database is not an error (nothing was recorded yet)."""
    try:
        path = args.database or database_path(args.profile)
    except ValueError as error:
        print(f"inbox-tui audit: {error}")
        return 2
    if not path.exists():
        print(f"No audit log yet: {path} does not exist.")
        return 0
    with Store.open(path) as store:
        try:
            since = parse_since(args.since, store.clock().astimezone()) if args.since else None
        except SearchQueryError as error:
            print(f"inbox-tui audit: --{error}")
            return 2
        for entry in store.audit_entries(limit=args.limit, since=since):
            print(format_entry(entry))
    return 0
