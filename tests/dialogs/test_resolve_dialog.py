"""Given the service's term codes, when the agent resolves, which code and account are sent."""

from harness.dialog_data import TERM_CODES
from harness.dialogs import (
    NOT_DISMISSED,
    DialogHarness,
    Recorder,
    dialog_lines,
    returning,
    screen_text,
    settle,
)
from textual.widgets import Input

from inbox_tui.livevox.errors import ServerError
from inbox_tui.ui.dialogs.resolve import ResolveDialog


def resolve_app(on_resolve: Recorder, *, required: bool = True, codes=TERM_CODES) -> DialogHarness:
    return DialogHarness(
        ResolveDialog(
            subject="Kavita Rao · 14154164061",
            account="1213",
            load_term_codes=returning(codes),
            on_resolve=on_resolve,
            term_code_required=required,
        )
    )


async def test_codes_are_grouped_by_category_in_display_order_and_enter_resolves() -> None:
    action = Recorder()
    app = resolve_app(action)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        lines = dialog_lines(app)
        start = lines.index("Payments")
        assert lines[start : start + 6] == [
            "Payments",
            "Paid in full",
            "Promise to pay",
            "Contact",
            "[red]Do not text[/red]",
            "Wrong number",
        ]
        await pilot.press("down", "enter")
        await settle(pilot)
    (resolution,) = action.calls
    assert resolution.term_code.id == "11"
    assert resolution.agent_entered_account == "1213"
    assert resolution.open_next is False
    assert app.result == resolution


async def test_filtering_keeps_the_category_and_ctrl_n_resolves_and_opens_next() -> None:
    action = Recorder()
    app = resolve_app(action)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*"wrong")
        text = screen_text(app)
        assert "Contact" in text
        assert "Payments" not in text
        await pilot.press("ctrl+n")
        await settle(pilot)
    (resolution,) = action.calls
    assert resolution.term_code.name == "Wrong number"
    assert resolution.open_next is True


async def test_the_agent_entered_account_is_editable() -> None:
    action = Recorder()
    app = resolve_app(action)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("tab", "ctrl+u", *"9876", "enter")
        await settle(pilot)
    assert action.calls[0].agent_entered_account == "9876"


async def test_a_term_code_is_required_by_default() -> None:
    action = Recorder()
    app = resolve_app(action)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*"zzz", "enter")
        await settle(pilot)
        assert "Choose a term code first." in screen_text(app)
    assert action.calls == []
    assert app.result is NOT_DISMISSED


async def test_when_not_required_the_agent_may_resolve_without_a_code() -> None:
    action = Recorder()
    app = resolve_app(action, required=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
    assert action.calls[0].term_code is None


async def test_a_required_code_with_none_to_choose_says_so() -> None:
    action = Recorder()
    app = resolve_app(action, codes=[])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "This service has no term codes, and one is required" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
    assert action.calls == []


async def test_an_empty_account_is_refused() -> None:
    action = Recorder()
    app = resolve_app(action)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("tab", "ctrl+u", "enter")
        await settle(pilot)
        assert "Enter the account to resolve the thread." in screen_text(app)
    assert action.calls == []


async def test_a_server_error_keeps_the_choice_and_the_account() -> None:
    action = Recorder(error=ServerError("The term code could not be saved."))
    app = resolve_app(action)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*"promise", "tab", "ctrl+u", *"555", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ResolveDialog)
        assert "The term code could not be saved." in screen_text(app)
        assert [field.value for field in app.screen.query(Input)] == ["promise", "555"]
    assert action.calls[0].term_code.name == "Promise to pay"
