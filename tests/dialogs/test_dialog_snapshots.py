"""What each dialog looks like at 80x24 and 120x40: loaded, filtered, loading and failing."""

import pytest
from harness.dialog_data import AGENTS, CODES, TEMPLATES, TERM_CODES
from harness.dialogs import DialogHarness, Recorder, never, returning, settle

from inbox_tui.livevox.errors import BadRequestError
from inbox_tui.ui.dialogs.new_sms import NewSmsDialog
from inbox_tui.ui.dialogs.resolve import ResolveDialog
from inbox_tui.ui.dialogs.template_picker import TemplateDialog
from inbox_tui.ui.dialogs.transfer import TransferDialog

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
SUBJECT = "Kavita Rao · 14154164061"


def transfer(load=None, error=None) -> DialogHarness:
    load = load or returning(AGENTS)
    dialog = TransferDialog(subject=SUBJECT, load_agents=load, on_transfer=Recorder(error=error))
    return DialogHarness(dialog)


def resolve() -> DialogHarness:
    return DialogHarness(
        ResolveDialog(
            subject=SUBJECT,
            account="1213",
            load_term_codes=returning(TERM_CODES),
            on_resolve=Recorder(),
        )
    )


def templates() -> DialogHarness:
    return DialogHarness(TemplateDialog(sms_code="53063", load_templates=returning(TEMPLATES)))


def new_sms(*, is_agent: bool = True, error=None) -> DialogHarness:
    return DialogHarness(
        NewSmsDialog(
            is_agent=is_agent,
            load_codes=returning(CODES),
            load_templates=returning(TEMPLATES),
            on_send=Recorder(error=error),
        )
    )


def pressing(*keys: str):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_transfer(snap_compare, size) -> None:
    assert snap_compare(transfer(), terminal_size=size, run_before=pressing())


@pytest.mark.parametrize("size", SIZES)
def test_resolve(snap_compare, size) -> None:
    assert snap_compare(resolve(), terminal_size=size, run_before=pressing())


@pytest.mark.parametrize("size", SIZES)
def test_templates(snap_compare, size) -> None:
    assert snap_compare(templates(), terminal_size=size, run_before=pressing())


@pytest.mark.parametrize("size", SIZES)
def test_new_sms(snap_compare, size) -> None:
    assert snap_compare(new_sms(), terminal_size=size, run_before=pressing())


def test_transfer_filtered(snap_compare) -> None:
    assert snap_compare(transfer(), terminal_size=(80, 24), run_before=pressing(*"kav", "down"))


def test_transfer_refused(snap_compare) -> None:
    refused = BadRequestError("Agent KAVYA1 has too many open threads.")
    app = transfer(error=refused)
    assert snap_compare(app, terminal_size=(80, 24), run_before=pressing(*"kavya1", "enter"))


def test_transfer_loading(snap_compare) -> None:
    async def run_before(pilot) -> None:
        await pilot.pause()

    assert snap_compare(transfer(load=never()), terminal_size=(80, 24), run_before=run_before)


def test_resolve_filtered_without_a_match(snap_compare) -> None:
    app = resolve()
    assert snap_compare(app, terminal_size=(80, 24), run_before=pressing(*"refund", "enter"))


def test_templates_long_text_previewed(snap_compare) -> None:
    app = templates()
    assert snap_compare(app, terminal_size=(80, 24), run_before=pressing(*"payment"))


def test_new_sms_user_login_with_a_bad_number(snap_compare) -> None:
    app = new_sms(is_agent=False)
    keys = pressing(*"415-416", "tab", "tab", *"100915", "tab", *"Hi", "enter")
    assert snap_compare(app, terminal_size=(80, 24), run_before=keys)


def test_new_sms_refused(snap_compare) -> None:
    app = new_sms(error=BadRequestError("The number is on the do-not-text list."))
    keys = pressing(*"4154164061", "tab", *"1213", "tab", *"Hello", "enter")
    assert snap_compare(app, terminal_size=(120, 40), run_before=keys)
