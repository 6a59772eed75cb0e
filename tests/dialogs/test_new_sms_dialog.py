"""Given the codes and templates, when the agent fills in a new SMS, what is sent or refused."""

import pytest
from harness.dialog_data import CODES, TEMPLATES
from harness.dialogs import (
    NOT_DISMISSED,
    DialogHarness,
    Recorder,
    fill,
    returning,
    screen_text,
    settle,
)
from textual.widgets import Input, Select
from textual.widgets.select import InvalidSelectValueError

from inbox_tui.livevox.errors import BadRequestError
from inbox_tui.livevox.models import SendSmsResult
from inbox_tui.ui.dialogs.new_sms import NewSmsDialog, us_number

SENT = SendSmsResult(transaction_id="51644325690")


def new_sms_app(on_send: Recorder, *, is_agent: bool = True) -> DialogHarness:
    return DialogHarness(
        NewSmsDialog(
            is_agent=is_agent,
            load_codes=returning(CODES),
            load_templates=returning(TEMPLATES),
            on_send=on_send,
        )
    )


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("(415) 416-4061", "4154164061"),
        ("+1 415.416.4061", "14154164061"),
        ("14154164061", "14154164061"),
        ("415416406", None),
        ("24154164061", None),
        ("415-ABC-4061", None),
        ("４１５４１６４０６１", None),
    ],
)
def test_numbers_are_ten_digits_or_eleven_starting_with_one(typed: str, number: str | None) -> None:
    assert us_number(typed) == number


async def test_an_agent_sends_a_message_and_gets_the_transaction() -> None:
    action = Recorder(result=SENT)
    app = new_sms_app(action)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*"(415) 416-4061", "tab", *"1213", "tab", *"Hello there")
        await pilot.press("enter")
        await settle(pilot)
    (sms,) = action.calls
    assert (sms.from_code, sms.to, sms.account, sms.message) == (
        "53063",
        "4154164061",
        "1213",
        "Hello there",
    )
    assert sms.template_id is None
    assert sms.service_id is None
    assert app.result == SENT


async def test_a_template_of_the_chosen_code_can_be_sent_instead_of_a_message() -> None:
    action = Recorder(result=SENT)
    app = new_sms_app(action)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        templates = app.screen.query_one("#template Select", Select)
        with pytest.raises(InvalidSelectValueError):
            templates.value = "80001"  # a template of the long code, not offered for 53063
        templates.value = "75959"
        await fill(pilot, to="4154164061", account="1213")
        await pilot.press("enter")
        await settle(pilot)
    assert action.calls[0].template_id == "75959"
    assert action.calls[0].message is None


@pytest.mark.parametrize(
    ("fields", "template", "problem"),
    [
        ({"to": "415416", "account": "1", "message": "hi"}, None, "The number must be 10 digits"),
        ({"to": "4154164061", "message": "hi"}, None, "Enter the account"),
        ({"to": "4154164061", "account": "1"}, None, "Write a message or pick a template"),
        ({"to": "4154164061", "account": "1", "message": "hi"}, "75870", "not both"),
    ],
)
async def test_an_incomplete_sms_is_refused_with_the_reason(
    fields: dict[str, str], template: str | None, problem: str
) -> None:
    action = Recorder(result=SENT)
    app = new_sms_app(action)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        if template:
            app.screen.query_one("#template Select", Select).value = template
        await fill(pilot, **fields)
        await pilot.press("enter")
        await settle(pilot)
        assert problem in screen_text(app)
        assert app.screen.query_one("#to Input", Input).value == fields["to"]
    assert action.calls == []
    assert app.result is NOT_DISMISSED


async def test_a_user_login_must_give_the_service_and_may_omit_the_account() -> None:
    action = Recorder(result=SENT)
    app = new_sms_app(action, is_agent=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await fill(pilot, to="4154164061", message="hi")
        await pilot.press("enter")
        await settle(pilot)
        assert "Enter the service id" in screen_text(app)
        await fill(pilot, service="100915")
        await pilot.press("enter")
        await settle(pilot)
    (sms,) = action.calls
    assert (sms.service_id, sms.account) == ("100915", None)


async def test_a_refused_send_keeps_everything_typed() -> None:
    action = Recorder(error=BadRequestError("The number is on the do-not-text list."))
    app = new_sms_app(action)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await fill(pilot, to="4154164061", account="1213", message="Hello")
        await pilot.press("enter")
        await settle(pilot)
        assert "The number is on the do-not-text list." in screen_text(app)
        values = [field.value for field in app.screen.query(Input)]
        assert values == ["4154164061", "1213", "Hello"]
    assert len(action.calls) == 1
    assert app.result is NOT_DISMISSED


async def test_changing_the_code_offers_that_codes_templates() -> None:
    action = Recorder(result=SENT)
    app = new_sms_app(action)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.query_one("#from Select", Select).value = "14159174458"
        await pilot.pause()
        templates = app.screen.query_one("#template Select", Select)
        templates.value = "80001"
        with pytest.raises(InvalidSelectValueError):
            templates.value = "75959"
        await fill(pilot, to="4154164061", account="1213")
        await pilot.press("enter")
        await settle(pilot)
    assert (action.calls[0].from_code, action.calls[0].template_id) == ("14159174458", "80001")
