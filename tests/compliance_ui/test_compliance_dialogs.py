"""The gate's dialogs on their own: an override needs a reason per hold; a collision is sent
only on enter."""

from datetime import UTC, datetime

from harness.dialogs import NOT_DISMISSED, DialogHarness, screen_text, settle

from inbox_tui.core.compliance import Finding, FindingCode, Severity
from inbox_tui.livevox.models import Direction, Message
from inbox_tui.ui.dialogs.collision import CollisionDialog
from inbox_tui.ui.dialogs.override import OverrideAnswer, OverrideDialog

QUIET = Finding(FindingCode.QUIET_HOURS, "It is 22:00 for this contact.", Severity.BLOCK, True)
LIKELY = Finding(FindingCode.LIKELY_OPT_OUT, "The reply may be an opt-out.", Severity.WARN)


async def test_override_needs_a_long_enough_reason_and_returns_it_with_the_confirmations():
    app = DialogHarness(OverrideDialog("Kavita", holds=[QUIET], warnings=[LIKELY], min_reason=5))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*"ok", "enter")
        await pilot.pause()
        assert app.result is NOT_DISMISSED
        assert "at least 5 characters" in screen_text(app)
        await pilot.press(*" - customer asked", "enter")
        await pilot.pause()
        assert app.result == OverrideAnswer(
            {"quiet_hours": "ok - customer asked"}, frozenset({"likely_opt_out"})
        )


async def test_warnings_alone_are_confirmed_with_enter_and_escape_cancels():
    app = DialogHarness(OverrideDialog("Kavita", holds=[], warnings=[LIKELY], min_reason=5))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert app.result == OverrideAnswer({}, frozenset({"likely_opt_out"}))
    app = DialogHarness(OverrideDialog("Kavita", holds=[QUIET], warnings=[], min_reason=5))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert app.result is None


async def test_collision_lists_the_new_messages_masked_and_sends_on_enter_only():
    arrived = Message(
        id="m9",
        message="my ssn is 123-45-6789",
        direction=Direction.INBOUND,
        date=datetime(2025, 3, 4, 15, 31, tzinfo=UTC),
    )
    for key, expected in (("escape", None), ("enter", True)):
        app = DialogHarness(CollisionDialog("Kavita", [arrived]))
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert "◀ customer 15:31  my ssn is ***-**-6789" in screen_text(app)
            await pilot.press(key)
            await pilot.pause()
            assert app.result is expected
