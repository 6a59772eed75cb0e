"""Where a profile's database lives; creating it private to the user (0700 folder, 0600 file)."""

from __future__ import annotations

import os
import re
import stat
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


PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def ensure_private_dir(folder: Path) -> None:
    """Create ``folder`` (and missing parents) and make it exactly 0700, whatever the umask;
    an existing folder open to others is closed to them."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    # Parents made here (~/.local/share under a fresh home) are private too: under umask 000
    # mkdir would leave them world-writable.
    for made in reversed(missing):
        made.mkdir(mode=PRIVATE_DIR_MODE, exist_ok=True)
        made.chmod(PRIVATE_DIR_MODE)
    folder = missing[0] if missing else folder
    # mkdir's mode passes through the umask; the folder must end up exactly 0700.
    if stat.S_IMODE(folder.stat().st_mode) != PRIVATE_DIR_MODE:
        folder.chmod(PRIVATE_DIR_MODE)


def create_private_file(path: Path) -> None:
    """Create ``path`` (and its folder) readable by the user only, before SQLite opens it."""
    ensure_private_dir(path.parent)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE_MODE)
    try:
        # An existing file keeps its old mode through os.open: customer data is never
        # group-readable, and a umask of 000 changes nothing.
        if stat.S_IMODE(os.fstat(fd).st_mode) != PRIVATE_FILE_MODE:
            os.fchmod(fd, PRIVATE_FILE_MODE)
    finally:
        os.close(fd)


def restrict_sidecars(path: Path) -> None:
    """Make SQLite's -wal and -shm files 0600 too (SQLite copies the database's mode; be sure)."""
    for suffix in ("-wal", "-shm"):
        sidecar = path.with_name(path.name + suffix)
        if sidecar.exists() and stat.S_IMODE(sidecar.stat().st_mode) != PRIVATE_FILE_MODE:
            sidecar.chmod(PRIVATE_FILE_MODE)
