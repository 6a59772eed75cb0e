"""A simulated LiveVox SMS API: seeded world, real rules, injectable faults.

It shares no code with ``inbox_tui.livevox``, so that a misreading of the API cannot hide by
being made twice. In process::

    app = create_app(SimConfig(seed=7, threads=30))
    world = app.state.world                   # inspect and drive it from tests
    http = httpx.AsyncClient(base_url="http://sim.test", transport=sim_transport(app))

Over HTTP: ``inbox-tui sim`` (see ``inbox_tui.sim.serve``).
"""

from inbox_tui.sim.app import create_app
from inbox_tui.sim.config import SimConfig
from inbox_tui.sim.edge import SimEdge, SimulatedDrop
from inbox_tui.sim.records import (
    Credentials,
    Fault,
    RecordedRequest,
    SimAgent,
    SimError,
    SimMessage,
    SimSend,
    SimService,
    SimThread,
)
from inbox_tui.sim.replies import reply_loop
from inbox_tui.sim.transport import SimTransport, sim_transport
from inbox_tui.sim.world import World

__all__ = [
    "Credentials",
    "Fault",
    "RecordedRequest",
    "SimAgent",
    "SimConfig",
    "SimEdge",
    "SimError",
    "SimMessage",
    "SimSend",
    "SimService",
    "SimThread",
    "SimTransport",
    "SimulatedDrop",
    "World",
    "create_app",
    "reply_loop",
    "sim_transport",
]
