"""Typed errors of the LiveVox client. Messages are plain words and never hold credentials."""

from __future__ import annotations

from typing import Any, TypedDict


class Where(TypedDict, total=False):
    """Where an error happened: the HTTP status and LiveVox's code, the call's method and path
    (what ``LiveVoxError`` takes besides its message)."""

    status: int | None
    code: int | None
    method: str | None
    path: str | None


class LiveVoxError(Exception):
    """Base of every client error: ``status`` (HTTP, if any), LiveVox ``code`` and ``message``."""

    default_message = "LiveVox could not complete the request."

    def __init__(
        self,
        message: str | None = None,
        *,
        status: int | None = None,
        code: int | None = None,
        method: str | None = None,
        path: str | None = None,
    ) -> None:
        self.message = message or self.default_message
        self.status = status
        self.code = code
        self.method = method
        self.path = path
        super().__init__(self.message)

    def __str__(self) -> str:
        where = f" ({self.method} {self.path})" if self.method and self.path else ""
        status = f" [HTTP {self.status}]" if self.status else ""
        return f"{self.message}{status}{where}"


class InvalidRequestError(LiveVoxError, ValueError):
    """The call was refused before any request: a required field is missing or malformed."""

    default_message = "The request is incomplete."


class AuthError(LiveVoxError):
    """Login failed, or the session expired and logging in again failed (401)."""

    default_message = "LiveVox did not accept the login or the session has expired."


class ForbiddenError(LiveVoxError):
    """The logged-in role may not make this call (403)."""

    default_message = "This login is not allowed to do that."


class NotFoundError(LiveVoxError):
    """The thing asked for does not exist (404)."""

    default_message = "LiveVox could not find that."


class ConflictError(LiveVoxError):
    """The request conflicts with the current state (409)."""

    default_message = "LiveVox reports a conflict: someone else may have changed it."


class BadRequestError(LiveVoxError):
    """LiveVox refused the request as malformed (400, 405 and other 4xx)."""

    default_message = "LiveVox refused the request."


class RateLimitedError(LiveVoxError):
    """Too many requests (429, or 503 with Retry-After); ``retry_after`` is in seconds."""

    default_message = "LiveVox asks to slow down."

    def __init__(self, message: str | None = None, *, retry_after: float | None = None, **kw: Any):
        super().__init__(message, **kw)
        self.retry_after = retry_after


class ServerError(LiveVoxError):
    """LiveVox failed (5xx)."""

    default_message = "LiveVox had a server error."

    def __init__(self, message: str | None = None, *, retry_after: float | None = None, **kw: Any):
        super().__init__(message, **kw)
        self.retry_after = retry_after


class NetworkError(LiveVoxError):
    """The request did not complete: connection refused or dropped, or a timeout.

    ``maybe_sent`` is true when the request may have reached LiveVox before the failure,
    so the outcome of a non-idempotent call is unknown.
    """

    default_message = "Could not reach LiveVox."

    def __init__(self, message: str | None = None, *, maybe_sent: bool = False, **kw: Any):
        super().__init__(message, **kw)
        self.maybe_sent = maybe_sent


class ProtocolError(LiveVoxError):
    """LiveVox answered with something that is not what the API describes."""

    default_message = "LiveVox sent an answer that could not be read."
