"""The simulator's ASGI app: LiveVox's session, SMS, agent and term-code endpoints on Starlette."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from inbox_tui.sim import views
from inbox_tui.sim.builder import build_world
from inbox_tui.sim.config import SimConfig
from inbox_tui.sim.control import control_app
from inbox_tui.sim.edge import SimEdge
from inbox_tui.sim.records import SimError
from inbox_tui.sim.replies import reply_loop
from inbox_tui.sim.sessions import Session
from inbox_tui.sim.shapes import ordered
from inbox_tui.sim.world import World

CHANNEL_TYPES = {"SMS", "EMAIL", "CHAT", "VOICEMAIL", "MESSAGING", "VOICE"}

Handler = Callable[[Request], Awaitable[Response]]


def error_response(status: int, message: str) -> JSONResponse:
    """LiveVox's error body."""
    return JSONResponse({"code": status, "message": message}, status_code=status)


def _param(request: Request, name: str) -> str:
    value = request.query_params.get(name)
    if value is None or not value.strip():
        raise SimError(400, f"Missing query parameter: {name}.")
    return value.strip()


def _bool_param(request: Request, name: str) -> bool | None:
    value = request.query_params.get(name)
    if value is None:
        return None
    if value.lower() not in ("true", "false"):
        raise SimError(400, f"Query parameter {name} must be true or false.")
    return value.lower() == "true"


def _page(request: Request) -> int:
    value = request.query_params.get("pagination")
    if value is None:
        return 1
    if not value.isdigit() or int(value) < 1:
        raise SimError(400, "pagination must be a page number from 1.")
    return int(value)


def _field(body: dict[str, Any], key: str, *, required: bool, is_id: bool = False) -> str | None:
    """A string field; an id may also come as a number (the reference sends both)."""
    value = body.get(key)
    if value is None:
        if required:
            raise SimError(400, f"Missing field: {key}.")
        return None
    number = is_id and isinstance(value, int) and not isinstance(value, bool)
    if not (isinstance(value, str) or number) or not str(value).strip():
        raise SimError(400, f"Field {key} must be {'an id' if is_id else 'a non-empty string'}.")
    return str(value).strip() if is_id else value


async def _json_object(request: Request) -> dict[str, Any]:
    try:
        body = json.loads(await request.body() or b"null")
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise SimError(400, "The body is not valid JSON.") from exc
    if not isinstance(body, dict):
        raise SimError(400, "The body must be a JSON object.")
    return body


def _page_of(items: list[Any], page: int, size: int) -> list[Any]:
    return items[(page - 1) * size : page * size]


class SimApi:
    """Request handlers: parse, check the session and role, act on the world, shape the answer."""

    def __init__(self, world: World) -> None:
        self.world = world

    def session(self, request: Request, *, agent_only: bool = False) -> Session:
        """The caller's live session; 401 without one, 403 for a user on an agent call."""
        access = request.headers.get("lv-access")
        if access is not None and access != self.world.credentials.access_token:
            raise SimError(401, "Invalid access token.")
        session = self.world.sessions.check(request.headers.get("lv-session"))
        if agent_only and not session.agent:
            raise SimError(403, "This call is for agents only.")
        return session

    # -- session -------------------------------------------------------------------------

    async def login(self, request: Request) -> Response:
        body = await _json_object(request)
        answer = self.world.sessions.login(request.headers.get("lv-access"), body)
        return JSONResponse(answer)

    async def logout(self, request: Request) -> Response:
        session = self.session(request)
        if request.path_params["session_id"] != session.session_id:
            raise SimError(403, "A session can only log itself out.")
        self.world.sessions.logout(session.session_id)
        return Response(status_code=204)

    # -- SMS for agents and users ----------------------------------------------------------

    async def templates(self, request: Request) -> Response:
        self.session(request)
        return JSONResponse(views.templates(self.world))

    async def codes(self, request: Request) -> Response:
        self.session(request)
        return JSONResponse(views.sms_codes(self.world))

    async def send_sms(self, request: Request) -> Response:
        session = self.session(request)
        body = await _json_object(request)
        from_code = _field(body, "from", required=True)
        to = _field(body, "to", required=True)
        content = body.get("body")
        if not isinstance(content, dict):
            raise SimError(400, "Field body must be an object with message or templateId.")
        message = _field(content, "message", required=False)
        template_id = _field(content, "templateId", required=False, is_id=True)
        if (message is None) == (template_id is None):
            raise SimError(400, "Exactly one of body.message and body.templateId is required.")
        service_id = _field(body, "serviceId", required=False, is_id=True)
        if session.agent and service_id is not None:
            raise SimError(400, "Agents cannot pass serviceId: they send from their service.")
        if not session.agent and service_id is None:
            raise SimError(400, "Missing field: serviceId.")
        send = self.world.send_sms(
            agent_id=session.user_id if session.agent else None,
            from_code=from_code or "",
            to=to or "",
            text=message,
            template_id=template_id,
            account=_field(body, "account", required=session.agent),
            service_id=service_id,
        )
        return JSONResponse({"transactionId": int(send.id)})

    # -- agent inbox -----------------------------------------------------------------------

    async def counts(self, request: Request) -> Response:
        session = self.session(request, agent_only=True)
        if request.path_params["agent_id"] != session.user_id:
            raise SimError(403, "Counts are only available for the logged-in agent.")
        return JSONResponse(views.channel_counts(self.world))

    async def channels(self, request: Request) -> Response:
        self.session(request, agent_only=True)
        return JSONResponse(views.channels(self.world))

    async def threads(self, request: Request) -> Response:
        session = self.session(request, agent_only=True)
        channel_id = _param(request, "channelId")
        channel = _param(request, "channel").upper()
        personal = _bool_param(request, "personal")
        page = _page(request)
        if channel not in CHANNEL_TYPES:
            raise SimError(400, f"Unknown channel type {channel}.")
        world = self.world
        if channel_id == session.user_id:
            if personal is False:
                raise SimError(400, "A group inbox is listed by its service id.")
            items = world.inbox(owner=session.user_id, service_id=None)
            name = views.PERSONAL_SMS
        elif channel_id in world.services:
            # The example lists a personal inbox by service id: that agent's threads of it.
            owner = session.user_id if personal else None
            items = world.inbox(owner=owner, service_id=channel_id)
            name = views.PERSONAL_SMS if personal else views.group_name(world, channel_id)
        elif channel_id in world.agents:
            raise SimError(403, "Another agent's personal inbox is not available.")
        else:
            raise SimError(404, f"Inbox {channel_id} not found.")
        if channel != "SMS":
            items = []
        rows = [
            views.thread_row(world.config, t, channel_id, name)
            for t in _page_of(items, page, world.config.page_size)
        ]
        return JSONResponse(rows)

    async def assign_to_group(self, request: Request) -> Response:
        session = self.session(request, agent_only=True)
        self.world.assign_to_group(_param(request, "threadId"), session.user_id)
        return Response(status_code=204)

    async def take_to_personal(self, request: Request) -> Response:
        session = self.session(request, agent_only=True)
        thread_id = _param(request, "threadId")
        if _param(request, "channelId") != session.user_id:
            raise SimError(403, "A thread can only be taken into the caller's own inbox.")
        self.world.take_to_personal(thread_id, session.user_id)
        return Response(status_code=204)

    async def transfer(self, request: Request) -> Response:
        session = self.session(request, agent_only=True)
        thread_id = _param(request, "threadId")
        if _param(request, "type").upper() not in CHANNEL_TYPES:
            raise SimError(400, "Unknown channel type.")
        agent_id = _param(request, "agentId")
        if not agent_id.isdigit():
            raise SimError(400, "agentId must be a number.")
        self.world.transfer(thread_id, agent_id, session.user_id)
        return JSONResponse({"id": thread_id})

    async def transfer_agents(self, request: Request) -> Response:
        session = self.session(request, agent_only=True)
        self.world.agent_thread(_param(request, "threadId"), session.user_id)
        return JSONResponse(views.transfer_agents(self.world))

    async def resolve(self, request: Request) -> Response:
        session = self.session(request, agent_only=True)
        body = await _json_object(request)
        thread_id = _field(body, "threadId", required=True, is_id=True) or ""
        account = _field(body, "account", required=True) or ""
        entered = _field(body, "agentEnteredAccount", required=True) or ""
        self.world.resolve(
            thread_id,
            session.user_id,
            account=account,
            agent_entered_account=entered,
            term_code_id=_field(body, "termCodeId", required=False, is_id=True),
        )
        return Response(status_code=204)

    async def send_message(self, request: Request) -> Response:
        session = self.session(request, agent_only=True)
        body = await _json_object(request)
        send = self.world.send_agent_message(
            session.user_id,
            from_number=_field(body, "fromNumber", required=True) or "",
            to_number=_field(body, "toNumber", required=True) or "",
            text=_field(body, "message", required=True) or "",
            account=_field(body, "account", required=False),
            thread_id=_field(body, "threadId", required=False, is_id=True),
            template_id=_field(body, "templateId", required=False, is_id=True),
        )
        return JSONResponse({"id": send.id})

    async def mark_read(self, request: Request) -> Response:
        return await self._set_read(request, read=True)

    async def mark_unread(self, request: Request) -> Response:
        return await self._set_read(request, read=False)

    async def _set_read(self, request: Request, *, read: bool) -> Response:
        session = self.session(request, agent_only=True)
        thread_id = _param(request, "threadId")
        self.world.set_read(thread_id, session.user_id, _param(request, "channelId"), read)
        return Response(status_code=204)

    async def messages(self, request: Request) -> Response:
        self.session(request, agent_only=True)
        account = request.query_params.get("account") or None
        thread_id = request.query_params.get("threadId") or None
        if account is None and thread_id is None:
            raise SimError(400, "Pass account or threadId.")
        page = _page(request)
        config = self.world.config
        items = self.world.history(thread_id=thread_id, account=account)
        # Pages run newest first over the history; a page's items come in the configured order.
        listed = ordered(
            config, _page_of(items, page, config.page_size), page, f"{thread_id}/{account}"
        )
        return JSONResponse([views.message_row(config, m) for m in listed])

    async def term_codes(self, request: Request) -> Response:
        self.session(request, agent_only=True)
        service_id = _param(request, "serviceId")
        if service_id not in self.world.services:
            raise SimError(404, f"Service {service_id} not found.")
        return JSONResponse(views.term_codes(self.world, service_id))

    def routes(self) -> list[Route]:
        """Every path and method the reference shows, including its contradictory variants."""
        table: list[tuple[str, Handler, list[str]]] = [
            ("/session/login", self.login, ["POST"]),
            ("/session/logout/{session_id}", self.logout, ["DELETE"]),
            ("/sms/templates", self.templates, ["GET"]),
            ("/sms/", self.send_sms, ["POST"]),
            ("/sms", self.send_sms, ["POST"]),
            ("/sms/codes", self.codes, ["GET"]),
            ("/sms/agent/interaction/counts/{agent_id}", self.counts, ["GET"]),
            ("/sms/agent/channel", self.channels, ["GET"]),
            ("/sms/agent/thread/details", self.threads, ["GET"]),
            ("/agent/thread/details", self.threads, ["GET"]),
            ("/sms/agent/thread/switchGroup/public", self.assign_to_group, ["PUT"]),
            ("/sms/agent/thread/switchGroup/private", self.take_to_personal, ["PUT"]),
            ("/sms/agent/thread/transfer", self.transfer, ["GET"]),
            ("/sms/agent/search", self.transfer_agents, ["GET", "POST"]),
            ("/sms/agent/thread/resolve", self.resolve, ["POST"]),
            ("/sms/agent/message/send", self.send_message, ["POST"]),
            ("/sms/agent/message/markAsRead", self.mark_read, ["PUT"]),
            ("/sms/agent/message/markAsUnread", self.mark_unread, ["PUT", "GET"]),
            ("/sms/agent/messages", self.messages, ["GET"]),
            ("/sms/agent/messages/", self.messages, ["GET"]),
            ("/callControl/agent/termCode", self.term_codes, ["GET"]),
        ]
        return [Route(path, handler, methods=methods) for path, handler, methods in table]


async def _sim_error(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, SimError)
    return error_response(exc.status, exc.message)


async def _http_error(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return error_response(exc.status_code, str(exc.detail))


def create_app(config: SimConfig | None = None) -> SimEdge:
    """A simulated LiveVox for ``config``; the world is at ``app.state.world``.

    Served by uvicorn, the app's lifespan runs :func:`reply_loop` when
    ``config.reply_interval`` is set.
    """
    config = config or SimConfig()
    world = build_world(config)

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        task = None
        if config.reply_interval is not None:
            task = asyncio.create_task(reply_loop(world, config.reply_interval))
        try:
            yield
        finally:
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    starlette = Starlette(
        routes=SimApi(world).routes(),
        exception_handlers={SimError: _sim_error, HTTPException: _http_error},
        lifespan=lifespan,
    )
    starlette.router.redirect_slashes = False
    starlette.state.world = world
    return SimEdge(starlette, world, control_app(world))
