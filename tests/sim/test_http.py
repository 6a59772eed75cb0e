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
    args += ["--shape", "reference", "--history-order", "oldest"]
    process = subprocess.Popen(
        [sys.executable, "-c", code, *args], stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(8)]
        assert lines[0].strip() == f"LiveVox simulator on http://127.0.0.1:{port}"
        assert "access token : sim-access-token" in "".join(lines)
        assert "agent login  : KAVYA / " in "".join(lines)
        assert lines[6].strip() == "Answers: reference shape, history pages in oldest order."
        assert f"Control API for tests on http://127.0.0.1:{port}/_sim/" in lines[7]
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
        # The control API is on, and it is not among the requests it reports.
        seen = httpx.get(f"http://127.0.0.1:{port}/_sim/requests", timeout=2).json()
        assert seen and {r["path"] for r in seen} == {"/sms/codes"}
        assert seen[-1]["status"] == 401
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


async def login_over(http: httpx.AsyncClient, world, login_body) -> dict[str, str]:
    response = await http.post(
        "/session/login",
        headers={"LV-Access": world.credentials.access_token},
        json=login_body(world),
    )
    return {"LV-Session": response.json()["sessionId"]}


def send_body(thread) -> dict[str, str]:
    return {"fromNumber": thread.sms_code, "toNumber": thread.phone, "message": "on hold"}


async def test_hold_applies_the_send_before_the_answer_arrives(login_body):
    app = create_app(SimConfig(threads=6))
    world = app.state.world
    thread = world.inbox(owner=world.agent_id, service_id=None)[0]
    world.inject_fault(hold=0.5, path_contains="/message/send")
    async with served(app) as base_url, httpx.AsyncClient(base_url=base_url) as http:
        headers = await login_over(http, world, login_body)
        task = asyncio.create_task(
            http.post("/sms/agent/message/send", headers=headers, json=send_body(thread))
        )
        await world.wait_until(lambda: len(world.sends) == 1)
        assert not task.done()
        response = await asyncio.wait_for(task, timeout=5)
    assert response.status_code == 200
    assert response.json() == {"id": world.sends[0].id}
    assert world.requests[-1].status == 200 and not world.requests[-1].dropped


async def test_control_api_drives_a_served_simulator(login_body):
    app = create_app(SimConfig(threads=6, control=True))
    world = app.state.world
    thread = world.inbox(owner=world.agent_id, service_id=None)[0]
    async with (
        asyncio.timeout(20),
        served(app) as base_url,
        httpx.AsyncClient(base_url=base_url, timeout=5) as http,
    ):
        headers = await login_over(http, world, login_body)
        fault = {"status": 503, "path_contains": "/sms/codes", "retry_after": 2}
        created = await http.post("/_sim/faults", json=fault)
        assert created.status_code == 201 and created.json()["status"] == 503
        codes = [(await http.get("/sms/codes", headers=headers)).status_code for _ in "ab"]
        assert codes == [503, 200]

        # A held send: the client gives up, the simulator has sent it.
        assert (await http.post("/_sim/faults", json={"hold": 30})).status_code == 201
        with pytest.raises(httpx.ReadTimeout):
            await http.post(
                "/sms/agent/message/send",
                headers=headers,
                json=send_body(thread),
                timeout=0.3,
            )
        sends = (await http.get("/_sim/sends")).json()
        assert [(s["kind"], s["text"], s["threadId"]) for s in sends] == [
            ("agent", "on hold", thread.thread_id)
        ]
        assert sends[0]["id"] == world.sends[0].id

        reply = await http.post(
            "/_sim/reply", json={"threadId": thread.thread_id, "text": "got it?"}
        )
        assert reply.json()["threadId"] == thread.thread_id
        assert thread.messages[-1].text == "got it?" and not thread.read

        changed = await http.post(
            "/_sim/configure", json={"shape": "reference", "history_order": "oldest"}
        )
        assert changed.json()["shape"] == "reference"
        assert changed.json()["history_order"] == "oldest"
        history = await http.get(
            "/sms/agent/messages", params={"threadId": thread.thread_id}, headers=headers
        )
        rows = history.json()
        assert "threadId" not in rows[0]
        assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)

        for path, body in [
            ("/_sim/configure", {"shape": "round"}),
            ("/_sim/configure", {"seed": 3}),
            ("/_sim/configure", {"page_size": "10"}),
            ("/_sim/faults", {}),
            ("/_sim/faults", {"hold": 1, "drop": True}),
            ("/_sim/reply", {"threadId": "404"}),
        ]:
            refused = await http.post(path, json=body)
            assert refused.status_code in (400, 404), (path, body, refused.text)
            assert refused.json()["message"]

        seen = (await http.get("/_sim/requests")).json()
    assert [r["path"] for r in seen] == [r.path for r in world.requests]
    assert not any(r.path.startswith("/_sim") for r in world.requests)
    assert [(r["path"], r["status"]) for r in seen[1:4]] == [
        ("/sms/codes", 503),
        ("/sms/codes", 200),
        ("/sms/agent/message/send", 200),
    ]
    assert seen[0]["json"]["password"] == "***"


async def test_control_api_is_off_by_default(http, world):
    response = await http.get("/_sim/requests")
    assert response.status_code == 404
    assert world.requests[-1].path == "/_sim/requests"
