"""The link to LiveVox as the agent sees it: the demo says it is one, a slow call shows in the
header, Retry-After is capped, ctrl+r polls at once, and quitting logs out within 2 s."""

from ui_harness import fixed_clock, make_app, screen_text, status_text, wait_for

from inbox_tui.config import DEMO_HINT, Settings
from inbox_tui.demo import sim_connector
from inbox_tui.ui.app import InboxApp

SIZE = (120, 40)


async def test_the_demo_says_it_is_a_demo_at_start(sim):
    app = InboxApp(
        sim_connector(sim), Settings(poll_interval=3600.0), clock=fixed_clock, demo_reason=DEMO_HINT
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert status_text(app) == DEMO_HINT
        assert "Demo: simulated LiveVox. To use your account, create" in screen_text(app)
        await wait_for(pilot, lambda: app.connection.connected and app.thread_list.threads)
        assert status_text(app) == DEMO_HINT  # connecting does not wipe it


async def test_a_live_start_says_nothing_of_a_demo(sim):
    app = make_app(sim)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.connection.connected and app.thread_list.threads)
        assert "Demo:" not in status_text(app)
