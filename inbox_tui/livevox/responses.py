"""Reading LiveVox answers: error statuses become typed errors, bodies become models."""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from inbox_tui.livevox.errors import (
    AuthError,
    BadRequestError,
    ConflictError,
    ForbiddenError,
    LiveVoxError,
    NotFoundError,
    ProtocolError,
    RateLimitedError,
    ServerError,
    Where,
)
from inbox_tui.livevox.models import ErrorBody
from inbox_tui.livevox.retry import parse_retry_after

if TYPE_CHECKING:
    import httpx  # for annotations: the UI imports this module before its first frame

log = logging.getLogger("inbox_tui.livevox")

ModelT = TypeVar("ModelT", bound=BaseModel)
ItemT = TypeVar("ItemT")

MAX_ANSWER_BYTES = 8 * 1024 * 1024
"""The largest answer body read; past it the answer is a ProtocolError, not a memory blow-up."""
MAX_PAGE_ITEMS = 3000
"""The most records one page of threads or messages may hold; the rest of a page is cut."""
ITEMS_PER_STEP = 200
"""Records validated between two turns of the event loop (a few ms): a long answer is read in
slices on the loop. A thread would not help: it takes the GIL from the loop for as long."""
STEP_SECONDS = 0.004
"""And the longest a slice runs: 200 threads with their contacts take 10-20 ms, and while the
store's thread shares the interpreter's lock a slice takes two or three times as long."""
_clock = time.perf_counter

_MESSAGE_LIMIT = 300
_SPACES = re.compile(r"\s+")
_SPACE = re.compile(r"[ \t\n\r]+")
"""JSON's white space."""
_DECODER = json.JSONDecoder()
_STATUS_ERRORS: dict[int, type[LiveVoxError]] = {
    401: AuthError,
    403: ForbiddenError,
    404: NotFoundError,
    409: ConflictError,
}


def scrub(text: str, secrets: Iterable[str | None]) -> str:
    """``text`` on one line, shortened, with every secret it echoes replaced."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "[redacted]")
    text = _SPACES.sub(" ", text).strip()
    return text if len(text) <= _MESSAGE_LIMIT else text[: _MESSAGE_LIMIT - 1] + "…"


def error_from_response(
    response: httpx.Response, *, method: str, path: str, secrets: Iterable[str | None]
) -> LiveVoxError:
    """The typed error for a non-2xx answer, carrying LiveVox's ``code`` and cleaned ``message``."""
    status = response.status_code
    code, message = _error_body(response)
    if message:
        message = scrub(message, secrets) or None
    where: Where = {"status": status, "code": code, "method": method, "path": path}
    if status == 429:
        return RateLimitedError(
            message, retry_after=parse_retry_after(response.headers.get("Retry-After")), **where
        )
    if status >= 500:
        retry_after = (
            parse_retry_after(response.headers.get("Retry-After")) if status == 503 else None
        )
        return ServerError(message, retry_after=retry_after, **where)
    if status in _STATUS_ERRORS:
        return _STATUS_ERRORS[status](message, **where)
    if 400 <= status < 500:
        return BadRequestError(message, **where)
    return ProtocolError(f"LiveVox answered with an unexpected HTTP status {status}.", **where)


def _error_body(response: httpx.Response) -> tuple[int | None, str | None]:
    try:
        body = ErrorBody.model_validate(response.json())
    except (ValueError, ValidationError):
        return None, None
    return body.code, body.message


class Page(list[ItemT]):
    """One page of records as the app keeps it; ``cut`` records of the answer were left out
    (past ``MAX_PAGE_ITEMS``), so the caller can say it shows only part of the page."""

    cut: int = 0


def as_read(model: ModelT) -> ModelT:
    """``read_page``'s ``keep`` for a caller that keeps the models themselves."""
    return model


async def read_page(
    response: httpx.Response,
    model: type[ModelT],
    keep: Callable[[ModelT], ItemT],
    order: Callable[[list[ItemT]], list[ItemT]] = list,
    *,
    method: str,
    path: str,
) -> Page[ItemT]:
    """A JSON array answer, each record kept as ``keep(model)`` as soon as its model is made
    (the model is let go at once), in ``order`` (the server's by default), keeping the first
    ``MAX_PAGE_ITEMS``."""
    items = order(await _read_array(response, model, keep, method=method, path=path))
    return _first_items(items, model, method=method, path=path)


async def _read_array(
    response: httpx.Response,
    model: type[ModelT],
    keep: Callable[[ModelT], ItemT],
    *,
    method: str,
    path: str,
) -> list[ItemT]:
    records = _array_records(response, method=method, path=path)
    if records is None:
        data = read_json(response, method=method, path=path)
        records = _released(model, data, method=method, path=path)
    return await _validate(model, records, keep, method=method, path=path)


def _first_items(
    items: list[ItemT], model: type[BaseModel], *, method: str, path: str
) -> Page[ItemT]:
    page = Page(items[:MAX_PAGE_ITEMS])
    page.cut = len(items) - len(page)
    if page.cut:
        log.warning(
            "%s %s: a page of %d %s records was cut to the first %d",
            method,
            path,
            len(items),
            model.__name__,
            len(page),
        )
    return page


def _too_large(response: httpx.Response, *, method: str, path: str) -> ProtocolError:
    """The error for an answer over ``MAX_ANSWER_BYTES``."""
    return ProtocolError(
        f"LiveVox's answer was too large (over {MAX_ANSWER_BYTES // (1024 * 1024)} MB).",
        status=response.status_code,
        method=method,
        path=path,
    )


async def read_capped(response: httpx.Response, *, method: str, path: str) -> None:
    """Read a streamed answer's body, stopping past ``MAX_ANSWER_BYTES`` (counted decoded, so
    a compressed answer cannot grow past it either)."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > MAX_ANSWER_BYTES:
        raise _too_large(response, method=method, path=path)
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > MAX_ANSWER_BYTES:
            raise _too_large(response, method=method, path=path)
        chunks.append(chunk)
    # What ``Response.aread`` does, bounded: later reads of ``content`` see this body.
    response._content = b"".join(chunks)


def read_json(response: httpx.Response, *, method: str, path: str) -> Any:
    """The decoded JSON body of a 2xx answer, None if empty; undecodable is a ProtocolError."""
    if not response.content.strip():
        return None
    try:
        return json.loads(response.content)
    except (ValueError, RecursionError):
        raise ProtocolError(
            "LiveVox sent an answer that is not JSON.",
            status=response.status_code,
            method=method,
            path=path,
        ) from None


def parse_model(model: type[ModelT], data: Any, *, method: str, path: str) -> ModelT:
    """``data`` as ``model``; a wrong shape is a ProtocolError naming the fields, not the values."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise _shape_error(model, exc, method=method, path=path) from None


async def parse_items(model: type[ModelT], data: Any, *, method: str, path: str) -> list[ModelT]:
    """A JSON array (or no body) as models; a malformed record is skipped and logged.

    ``data`` is consumed: each raw record is let go as its model is made, so a long page is
    not held twice."""
    records = _released(model, data, method=method, path=path)
    return await _validate(model, records, as_read, method=method, path=path)


def _released(model: type[BaseModel], data: Any, *, method: str, path: str) -> Iterator[Any]:
    """The records of ``data``, a JSON array (or no body), each let go as it is taken."""
    if data is None:
        return iter(())
    if not isinstance(data, list):
        raise ProtocolError(
            f"LiveVox sent {type(data).__name__} where a list of {model.__name__} was expected.",
            method=method,
            path=path,
        )

    def released() -> Iterator[Any]:
        for index, item in enumerate(data):
            data[index] = None
            yield item

    return released()


async def _validate(
    model: type[ModelT],
    records: Iterator[Any],
    keep: Callable[[ModelT], ItemT],
    *,
    method: str,
    path: str,
) -> list[ItemT]:
    """``keep`` of each of ``records`` as a model, in slices of at most ``ITEMS_PER_STEP``
    records and ``STEP_SECONDS`` between two turns of the event loop; a malformed record is
    skipped and logged."""
    items: list[ItemT] = []
    count = taken = 0
    ends = _clock() + STEP_SECONDS
    for item in records:
        count += 1
        taken += 1
        if taken > ITEMS_PER_STEP or _clock() >= ends:
            await asyncio.sleep(0)
            taken, ends = 1, _clock() + STEP_SECONDS
        try:
            valid = model.model_validate(item)
        except ValidationError:
            continue
        items.append(keep(valid))
    if len(items) < count:
        log.warning(
            "%s %s: skipped %d malformed %s record(s)",
            method,
            path,
            count - len(items),
            model.__name__,
        )
    return items


def _array_records(response: httpx.Response, *, method: str, path: str) -> Iterator[Any] | None:
    """The records of a JSON array answer decoded one at a time as they are asked for (a
    long answer is not decoded in one piece on the loop, nor held whole as Python objects);
    None when the body is not an array (``read_json`` reads it)."""
    content = response.content
    try:
        text = content.decode(json.detect_encoding(content), "surrogatepass")
    except UnicodeDecodeError:
        return None
    start = _past_space(text, 0)
    if not text.startswith("[", start):
        return None
    return _records(text, start + 1, response.status_code, method=method, path=path)


def _past_space(text: str, at: int) -> int:
    space = _SPACE.match(text, at)
    return space.end() if space else at


def _records(text: str, at: int, status: int, *, method: str, path: str) -> Iterator[Any]:
    at = _past_space(text, at)
    try:
        if text.startswith("]", at):
            at += 1
        else:
            while True:
                record, at = _DECODER.raw_decode(text, at)
                yield record
                at = _past_space(text, at)
                if text.startswith(",", at):
                    at = _past_space(text, at + 1)
                    continue
                if not text.startswith("]", at):
                    raise ValueError("an array's records are not separated by commas")
                at += 1
                break
        if _past_space(text, at) != len(text):
            raise ValueError("extra data after the array")
    except (ValueError, RecursionError):
        raise ProtocolError(
            "LiveVox sent an answer that is not JSON.", status=status, method=method, path=path
        ) from None


async def parse_wrapped_items(
    model: type[ModelT], data: Any, key: str, *, method: str, path: str
) -> list[ModelT]:
    """The list under ``key`` of a JSON object (no body, no key or null reads as empty)."""
    if data is None:
        return []
    if not isinstance(data, dict):
        raise ProtocolError(
            f"LiveVox sent {type(data).__name__} where an object with {key!r} was expected.",
            method=method,
            path=path,
        )
    return await parse_items(model, data.get(key), method=method, path=path)


def _shape_error(
    model: type[BaseModel], exc: ValidationError, *, method: str, path: str
) -> ProtocolError:
    fields = sorted(
        {".".join(str(part) for part in err["loc"]) or "(body)" for err in exc.errors()}
    )
    shown = ", ".join(fields[:5]) + (", …" if len(fields) > 5 else "")
    return ProtocolError(
        f"LiveVox sent a {model.__name__} that could not be read (fields: {shown}).",
        method=method,
        path=path,
    )
