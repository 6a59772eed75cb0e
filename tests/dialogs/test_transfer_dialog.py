"""Given the agents LiveVox lists, when the agent types and presses keys, who gets the thread."""

from harness.dialog_data import AGENTS
from harness.dialogs import (
    NOT_DISMISSED,
    DialogHarness,
    Recorder,
    dialog_lines,
    never,
    returning,
    screen_text,
    settle,
)
from textual.widgets import Input

from inbox_tui.livevox.errors import BadRequestError, ServerError
from inbox_tui.ui.dialogs.transfer import TransferDialog


def transfer_app(on_transfer: Recorder, load=None) -> DialogHarness:
    return DialogHarness(
        TransferDialog(
            subject="Kavita Rao · 14154164061",
            load_agents=load or returning(AGENTS),
            on_transfer=on_transfer,
        )
    )


async def test_ready_agents_come_first_and_enter_transfers_to_the_highlighted_one() -> None:
    action = Recorder()
    app = transfer_app(action)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        lines = dialog_lines(app)
        names = [line.split("  ")[0] for line in lines if "READY" in line]
        assert names == [
            "kavya11 livevox",
            "kavya3 livevox",
            "[b]Zed[/b] O'Neil",
            "apitest1 pass",
            "kavya livevox",
        ]
        await pilot.press("down", "enter")
        await settle(pilot)
    assert [agent.login_id for agent in action.calls] == ["KAVYA3"]
    assert app.result.login_id == "KAVYA3"


async def test_typing_filters_by_login_and_the_input_keeps_focus() -> None:
    action = Recorder()
    app = transfer_app(action)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*"apitest", "down", "up")
        assert isinstance(app.focused, Input)
        assert app.focused.cursor_blink is False
        text = screen_text(app)
        assert "apitest1 pass" in text
        assert "kavya" not in text
        await pilot.press("enter")
        await settle(pilot)
    assert [agent.agent_id for agent in action.calls] == ["795963"]


async def test_nothing_matching_says_so_and_enter_does_not_transfer() -> None:
    action = Recorder()
    app = transfer_app(action)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*"nobody", "enter")
        await settle(pilot)
        text = screen_text(app)
        assert "No agent matches." in text
        assert "Choose an agent first." in text
    assert action.calls == []
    assert app.result is NOT_DISMISSED


async def test_escape_cancels_without_transferring() -> None:
    action = Recorder()
    app = transfer_app(action)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
    assert action.calls == []
    assert app.result is None


async def test_a_refused_transfer_keeps_the_dialog_and_the_filter_and_says_why() -> None:
    action = Recorder(error=BadRequestError("Agent KAVYA3 has too many open threads."))
    app = transfer_app(action)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*"kavya3", "enter")
        await settle(pilot)
        assert isinstance(app.screen, TransferDialog)
        assert app.screen.query_one(Input).value == "kavya3"
        assert "Agent KAVYA3 has too many open threads." in screen_text(app)
        action.error = None
        await pilot.press("enter")
        await settle(pilot)
    assert len(action.calls) == 2
    assert app.result.login_id == "KAVYA3"


async def test_an_unexpected_failure_is_shown_generically() -> None:
    app = transfer_app(Recorder(error=RuntimeError("secret internals")))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        text = screen_text(app)
        assert "Something unexpected went wrong" in text
        assert "secret internals" not in text
        assert isinstance(app.screen, TransferDialog)


async def test_the_list_failing_to_load_says_why_and_enter_does_nothing() -> None:
    async def failing() -> list:
        raise ServerError("LiveVox is down for maintenance.")

    action = Recorder()
    app = transfer_app(action, load=failing)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Could not load the agents: LiveVox is down for maintenance." in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
    assert action.calls == []


async def test_loading_is_visible() -> None:
    app = transfer_app(Recorder(), load=never())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Loading the agents…" in screen_text(app)
