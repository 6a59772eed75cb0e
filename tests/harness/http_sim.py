"""The simulator over real HTTP for the send tests: uvicorn on a free loopback port, in this
test's event loop (``served``) or in a thread of its own for tests that drive real processes
(``ServedInThread``)."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import AsyncIterator

import uvicorn

from inbox_tui.sim.edge import SimEdge


def _server(app: SimEdge) -> uvicorn.Server:
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="on")
    return uvicorn.Server(config)


def _url(server: uvicorn.Server) -> str:
    port = server.servers[0].sockets[0].getsockname()[1]
    return f"http://127.0.0.1:{port}"


@contextlib.asynccontextmanager
async def served(app: SimEdge) -> AsyncIterator[str]:
    server = _server(app)
    task = asyncio.create_task(server.serve())
    try:
        while not server.started:
            if task.done():
                task.result()
            await asyncio.sleep(0.01)
        yield _url(server)
    finally:
        server.should_exit = True
        await task


class ServedInThread:
    """``with ServedInThread(app) as url:`` serves ``app`` from a thread until the block ends."""

    def __init__(self, app: SimEdge) -> None:
        self._server = _server(app)
        self._thread = threading.Thread(target=self._server.run, daemon=True)

    def __enter__(self) -> str:
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the simulator did not start")
            time.sleep(0.01)
        return _url(self._server)

    def __exit__(self, *exc_info: object) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)


def posts(world, path: str = "/message/send") -> int:
    """How many POSTs to ``path`` the simulator received (answered, dropped or held)."""
    return sum(1 for r in world.requests if r.method == "POST" and path in r.path)
