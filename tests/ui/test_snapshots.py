"""Snapshots of the main, login, help and error screens at 80x24 and 120x40 (fixed clock, UTC)."""

import dataclasses

import pytest
from harness.snapshots import settled, snapshot_app
from harness.ui import fixed_clock, make_sim, restyled, screen_text, wait_for

from inbox_tui.config import Settings
from inbox_tui.demo import sim_connector
from inbox_tui.ui.app import InboxApp
from inbox_tui.ui.screens.help import HelpScreen
from inbox_tui.ui.screens.login import LoginScreen

SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_main_screen(snap_compare, size):
    assert snap_compare(snapshot_app(), terminal_size=size, run_before=settled)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_help_screen(snap_compare, size):
    async def open_help(pilot):
        await settled(pilot)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, HelpScreen))
        await restyled(pilot)

    assert snap_compare(snapshot_app(), terminal_size=size, run_before=open_help)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_failed_send_error_state(snap_compare, size):
    async def fail_a_send(pilot):
        await settled(pilot)
        pilot.app.connector.world.inject_fault(500, path_contains="/message/send")
        await pilot.press("r", *"Can we talk at 5?", "enter")
        status = pilot.app.query_one("#status")
        await wait_for(pilot, lambda: "text is kept" in str(status.content))
        await pilot.pause()

    assert snap_compare(snapshot_app(), terminal_size=size, run_before=fail_a_send)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_login_screen(snap_compare, size):
    connector = dataclasses.replace(sim_connector(make_sim()), needs_password=True, demo=False)
    connector.label = "api.na4.livevox.com"
    app = InboxApp(connector, Settings(poll_interval=3600), clock=fixed_clock)

    async def wrong_password(pilot):
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, LoginScreen))
        await pilot.press(*"not-it", "enter")
        await wait_for(pilot, lambda: "Login failed" in screen_text(pilot.app))
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=wrong_password)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_multi_line_composer(snap_compare, size):
    async def write_three_lines(pilot):
        await settled(pilot)
        await pilot.press(
            "r", *"Hi Dana,", "ctrl+j", *"your plan is set:", "ctrl+j", *"$50 on the 15th."
        )
        await wait_for(pilot, lambda: pilot.app.composer.value.count("\n") == 2)
        await pilot.pause()

    assert snap_compare(snapshot_app(), terminal_size=size, run_before=write_three_lines)
