"""The demo's wiring: a seeded simulated LiveVox in process, and its customers' replies.

Beside ``cli.py`` on purpose: it is the one place that joins the simulator to the app, which
only ever sees a ``Connector`` (and its ``background`` task).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from inbox_tui.config import Settings
from inbox_tui.connector import Connector, client_options

if TYPE_CHECKING:  # httpx and the simulator load with the first connection, after the first frame
    from inbox_tui.livevox.client import LiveVoxClient

DEMO_REPLY_INTERVAL = 30.0


def sim_connector(
    sim_app: Any,
    *,
    agent: bool = True,
    reply_interval: float | None = None,
    settings: Settings | None = None,
) -> Connector:
    """A connector to a simulator app (built with ``inbox_tui.sim.create_app``), in-process."""
    connector = _simulated(
        lambda: sim_app, agent=agent, reply_interval=reply_interval, settings=settings
    )
    connector.world = sim_app.state.world
    return connector


def demo_connector(
    *,
    threads: int = 40,
    seed: int = 7,
    clock: Callable[[], datetime] | None = None,
    settings: Settings | None = None,
) -> Connector:
    """The demo: a seeded simulated LiveVox whose customers reply now and then; ``settings``
    gives the request timeout and the Retry-After cap.

    The simulator is built at the first connection, after the first frame is on the screen.
    """

    def build() -> Any:
        from inbox_tui.sim import SimConfig, create_app

        return create_app(SimConfig(seed=seed, threads=threads, clock=clock))

    return _simulated(build, agent=True, reply_interval=DEMO_REPLY_INTERVAL, settings=settings)


def _simulated(
    build: Callable[[], Any],
    *,
    agent: bool,
    reply_interval: float | None,
    settings: Settings | None,
) -> Connector:
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
            **client_options(settings, connector.calls, sim_transport(sim_app)),
        )

    connector = Connector(
        label="DEMO",
        user_name=user,
        agent=agent,
        needs_password=False,
        make_client=make_client,
        demo=True,
    )
    if reply_interval:

        async def replies() -> None:
            from inbox_tui.sim import reply_loop

            await reply_loop(connector.world, reply_interval)

        connector.background = replies
    return connector
