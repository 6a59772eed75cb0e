"""Every audited action, driven through the UI against the simulator, names the agent (login
and LiveVox id) and the profile (issue 12.2)."""

import pytest
from harness.compliance import (
    DNC_THREAD,
    LIKELY_OPT_OUT_THREAD,
    PLAIN_THREAD,
    SIZE,
    STOP_THREAD,
    TEN_PM_CENTRAL,
    compliance_app,
    open_thread,
    reply,
    status_says,
    wait_for,
)

from inbox_tui.sim.records import CREDENTIALS
from inbox_tui.ui.dialogs.override import OverrideDialog
from inbox_tui.ui.dialogs.resolve import ResolveDialog
from inbox_tui.ui.dialogs.transfer import TransferDialog

PII_THREAD = "56061000004"  # a contact with an SSN and a date of birth


async def loaded(pilot, dialog_type) -> None:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, dialog_type))
    await wait_for(pilot, lambda: pilot.app.screen.loaded)


@pytest.mark.rich_only  # the reveal needs the rich world's SSNs
async def test_every_audited_action_names_the_agent_and_the_profile(sim, world):
    world.threads[DNC_THREAD].owner_agent_id = world.agent_id
    app = compliance_app(sim)
    daytime = app.clock.now
    async with app.run_test(size=SIZE) as pilot:
        # A send that fails, then resent with R.
        await open_thread(pilot, PLAIN_THREAD)
        world.inject_fault(500, path_contains="/message/send")
        await reply(pilot, "Can we talk at 5?")
        await status_says(pilot, "press R to send it again")
        app.conversation.focus()
        await pilot.press("R")
        await status_says(pilot, "Sent.")
        # Quiet hours overridden with a typed reason.
        app.clock.now = TEN_PM_CENTRAL
        await reply(pilot, "Call us back tomorrow.")
        await wait_for(pilot, lambda: isinstance(app.screen, OverrideDialog))
        await pilot.press(*"asked to be texted tonight", "enter")
        await status_says(pilot, "Sent.")
        app.clock.now = daytime
        # Held: the number is on the do-not-contact list.
        await open_thread(pilot, DNC_THREAD)
        await reply(pilot, "Your payment is due on Friday.")
        await status_says(pilot, "Not sent")
        # A likely opt-out recorded.
        await open_thread(pilot, LIKELY_OPT_OUT_THREAD)
        await pilot.press("ctrl+o")
        await status_says(pilot, "Recorded as an opt-out")
        # Personal data revealed, then the thread moved to the group inbox.
        await open_thread(pilot, PII_THREAD)
        await pilot.press("V", "y")  # asks first
        await status_says(pilot, "SSN and date of birth shown")
        await pilot.press("m")
        await status_says(pilot, "Moved")
        # Transferred to another agent, and resolved with a term code.
        await open_thread(pilot, STOP_THREAD)
        await pilot.press("t")
        await loaded(pilot, TransferDialog)
        await pilot.press(*"okafor", "enter")
        await status_says(pilot, "Transferred")
        await open_thread(pilot, LIKELY_OPT_OUT_THREAD)
        await pilot.press("x")
        await loaded(pilot, ResolveDialog)
        await pilot.press(*"dispute", "enter")
        await status_says(pilot, "Resolved")
        entries = app.store.audit_entries()

    by_action: dict[str, list] = {}
    for entry in entries:
        by_action.setdefault(entry.action, []).append(entry)
    outcomes = {action: [e.outcome for e in found] for action, found in by_action.items()}
    assert {"send", "compliance_override", "opt_out_recorded", "pii_reveal", "move"} <= set(
        by_action
    ), outcomes
    assert {"transfer", "resolve"} <= set(by_action), outcomes
    assert "held" in outcomes["send"] and "sent" in outcomes["send"]
    resent = [e for e in by_action["send"] if e.details.get("resend_of") is not None]
    assert resent, [e.details for e in by_action["send"]]
    assert by_action["transfer"][0].details["to_agent_id"] == "689581"
    assert by_action["resolve"][0].details["term_code"] == "Dispute"
    for entry in entries:
        who = (entry.agent, entry.agent_id, entry.profile)
        assert who == (CREDENTIALS.agent_login, world.agent_id, "demo"), (entry.action, who)
