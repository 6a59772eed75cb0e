"""A simulated LiveVox SMS API: seeded world, real rules, injectable faults.

It shares no code with ``inbox_tui.livevox``, so that a misreading of the API cannot hide by
being made twice. In process::

    app = create_app(SimConfig(seed=7, threads=30))
    world = app.state.world                   # inspect and drive it from tests
    http = httpx.AsyncClient(base_url="http://sim.test", transport=sim_transport(app))

Over HTTP: ``inbox-tui sim`` (see ``inbox_tui.sim.serve``).

Names load on first use (PEP 562): the CLI imports the package to find ``inbox_tui.sim.serve``,
and the app's start should not pay for Starlette, httpx or the server there.
"""

from __future__ import annotations

import importlib
from typing import Any

_HOMES = {
    "create_app": "app",
    "SimConfig": "config",
    "SimEdge": "edge",
    "SimulatedDrop": "edge",
    "Credentials": "records",
    "Fault": "records",
    "RecordedRequest": "records",
    "SimAgent": "records",
    "SimError": "records",
    "SimMessage": "records",
    "SimSend": "records",
    "SimService": "records",
    "SimThread": "records",
    "reply_loop": "replies",
    "SimTransport": "transport",
    "sim_transport": "transport",
    "World": "world",
}

__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value
