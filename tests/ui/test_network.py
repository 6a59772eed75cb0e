"""The link to LiveVox as the agent sees it: the demo says it is one, a slow call shows in the
header, Retry-After is capped, ctrl+r polls at once, and quitting logs out within 2 s."""

from time import monotonic

from harness.ui import fixed_clock, make_app, screen_text, status_text, wait_for

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


def counts_requests(world) -> int:
    return sum(1 for r in world.requests if r.path.endswith("/agent/channel"))


def header(app) -> str:
    return str(app.query_one("#header").content)


async def test_a_slow_call_shows_in_the_header_counting_up_then_connected_again(sim, world):
    app = make_app(sim, slow_after=0.3, request_timeout=1.0)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.connection.connected and app.thread_list.threads)
        assert "● connected" in header(app)
        world.configure(latency=2.2)
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: "slow (0 s)" in header(app))
        assert "slow (0 s)" in screen_text(app)
        await wait_for(pilot, lambda: "not answering (1 s)" in header(app))
        world.configure(latency=0.0)
        await wait_for(pilot, lambda: "● connected" in header(app), timeout=10)
        assert "slow" not in header(app) and "not answering" not in header(app)


async def test_retry_after_is_capped_and_ctrl_r_polls_at_once(sim, world):
    app = make_app(sim, poll_interval=5.0, retry_after_cap=60.0)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.connection.connected and app.thread_list.threads)
        world.inject_fault(429, path_contains="/agent/channel", retry_after=86400)
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: "retrying in" in header(app))
        assert app.poller.schedule.delay == 60.0
        assert "retrying in 60 s" in header(app)
        before = counts_requests(world)
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: counts_requests(world) > before, timeout=1.0)
        await wait_for(pilot, lambda: "● connected" in header(app))


def test_the_poll_schedule_caps_a_servers_retry_after():
    from inbox_tui.ui.polling import PollSchedule

    schedule = PollSchedule(15.0, retry_after_cap=300.0, rng=lambda: 0.5)
    assert schedule.failure(86400.0) == 300.0
    assert schedule.failure(20.0) == 30.0  # the backoff, when longer than the server's wish
    assert schedule.success() == 15.0


async def test_quitting_logs_out(sim, world):
    app = make_app(sim)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.connection.connected and app.thread_list.threads)
        assert not [r for r in world.requests if "/logout/" in r.path]
        app.exit()
    [logout] = [r for r in world.requests if "/logout/" in r.path]
    assert logout.method == "DELETE"


async def test_a_logout_that_hangs_does_not_hold_the_exit(sim, world):
    app = make_app(sim)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.connection.connected and app.thread_list.threads)
        world.inject_fault(hold=30, path_contains="/logout")
        started = monotonic()
        app.exit()
    took = monotonic() - started
    assert [r for r in world.requests if "/logout/" in r.path]
    assert took < 2.5, took
