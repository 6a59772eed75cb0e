"""Helpers of the UI tests: a small simulated world on a fixed clock, the app over it, and
ways to read the screen and wait for a condition."""

from datetime import UTC, datetime

from textual.app import App

from inbox_tui.config import Settings
from inbox_tui.demo import sim_connector
from inbox_tui.sim import SimConfig, create_app
from inbox_tui.ui.app import InboxApp

# 20:00 UTC is daytime in every US zone (10:00 in Hawaii), so quiet hours do not hold sends.
NOW = datetime(2025, 3, 4, 20, 0, tzinfo=UTC)


def fixed_clock() -> datetime:
    return NOW


WORLDS = {
    "rich": {"shape": "rich", "history_order": "newest"},
    "reference": {"shape": "reference", "history_order": "newest"},
    "reference-oldest-first": {"shape": "reference", "history_order": "oldest"},
}
"""The simulated LiveVox's answers: today's demo world, and exactly the reference examples'
shapes (thread rows with ``to`` and ``direction: 0`` only, no contact, no dates), with the
history newest first (as in the example) or oldest first (no order is promised)."""


def make_sim(threads: int = 12, *, seed: int = 7, **config):
    return create_app(SimConfig(seed=seed, threads=threads, clock=fixed_clock, **config))


def make_app(sim=None, *, agent: bool = True, store=None, **settings) -> InboxApp:
    """An app over ``sim`` (a fresh small world if None); settings default to a quick dwell.
    ``store`` is the app's local store (None: the demo profile's, under the test's data dir)."""
    sim = sim or make_sim()
    values = Settings(**{"mark_read_dwell": 0.2, "poll_interval": 3600.0} | settings)
    connector = sim_connector(sim, agent=agent, settings=values)
    return InboxApp(connector, values, clock=fixed_clock, store=store)


def screen_text(app: App) -> str:
    """The whole screen as text, one line per terminal row."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def status_text(app: App) -> str:
    """The status line's text, however it wraps on screen."""
    return str(app.query_one("#status").content)


async def wait_for(pilot, condition, *, timeout: float = 5.0) -> None:
    """Let the app run until ``condition()`` holds; fail after ``timeout`` seconds."""
    for _ in range(int(timeout / 0.02)):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("condition not met in time")


async def snippets_shown(pilot) -> None:
    """Connected, threads listed, and every visible row's snippet known."""
    app = pilot.app
    await wait_for(pilot, lambda: app.thread_list.threads and app.connection.connected)
    await wait_for(
        pilot, lambda: all(app.snippet_of(t) is not None for t in app.snippets.visible())
    )


async def restyled(pilot) -> None:
    """Restyle every screen, then let it paint: Textual can leave a pane title styled as
    ``:focus-within`` after the focus has moved on, which makes a picture depend on timing."""
    for screen in pilot.app.screen_stack:
        pilot.app.update_styles(screen)
    await pilot.pause()
