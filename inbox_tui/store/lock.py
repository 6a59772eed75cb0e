"""One app instance per profile (issue 11.2): an exclusive ``flock`` on
``<data dir>/<profile>.lock``, taken without waiting and held for the life of the process.

The kernel releases the lock however the process ends (even SIGKILL), so a stale lock file
never blocks a start. Once locked, the holder writes its pid, host and start time into the
file; a refused start reads them to say who holds the profile.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

from inbox_tui.store.errors import StoreError, classify
from inbox_tui.store.paths import DEFAULT_PROFILE, database_path, ensure_private_dir


def lock_path(profile: str = DEFAULT_PROFILE) -> Path:
    """The lock file of ``profile``, beside its database."""
    return database_path(profile).with_suffix(".lock")


class ProfileLocked(StoreError):
    """Another process holds the profile. ``holder_pid``, ``holder_host`` and ``holder_started``
    say which (None when the holder had not written them yet)."""

    reason = "locked by another process"

    def __init__(
        self,
        profile: str,
        holder_pid: int | None,
        holder_host: str | None = None,
        holder_started: str | None = None,
    ) -> None:
        self.profile = profile
        self.holder_pid = holder_pid
        self.holder_host = holder_host
        self.holder_started = holder_started
        who = f"process {holder_pid}" if holder_pid else "another process"
        if holder_host:
            who += f" on {holder_host}"
        if holder_started:
            who += f" (started {holder_started})"
        super().__init__(f"Profile {profile!r} is already open in {who}.")


@dataclass
class ProfileLock:
    """A held profile lock. Keep the object (its file descriptor holds the lock) for the
    process's life; :meth:`release` gives it up early (tests, switching profiles)."""

    profile: str
    path: Path
    _fd: int | None

    @classmethod
    def acquire(cls, profile: str = DEFAULT_PROFILE, *, path: Path | None = None) -> Self:
        """Take the profile's lock without waiting; raise :class:`ProfileLocked` naming the
        holder when another process has it, or a :class:`StoreError` when the file cannot be
        made (read-only or full disk)."""
        path = path or lock_path(profile)
        try:
            ensure_private_dir(path.parent)
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        except OSError as error:
            raise classify(error, path) from None
        try:
            os.fchmod(fd, 0o600)
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_holder(fd)
            os.close(fd)
            raise ProfileLocked(
                profile, holder.get("pid"), holder.get("host"), holder.get("started")
            ) from None
        except OSError as error:
            os.close(fd)
            raise classify(error, path) from None
        record = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "started": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        with contextlib.suppress(OSError):  # the lock holds even if the note cannot be written
            os.ftruncate(fd, 0)
            os.pwrite(fd, (json.dumps(record) + "\n").encode(), 0)
        return cls(profile, path, fd)

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        """Give the lock up (closing the file releases it)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()


def _read_holder(fd: int) -> dict[str, Any]:
    try:
        data = json.loads(os.pread(fd, 4096, 0).decode("utf-8", "replace") or "{}")
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    pid = data.get("pid")
    return {
        "pid": pid if isinstance(pid, int) else None,
        "host": str(data["host"]) if data.get("host") else None,
        "started": str(data["started"]) if data.get("started") else None,
    }
