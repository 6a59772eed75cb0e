"""The inbox, driven by keys against the simulator: what the screen shows, what LiveVox got."""

import dataclasses
import gc
import re
from time import monotonic

import pytest
from harness.ui import fixed_clock, make_app, make_sim, screen_text, snippets_shown, wait_for

from inbox_tui.config import Settings
from inbox_tui.demo import demo_connector, sim_connector
from inbox_tui.ui.app import InboxApp
from inbox_tui.ui.keymap import ACTIONS
from inbox_tui.ui.screens.help import HelpScreen
from inbox_tui.ui.screens.login import LoginScreen

SIZE = (120, 40)


def personal(world):
    """The agent's personal SMS threads, newest first, as the simulator holds them."""
    mine = [t for t in world.threads.values() if t.owner_agent_id == world.agent_id]
    return sorted((t for t in mine if not t.resolved), key=lambda t: t.last_ms, reverse=True)


async def started(pilot):
    app = pilot.app
    await wait_for(pilot, lambda: app.thread_list.threads and app.connection.connected)


def benign_latest_reply(world) -> None:
    """Make the newest personal thread's last word a harmless question, so sends pass the gate."""
    world.customer_reply(personal(world)[0].thread_id, "Sure, what are my options?")


async def open_first_unread(pilot):
    app = pilot.app
    app.thread_list.focus()
    index = next(i for i, t in enumerate(app.thread_list.threads) if t.read is False)
    app.thread_list.move_to(index)
    await pilot.press("enter")
    thread = app.thread_list.threads[index]
    await wait_for(pilot, lambda: app.conversation.messages)
    return thread


async def test_demo_header_sidebar_counts_and_threads(sim, world):
    app = make_app(sim)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        text = screen_text(app)
        assert "DEMO" in text and f"agent KAVYA ({world.agent_id})" in text
        assert "● connected" in text
        unread, total = world.inbox_counts()[world.agent_id]
        assert re.search(rf"Personal SMS +●{unread}/{total} ", text)
        assert [t.thread_id for t in app.thread_list.threads] == [
            t.thread_id for t in personal(world)
        ]
        first = personal(world)[0]
        await wait_for(pilot, lambda: app.snippet_of(app.thread_list.threads[0]) is not None)
        assert first.messages[-1].text[:10] in screen_text(app)


async def test_selecting_a_group_inbox_lists_its_threads(sim, world):
    app = make_app(sim)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.press("j")
        channel = app.inbox_list.highlighted
        await wait_for(pilot, lambda: app.current_channel == channel)
        expected = {
            t.thread_id
            for t in world.threads.values()
            if t.owner_agent_id is None and t.service_id == channel.channel_id and not t.resolved
        }
        await wait_for(pilot, lambda: {t.thread_id for t in app.thread_list.threads} == expected)
        assert channel.channel_name in screen_text(app)


async def test_open_thread_shows_history_then_marks_read_after_dwell(sim, world):
    dwell = 1.0
    app = make_app(sim, mark_read_dwell=dwell)
    read_at: dict[str, float] = {}
    world.add_listener(
        lambda event, thread_id: event == "read" and read_at.setdefault(thread_id, monotonic())
    )
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        unread_before = app.inbox_list.counts_of(app.current_channel)[0]
        opened_at = monotonic()
        thread = await open_first_unread(pilot)
        sim_thread = world.threads[thread.thread_id]
        assert sim_thread.messages[-1].text.splitlines()[0][:20] in screen_text(app)
        await wait_for(pilot, lambda: world.threads[thread.thread_id].read is True)
        # Marked read no sooner than the dwell after the agent opened it (a lower bound,
        # so a slow machine cannot make this fail).
        assert read_at[thread.thread_id] - opened_at >= dwell
        await wait_for(pilot, lambda: app.thread_list.threads[app.thread_list.cursor].read)
        assert app.inbox_list.counts_of(app.current_channel)[0] == unread_before - 1
        assert f"●{unread_before - 1}/" in screen_text(app)


async def test_mark_read_only_on_reply_leaves_it_unread(sim, world):
    app = make_app(sim, mark_read="reply")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        thread = await open_first_unread(pilot)
        await pilot.pause(0.3)
        assert world.threads[thread.thread_id].read is False
        assert not any("markAsRead" in r.path for r in world.requests)


async def test_u_toggles_read_and_unread(sim, world):
    app = make_app(sim)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        app.thread_list.focus()
        thread = app.thread_list.highlighted
        was_read = world.threads[thread.thread_id].read
        await pilot.press("u")
        await wait_for(pilot, lambda: world.threads[thread.thread_id].read is not was_read)
        await wait_for(pilot, lambda: app.thread_list.threads[0].read is not was_read)
        await pilot.press("u")
        await wait_for(pilot, lambda: world.threads[thread.thread_id].read is was_read)


async def test_reply_sends_and_shows_it(sim, world):
    benign_latest_reply(world)
    app = make_app(sim)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        thread = await open_first_unread(pilot)
        await pilot.press("r")
        assert app.focused is app.composer
        await pilot.press(*"On my way", "enter")
        await wait_for(pilot, lambda: world.sends)
        send = world.sends[-1]
        assert (send.kind, send.text, send.thread_id) == ("agent", "On my way", thread.thread_id)
        # The request names the thread's customer and the code the thread uses, whether the
        # thread row said so (rich) or only the history did (reference).
        sim_thread = world.threads[thread.thread_id]
        request = next(r for r in world.requests if r.path.endswith("/message/send"))
        assert request.json["toNumber"] == sim_thread.phone
        assert request.json["fromNumber"] == sim_thread.sms_code
        await wait_for(pilot, lambda: app.composer.value == "")
        assert "On my way" in screen_text(app)


async def test_failed_send_keeps_the_text_and_says_why(sim, world):
    benign_latest_reply(world)
    app = make_app(sim)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await open_first_unread(pilot)
        world.inject_fault(500, path_contains="/message/send")
        await pilot.press("r", *"Call me", "enter")
        await wait_for(pilot, lambda: "text is kept" in screen_text(app))
        assert app.composer.value == "Call me"
        assert not world.sends
        assert "Traceback" not in screen_text(app)


async def test_a_dropped_connection_does_not_crash(sim, world):
    app = make_app(sim)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        world.inject_fault(path_contains="/thread/details", drop=True, times=10)
        await pilot.press("j")
        await wait_for(pilot, lambda: "failed" in screen_text(app))
        assert app.is_running
        await pilot.press("k")
        await wait_for(pilot, lambda: app.current_channel.personal is True)


async def test_poll_brings_new_message_keeps_draft_and_counts_move(sim, world):
    app = make_app(sim, mark_read="reply")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        thread = await open_first_unread(pilot)
        await pilot.press("r", *"draft text")
        other = next(t for t in personal(world) if t.read and t.thread_id != thread.thread_id)
        unread_before = app.inbox_list.counts_of(app.current_channel)[0]
        world.customer_reply(thread.thread_id, "new words from the customer")
        world.customer_reply(other.thread_id, "and another one")
        app.request_refresh()
        await wait_for(pilot, lambda: "new words from the customer" in screen_text(app))
        assert app.composer.value == "draft text"
        assert app.inbox_list.counts_of(app.current_channel)[0] == unread_before + 1
        index = app.thread_list.index_of(other.thread_id)
        assert app.thread_list.threads[index].read is False


async def test_a_reply_to_the_open_unread_thread_shows_at_the_next_poll(sim, world):
    """Marked read only on reply, the open thread stays unread: the customer's next message
    changes no count, and the poll still brings it (its newest page, not the thread list)."""
    app = make_app(sim, mark_read="reply")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        thread = await open_first_unread(pilot)
        counts = app.inbox_list.counts_of(app.current_channel)
        before = len(world.requests)
        world.customer_reply(thread.thread_id, "one more thing")
        app.poller.poll()
        await wait_for(pilot, lambda: "one more thing" in screen_text(app))
        assert app.inbox_list.counts_of(app.current_channel) == counts
        row = app.thread_list.threads[app.thread_list.index_of(thread.thread_id)]
        assert app.snippet_of(row) == "one more thing"  # its row shows it too, with its age
        newest_ms = world.threads[thread.thread_id].messages[-1].date_ms
        assert row.last_activity.timestamp() * 1000 == newest_ms
        paths = [r.path for r in world.requests[before:]]
        assert paths == ["/sms/agent/channel", "/sms/agent/messages"]
        assert world.requests[-1].query.get("threadId") == thread.thread_id


async def test_the_app_turns_the_collector_back_on_after_its_first_frame(sim):
    """The command line starts the app with the cyclic collector off (inbox_tui.cli)."""
    gc.disable()
    try:
        app = make_app(sim)
        async with app.run_test(size=SIZE) as pilot:
            await started(pilot)
            assert gc.isenabled()
    finally:
        gc.enable()


async def test_what_start_up_built_is_left_out_of_the_collectors_passes(sim):
    """Once the first inbox is shown, the app's long-lived objects are frozen (gc.freeze): a
    full collection while a long page is read no longer walks them."""
    gc.unfreeze()  # the process's first app freezes (an earlier test's may have)
    app = make_app(sim)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await wait_for(pilot, lambda: gc.get_freeze_count() > 0)
        assert gc.is_tracked(app.thread_list)
        assert all(tracked is not app.thread_list for tracked in gc.get_objects())


async def test_the_demo_builds_its_simulator_at_the_first_connection():
    connector = demo_connector(threads=5)
    assert connector.world is None and connector.user_name == "KAVYA"
    client = connector.make_client(None)
    try:
        await client.login()
        assert len(connector.world.threads) == 5
        assert [r.path for r in connector.world.requests] == ["/session/login"]
    finally:
        await client.aclose()


async def test_idle_poll_with_equal_counts_fetches_no_threads(sim, world):
    app = make_app(sim)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await snippets_shown(pilot)
        before = len(world.requests)
        app.poller.poll()
        await wait_for(pilot, lambda: len(world.requests) > before)
        await pilot.pause(0.1)
        assert [r.path for r in world.requests[before:]] == ["/sms/agent/channel"]


async def test_markup_from_the_server_is_shown_literally(sim, world):
    app = make_app(sim)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        thread = await open_first_unread(pilot)
        world.customer_reply(thread.thread_id, "[bold]hi[/bold] [@click=app.quit]x[/] [/")
        app.thread.reload()
        await wait_for(pilot, lambda: "[@click=app.quit]x[/]" in screen_text(app))
        assert "[bold]hi[/bold]" in screen_text(app)
        await pilot.click("#conversation")
        assert app.is_running


async def test_single_letter_keys_do_not_fire_in_the_composer(sim, world):
    app = make_app(sim)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await open_first_unread(pilot)
        await pilot.press("r", "q", "u", "question_mark", "j", "space")
        assert app.composer.value == "qu?j "
        assert app.is_running and not isinstance(app.screen, HelpScreen)
        assert not any("markAsUnread" in r.path for r in world.requests)
        await pilot.press("escape")
        assert app.focused is app.conversation and app.composer.value == "qu?j "


async def test_help_lists_every_key(sim):
    app = make_app(sim)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        # The list is longer than the box at 120x40: read it as it scrolls (j) to the end.
        text = screen_text(app)
        box = app.screen.query_one("#help-box")
        while box.scroll_y < box.max_scroll_y:  # pgdn pages through the rest
            before = box.scroll_y
            await pilot.press("pagedown")
            await wait_for(pilot, lambda before=before: box.scroll_y > before)
            await pilot.pause()
            text += screen_text(app)
        for spec in app.action_table:
            assert spec.description in text
        await pilot.press("home")
        await wait_for(pilot, lambda: box.scroll_y == 0)
        assert {s.action for s in ACTIONS} <= {s.action for s in app.action_table}
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_next_unread_crosses_inboxes(sim, world):
    app = make_app(sim, mark_read="open", next_unread="down")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        app.thread_list.focus()
        for _ in range(sum(1 for t in personal(world) if not t.read) + 1):
            await pilot.press("space")
            await pilot.pause(0.1)
        await wait_for(pilot, lambda: app.current_channel.personal is False)
        assert app.current_thread is not None
        assert world.threads[app.current_thread.thread_id].owner_agent_id is None


async def test_more_threads_load_when_scrolling_down(world):
    sim = make_sim(threads=40, page_size=5)
    app = make_app(sim)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        app.thread_list.focus()
        mine = len(personal(sim.state.world))
        for _ in range(mine):
            await pilot.press("j")
        await wait_for(pilot, lambda: len(app.thread_list.threads) == mine)
        # Five threads a page: the list asked for the pages one after another, each once.
        pages = pages_asked(sim.state.world)
        assert pages[: -(-mine // 5)] == list(range(1, -(-mine // 5) + 1))


def loading(app) -> bool:
    """A further page of the thread list is being fetched."""
    return any(w.group == "more-threads" and not w.is_finished for w in app.workers)


def pages_asked(world, since: int = 0) -> list[int]:
    """The personal inbox's pages the app asked for (from request ``since``)."""
    return [
        int(r.query.get("pagination", 1))
        for r in world.requests[since:]
        if r.path.endswith("/thread/details") and r.query.get("personal") == "true"
    ]


async def test_paging_goes_on_after_the_pages_loaded_when_a_poll_refreshes_the_first():
    """A poll's first page takes the place of the first rows and every row loaded stays below
    it (first those it pushed out): the next page asked for is the one after the last loaded,
    not page 2 again (which brought nothing new, so the list ended until the next poll: paging
    a 35,000-thread inbox stopped at 5,000 rows as customers replied, and every poll read two
    1,000-row pages already listed)."""
    sim = make_sim(threads=300, page_size=5)
    world = sim.state.world
    app = make_app(sim)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        listed = app.thread_list
        for _ in range(2):
            rows = listed.row_count
            listed.move_to(rows - 1)
            await wait_for(pilot, lambda rows=rows: listed.row_count > rows and not loading(app))
        loaded = app.inboxes.pages
        assert loaded >= 3 and listed.row_count == 5 * loaded and listed.has_more
        before = len(world.requests)
        writer = next(row.thread_id for row in reversed(listed.threads) if row.read)
        world.customer_reply(writer, "Any news on my payment plan?")
        app.poller.poll()
        await wait_for(pilot, lambda: listed.threads[0].thread_id == writer)
        listed.move_to(listed.row_count - 1)
        await wait_for(pilot, lambda: listed.row_count > 5 * loaded and not loading(app))
        first, *further = pages_asked(world, before)
        assert first == 1 and further == list(range(loaded + 1, loaded + 1 + len(further)))
        # Nothing lost nor listed twice: the server's order (a page's first row may be one
        # listed already, moved down by the thread that rose to the top).
        server = [t.thread_id for t in world.inbox(owner=world.agent_id, service_id=None)]
        assert [row.thread_id for row in listed.threads] == server[: listed.row_count]
        assert listed.row_count > 5 * loaded and listed.has_more


async def test_user_login_panes_explain_why_they_are_empty(sim, world):
    app = make_app(sim, agent=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: "SMS codes:" in screen_text(app))
        text = screen_text(app)
        assert "This is a user" in text and "supervisor" in text and "need an agent login" in text
        assert not any("/sms/agent/" in r.path for r in world.requests)


async def test_login_screen_asks_for_the_password(sim, world):
    connector = dataclasses.replace(sim_connector(sim), needs_password=True, demo=False)
    app = InboxApp(connector, Settings(poll_interval=3600), clock=fixed_clock)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, LoginScreen))
        await pilot.press(*"wrong", "enter")
        await wait_for(pilot, lambda: "Login failed" in screen_text(app))
        assert "wrong" not in screen_text(app)
        await pilot.press(*world.credentials.agent_password, "enter")
        await wait_for(pilot, lambda: app.connection.connected)
        assert world.credentials.agent_password not in screen_text(app)


def unread_waiting(world, *, personal_only: bool):
    """Unread open threads the agent sees (personal, and group inboxes unless told)."""
    return [
        t
        for t in world.threads.values()
        if t.read is False
        and not t.resolved
        and (t.owner_agent_id == world.agent_id or (not personal_only and t.owner_agent_id is None))
    ]


@pytest.mark.parametrize("order", ["oldest", "newest"])
async def test_next_unread_goes_to_the_thread_waiting_longest_or_the_newest(
    sim, world, world_kind, order
):
    # Rich rows carry dates: the choice spans every inbox. Reference rows carry none and the
    # other inboxes' snippets are not loaded: the list's order (newest first) decides, in the
    # current inbox.
    candidates = unread_waiting(world, personal_only=world_kind != "rich")
    choose = min if order == "oldest" else max
    expected = choose(candidates, key=lambda t: t.last_ms).thread_id
    app = make_app(sim, mark_read="reply", next_unread=order)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        app.thread_list.focus()
        await pilot.press("space")
        await wait_for(pilot, lambda: app.current_thread is not None)
        assert app.current_thread.thread_id == expected
        assert app.thread_list.highlighted.thread_id == expected
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        wanted = "waiting longest first" if order == "oldest" else "newest first"
        assert f"Next unread, {wanted}" in screen_text(app)
