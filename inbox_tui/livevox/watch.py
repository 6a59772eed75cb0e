"""A transport that tells a watcher when each request starts and ends, so the UI can say that
LiveVox is slow while a call is still waiting (the client itself knows nothing of it)."""

from __future__ import annotations

from typing import Protocol

import httpx


class CallWatcher(Protocol):
    """What the transport tells: ``started()`` returns a token that ``ended`` gets back."""

    def started(self) -> int: ...
    def ended(self, token: int) -> None: ...


class WatchedTransport(httpx.AsyncBaseTransport):
    """``inner`` with every request reported to ``watcher`` from sending until its answer's
    headers arrive, or it fails or is cancelled."""

    def __init__(self, inner: httpx.AsyncBaseTransport, watcher: CallWatcher) -> None:
        self._inner = inner
        self._watcher = watcher

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        token = self._watcher.started()
        try:
            return await self._inner.handle_async_request(request)
        finally:
            self._watcher.ended(token)

    async def aclose(self) -> None:
        await self._inner.aclose()
