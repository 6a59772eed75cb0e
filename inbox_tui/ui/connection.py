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
    SLOW = "slow"
    """A call has been waiting longer than ``slow_after`` for ``elapsed`` seconds."""
    NOT_ANSWERING = "not_answering"
    """A call has been waiting longer than the request timeout, ``elapsed`` seconds."""


_LABELS = {
    ConnectionState.CONNECTING: "connecting…",
    ConnectionState.CONNECTED: "● connected",
    ConnectionState.RETRYING: "retrying in {retry_in:.0f} s",
    ConnectionState.OFFLINE: "offline · retrying in {retry_in:.0f} s",
    ConnectionState.EXPIRED: "session expired - press a key to log in again",
    ConnectionState.LOGGING_IN: "logging in…",
    ConnectionState.NOT_LOGGED_IN: "not logged in",
    ConnectionState.SLOW: "slow ({elapsed:.0f} s)",
    ConnectionState.NOT_ANSWERING: "not answering ({elapsed:.0f} s)",
}
_WATCHED = (ConnectionState.CONNECTING, ConnectionState.CONNECTED)
"""The states a waiting call overrides: retries and logins say more than "slow"."""


@dataclass(frozen=True)
class Connection:
    """A state and, while retrying, the seconds until the next try; while slow, the seconds
    the oldest call has waited."""

    state: ConnectionState = ConnectionState.CONNECTING
    retry_in: float = 0.0
    elapsed: float = 0.0

    @property
    def connected(self) -> bool:
        return self.state is ConnectionState.CONNECTED

    def label(self) -> str:
        """The header's words for it: ``● connected``, ``offline · retrying in 16 s``, …"""
        return _LABELS[self.state].format(retry_in=self.retry_in, elapsed=self.elapsed)

    def waiting(self, waited: float | None, *, slow_after: float, timeout: float) -> Connection:
        """This connection as the header shows it while a call has ``waited`` seconds (None:
        no call in flight): "slow" past ``slow_after``, "not answering" past ``timeout``."""
        if waited is None or waited < slow_after or self.state not in _WATCHED:
            return self
        state = ConnectionState.NOT_ANSWERING if waited >= timeout else ConnectionState.SLOW
        return Connection(state, elapsed=int(waited))
