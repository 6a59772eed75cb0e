"""Logging to a private file in platformdirs' log dir; nothing goes to the terminal."""

from __future__ import annotations

import logging
from pathlib import Path

from inbox_tui.config import log_dir, private_file
from inbox_tui.core.pii import PiiLogFilter

LOG_FILE = "inbox-tui.log"


def setup_logging(level: str, folder: Path | None = None) -> Path:
    """Send the root logger to ``<log dir>/inbox-tui.log`` (0600 in a 0700 dir); returns it."""
    path = private_file((folder or log_dir()) / LOG_FILE)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    # SSNs and dates of birth never reach the file, whoever logs them.
    handler.addFilter(PiiLogFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("httpx").setLevel(max(logging.WARNING, root.level))
    return path
