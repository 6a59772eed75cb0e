"""The simulator over real HTTP: uvicorn on a free loopback port."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator

import httpx
import pytest
import uvicorn

from inbox_tui.sim import SimConfig, create_app
from inbox_tui.sim.edge import SimEdge


@contextlib.asynccontextmanager
async def served(app: SimEdge) -> AsyncIterator[str]:
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    try:
        while not server.started:
            if task.done():
                task.result()
            await asyncio.sleep(0.01)
        port = server.servers[0].sockets[0].getsockname()[1]
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


async def test_login_list_drop_and_replies_over_http(login_body):
    app = create_app(SimConfig(threads=12, reply_interval=0.02))
    world = app.state.world
    replied = asyncio.Event()
    world.add_listener(lambda event, _tid: replied.set() if event == "reply" else None)
    async with served(app) as base_url, httpx.AsyncClient(base_url=base_url) as http:
        response = await http.post(
            "/session/v6.0/login",
            headers={"LV-Access": world.credentials.access_token},
            json=login_body(world),
        )
        headers = {"LV-Session": response.json()["sessionId"]}
        rows = await http.get(
            f"/sms/v6.0/agent/thread/details?channelId={world.agent_id}&channel=SMS",
            headers=headers,
        )
        assert rows.status_code == 200 and rows.json()
        thread = world.threads[rows.json()[0]["threadId"]]
        # The lifespan runs the reply loop.
        await asyncio.wait_for(replied.wait(), timeout=5)
        # A drop closes the socket without any answer (not a 500).
        world.inject_fault(drop=True, path_contains="/message/send")
        body = {"fromNumber": thread.sms_code, "toNumber": thread.phone, "message": "hi"}
        with pytest.raises(httpx.TransportError) as dropped:
            await http.post("/sms/agent/message/send", headers=headers, json=body)
        assert "without sending a response" in str(dropped.value)
        assert world.sends == []
        world.inject_fault(drop_after_apply=True, path_contains="/message/send")
        with pytest.raises(httpx.TransportError):
            await http.post("/sms/agent/message/send", headers=headers, json=body)
        assert len(world.sends) == 1
        again = await http.get("/sms/codes", headers=headers)
        assert again.status_code == 200


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_run_prints_credentials_and_serves():
    port = free_port()
    code = (
        "import argparse, sys\n"
        "from inbox_tui.sim.serve import add_arguments, run\n"
        "parser = argparse.ArgumentParser()\n"
        "add_arguments(parser)\n"
        "sys.exit(run(parser.parse_args(sys.argv[1:])))\n"
    )
    args = ["--port", str(port), "--threads", "5", "--reply-interval", "0"]
    process = subprocess.Popen(
        [sys.executable, "-c", code, *args], stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(6)]
        assert lines[0].strip() == f"LiveVox simulator on http://127.0.0.1:{port}"
        assert "access token : sim-access-token" in "".join(lines)
        assert "agent login  : KAVYA / " in "".join(lines)
        deadline = time.monotonic() + 10
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/sms/codes", timeout=2)
                break
            except httpx.ConnectError:
                # The server binds just after printing: wait for it, not for luck.
                assert process.poll() is None and time.monotonic() < deadline
                time.sleep(0.05)
        assert response.status_code == 401
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_bad_flags_are_reported_without_serving(capsys):
    import argparse

    from inbox_tui.sim.serve import add_arguments, run

    parser = argparse.ArgumentParser()
    add_arguments(parser)
    assert run(parser.parse_args(["--error-rate", "2"])) == 2
    assert "error_rate" in capsys.readouterr().out
