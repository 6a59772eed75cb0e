"""Where a profile's database lives; creating it private to the user (0700 folder, 0600 file)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import platformdirs

APP_NAME = "inbox-tui"
DEFAULT_PROFILE = "default"
_PROFILE_NAME = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.-]{0,63}")


def data_dir() -> Path:
    """The folder holding every profile's database."""
    return platformdirs.user_data_path(APP_NAME)


def database_path(profile: str = DEFAULT_PROFILE) -> Path:
    """The database file of ``profile``; the name may not climb out of the data folder."""
    if not _PROFILE_NAME.fullmatch(profile):
        raise ValueError("A profile name is letters, digits, '.', '_' or '-' (at most 64).")
    return data_dir() / f"{profile}.sqlite3"


def create_private_file(path: Path) -> None:
    """Create ``path`` (and its folder) readable by the user only, before SQLite opens it."""
    folder = path.parent
    if not folder.exists():
        folder.mkdir(mode=0o700, parents=True)
        # mkdir's mode passes through the umask; the folder must end up exactly 0700.
        folder.chmod(0o700)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    os.close(fd)
    # An existing file keeps its old mode through os.open: customer data is never group-readable.
    path.chmod(0o600)


def restrict_sidecars(path: Path) -> None:
    """Make SQLite's -wal and -shm files 0600 too (SQLite copies the database's mode; be sure)."""
    for suffix in ("-wal", "-shm"):
        sidecar = path.with_name(path.name + suffix)
        if sidecar.exists():
            sidecar.chmod(0o600)
