"""A thread's newest page is fetched once when its row's snippet and its opening want it at the
same time (a long page is downloaded and parsed once)."""

from harness.ui import make_app, screen_text, snippets_shown, wait_for

SIZE = (120, 40)


def histories(world) -> list:
    return [r for r in world.requests if r.path.endswith("agent/messages")]


async def test_opening_a_thread_while_its_snippet_is_fetched_makes_one_request(sim, world):
    # The first history call (a row's snippet) is answered only after 1 s.
    world.inject_fault(path_contains="agent/messages", hold=1.0)
    app = make_app(sim)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: histories(world))
        held = histories(world)[0]
        thread_id = held.query["threadId"]
        app.thread_list.focus()
        app.thread_list.move_to(app.thread_list.index_of(thread_id))
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.conversation.messages)
        newest = world.threads[thread_id].messages[-1]
        assert app.conversation.messages[-1].id == newest.id
        assert app.snippet_of(app.current_thread) == app.conversation.messages[-1].message
        assert len([r for r in histories(world) if r.query.get("threadId") == thread_id]) == 1


async def test_a_snippet_learnt_by_whoever_fetched_the_page_shows_in_its_row(sim, world):
    """The opening of a thread may fetch its newest page before the snippets' worker does;
    the worker then has nothing to fetch. The row shows the snippet all the same."""
    app = make_app(sim)
    async with app.run_test(size=SIZE) as pilot:
        await snippets_shown(pilot)
        app.thread_list.focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.conversation.messages)
        thread = app.thread_list.threads[1]
        newest = app.conversation.messages[-1].model_copy(update={"message": "Zebra"})
        app.snippets.remember(thread, [newest])
        await wait_for(pilot, lambda: "Zebra" in screen_text(app))
