"""Fixtures for the simulator's own tests: plain httpx against the in-process app."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from inbox_tui.sim import SimConfig, World, create_app, sim_transport
from inbox_tui.sim.edge import SimEdge

# The reference's request/response examples, one file each (from shared/livevox/).
EXAMPLES_DIR = Path(__file__).parents[1] / "fixtures/livevox_examples"
START = datetime(2026, 3, 10, 15, 30, tzinfo=UTC)


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, start: datetime = START) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def config(clock: FakeClock) -> SimConfig:
    return SimConfig(seed=7, threads=40, messages_per_thread=12, page_size=10, clock=clock)


@pytest.fixture
def app(config: SimConfig) -> SimEdge:
    return create_app(config)


@pytest.fixture
def world(app: SimEdge) -> World:
    return app.state.world


@pytest.fixture
async def http(app: SimEdge) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url="http://sim.test", transport=sim_transport(app)) as c:
        yield c


def _login_body(world: World, *, agent: bool = True, **overrides: Any) -> dict[str, Any]:
    creds = world.credentials
    body = {
        "clientName": creds.client_code,
        "userName": creds.agent_login if agent else creds.user_login,
        "password": creds.agent_password if agent else creds.user_password,
        "agent": agent,
    }
    body.update(overrides)
    return body


async def _login(http: httpx.AsyncClient, world: World, *, agent: bool = True) -> dict[str, str]:
    """Log in and return the headers of later calls."""
    response = await http.post(
        "/session/login",
        headers={"LV-Access": world.credentials.access_token},
        json=_login_body(world, agent=agent),
    )
    assert response.status_code == 200, response.text
    return {"LV-Session": response.json()["sessionId"]}


@pytest.fixture
def login_body() -> Any:
    """``login_body(world, agent=True, **overrides)``: a valid login body, overridden."""
    return _login_body


@pytest.fixture
def login() -> Any:
    """``await login(http, world, agent=True)``: the headers of a fresh session."""
    return _login


@pytest.fixture
async def agent(http: httpx.AsyncClient, world: World) -> dict[str, str]:
    return await _login(http, world)


@pytest.fixture
async def user(http: httpx.AsyncClient, world: World) -> dict[str, str]:
    return await _login(http, world, agent=False)


@pytest.fixture(scope="session")
def examples() -> dict[str, Any]:
    examples = [json.loads(path.read_text()) for path in sorted(EXAMPLES_DIR.glob("*.json"))]
    return {example.pop("title"): example for example in examples}
