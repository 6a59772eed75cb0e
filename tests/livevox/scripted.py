"""A scripted LiveVox behind httpx.MockTransport, for exact-request and fault-sequence tests."""

from __future__ import annotations

import asyncio
import json
from collections import deque
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx

from inbox_tui.livevox.client import LiveVoxClient

ACCESS_TOKEN = "tok-SECRET-4f1c"
PASSWORD = "pw-SECRET-9a7e"
AGENT_ID = "645836"
# The reference's examples, one file each, copied verbatim from shared/livevox/seed-examples.json
# (test_contract_examples.py checks the copy when shared/ is beside the clone).
EXAMPLES_DIR = Path(__file__).parents[1] / "fixtures/livevox_examples"

Answer = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


def load_seed_examples() -> dict[str, dict[str, Any]]:
    """The reference's examples by title, as in seed-examples.json."""
    examples = [json.loads(path.read_text()) for path in sorted(EXAMPLES_DIR.glob("*.json"))]
    return {example.pop("title"): example for example in examples}


def session_for(login_number: int) -> str:
    return f"sess-SECRET-{login_number:04d}"


class ScriptedLiveVox:
    """Answers logins itself (one new session per login) and other calls from a script.

    ``answers`` is consumed first, one entry per non-login request (a Response, an exception to
    raise, or a function of the request); then ``default`` answers. A request carrying a session
    that was expired with ``expire_sessions`` gets 401, like LiveVox. ``gate`` (a barrier) holds
    calls until that many are in flight; ``login_gate`` holds logins until it is set.
    """

    def __init__(self, default: Answer | None = None) -> None:
        self.requests: list[httpx.Request] = []
        self.answers: deque[Answer] = deque()
        self.login_answers: deque[Answer] = deque()
        self.default = default or httpx.Response(204)
        self.logins = 0
        self.valid_sessions: set[str] = set()
        self.gate: asyncio.Barrier | None = None
        self.login_arrived = asyncio.Event()
        self.login_gate: asyncio.Event | None = None

    @property
    def calls(self) -> list[httpx.Request]:
        """Every request but logins."""
        return [r for r in self.requests if not r.url.path.endswith("/login")]

    def expire_sessions(self) -> None:
        self.valid_sessions.clear()

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.url.path.endswith("/login"):
            self.login_arrived.set()
            if self.login_gate is not None:
                await self.login_gate.wait()
            return self._login(request)
        if self.gate is not None:
            gate = self.gate
            await gate.wait()
            self.gate = None
        if request.headers.get("LV-Session") not in self.valid_sessions:
            return httpx.Response(401, json={"code": 401, "message": "Session expired"})
        return _play(self.answers.popleft() if self.answers else self.default, request)

    def _login(self, request: httpx.Request) -> httpx.Response:
        if self.login_answers:
            return _play(self.login_answers.popleft(), request)
        self.logins += 1
        session = session_for(self.logins)
        self.valid_sessions.add(session)
        return httpx.Response(
            200, json={"sessionId": session, "clientId": 1004, "userId": int(AGENT_ID)}
        )


def _play(answer: Answer, request: httpx.Request) -> httpx.Response:
    if isinstance(answer, Exception):
        raise answer
    if isinstance(answer, httpx.Response):
        return httpx.Response(answer.status_code, headers=answer.headers, content=answer.content)
    return answer(request)


class SleepRecorder:
    """An injected ``sleep`` that returns at once and remembers what it was asked to wait."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


# One call of every client method with minimal valid arguments.
CALLS: dict[str, Callable[[LiveVoxClient], Awaitable[Any]]] = {
    "list_templates": lambda c: c.list_templates(),
    "send_sms": lambda c: c.send_sms(from_code="1", to="2", message="x", account="3"),
    "list_sms_codes": lambda c: c.list_sms_codes(),
    "channel_counts": lambda c: c.channel_counts("1"),
    "list_channels": lambda c: c.list_channels(),
    "list_threads": lambda c: c.list_threads("1"),
    "assign_to_group": lambda c: c.assign_to_group("1"),
    "take_to_personal": lambda c: c.take_to_personal("1", "2"),
    "transfer_thread": lambda c: c.transfer_thread("1", "2"),
    "list_transfer_agents": lambda c: c.list_transfer_agents("1"),
    "resolve_thread": lambda c: c.resolve_thread("1", account="2"),
    "send_message": lambda c: c.send_message(from_number="1", to_number="2", message="x"),
    "mark_read": lambda c: c.mark_read("1", "2"),
    "mark_unread": lambda c: c.mark_unread("1", "2"),
    "list_messages": lambda c: c.list_messages(thread_id="1"),
    "list_term_codes": lambda c: c.list_term_codes("1"),
}
