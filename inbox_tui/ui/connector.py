"""How the app gets its LiveVox client: a live account, or the simulator in-process (demo)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from inbox_tui.config import Account

if TYPE_CHECKING:  # imported by make_client: httpx loads with the first connection, not at start
    from inbox_tui.livevox.client import LiveVoxClient

DEMO_REPLY_INTERVAL = 30.0


@dataclass
class Connector:
    """What the app needs to connect: a label for the header, who logs in, and a client factory.

    ``make_client(password)`` builds a client; ``password`` is None when the connector already
    knows it. ``world`` is the simulated LiveVox in the demo (None when live).
    """

    label: str
    user_name: str
    agent: bool
    needs_password: bool
    make_client: Callable[[str | None], LiveVoxClient]
    demo: bool = False
    world: Any = None
    reply_interval: float | None = None


def live_connector(account: Account) -> Connector:
    """A connector for a real LiveVox account; asks for the password if none is configured."""

    def make_client(password: str | None) -> LiveVoxClient:
        from inbox_tui.livevox.client import LiveVoxClient

        secret = password if password is not None else account.password.get_secret_value()
        return LiveVoxClient(
            account.base_url,
            access_token=account.access_token.get_secret_value(),
            client_code=account.client_code,
            user_name=account.user_name,
            password=lambda: secret,
            agent=account.agent,
            api_version=account.api_version,
        )

    return Connector(
        label=account.host,
        user_name=account.user_name,
        agent=account.agent,
        needs_password=account.password is None,
        make_client=make_client,
    )


def sim_connector(
    sim_app: Any, *, agent: bool = True, reply_interval: float | None = None
) -> Connector:
    """A connector to a simulator app (built with ``inbox_tui.sim.create_app``), in-process."""
    connector = _simulated(lambda: sim_app, agent=agent, reply_interval=reply_interval)
    connector.world = sim_app.state.world
    return connector


def demo_connector(
    *, threads: int = 40, seed: int = 7, clock: Callable[[], datetime] | None = None
) -> Connector:
    """The demo: a seeded simulated LiveVox whose customers reply now and then.

    The simulator is built at the first connection, after the first frame is on the screen.
    """

    def build() -> Any:
        from inbox_tui.sim import SimConfig, create_app

        return create_app(SimConfig(seed=seed, threads=threads, clock=clock))

    return _simulated(build, agent=True, reply_interval=DEMO_REPLY_INTERVAL)


def _simulated(build: Callable[[], Any], *, agent: bool, reply_interval: float | None) -> Connector:
    """A connector to the simulator that ``build`` returns, called once, at the first client;
    the connector's ``world`` is set then."""
    from inbox_tui.sim.records import CREDENTIALS as creds

    user, password = (
        (creds.agent_login, creds.agent_password)
        if agent
        else (creds.user_login, creds.user_password)
    )

    sim_app = None

    def make_client(typed: str | None) -> LiveVoxClient:
        from inbox_tui.livevox.client import LiveVoxClient
        from inbox_tui.sim import sim_transport

        nonlocal sim_app
        if sim_app is None:
            sim_app = build()
            connector.world = sim_app.state.world
        return LiveVoxClient(
            "http://sim.test",
            access_token=creds.access_token,
            client_code=creds.client_code,
            user_name=user,
            password=typed if typed is not None else password,
            agent=agent,
            transport=sim_transport(sim_app),
        )

    connector = Connector(
        label="DEMO",
        user_name=user,
        agent=agent,
        needs_password=False,
        make_client=make_client,
        demo=True,
        reply_interval=reply_interval,
    )
    return connector
