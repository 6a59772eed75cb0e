"""The send gate in the app, against the simulator: what is held makes no request, what is
overridden is sent once and audited, opt-outs come and go with keywords and the agent's key."""

import pytest
from harness.compliance import (
    AFTERNOON,
    DNC_THREAD,
    DO_NOT_DIAL_DAILY_THREAD,
    DO_NOT_DIAL_THREAD,
    LIKELY_OPT_OUT_THREAD,
    NOT_OPTED_IN_THREAD,
    PLAIN_THREAD,
    SIZE,
    STOP_THREAD,
    TEN_PM_CENTRAL,
    audited,
    collide,
    compliance_app,
    open_thread,
    reply,
    screen_text,
    send_requests,
    status_says,
    wait_for,
)
from harness.dialogs import fill

from inbox_tui.config import Settings
from inbox_tui.core.compliance import ComplianceSettings
from inbox_tui.ui.dialogs.new_sms import NewSmsDialog
from inbox_tui.ui.dialogs.override import OverrideDialog
from inbox_tui.ui.widgets.compliance_banner import ComplianceBanner


def banner(app) -> str:
    widget = app.query_one(ComplianceBanner)
    return str(widget.content) if widget.display else ""


async def test_stop_in_history_allows_only_a_confirmed_confirmation(sim, world):
    app = compliance_app(sim)
    async with app.run_test(size=SIZE) as pilot:
        await open_thread(pilot, STOP_THREAD)
        assert banner(app) == "⚠ Opted out: only a confirmation of the opt-out may be sent."
        await reply(pilot, "Will do")
        await wait_for(pilot, lambda: isinstance(app.screen, OverrideDialog))
        assert "Only one confirmation of the opt-out may be sent" in screen_text(app)
        await pilot.press("escape")
        await status_says(pilot, "Not sent")
        assert send_requests(world) == [] and world.sends == []
        assert app.composer.value == "Will do"


@pytest.mark.rich_only
@pytest.mark.parametrize(
    ("thread_id", "settings", "words"),
    [
        pytest.param(
            STOP_THREAD,
            {"confirmations_after_opt_out": 0},
            "This number opted out of texts from this code",
            id="opted-out",
        ),
        pytest.param(DNC_THREAD, {}, "This number is on the do-not-contact list.", id="dnc"),
        pytest.param(
            DO_NOT_DIAL_THREAD, {}, "This contact is marked do-not-contact.", id="do-not-dial"
        ),
        pytest.param(
            DO_NOT_DIAL_DAILY_THREAD,
            {},
            "This contact may not be contacted again today.",
            id="do-not-dial-daily",
        ),
        pytest.param(
            NOT_OPTED_IN_THREAD,
            {"not_opted_in": "block"},
            "This contact has not opted in to text messages.",
            id="not-opted-in-set-to-block",
        ),
    ],
)
async def test_a_hard_block_makes_no_request(sim, world, thread_id, settings, words):
    world.threads[thread_id].owner_agent_id = world.agent_id  # group threads into the inbox
    app = compliance_app(sim, AFTERNOON, compliance=ComplianceSettings(**settings))
    async with app.run_test(size=SIZE) as pilot:
        await open_thread(pilot, thread_id)
        assert words in banner(app)
        before = len(world.requests)
        await reply(pilot, "Your payment is due on Friday.")
        await status_says(pilot, f"Not sent: {words}")
        assert app.screen is app.screen_stack[0]  # nothing to override: no dialog
        assert world.requests[before:] == [] and world.sends == []
        [held] = audited(app, "send")
        assert (held.thread_id, held.outcome) == (thread_id, "held")
        assert app.composer.value == "Your payment is due on Friday."


async def test_quiet_hours_hold_until_a_typed_reason_then_send_once_audited(sim, world):
    app = compliance_app(sim, TEN_PM_CENTRAL)
    async with app.run_test(size=SIZE) as pilot:
        await open_thread(pilot, PLAIN_THREAD)
        assert banner(app) == (
            "⛔ Quiet hours: 22:00 CST for them; texts 08:00-21:00. Sending needs a typed reason."
        )
        await reply(pilot, "Call us back tomorrow.")
        await wait_for(pilot, lambda: isinstance(app.screen, OverrideDialog))
        assert "It is 22:00 for this contact (America/Chicago)" in screen_text(app)
        await pilot.press("enter")  # no reason yet
        await pilot.pause()
        assert "Type a reason" in screen_text(app)
        assert send_requests(world) == []
        await pilot.press(*"asked to be texted tonight", "enter")
        await status_says(pilot, "Sent.")
        assert [s.text for s in world.sends] == ["Call us back tomorrow."]
        assert len(send_requests(world)) == 1
        [override] = audited(app, "compliance_override")
        assert override.details["code"] == "quiet_hours"
        assert override.details["reason"] == "asked to be texted tonight"
        assert [e.outcome for e in audited(app, "send")] == ["sent"]
        assert app.composer.value == ""


async def test_the_check_is_repeated_at_the_moment_of_sending(sim, world):
    """The agent started at 20:59; by the time they confirm the collision it is 21:00."""
    app = compliance_app(sim, TEN_PM_CENTRAL.replace(hour=2, minute=59))
    async with app.run_test(size=SIZE) as pilot:
        await open_thread(pilot, PLAIN_THREAD)
        assert banner(app) == ""
        await collide(pilot, world, "Are you there?", "Yes, here.")
        app.clock.now = TEN_PM_CENTRAL.replace(hour=3, minute=0)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, OverrideDialog))
        assert "It is 21:00" in screen_text(app)
        await pilot.press("escape")
        await status_says(pilot, "Not sent")
        assert world.sends == []


async def test_start_lifts_the_opt_out(sim, world):
    settings = ComplianceSettings(confirmations_after_opt_out=0)
    app = compliance_app(sim, compliance=settings)
    async with app.run_test(size=SIZE) as pilot:
        await open_thread(pilot, STOP_THREAD)
        assert "opted out" in banner(app)
        world.customer_reply(STOP_THREAD, "START")
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: "START" in [m.message for m in app.conversation.messages])
        await wait_for(pilot, lambda: banner(app) == "")
        await reply(pilot, "Welcome back.")
        await status_says(pilot, "Sent.")
        assert [s.text for s in world.sends] == ["Welcome back."]


async def test_confirming_a_likely_opt_out_records_it_and_then_blocks(sim, world):
    app = compliance_app(sim, AFTERNOON)
    async with app.run_test(size=SIZE) as pilot:
        await open_thread(pilot, LIKELY_OPT_OUT_THREAD)
        assert "“please stop texting me” may be an opt-out" in banner(app)
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: "opted out of texts from this code" in banner(app))
        thread = world.threads[LIKELY_OPT_OUT_THREAD]
        assert app.store.recorded_opt_out(thread.phone, thread.sms_code) is not None
        [recorded] = audited(app, "opt_out_recorded")
        assert recorded.thread_id == LIKELY_OPT_OUT_THREAD
        await reply(pilot, "Sorry to bother you.")
        await status_says(pilot, "Not sent: This number opted out")
        assert send_requests(world) == [] and world.sends == []


async def test_a_likely_opt_out_left_unconfirmed_needs_a_yes_to_send(sim, world):
    app = compliance_app(sim, AFTERNOON)
    async with app.run_test(size=SIZE) as pilot:
        await open_thread(pilot, LIKELY_OPT_OUT_THREAD)
        await reply(pilot, "Understood, we will stop.")
        await wait_for(pilot, lambda: isinstance(app.screen, OverrideDialog))
        assert "may be an opt-out" in screen_text(app)
        await pilot.press("enter")
        await status_says(pilot, "Sent.")
        assert len(world.sends) == 1
        [confirmed] = audited(app, "compliance_confirm")
        assert confirmed.details["codes"] == ["likely_opt_out"]
        assert banner(app) == ""  # answered: no longer a likely opt-out


@pytest.mark.rich_only
async def test_not_opted_in_warns_and_sends_once_confirmed(sim, world):
    app = compliance_app(sim, AFTERNOON)
    async with app.run_test(size=SIZE) as pilot:
        await open_thread(pilot, NOT_OPTED_IN_THREAD)
        await reply(pilot, "Here is your balance.")
        await wait_for(pilot, lambda: isinstance(app.screen, OverrideDialog))
        assert "Confirm before sending" in screen_text(app)
        assert send_requests(world) == []
        await pilot.press("enter")
        await status_says(pilot, "Sent.")
        assert [s.text for s in world.sends] == ["Here is your balance."]
        [confirmed] = audited(app, "compliance_confirm")
        assert confirmed.details["codes"] == ["not_opted_in"]
        assert "has not opted in" in banner(app)  # still true for the next message


async def test_a_collision_shows_the_new_message_and_sends_only_after_confirming(sim, world):
    app = compliance_app(sim)
    async with app.run_test(size=SIZE) as pilot:
        await open_thread(pilot, PLAIN_THREAD)
        await collide(pilot, world, "Actually I already paid yesterday", "Can we set up a plan?")
        assert "Actually I already paid yesterday" in screen_text(app)
        texts = [m.message for m in app.conversation.messages]
        assert texts[-1] == "Actually I already paid yesterday"
        assert world.sends == []
        await pilot.press("enter")
        await status_says(pilot, "Sent.")
        assert [s.text for s in world.sends] == ["Can we set up a plan?"]


async def test_a_stop_that_arrives_while_writing_holds_the_send_and_is_shown(sim, world):
    settings = ComplianceSettings(confirmations_after_opt_out=0)
    app = compliance_app(sim, compliance=settings)
    async with app.run_test(size=SIZE) as pilot:
        await open_thread(pilot, PLAIN_THREAD)
        world.customer_reply(PLAIN_THREAD, "STOP")
        await reply(pilot, "Can we set up a plan?")
        await status_says(pilot, "Not sent: This number opted out of texts from this code")
        assert app.conversation.messages[-1].message == "STOP"
        assert "opted out" in banner(app)
        assert send_requests(world) == [] and world.sends == []


async def test_a_collision_declined_sends_nothing_and_keeps_the_draft(sim, world):
    app = compliance_app(sim)
    async with app.run_test(size=SIZE) as pilot:
        await open_thread(pilot, PLAIN_THREAD)
        await collide(pilot, world, "Never mind", "Hello?")
        await pilot.press("escape")
        await status_says(pilot, "Not sent")
        assert world.sends == [] and app.composer.value == "Hello?"


def test_compliance_settings_come_from_the_config():
    settings = Settings.model_validate({"compliance": {"not_opted_in": "block"}})
    assert settings.compliance.not_opted_in == "block"
    assert Settings().compliance == ComplianceSettings()


async def test_a_new_sms_goes_through_the_gate_too(sim, world):
    app = compliance_app(sim, TEN_PM_CENTRAL)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.connection.connected)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, NewSmsDialog) and app.screen.loaded)
        await fill(pilot, to="(713) 555-0142", account="8842", message="Your statement is ready")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, OverrideDialog))
        assert "It is 22:00 for this contact (America/Chicago)" in screen_text(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: "Not sent" in screen_text(app))
        assert isinstance(app.screen, NewSmsDialog)  # the agent's message is still there
        assert send_requests(world) == []
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, OverrideDialog))
        await pilot.press(*"customer asked to be texted now", "enter")
        await wait_for(pilot, lambda: world.sends)
        assert [(s.kind, s.to, s.text) for s in world.sends] == [
            ("sms", "7135550142", "Your statement is ready")
        ]
        assert len(send_requests(world)) == 1
        [override] = audited(app, "compliance_override")
        assert override.details["reason"] == "customer asked to be texted now"
