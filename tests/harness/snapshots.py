"""The app as the snapshot tests picture it: a small seeded world, settled before the shot."""

from __future__ import annotations

from harness.ui import make_app, make_sim, restyled, screen_text, snippets_shown, wait_for


async def settled(pilot) -> None:
    """Connected, threads listed, every visible snippet known, the first thread open."""
    app = pilot.app
    await snippets_shown(pilot)
    app.thread_list.focus()
    await pilot.press("enter")
    await wait_for(pilot, lambda: app.conversation.messages)
    await wait_for(pilot, lambda: "their time" in screen_text(app))
    view = app.conversation
    await wait_for(pilot, lambda: view.scroll_offset.y == view.max_scroll_y)
    await restyled(pilot)


def snapshot_app(**settings):
    """The first thread's customer asks a harmless question last, so a send is not held."""
    sim = make_sim()
    world = sim.state.world
    newest = max(
        (t for t in world.threads.values() if t.owner_agent_id == world.agent_id),
        key=lambda t: t.last_ms,
    )
    world.customer_reply(newest.thread_id, "Sure, what are my options?")
    return make_app(sim, mark_read="reply", **settings)
