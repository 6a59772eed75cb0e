"""Background customer replies, so that a demo inbox keeps moving."""

from __future__ import annotations

import asyncio

from inbox_tui.sim.records import SimError
from inbox_tui.sim.world import World


async def reply_loop(world: World, interval: float) -> None:
    """Every ``interval`` seconds a random customer (deterministic from the seed) texts in."""
    while True:
        await asyncio.sleep(interval)
        try:
            world.customer_reply()
        except SimError:
            # No open thread left to reply on; keep waiting for one.
            continue
