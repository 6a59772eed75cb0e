"""Typed async client of the LiveVox SMS API: every call returns models or raises a LiveVoxError.

It logs in lazily, logs in again once when a session expires (401), retries only what is safe
to repeat, and checks its inputs before anything goes on the wire. Secrets (access token,
password, session id) never reach a log line, an error message or a repr.
"""

from __future__ import annotations

import asyncio
import copy
import inspect
import logging
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from typing import Any, TypedDict, TypeVar
from urllib.parse import quote

import httpx
from pydantic import BaseModel

from inbox_tui.livevox.errors import (
    AuthError,
    BadRequestError,
    ForbiddenError,
    InvalidRequestError,
    LiveVoxError,
    NetworkError,
    NotFoundError,
    ProtocolError,
    RateLimitedError,
    ServerError,
)
from inbox_tui.livevox.models import (
    AgentSendResult,
    Channel,
    ChannelCounts,
    LoginResult,
    Message,
    SendSmsResult,
    SmsCode,
    Template,
    TermCode,
    TermCodeCategory,
    Thread,
    TransferAgent,
    TransferResult,
)
from inbox_tui.livevox.order import newest_first
from inbox_tui.livevox.responses import (
    Page,
    as_read,
    error_from_response,
    parse_items,
    parse_model,
    parse_wrapped_items,
    read_capped,
    read_json,
    read_page,
)
from inbox_tui.livevox.retry import RetryPolicy

__all__ = ["LiveVoxClient", "RetryPolicy"]

log = logging.getLogger("inbox_tui.livevox")


class _SessionIdFilter(logging.Filter):
    """httpx logs each request URL at INFO, and the logout URL carries the session id."""

    _LOGOUT = re.compile(r"(/logout/)[^/?#\s\"]+")

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                self._LOGOUT.sub(r"\1[session]", str(arg)) if "/logout/" in str(arg) else arg
                for arg in record.args
            )
        return True


logging.getLogger("httpx").addFilter(_SessionIdFilter())

ModelT = TypeVar("ModelT", bound=BaseModel)
ItemT = TypeVar("ItemT")
Password = str | Callable[[], str] | Callable[[], Awaitable[str]]

_VERSION = re.compile(r"v?(\d+)(?:\.(\d+))?")
_NOT_DIGITS = re.compile(r"[^0-9]")
# Failures that happen before a byte of the request left this machine.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)
_FAILURE_WORDS: dict[type[Exception], str] = {
    httpx.ConnectError: "could not connect",
    httpx.ConnectTimeout: "connecting timed out",
    httpx.PoolTimeout: "no free connection in time",
    httpx.ReadTimeout: "no answer in time",
    httpx.WriteTimeout: "sending timed out",
    httpx.ReadError: "the connection dropped while reading the answer",
    httpx.WriteError: "the connection dropped while sending",
    httpx.RemoteProtocolError: "the server closed the connection",
}


@dataclass(frozen=True)
class _Call:
    """One API call as it goes on the wire; ``where`` is what logs and errors may show."""

    name: str
    method: str
    path: str
    params: dict[str, str] | None = None
    body: Any = field(default=None, repr=False)
    idempotent: bool = False
    shown_path: str | None = None
    secrets: tuple[str, ...] = field(default=(), repr=False)

    @property
    def where(self) -> str:
        return self.shown_path or self.path


class LiveVoxClient:
    """One LiveVox login (agent or user) and the SMS calls it may make."""

    def __init__(
        self,
        base_url: str,
        *,
        access_token: str,
        client_code: str,
        user_name: str,
        password: Password,
        agent: bool = True,
        api_version: str | None = None,
        timeout: float | httpx.Timeout = 15.0,
        transport: httpx.AsyncBaseTransport | None = None,
        retry: RetryPolicy | None = None,
    ) -> None:
        self._base_url = base_url
        self._access_token = _required(access_token, "access_token")
        self._client_code = _required(client_code, "client_code")
        self._user_name = _required(user_name, "user_name")
        self._password = password
        self._version = _version_segment(api_version)
        self._retry = retry or RetryPolicy()
        self._http = httpx.AsyncClient(
            base_url=base_url,
            timeout=timeout,
            transport=transport,
            headers={"Accept": "application/json"},
        )
        self.is_agent = agent
        self.agent_id: str | None = None
        self._session_id: str | None = None
        # One login at a time; tasks that waited share its outcome instead of logging in again.
        self._login_lock = asyncio.Lock()
        self._logins_done = 0
        self._login_error: LiveVoxError | None = None
        self._methods: dict[str, str] = {}

    def __repr__(self) -> str:
        return (
            f"LiveVoxClient(base_url={self._base_url!r}, client_code={self._client_code!r}, "
            f"user_name={self._user_name!r}, agent={self.is_agent}, "
            f"api_version={self._version!r}, logged_in={self.logged_in})"
        )

    @property
    def logged_in(self) -> bool:
        """Whether the client holds a session (it may still have expired on the server)."""
        return self._session_id is not None

    async def __aenter__(self) -> LiveVoxClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connections; the LiveVox session itself stays valid until it times out."""
        await self._http.aclose()

    # -- session -------------------------------------------------------------------------------

    async def login(self) -> LoginResult:
        """Log in now (other calls log in by themselves when needed, but not after a refusal)."""
        async with self._login_lock:
            return await self._login_locked()

    async def logout(self) -> None:
        """End the session on LiveVox; a session that is already gone is not an error."""
        async with self._login_lock:
            session = self._session_id
            if session is None:
                return
            self._session_id = None
            self._login_error = None
            call = _Call(
                "logout",
                "DELETE",
                self._path("session", f"logout/{quote(session, safe='')}"),
                idempotent=True,
                shown_path=self._path("session", "logout/[session]"),
            )
            try:
                await self._request(call, login_first=False, session=session)
            except (AuthError, NotFoundError):
                log.info("logout: the session had already ended")

    async def _login_locked(self) -> LoginResult:
        self._session_id = None
        try:
            password = await self._resolve_password()
            call = _Call(
                "login",
                "POST",
                self._path("session", "login"),
                body={
                    "clientName": self._client_code,
                    "userName": self._user_name,
                    "password": password,
                    "agent": self.is_agent,
                },
                # Logging in again with the same credentials returns the same session.
                idempotent=True,
                secrets=(password,),
            )
            result = await self._model(call, LoginResult, login_first=False)
        except LiveVoxError as exc:
            self._login_error = exc
            raise
        finally:
            self._logins_done += 1
        self._session_id = result.session_id
        self.agent_id = result.user_id
        self._login_error = None
        log.info("logged in as %s %s", "agent" if self.is_agent else "user", result.user_id)
        return result

    async def _resolve_password(self) -> str:
        value: Any = self._password() if callable(self._password) else self._password
        if inspect.isawaitable(value):
            value = await value
        if not isinstance(value, str) or not value:
            raise AuthError("No password was given for the LiveVox login.")
        return value

    async def _fresh_session(self, seen: int) -> str:
        """Log in, unless a login finished after ``seen`` were done: then share its outcome.

        After a refused login (AuthError) no call logs in again by itself: each try of refused
        credentials brings the account closer to a lock-out. ``login()`` tries again."""
        async with self._login_lock:
            if self._logins_done != seen or isinstance(self._login_error, AuthError):
                if self._session_id is not None:
                    return self._session_id
                if self._login_error is not None:
                    raise copy.copy(self._login_error)
            return (await self._login_locked()).session_id

    async def _own_agent_id(self) -> str:
        if self.agent_id is None and self._session_id is None:
            await self._fresh_session(self._logins_done)
        if self.agent_id is None:
            raise InvalidRequestError("LiveVox did not say which agent this is: pass agent_id.")
        return self.agent_id

    # -- SMS (users and agents) ----------------------------------------------------------------

    async def list_templates(self) -> list[Template]:
        """The SMS templates of the account."""
        call = _Call("templates", "GET", self._path("sms", "templates"), idempotent=True)
        return await self._wrapped_items(call, Template, "templates")

    async def send_sms(
        self,
        *,
        from_code: str,
        to: str,
        message: str | None = None,
        template_id: str | None = None,
        account: str | None = None,
        service_id: str | None = None,
    ) -> SendSmsResult:
        """Send a transactional SMS (``POST /sms/``): a text or a template, not both."""
        has_message = message is not None and message.strip() != ""
        has_template = template_id is not None and str(template_id).strip() != ""
        if has_message == has_template:
            raise InvalidRequestError("Give either a message or a template id (exactly one).")
        body: dict[str, Any] = {"from": _digits(from_code, "from_code"), "to": _digits(to, "to")}
        if self.is_agent:
            if service_id is not None:
                raise InvalidRequestError(
                    "An agent sends from the service they are logged into: leave service_id out."
                )
            account = _required(account, "account")
        else:
            body["serviceId"] = _required(service_id, "service_id")
        body["body"] = (
            {"message": message} if has_message else {"templateId": str(template_id).strip()}
        )
        if account is not None and account.strip():
            body["account"] = account.strip()
        call = _Call("send_sms", "POST", self._path("sms", ""), body=body)
        return await self._model(call, SendSmsResult)

    async def list_sms_codes(self) -> list[SmsCode]:
        """The short and long codes of the service."""
        call = _Call("sms_codes", "GET", self._path("sms", "codes"), idempotent=True)
        return await self._wrapped_items(call, SmsCode, "listSmsCodes")

    # -- agent inbox ---------------------------------------------------------------------------

    async def channel_counts(self, agent_id: str | None = None) -> ChannelCounts:
        """Counts of the agent's inboxes (this agent unless ``agent_id`` is given)."""
        self._require_agent("read inbox counts")
        agent = _required(agent_id, "agent_id") if agent_id is not None else None
        agent = agent or await self._own_agent_id()
        path = self._path("sms", f"agent/interaction/counts/{quote(agent, safe='')}")
        return await self._model(
            _Call("channel_counts", "GET", path, idempotent=True), ChannelCounts
        )

    async def list_channels(self) -> list[Channel]:
        """The agent's inboxes (personal and group, per channel type)."""
        self._require_agent("list inboxes")
        call = _Call("channels", "GET", self._path("sms", "agent/channel"), idempotent=True)
        return await self._items(call, Channel)

    async def list_threads(
        self,
        channel_id: str,
        channel: str = "SMS",
        *,
        personal: bool | None = None,
        page: int | None = None,
    ) -> Page[Thread]:
        """One page of an inbox's threads (pages from 1; past the end is an empty list), as the
        server ordered it; a page longer than ``MAX_PAGE_ITEMS`` is cut (``Page.cut``)."""
        call = self._threads_call(channel_id, channel, personal, page)
        return await self._page(call, Thread)

    async def list_threads_as(
        self,
        keep: Callable[[Thread], ItemT],
        channel_id: str,
        channel: str = "SMS",
        *,
        personal: bool | None = None,
        page: int | None = None,
    ) -> Page[ItemT]:
        """``list_threads``, each thread kept as ``keep(thread)`` as soon as it is read: a
        caller that holds many keeps less than the model, and a long page's models are let go
        one by one instead of all living until the page is read (the collector's full passes,
        which come while a long page is read, walk every model alive)."""
        call = self._threads_call(channel_id, channel, personal, page)
        response = await self._request(call)
        return await read_page(response, Thread, keep, **_at(call))

    def _threads_call(
        self, channel_id: str, channel: str, personal: bool | None, page: int | None
    ) -> _Call:
        self._require_agent("list threads")
        params = {"channelId": _required(channel_id, "channel_id")}
        if personal is not None:
            params["personal"] = "true" if personal else "false"
        params["channel"] = _required(channel, "channel")
        params.update(_page(page))
        path = self._path("sms", "agent/thread/details")
        return _Call("threads", "GET", path, params, idempotent=True)

    async def assign_to_group(self, thread_id: str) -> None:
        """Move a thread from the personal inbox to the group inbox."""
        self._require_agent("move threads")
        params = {"threadId": _required(thread_id, "thread_id")}
        path = self._path("sms", "agent/thread/switchGroup/public")
        await self._request(_Call("to_group", "PUT", path, params, idempotent=True))

    async def take_to_personal(self, thread_id: str, agent_id: str | None = None) -> None:
        """Move a thread from the group inbox to this agent's (or ``agent_id``'s) personal inbox."""
        self._require_agent("move threads")
        params = {"threadId": _required(thread_id, "thread_id")}
        agent = _required(agent_id, "agent_id") if agent_id is not None else None
        params["channelId"] = agent or await self._own_agent_id()
        path = self._path("sms", "agent/thread/switchGroup/private")
        await self._request(_Call("to_personal", "PUT", path, params, idempotent=True))

    async def transfer_thread(
        self, thread_id: str, agent_id: str, channel: str = "SMS"
    ) -> TransferResult:
        """Hand a thread to another agent."""
        self._require_agent("transfer threads")
        params = {
            "threadId": _required(thread_id, "thread_id"),
            "type": _required(channel, "channel"),
            "agentId": _required(agent_id, "agent_id"),
        }
        path = self._path("sms", "agent/thread/transfer")
        # A GET by its verb, but it moves the thread: repeating it after the server may have
        # acted could bounce a thread the other agent already passed on, so it is not retried.
        call = _Call("transfer", "GET", path, params, idempotent=False)
        return await self._model(call, TransferResult)

    async def list_transfer_agents(self, thread_id: str) -> list[TransferAgent]:
        """Agents who can take the thread (the reference says GET, its example POST)."""
        self._require_agent("list transfer agents")
        params = {"threadId": _required(thread_id, "thread_id")}
        call = _Call(
            "transfer_agents", "GET", self._path("sms", "agent/search"), params, idempotent=True
        )
        # The example's POST is a search too, but a POST is never repeated once it may have arrived.
        fallback = replace(call, method="POST", idempotent=False)
        return await self._items(call, TransferAgent, fallback=fallback)

    async def resolve_thread(
        self,
        thread_id: str,
        *,
        account: str,
        agent_entered_account: str | None = None,
        term_code_id: str | None = None,
    ) -> None:
        """Close a thread with a term code; the entered account defaults to ``account``."""
        self._require_agent("resolve threads")
        account = _required(account, "account")
        body = {
            "threadId": _required(thread_id, "thread_id"),
            "account": account,
            "agentEnteredAccount": (
                _required(agent_entered_account, "agent_entered_account")
                if agent_entered_account is not None
                else account
            ),
        }
        if term_code_id is not None:
            body["termCodeId"] = _required(term_code_id, "term_code_id")
        path = self._path("sms", "agent/thread/resolve")
        await self._request(_Call("resolve", "POST", path, body=body))

    async def send_message(
        self,
        *,
        from_number: str,
        to_number: str,
        message: str,
        account: str | None = None,
        thread_id: str | None = None,
        template_id: str | None = None,
    ) -> AgentSendResult:
        """Send an SMS as the agent, usually a reply in a thread."""
        self._require_agent("send agent messages")
        if message is None or not message.strip():
            raise InvalidRequestError("The message is empty.")
        body: dict[str, Any] = {
            "fromNumber": _digits(from_number, "from_number"),
            "toNumber": _digits(to_number, "to_number"),
            "message": message,
        }
        optional = {"account": account, "threadId": thread_id, "templateId": template_id}
        for key, value in optional.items():
            if value is not None:
                body[key] = _required(value, key)
        path = self._path("sms", "agent/message/send")
        return await self._model(_Call("send_message", "POST", path, body=body), AgentSendResult)

    async def mark_read(self, thread_id: str, channel_id: str) -> None:
        """Mark a thread read."""
        self._require_agent("mark threads read")
        path = self._path("sms", "agent/message/markAsRead")
        await self._request(
            _Call("mark_read", "PUT", path, _read_params(thread_id, channel_id), idempotent=True)
        )

    async def mark_unread(self, thread_id: str, channel_id: str) -> None:
        """Mark a thread unread (the reference says PUT, its example GET)."""
        self._require_agent("mark threads unread")
        path = self._path("sms", "agent/message/markAsUnread")
        call = _Call(
            "mark_unread", "PUT", path, _read_params(thread_id, channel_id), idempotent=True
        )
        await self._request_with_fallback(call, replace(call, method="GET"))

    async def list_messages(
        self,
        *,
        account: str | None = None,
        thread_id: str | None = None,
        page: int | None = None,
    ) -> Page[Message]:
        """One page of a thread's (or an account's) messages, newest first by date then id
        (``order.newest_first``): the reference promises no order. A page longer than
        ``MAX_PAGE_ITEMS`` keeps its newest messages (``Page.cut`` says how many were left out)."""
        self._require_agent("read message history")
        if account is None and thread_id is None:
            raise InvalidRequestError("Give an account or a thread id to list messages.")
        params: dict[str, str] = {}
        if account is not None:
            params["account"] = _required(account, "account")
        if thread_id is not None:
            params["threadId"] = _required(thread_id, "thread_id")
        params.update(_page(page))
        path = self._path("sms", "agent/messages")
        call = _Call("messages", "GET", path, params, idempotent=True)
        return await self._page(call, Message, newest_first)

    async def list_term_codes(self, service_id: str) -> list[TermCodeCategory]:
        """Term codes for resolving threads of a service, by category.

        LiveVox is described as sending ``{"termCodeCategories": [...]}`` or a plain array of
        term codes; the plain array comes back as one category without a name.
        """
        self._require_agent("list term codes")
        params = {"serviceId": _required(service_id, "service_id")}
        path = self._path("callControl", "agent/termCode")
        call = _Call("term_codes", "GET", path, params, idempotent=True)
        response = await self._request(call)
        data = read_json(response, **_at(call))
        if isinstance(data, list):
            codes = await parse_items(TermCode, data, **_at(call))
            return [TermCodeCategory(name="", term_codes=codes)]
        return await parse_wrapped_items(TermCodeCategory, data, "termCodeCategories", **_at(call))

    # -- plumbing ------------------------------------------------------------------------------

    def _require_agent(self, action: str) -> None:
        if not self.is_agent:
            raise ForbiddenError(f"Only an agent can {action}; this is a user login.")

    def _path(self, category: str, resource: str) -> str:
        version = f"/{self._version}" if self._version else ""
        return f"/{category}{version}/{resource}"

    async def _model(self, call: _Call, model: type[ModelT], *, login_first: bool = True) -> ModelT:
        response = await self._request(call, login_first=login_first)
        return parse_model(model, read_json(response, **_at(call)), **_at(call))

    async def _items(
        self, call: _Call, model: type[ModelT], *, fallback: _Call | None = None
    ) -> list[ModelT]:
        if fallback is None:
            response = await self._request(call)
        else:
            response = await self._request_with_fallback(call, fallback)
        return await parse_items(model, read_json(response, **_at(call)), **_at(call))

    async def _page(
        self,
        call: _Call,
        model: type[ModelT],
        order: Callable[[list[ModelT]], list[ModelT]] = list,
    ) -> Page[ModelT]:
        response = await self._request(call)
        return await read_page(response, model, as_read, order, **_at(call))

    async def _wrapped_items(self, call: _Call, model: type[ModelT], key: str) -> list[ModelT]:
        response = await self._request(call)
        data = read_json(response, **_at(call))
        return await parse_wrapped_items(model, data, key, **_at(call))

    async def _request_with_fallback(self, call: _Call, fallback: _Call) -> httpx.Response:
        """Try the documented method; on 405 try the example's once and remember what worked."""
        first = fallback if self._methods.get(call.name) == fallback.method else call
        try:
            return await self._request(first)
        except BadRequestError as exc:
            if exc.status != 405 or first is fallback:
                raise
        log.info("%s %s: method not allowed, trying %s", call.method, call.where, fallback.method)
        try:
            response = await self._request(fallback)
        except LiveVoxError as exc:
            if exc.status is not None and exc.status != 405:
                self._methods[call.name] = fallback.method
            raise
        self._methods[call.name] = fallback.method
        return response

    async def _request(
        self, call: _Call, *, login_first: bool = True, session: str | None = None
    ) -> httpx.Response:
        """Send ``call`` and return its 2xx answer, logging in and retrying as the rules allow."""
        retry = 0
        renewed = False
        while True:
            seen = self._logins_done
            if login_first:
                session = self._session_id
                if session is None:
                    session = await self._fresh_session(seen)
                    seen = self._logins_done
            try:
                response = await self._send_once(call, session, retry)
            except NetworkError as exc:
                error: LiveVoxError = exc
            else:
                if response.status_code == 401 and login_first and not renewed:
                    renewed = True
                    log.info("%s %s: session expired, logging in again", call.method, call.where)
                    await self._fresh_session(seen)
                    continue
                if response.is_success:
                    return response
                error = error_from_response(
                    response,
                    method=call.method,
                    path=call.where,
                    secrets=(self._access_token, session, self._session_id, *call.secrets),
                )
            delay = self._retry_delay(call, retry, error)
            if delay is None:
                raise error
            log.info(
                "%s %s: retry %d in %.2f s after %s",
                call.method,
                call.where,
                retry + 1,
                delay,
                type(error).__name__,
            )
            await self._retry.sleep(delay)
            retry += 1

    def _retry_delay(self, call: _Call, retry: int, error: LiveVoxError) -> float | None:
        if isinstance(error, NetworkError):
            if error.maybe_sent and not call.idempotent:
                return None
            return self._retry.delay(retry)
        if isinstance(error, RateLimitedError | ServerError) and call.idempotent:
            return self._retry.delay(retry, error.retry_after)
        return None

    async def _send_once(self, call: _Call, session: str | None, retry: int) -> httpx.Response:
        headers = {"LV-Access": self._access_token}
        if session is not None:
            headers["LV-Session"] = session
        started = time.perf_counter()
        request = self._http.build_request(
            call.method, call.path, params=call.params, json=call.body, headers=headers
        )
        try:
            response = await self._http.send(request, stream=True)
            try:
                await read_capped(response, **_at(call))
            finally:
                await response.aclose()
        except httpx.TransportError as exc:
            failure: LiveVoxError = NetworkError(
                f"Could not reach LiveVox: {_failure_words(exc)}.",
                maybe_sent=not isinstance(exc, _NOT_SENT),
                **_at(call),
            )
        except httpx.RequestError as exc:
            failure = ProtocolError(
                f"LiveVox's answer could not be read ({type(exc).__name__}).", **_at(call)
            )
        else:
            log.debug(
                "%s %s -> %d in %.0f ms (retry %d)",
                call.method,
                call.where,
                response.status_code,
                (time.perf_counter() - started) * 1000,
                retry,
            )
            return response
        log.info(
            "%s %s failed after %.0f ms (retry %d): %s",
            call.method,
            call.where,
            (time.perf_counter() - started) * 1000,
            retry,
            failure.message,
        )
        raise failure


class _Place(TypedDict):
    """A call's method and path, as errors and parsers name where they happened."""

    method: str
    path: str


def _at(call: _Call) -> _Place:
    return {"method": call.method, "path": call.where}


def _failure_words(exc: httpx.TransportError) -> str:
    for kind, words in _FAILURE_WORDS.items():
        if isinstance(exc, kind):
            return words
    return type(exc).__name__


def _required(value: str | int | None, name: str) -> str:
    text = "" if value is None else str(value).strip()
    if not text:
        raise InvalidRequestError(f"{name} is required.")
    return text


def _digits(value: str | None, name: str) -> str:
    digits = _NOT_DIGITS.sub("", value or "")
    if not digits:
        raise InvalidRequestError(f"{name} needs a phone number or code with digits.")
    return digits


def _page(page: int | None) -> dict[str, str]:
    if page is None:
        return {}
    if isinstance(page, bool) or not isinstance(page, int) or page < 1:
        raise InvalidRequestError("Page numbers start at 1.")
    return {"pagination": str(page)}


def _read_params(thread_id: str, channel_id: str) -> dict[str, str]:
    return {
        "threadId": _required(thread_id, "thread_id"),
        "channelId": _required(channel_id, "channel_id"),
    }


def _version_segment(api_version: str | None) -> str | None:
    if api_version is None or not api_version.strip():
        return None
    match = _VERSION.fullmatch(api_version.strip())
    if match is None:
        raise InvalidRequestError(f"api_version {api_version!r} is not like '6.0'.")
    return f"v{match.group(1)}.{match.group(2) or 0}"
