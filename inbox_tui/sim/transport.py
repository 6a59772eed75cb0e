"""An httpx transport that runs the simulator in process, dropped connections included."""

from __future__ import annotations

import httpx

from inbox_tui.sim.edge import SimEdge, SimulatedDrop


class SimTransport(httpx.AsyncBaseTransport):
    """``httpx.ASGITransport`` over the simulator; a simulated drop is an ``httpx.ReadError``."""

    def __init__(self, app: SimEdge) -> None:
        self._inner = httpx.ASGITransport(app=app)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            return await self._inner.handle_async_request(request)
        except SimulatedDrop as exc:
            # The request reached the server, so a client must treat the outcome as unknown.
            raise httpx.ReadError("Simulated dropped connection.", request=request) from exc

    async def aclose(self) -> None:
        await self._inner.aclose()


def sim_transport(app: SimEdge) -> SimTransport:
    """A transport for ``httpx.AsyncClient(transport=...)`` that serves requests from ``app``."""
    return SimTransport(app)
