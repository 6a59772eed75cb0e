"""Entry point ``inbox-tui``: parse arguments, pick demo or LiveVox, start the app."""

import argparse
import sys

from inbox_tui import __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="inbox-tui", description="Keyboard-first terminal inbox for LiveVox SMS."
    )
    parser.add_argument("--version", action="version", version=f"inbox-tui {__version__}")
    return parser


def main(argv: list[str] | None = None) -> int:
    build_parser().parse_args(argv)
    print("inbox-tui: the app is not built yet", file=sys.stderr)
    return 1
