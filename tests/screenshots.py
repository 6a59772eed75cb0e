"""Make the README screenshots (SVG) from the app over the simulator, on a fixed clock.

Run from the repository root: python tests/screenshots.py  (writes screenshots/*.svg)
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
from pathlib import Path

from harness.ui import (  # tests/ is this script's path
    make_app,
    make_sim,
    screen_text,
    snippets_shown,
    wait_for,
)

ROOT = Path(__file__).resolve().parent.parent
os.environ["TZ"] = "UTC"
time.tzset()


async def shoot(name: str, size: tuple[int, int], keys: tuple[str, ...] = ()) -> None:
    # Each picture from a fresh data directory: no cache, draft or log of another run in it.
    with tempfile.TemporaryDirectory() as home:
        for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
            os.environ[var] = os.path.join(home, var.lower())
        await picture(name, size, keys)


async def picture(name: str, size: tuple[int, int], keys: tuple[str, ...]) -> None:
    app = make_app(make_sim(threads=40), mark_read="reply")
    async with app.run_test(size=size) as pilot:
        await snippets_shown(pilot)
        app.thread_list.focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: "their time" in screen_text(app))
        view = app.conversation
        await wait_for(pilot, lambda: view.scroll_offset.y == view.max_scroll_y)
        await pilot.press(*keys)
        await pilot.pause()
        app.save_screenshot(str(ROOT / "screenshots" / f"{name}.svg"))


async def main() -> None:
    (ROOT / "screenshots").mkdir(exist_ok=True)
    await shoot("inbox-120x40", (120, 40))
    await shoot("inbox-80x24", (80, 24))
    await shoot("help-120x40", (120, 40), ("question_mark",))
    await shoot("reply-120x40", (120, 40), ("r", *"Friday works, thank you"))


if __name__ == "__main__":
    asyncio.run(main())
