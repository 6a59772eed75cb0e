"""The thread actions in the real app against the simulator: keys in, LiveVox's world changed."""

from harness.dialogs import fill
from harness.ui import make_app, screen_text, wait_for

from inbox_tui.ui.dialogs.new_sms import NewSmsDialog
from inbox_tui.ui.dialogs.resolve import ResolveDialog
from inbox_tui.ui.dialogs.template_picker import TemplateDialog
from inbox_tui.ui.dialogs.transfer import TransferDialog

SIZE = (120, 40)


async def open_thread(pilot, index: int = 0):
    """Start the app, open the ``index``th thread of the personal inbox, return its id."""
    app = pilot.app
    await wait_for(pilot, lambda: app.thread_list.threads and app.connection.connected)
    app.thread_list.focus()
    app.thread_list.move_to(index)
    await pilot.press("enter")
    thread_id = app.thread_list.threads[index].thread_id
    await wait_for(pilot, lambda: app.current_thread and app.current_thread.thread_id == thread_id)
    return thread_id


async def dialog_loaded(pilot, dialog_type):
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, dialog_type))
    await wait_for(pilot, lambda: pilot.app.screen.loaded)
    return pilot.app.screen


def listed(app) -> set[str]:
    return {thread.thread_id for thread in app.thread_list.threads}


async def test_t_transfers_the_thread_to_the_agent_chosen(sim, world):
    app = make_app(sim)
    async with app.run_test(size=SIZE) as pilot:
        thread_id = await open_thread(pilot)
        await pilot.press("t")
        await dialog_loaded(pilot, TransferDialog)
        assert "Sarah Chen" in screen_text(app)
        assert "Kavya Livevox" not in screen_text(app)  # the agent cannot take their own thread
        await pilot.press(*"okafor", "enter")
        await wait_for(pilot, lambda: world.transfers)
        await wait_for(pilot, lambda: thread_id not in listed(app))
        assert world.transfers == [(thread_id, "689581")]
        assert world.threads[thread_id].owner_agent_id == "689581"
        assert "to David Okafor" in screen_text(app)


async def test_a_failed_transfer_keeps_the_dialog_and_changes_nothing(sim, world):
    app = make_app(sim)
    async with app.run_test(size=SIZE) as pilot:
        thread_id = await open_thread(pilot)
        await pilot.press("t")
        dialog = await dialog_loaded(pilot, TransferDialog)
        failure = {"code": 500, "message": "Transfers are paused for maintenance."}
        world.inject_fault(500, path_contains="thread/transfer", body=failure)
        await pilot.press(*"okafor", "enter")
        await wait_for(pilot, lambda: "Transfers are paused for maintenance." in screen_text(app))
        assert app.screen is dialog
        assert dialog.choices.query_text == "okafor"
        assert world.transfers == []
        assert world.threads[thread_id].owner_agent_id == world.agent_id
        assert thread_id in listed(app)


async def test_x_resolves_with_the_term_code_and_ctrl_n_opens_the_next(sim, world):
    app = make_app(sim)
    async with app.run_test(size=SIZE) as pilot:
        thread_id = await open_thread(pilot)
        account = world.threads[thread_id].account
        await pilot.press("x")
        await dialog_loaded(pilot, ResolveDialog)
        await pilot.press(*"dispute", "ctrl+n")
        await wait_for(pilot, lambda: world.threads[thread_id].resolved)
        await wait_for(pilot, lambda: app.current_thread is not None)
        sim_thread = world.threads[thread_id]
        service = sim_thread.service_id
        dispute = [
            code["id"]
            for _, codes in world.term_codes[service]
            for code in codes
            if code["name"] == "Dispute"
        ]
        assert sim_thread.term_code_id in dispute
        assert (sim_thread.resolved_account, sim_thread.agent_entered_account) == (account, account)
        assert thread_id not in listed(app)
        assert app.current_thread.thread_id != thread_id
        assert "as Dispute" in screen_text(app)


async def test_a_refused_resolve_keeps_the_choice_and_the_thread(sim, world):
    app = make_app(sim)
    async with app.run_test(size=SIZE) as pilot:
        thread_id = await open_thread(pilot)
        await pilot.press("x")
        dialog = await dialog_loaded(pilot, ResolveDialog)
        world.inject_fault(
            400,
            path_contains="thread/resolve",
            body={"code": 400, "message": "Term code not allowed now."},
        )
        await pilot.press(*"dispute", "enter")
        await wait_for(pilot, lambda: "Term code not allowed now." in screen_text(app))
        assert app.screen is dialog
        assert dialog.choices.query_text == "dispute"
        assert world.threads[thread_id].resolved is False


async def test_ctrl_t_puts_a_template_in_the_composer_and_enter_sends_it(sim, world):
    app = make_app(sim)
    async with app.run_test(size=SIZE) as pilot:
        thread_id = await open_thread(pilot)
        await pilot.press("r", "ctrl+t")
        dialog = await dialog_loaded(pilot, TemplateDialog)
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is not dialog)
        text = app.composer.value
        assert text
        await pilot.press("enter")
        await wait_for(pilot, lambda: world.sends)
        assert (world.sends[-1].thread_id, world.sends[-1].text) == (thread_id, text)
        assert world.threads[thread_id].messages[-1].text == text


async def test_m_moves_to_the_group_inbox_and_p_takes_it_back(sim, world):
    app = make_app(sim)
    async with app.run_test(size=SIZE) as pilot:
        thread_id = await open_thread(pilot)
        personal = app.current_channel
        total = app.inbox_list.counts_of(personal)[1]
        await pilot.press("m")
        await wait_for(pilot, lambda: world.threads[thread_id].owner_agent_id is None)
        await wait_for(pilot, lambda: thread_id not in listed(app))
        await wait_for(pilot, lambda: app.inbox_list.counts_of(personal)[1] == total - 1)
        assert "Moved" in screen_text(app)
        service = world.threads[thread_id].service_id
        app.inbox_list.focus()
        group = next(c for c in app.inbox_list.channels if c.channel_id == service)
        app.inbox_list.move_to(app.inbox_list.channels.index(group))
        await pilot.press("enter")
        await wait_for(pilot, lambda: thread_id in listed(app))
        index = [t.thread_id for t in app.thread_list.threads].index(thread_id)
        app.thread_list.focus()
        app.thread_list.move_to(index)
        await pilot.press("enter")
        await wait_for(
            pilot, lambda: app.current_thread and app.current_thread.thread_id == thread_id
        )
        await pilot.press("p")
        await wait_for(pilot, lambda: world.threads[thread_id].owner_agent_id == world.agent_id)
        await wait_for(pilot, lambda: thread_id not in listed(app))


async def test_n_sends_a_new_sms_and_shows_the_transaction(sim, world):
    app = make_app(sim)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.connection.connected)
        await pilot.press("n")
        await dialog_loaded(pilot, NewSmsDialog)
        # New York, 10:30 there: inside the hours the compliance gate allows.
        await fill(pilot, to="(212) 555-0142", account="8842", message="Your statement is ready")
        await pilot.press("enter")
        await wait_for(pilot, lambda: world.sends)
        send = world.sends[-1]
        assert (send.kind, send.to, send.account, send.text) == (
            "sms",
            "2125550142",
            "8842",
            "Your statement is ready",
        )
        await wait_for(pilot, lambda: f"transaction {send.id}" in screen_text(app))


async def test_a_user_login_sends_a_new_sms_from_a_service(sim, world):
    app = make_app(sim, agent=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.connection.connected)
        await pilot.press("n")
        await dialog_loaded(pilot, NewSmsDialog)
        service = next(iter(world.services))
        await fill(pilot, to="2125550142", service=service, message="Office closed Monday")
        await pilot.press("enter")
        await wait_for(pilot, lambda: world.sends)
        send = world.sends[-1]
        assert (send.service_id, send.account, send.text) == (service, None, "Office closed Monday")


async def test_the_palette_and_help_name_the_thread_actions(sim, world):
    app = make_app(sim)
    async with app.run_test(size=SIZE) as pilot:
        thread_id = await open_thread(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        help_text = screen_text(app)
        box = app.screen.query_one("#help-box")
        while box.scroll_y < box.max_scroll_y:  # the list is longer than the box: page on
            before = box.scroll_y
            await pilot.press("pagedown")
            await wait_for(pilot, lambda before=before: box.scroll_y > before)
            await pilot.pause()
            help_text += screen_text(app)
        for description in ("Transfer", "Resolve", "Reply with a template", "Send a new SMS"):
            assert description in help_text
        await pilot.press("escape", "ctrl+p")
        await pilot.pause()
        await pilot.press(*"Move the thread")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_for(pilot, lambda: world.threads[thread_id].owner_agent_id is None)
