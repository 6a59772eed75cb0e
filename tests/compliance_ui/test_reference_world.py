"""What an agent can do when LiveVox answers with exactly the reference's shapes (thread rows
with ``to`` and ``direction: 0`` only; the history newest or oldest first), at 80x24 and 120x40:
read every thread in date order, see the account, the opt-out banner and a quiet-hours hold."""

from datetime import UTC, datetime

import pytest
from harness.compliance import STOP_THREAD, Clock, open_thread
from harness.ui import make_app, wait_for

SIZES = [(80, 24), (120, 40)]


async def started(pilot):
    app = pilot.app
    await wait_for(pilot, lambda: app.thread_list.threads and app.connection.connected)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_every_thread_reads_in_date_order_with_its_account(sim, world, size):
    app = make_app(sim, mark_read="reply")
    async with app.run_test(size=size) as pilot:
        await started(pilot)
        for index, thread in enumerate(list(app.thread_list.threads)):
            app.thread_list.focus()
            app.thread_list.move_to(index)
            await pilot.press("enter")
            held = world.threads[thread.thread_id].messages  # oldest first, as the world keeps it
            await wait_for(
                pilot,
                lambda thread=thread, held=held: (
                    app.current_thread.thread_id == thread.thread_id
                    and [m.id for m in app.conversation.messages] == [m.id for m in held[-25:]]
                ),
            )
            # The account: in the contact line, and a column of the list at 120 columns.
            account = world.threads[thread.thread_id].account
            assert f"acct {account}" in str(app.contact_line.content)
            if size == (120, 40):
                assert account in app.thread_list.render_row(index, 44).plain


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_opt_out_banner_and_a_quiet_hours_hold_are_explained(sim, world, size):
    # 04:00 UTC is 23:00 in Miami, where the STOP thread's number is: quiet hours there.
    app = make_app(sim, mark_read="reply")
    app.clock = app.store.clock = Clock(datetime(2025, 3, 5, 4, 0, tzinfo=UTC))
    async with app.run_test(size=size) as pilot:
        await open_thread(pilot, STOP_THREAD)
        banner = app.banner
        await wait_for(pilot, lambda: banner.display and "Quiet hours" in str(banner.content))
        assert "opted out" in str(banner.content).lower()
        assert "23:00" in str(banner.content)
