"""Login and sessions: token and credential checks, rolling idle expiry, logout."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from inbox_tui.sim.records import Credentials, SimError


@dataclass
class Session:
    """A logged-in agent or user; ``last_used`` is in the simulator clock's seconds."""

    session_id: str
    agent: bool
    user_id: str
    last_used: float

    def __repr__(self) -> str:
        return f"Session(agent={self.agent}, user_id={self.user_id})"


class Sessions:
    """The simulator's session table."""

    def __init__(
        self, credentials: Credentials, agent_id: str, ttl: float, now: Callable[[], float]
    ) -> None:
        self._credentials = credentials
        self._agent_id = agent_id
        self.ttl = ttl
        self._now = now
        self._by_id: dict[str, Session] = {}

    def login(self, access_token: str | None, body: Any) -> dict[str, Any]:
        """Check the token and credentials; answer LiveVox's login body."""
        creds = self._credentials
        if access_token != creds.access_token:
            raise SimError(401, "Invalid access token.")
        if not isinstance(body, dict):
            raise SimError(400, "The login body must be a JSON object.")
        for key in ("clientName", "userName", "password"):
            if not isinstance(body.get(key), str) or not body[key]:
                raise SimError(400, f"Missing or invalid field: {key}.")
        agent = body.get("agent", False)
        if not isinstance(agent, bool):
            raise SimError(400, "Field agent must be a boolean.")
        if body["clientName"] != creds.client_code:
            raise SimError(401, "Invalid client name, user name or password.")
        if agent:
            # Agent logins are case-insensitive, user logins are not.
            known = body["userName"].upper() == creds.agent_login.upper()
            ok = known and body["password"] == creds.agent_password
            user_id = self._agent_id
        else:
            ok = body["userName"] == creds.user_login and body["password"] == creds.user_password
            user_id = creds.user_id
        if not ok:
            raise SimError(401, "Invalid client name, user name or password.")
        session = self._current(agent, user_id) or self._open(agent, user_id)
        return {
            "sessionId": session.session_id,
            "clientId": creds.client_id,
            "userId": int(user_id),
            "daysUntilPasswordExpires": 42,
        }

    def check(self, session_id: str | None) -> Session:
        """The live session for an ``LV-Session`` header; each use extends it (rolling TTL)."""
        session = self._by_id.get(session_id or "")
        if session is None:
            raise SimError(401, "Invalid or expired session.")
        now = self._now()
        if now - session.last_used > self.ttl:
            del self._by_id[session.session_id]
            raise SimError(401, "Invalid or expired session.")
        session.last_used = now
        return session

    def logout(self, session_id: str) -> None:
        """End a session."""
        self._by_id.pop(session_id, None)

    def __len__(self) -> int:
        return len(self._by_id)

    def _current(self, agent: bool, user_id: str) -> Session | None:
        now = self._now()
        for session in list(self._by_id.values()):
            if now - session.last_used > self.ttl:
                del self._by_id[session.session_id]
            elif session.agent == agent and session.user_id == user_id:
                session.last_used = now
                return session
        return None

    def _open(self, agent: bool, user_id: str) -> Session:
        session = Session(str(uuid.uuid4()), agent, user_id, self._now())
        self._by_id[session.session_id] = session
        return session
