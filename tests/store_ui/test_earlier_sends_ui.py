"""A run stopped mid-send: the next start looks for that send in LiveVox, and tells the agent,
with the text back in the thread's composer, when it is not there. While the history cannot be
read the send stays unknown (never "not sent") and is looked for again after each poll. It
never sends by itself."""

from harness.store_ui import open_store
from harness.ui import make_app, screen_text, status_text, wait_for

from inbox_tui.store import OutboxState

TEXT = "Your plan starts Monday."


def left_pending(store, world):
    """What the stopped run wrote before its request: a pending reply to a personal thread."""
    thread = world.inbox(owner=world.agent_id, service_id=None)[0]
    entry = store.outbox.begin("agent", thread.thread_id, thread.phone, thread.sms_code, TEXT)
    return thread, entry


async def test_a_send_not_in_livevox_is_told_and_its_text_comes_back(sim, store_path):
    world = sim.state.world
    with open_store(store_path) as store:
        thread, entry = left_pending(store, world)
        app = make_app(sim, store=store, mark_read="reply")
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_for(pilot, lambda: "probably not sent" in status_text(app))
            assert "probably not sent" in screen_text(app)
            assert "1 send from an earlier session to +1 " in status_text(app)
            assert "The text is back in the thread's composer." in status_text(app)
            await wait_for(pilot, lambda: store.load_draft(thread.thread_id) == TEXT)
            assert store.outbox.get(entry.id).state is OutboxState.FAILED
            assert store.outbox.unresolved() == []
            app.thread_list.focus()
            app.thread_list.move_to(app.thread_list.index_of(thread.thread_id))
            await pilot.press("enter")
            await wait_for(pilot, lambda: app.composer.value == TEXT)
    assert world.sends == []


async def test_a_send_that_reached_livevox_is_settled_quietly(sim, store_path):
    world = sim.state.world
    with open_store(store_path) as store:
        thread, entry = left_pending(store, world)
        # Its request reached LiveVox before the run stopped.
        sent = world.send_agent_message(
            world.agent_id,
            from_number=thread.sms_code,
            to_number=thread.phone,
            text=TEXT,
            account=None,
            thread_id=thread.thread_id,
            template_id=None,
        )
        app = make_app(sim, store=store, mark_read="reply")
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_for(pilot, lambda: store.outbox.get(entry.id).state is OutboxState.SENT)
            assert store.outbox.get(entry.id).transaction_id == sent.id
            assert "earlier session" not in status_text(app)
            assert store.load_draft(thread.thread_id) is None
    assert len(world.sends) == 1


def applied(world, thread):
    """The stopped run's request reached LiveVox."""
    return world.send_agent_message(
        world.agent_id,
        from_number=thread.sms_code,
        to_number=thread.phone,
        text=TEXT,
        account=None,
        thread_id=thread.thread_id,
        template_id=None,
    )


async def test_a_send_whose_history_cannot_be_read_stays_unknown_until_it_can(sim, store_path):
    world = sim.state.world
    with open_store(store_path) as store:
        thread, entry = left_pending(store, world)
        store.save_draft(thread.thread_id, TEXT)  # typed, then enter, then the crash
        sent = applied(world, thread)
        failing = world.fail_path("/agent/messages", times=10_000)
        app = make_app(sim, store=store, mark_read="reply", poll_interval=0.2)
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_for(pilot, lambda: "checking LiveVox" in status_text(app))
            said = status_text(app)
            assert "1 send from an earlier session to +1 " in said
            assert "(the history could not be read)" in said
            assert "not sent" not in screen_text(app)
            assert store.outbox.get(entry.id).state is OutboxState.UNKNOWN
            assert store.load_draft(thread.thread_id) == TEXT
            # Looked for again after the next polls: still unread, still unknown, never failed.
            asked = sum("/agent/messages" in r.path for r in world.requests)
            await wait_for(
                pilot, lambda: sum("/agent/messages" in r.path for r in world.requests) > asked
            )
            assert store.outbox.get(entry.id).state is OutboxState.UNKNOWN
            world.faults.remove(failing)
            await wait_for(pilot, lambda: store.outbox.get(entry.id).state is OutboxState.SENT)
            assert store.outbox.get(entry.id).transaction_id == sent.id
            await wait_for(pilot, lambda: store.load_draft(thread.thread_id) is None)
            assert "not sent" not in screen_text(app)
    assert len(world.sends) == 1
