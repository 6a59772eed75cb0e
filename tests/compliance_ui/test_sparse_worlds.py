"""Worlds where any optional field may be missing or null (the simulator's ``sparse`` shape,
drawn by seed): the app never crashes, and wherever the history names both numbers a reply
goes out with them (unless the compliance gate holds it for a reason it names)."""

from harness.ui import make_app, make_sim, status_text, wait_for
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inbox_tui.ui.dialogs.action_dialog import ActionDialog

THREADS_TRIED = 4


def named_both(messages) -> bool:
    return any(m.phone for m in messages) and any(m.sms_code for m in messages)


@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(seed=st.integers(min_value=0, max_value=10_000))
async def test_sparse_worlds_never_crash_and_reply_where_the_history_names_both(seed):
    sim = make_sim(seed=seed, shape="sparse", history_order="shuffled")
    world = sim.state.world
    app = make_app(sim, mark_read="reply")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.connection.connected and app.thread_list.threads)
        for index in range(min(THREADS_TRIED, len(app.thread_list.threads))):
            app.thread_list.focus()
            app.thread_list.move_to(index)
            await pilot.press("enter")
            thread = app.thread_list.threads[index]
            await wait_for(
                pilot,
                lambda thread=thread: (
                    app.current_thread.thread_id == thread.thread_id
                    and thread.thread_id in app.thread.zones
                ),
            )
            if not named_both(app.conversation.messages):
                continue
            before = len(world.sends)
            app.set_status("")
            app.action_reply()
            app.composer.set_draft("Thanks, noted.")
            await pilot.press("enter")
            await wait_for(
                pilot,
                lambda before=before: (
                    len(world.sends) > before
                    or isinstance(app.screen, ActionDialog)
                    or status_text(app).startswith("Not sent")  # a hard hold, said
                ),
            )
            while isinstance(app.screen, ActionDialog):  # a hold or warning the gate explains
                await pilot.press("escape")
                await pilot.pause()
            assert "Cannot reply" not in status_text(app)
            if len(world.sends) > before:
                sim_thread = world.threads[thread.thread_id]
                send = world.sends[-1]
                assert (send.to, send.from_) == (sim_thread.phone, sim_thread.sms_code)
        assert app.is_running
        assert "unexpectedly" not in status_text(app)
