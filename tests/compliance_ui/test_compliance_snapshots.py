"""Snapshots of each compliance banner, the segment meter and the gate's dialogs (fixed clock,
TZ=UTC, no cursor blink)."""

import pytest
from harness.compliance import (
    AFTERNOON,
    DNC_THREAD,
    LIKELY_OPT_OUT_THREAD,
    NOT_OPTED_IN_THREAD,
    PLAIN_THREAD,
    SIM_TIME,
    STOP_THREAD,
    TEN_PM_CENTRAL,
    collide,
    compliance_app,
    open_thread,
    reply,
    wait_for,
)
from harness.ui import make_sim, restyled, snippets_shown

from inbox_tui.core.compliance import ComplianceSettings
from inbox_tui.ui.dialogs.confirm import ConfirmDialog
from inbox_tui.ui.dialogs.override import OverrideDialog

PII_THREAD = "56061000004"  # a contact with an SSN and a date of birth

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


def opened(thread_id: str, draft: str = ""):
    """Open ``thread_id`` and put ``draft`` in the composer (keys cannot type ’ — …)."""

    async def run_before(pilot) -> None:
        app = pilot.app
        await open_thread(pilot, thread_id)
        await snippets_shown(pilot)  # the rows' snippets arrive on their own time
        app.action_reply()
        app.composer.value = draft
        await restyled(pilot)

    return run_before


NO_CONFIRMATION = {"compliance": ComplianceSettings(confirmations_after_opt_out=0)}


@pytest.mark.parametrize(
    ("thread_id", "now", "settings"),
    [
        pytest.param(STOP_THREAD, SIM_TIME, {}, id="opted-out"),
        pytest.param(STOP_THREAD, SIM_TIME, NO_CONFIRMATION, id="opted-out-no-confirmation"),
        pytest.param(LIKELY_OPT_OUT_THREAD, AFTERNOON, {}, id="likely-opt-out"),
        pytest.param(DNC_THREAD, AFTERNOON, {}, id="dnc"),
        pytest.param(NOT_OPTED_IN_THREAD, SIM_TIME, {}, id="not-opted-in"),
        pytest.param(PLAIN_THREAD, TEN_PM_CENTRAL, {}, id="quiet-hours"),
        pytest.param(
            LIKELY_OPT_OUT_THREAD, TEN_PM_CENTRAL, {}, id="quiet-hours-and-likely-opt-out"
        ),
    ],
)
def test_banner(snap_compare, thread_id, now, settings):
    app = compliance_app(make_sim(), now, **settings)
    assert snap_compare(app, terminal_size=(80, 24), run_before=opened(thread_id))


@pytest.mark.parametrize(
    "text", [pytest.param("Hi there", id="gsm7"), pytest.param("It’s due — today…", id="ucs2")]
)
def test_meter(snap_compare, text):
    app = compliance_app(make_sim())
    assert snap_compare(app, terminal_size=(80, 24), run_before=opened(PLAIN_THREAD, text))


@pytest.mark.parametrize("size", SIZES)
def test_override_dialog(snap_compare, size):
    async def held(pilot) -> None:
        await open_thread(pilot, PLAIN_THREAD)
        await reply(pilot, "Call us back tomorrow.")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, OverrideDialog))
        await restyled(pilot)

    app = compliance_app(make_sim(), TEN_PM_CENTRAL)
    assert snap_compare(app, terminal_size=size, run_before=held)


@pytest.mark.parametrize("size", SIZES)
def test_collision_dialog(snap_compare, size):
    async def collided(pilot) -> None:
        await open_thread(pilot, PLAIN_THREAD)
        world = pilot.app.connector.world
        await collide(pilot, world, "Actually I already paid", "Can we set up a plan?")
        await restyled(pilot)

    app = compliance_app(make_sim())
    assert snap_compare(app, terminal_size=size, run_before=collided)


@pytest.mark.parametrize("size", SIZES)
def test_reveal_question(snap_compare, size):
    async def asked(pilot) -> None:
        await open_thread(pilot, PII_THREAD)
        await pilot.press("V")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ConfirmDialog))
        await restyled(pilot)

    assert snap_compare(compliance_app(make_sim()), terminal_size=size, run_before=asked)
