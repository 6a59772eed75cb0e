"""The state of the link to LiveVox as a value; the header renders it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ConnectionState(StrEnum):
    """Where the link to LiveVox stands."""

    CONNECTING = "connecting"
    CONNECTED = "connected"
    RETRYING = "retrying"
    """LiveVox answered with an error; the next poll waits ``retry_in`` seconds."""
    OFFLINE = "offline"
    """LiveVox could not be reached; the next try is in ``retry_in`` seconds."""
    EXPIRED = "expired"
    """The session ended and logging in again needs the agent."""
    LOGGING_IN = "logging_in"
    NOT_LOGGED_IN = "not_logged_in"


_LABELS = {
    ConnectionState.CONNECTING: "connecting…",
    ConnectionState.CONNECTED: "● connected",
    ConnectionState.RETRYING: "retrying in {retry_in:.0f} s",
    ConnectionState.OFFLINE: "offline · retrying in {retry_in:.0f} s",
    ConnectionState.EXPIRED: "session expired - press a key to log in again",
    ConnectionState.LOGGING_IN: "logging in…",
    ConnectionState.NOT_LOGGED_IN: "not logged in",
}


@dataclass(frozen=True)
class Connection:
    """A state and, while retrying, the seconds until the next try."""

    state: ConnectionState = ConnectionState.CONNECTING
    retry_in: float = 0.0

    @property
    def connected(self) -> bool:
        return self.state is ConnectionState.CONNECTED

    def label(self) -> str:
        """The header's words for it: ``● connected``, ``offline · retrying in 16 s``, …"""
        return _LABELS[self.state].format(retry_in=self.retry_in)
