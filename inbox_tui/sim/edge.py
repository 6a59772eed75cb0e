"""The network edge of the simulator: version segments, recording, latency and faults.

It wraps the Starlette app as plain ASGI, so that a dropped connection really sends nothing.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qsl

from starlette.applications import Starlette

from inbox_tui.sim.control import PREFIX
from inbox_tui.sim.records import Fault, RecordedRequest
from inbox_tui.sim.world import World

log = logging.getLogger("inbox_tui.sim")

_VERSIONED = re.compile(r"^/([A-Za-z]+)/v\d+(?:\.\d+)?(?=/|$)")
_LOGOUT = re.compile(r"^/session/logout/.+")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]


class SimulatedDrop(Exception):
    """Raised by the app, in process, where a real server would drop the connection."""


def normalize_path(path: str) -> str:
    """``/sms/v6.0/templates`` -> ``/sms/templates``; unversioned paths stay as they are."""
    return _VERSIONED.sub(r"/\1", path)


def _recorded_path(path: str) -> str:
    # The logout path carries the session id, a secret.
    return "/session/logout/{sessionId}" if _LOGOUT.match(path) else path


def _recorded_json(raw: bytes) -> Any:
    try:
        body = json.loads(raw) if raw else None
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    if isinstance(body, dict) and "password" in body:
        body = {**body, "password": "***"}
    return body


class SimEdge:
    """ASGI app in front of the simulator's routes; ``state.world`` is the world.

    With ``world.config.control``, paths under ``/_sim/`` go to the ``control`` app."""

    def __init__(self, app: Starlette, world: World, control: Starlette) -> None:
        self.app = app
        self.world = world
        self.control = control
        self.state = app.state

    async def __call__(
        self,
        scope: Scope,
        receive: Callable[[], Awaitable[Message]],
        send: Callable[[Message], Awaitable[None]],
    ) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.world.config.control and scope["path"].startswith(PREFIX):
            # Neither recorded nor delayed nor faulted: tests drive the simulator through it.
            await self.control(scope, receive, send)
            return
        path = normalize_path(scope["path"])
        scope = {**scope, "path": path, "raw_path": path.encode()}
        raw = await _read_body(receive)
        query = dict(_query_pairs(scope.get("query_string", b"")))
        record = RecordedRequest(scope["method"], _recorded_path(path), query, _recorded_json(raw))
        self.world.requests.append(record)
        try:
            await self._handle(scope, raw, receive, send, record)
        finally:
            log.info("%s %s -> %s", record.method, record.path, record.status or "dropped")
            self.world.notify("request")

    async def _handle(
        self, scope: Scope, raw: bytes, client: Any, send: Any, record: RecordedRequest
    ) -> None:
        """Serve one recorded request; ``client`` is the server's receive (for hang-ups)."""
        config = self.world.config
        rng = self.world.fault_rng
        if config.latency or config.jitter:
            await asyncio.sleep(config.latency + rng.uniform(0, config.jitter))
        fault = self._targeted_fault(record)
        if fault is None:
            fault = self._random_fault()
        if fault is not None and fault.drop:
            record.dropped = True
            await _drop(send)
            return
        if fault is not None and fault.status is not None:
            record.status = fault.status
            await _send_fault(send, fault)
            return

        async def receive() -> Message:
            nonlocal raw
            chunk, raw = raw, b""
            return {"type": "http.request", "body": chunk, "more_body": False}

        if fault is not None and fault.hold is not None:
            held: list[Message] = []

            async def keep(message: Message) -> None:
                if message["type"] == "http.response.start":
                    record.status = message["status"]
                held.append(message)

            await self.app(scope, receive, keep)
            if not await _hung_up_within(client, fault.hold):
                for message in held:
                    await send(message)
            return

        if fault is not None and fault.drop_after_apply:

            async def swallow(message: Message) -> None:
                if message["type"] == "http.response.start":
                    record.status = message["status"]

            await self.app(scope, receive, swallow)
            record.dropped = True
            await _drop(send)
            return

        async def forward(message: Message) -> None:
            if message["type"] == "http.response.start":
                record.status = message["status"]
            await send(message)

        await self.app(scope, receive, forward)

    def _targeted_fault(self, record: RecordedRequest) -> Fault | None:
        for fault in self.world.faults:
            if fault.matches(record.method, record.path):
                fault.hits += 1
                return fault
        return None

    def _random_fault(self) -> Fault | None:
        config = self.world.config
        rng = self.world.fault_rng
        if config.drop_rate and rng.random() < config.drop_rate:
            return Fault(None, drop=True)
        if config.rate_limit_rate and rng.random() < config.rate_limit_rate:
            return Fault(429, retry_after=config.retry_after)
        if config.error_rate and rng.random() < config.error_rate:
            if rng.random() < 0.5:
                return Fault(500)
            return Fault(503, retry_after=config.retry_after if rng.random() < 0.5 else None)
        return None


async def _hung_up_within(receive: Any, seconds: float) -> bool:
    """Wait ``seconds``, or less if the client hangs up meanwhile (then True)."""
    try:
        async with asyncio.timeout(seconds):
            while (await receive())["type"] != "http.disconnect":
                continue
    except TimeoutError:
        return False
    return True


async def _read_body(receive: Any) -> bytes:
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _query_pairs(query_string: bytes) -> list[tuple[str, str]]:
    return parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)


async def _send_fault(send: Any, fault: Fault) -> None:
    status = fault.status or 500
    body = (
        fault.body
        if fault.body is not None
        else {
            "code": status,
            "message": _REASONS.get(status, f"Simulated error {status}."),
        }
    )
    payload = json.dumps(body).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(payload))]
    if fault.retry_after is not None:
        value = f"{fault.retry_after:g}".encode()
        headers.append((b"retry-after", value))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": payload, "more_body": False})


_REASONS = {
    400: "Bad request.",
    401: "Invalid or expired session.",
    403: "Forbidden.",
    404: "Not found.",
    409: "Conflict.",
    429: "Too many requests.",
    500: "Internal server error.",
    502: "Configuration error.",
    503: "Service unavailable.",
}


async def _drop(send: Any) -> None:
    """Drop the connection without an answer.

    Under uvicorn, ``send`` is a method of the request cycle, which holds the socket's transport:
    closing it is a real drop (uvicorn would answer 500 to an exception). In process there is
    no socket, so :class:`SimulatedDrop` tells ``sim_transport`` to raise a read error.
    """
    transport = getattr(getattr(send, "__self__", None), "transport", None)
    if transport is None or not hasattr(transport, "close"):
        raise SimulatedDrop
    transport.close()
    # Let the loop deliver connection_lost, so uvicorn sees the client gone and sends nothing.
    for _ in range(3):
        await asyncio.sleep(0)
