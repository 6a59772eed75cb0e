"""The control API under ``/_sim/``: drive a simulator that runs in another process.

A test that starts ``inbox-tui sim`` (or the app under uvicorn) injects faults, reads what the
simulator saw, makes customers reply and changes knobs over HTTP. It needs no LiveVox session
and is never recorded in ``world.requests``; only ``SimConfig(control=True)`` serves it.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from inbox_tui.sim.records import SimError
from inbox_tui.sim.world import World

PREFIX = "/_sim/"

_NUMBER = (int, float)
_TEXT = (str,)
_ANY = (object,)
# Fields of POST /_sim/faults (``World.inject_fault``) and the JSON types they take.
FAULT_FIELDS: dict[str, tuple[type, ...]] = {
    "status": (int, type(None)),
    "path_contains": _TEXT,
    "method": (str, type(None)),
    "times": (int,),
    "retry_after": (*_NUMBER, type(None)),
    "drop": (bool,),
    "drop_after_apply": (bool,),
    "hold": (*_NUMBER, type(None)),
    "body": _ANY,
}
# Knobs POST /_sim/configure may change (``World.configure``); the others are fixed at build.
CONFIG_FIELDS: dict[str, tuple[type, ...]] = {
    "shape": _TEXT,
    "history_order": _TEXT,
    "termcode_shape": _TEXT,
    "page_size": (int,),
    "session_ttl": _NUMBER,
    "latency": _NUMBER,
    "jitter": _NUMBER,
    "error_rate": _NUMBER,
    "rate_limit_rate": _NUMBER,
    "retry_after": (*_NUMBER, type(None)),
    "drop_rate": _NUMBER,
}


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"code": status, "message": message}, status_code=status)


async def _fields(request: Request, types: dict[str, tuple[type, ...]]) -> dict[str, Any]:
    """The body: a JSON object of known fields with the right JSON types."""
    try:
        body = json.loads(await request.body() or b"{}")
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise SimError(400, "The body is not valid JSON.") from exc
    if not isinstance(body, dict):
        raise SimError(400, "The body must be a JSON object.")
    for key, value in body.items():
        allowed = types.get(key)
        if allowed is None:
            raise SimError(400, f"Unknown field {key}; known: {', '.join(types)}.")
        if allowed is _ANY:
            continue
        if (isinstance(value, bool) and bool not in allowed) or not isinstance(value, allowed):
            raise SimError(400, f"Field {key} has the wrong type.")
    return body


def control_app(world: World) -> Starlette:
    """The ``/_sim/`` endpoints over ``world``."""

    async def faults(request: Request) -> Response:
        try:
            fault = world.inject_fault(**await _fields(request, FAULT_FIELDS))
        except ValueError as exc:
            raise SimError(400, str(exc)) from exc
        fields = {name: getattr(fault, name) for name in FAULT_FIELDS}
        return JSONResponse(fields, status_code=201)

    async def requests(_request: Request) -> Response:
        return JSONResponse(
            [
                {
                    "method": r.method,
                    "path": r.path,
                    "query": r.query,
                    "json": r.json,
                    "status": r.status,
                    "dropped": r.dropped,
                }
                for r in world.requests
            ]
        )

    async def sends(_request: Request) -> Response:
        return JSONResponse(
            [
                {
                    "id": s.id,
                    "kind": s.kind,
                    "from": s.from_,
                    "to": s.to,
                    "text": s.text,
                    "templateId": s.template_id,
                    "account": s.account,
                    "threadId": s.thread_id,
                    "serviceId": s.service_id,
                }
                for s in world.sends
            ]
        )

    async def reply(request: Request) -> Response:
        body = await _fields(request, {"threadId": (str, type(None)), "text": (str, type(None))})
        message = world.customer_reply(body.get("threadId"), body.get("text"))
        return JSONResponse(
            {
                "id": message.id,
                "threadId": message.thread_id,
                "text": message.text,
                "date": message.date_ms,
            }
        )

    async def configure(request: Request) -> Response:
        try:
            config = world.configure(**await _fields(request, CONFIG_FIELDS))
        except ValueError as exc:
            raise SimError(400, str(exc)) from exc
        return JSONResponse({name: getattr(config, name) for name in CONFIG_FIELDS})

    async def sim_error(_request: Request, exc: Exception) -> Response:
        assert isinstance(exc, SimError)
        return _error(exc.status, exc.message)

    return Starlette(
        routes=[
            Route(f"{PREFIX}faults", faults, methods=["POST"]),
            Route(f"{PREFIX}requests", requests, methods=["GET"]),
            Route(f"{PREFIX}sends", sends, methods=["GET"]),
            Route(f"{PREFIX}reply", reply, methods=["POST"]),
            Route(f"{PREFIX}configure", configure, methods=["POST"]),
        ],
        exception_handlers={SimError: sim_error},
    )
