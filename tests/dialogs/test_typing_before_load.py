"""Keys typed while a filtering dialog opens or loads: they filter, and nothing crashes.

Keys typed right after the one that opens a dialog are queued for the screen beneath; they must
still reach the new dialog's filter (and an escape among them must not close it before it has
composed). Typing while the list loads, after it failed to load, or over an empty list is safe.
"""

import asyncio

import pytest
from harness.dialog_data import AGENTS, TEMPLATES, TERM_CODES
from harness.dialogs import NOT_DISMISSED, DialogHarness, Recorder, screen_text, settle
from harness.ui import make_app, make_sim, wait_for
from textual import events
from textual.widgets import Input

from inbox_tui.livevox.errors import ServerError
from inbox_tui.ui.dialogs.choice_dialog import ChoiceDialog
from inbox_tui.ui.dialogs.resolve import ResolveDialog
from inbox_tui.ui.dialogs.template_picker import TemplateDialog
from inbox_tui.ui.dialogs.transfer import TransferDialog


class Gate:
    """A loader that answers only once the test opens the gate (or fails then, if told to)."""

    def __init__(self, data: object, error: BaseException | None = None) -> None:
        self.opened = asyncio.Event()
        self.data = data
        self.error = error

    async def __call__(self) -> object:
        await self.opened.wait()
        if self.error is not None:
            raise self.error
        return self.data


def transfer(load: Gate, action: Recorder) -> ChoiceDialog:
    return TransferDialog(subject="Kavita Rao", load_agents=load, on_transfer=action)


def resolve(load: Gate, action: Recorder) -> ChoiceDialog:
    return ResolveDialog(
        subject="Kavita Rao", account="1213", load_term_codes=load, on_resolve=action
    )


def template(load: Gate, action: Recorder) -> ChoiceDialog:
    return TemplateDialog(sms_code="53063", load_templates=load)


# Each dialog, its data, what the agent types, and what that filter leaves listed first.
DIALOGS = {
    "transfer": (transfer, AGENTS, "apitest", lambda picked: picked.login_id == "APITEST1"),
    "resolve": (resolve, TERM_CODES, "wrong", lambda picked: picked.term_code.id == "21"),
    "template": (template, TEMPLATES, "blast", lambda picked: picked.id == "75959"),
}


def typed(app: DialogHarness) -> str:
    return app.screen.query_one(".filter", Input).value


@pytest.mark.parametrize("name", DIALOGS)
async def test_typing_while_the_list_loads_filters_it_once_it_arrives(name: str) -> None:
    make, data, query, is_expected = DIALOGS[name]
    gate, action = Gate(data), Recorder()
    app = DialogHarness(make(gate, action))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*query, "enter", "down", "up")
        assert typed(app) == query
        assert "Loading" in screen_text(app)
        assert isinstance(app.screen, ChoiceDialog) and app.result is NOT_DISMISSED
        gate.opened.set()
        await wait_for(pilot, lambda: app.screen.loaded)
        await settle(pilot)
        assert typed(app) == query
        await pilot.press("enter")
        await settle(pilot)
    assert is_expected(app.result)


@pytest.mark.parametrize("name", DIALOGS)
async def test_after_a_failed_load_typing_and_enter_change_nothing(name: str) -> None:
    make, data, query, _ = DIALOGS[name]
    gate, action = Gate(data, ServerError("LiveVox is down.")), Recorder()
    app = DialogHarness(make(gate, action))
    async with app.run_test(size=(80, 24)) as pilot:
        gate.opened.set()
        await settle(pilot)
        await pilot.press(*query, "enter", "down", "ctrl+n")
        await settle(pilot)
        assert "Could not load" in screen_text(app)
        assert "LiveVox is down." in screen_text(app)
        assert typed(app) == query
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("escape")
        await settle(pilot)
    assert action.calls == []
    assert app.result is None


@pytest.mark.parametrize("name", DIALOGS)
async def test_over_an_empty_list_typing_and_enter_act_on_nothing(name: str) -> None:
    make, _, query, _ = DIALOGS[name]
    gate, action = Gate([]), Recorder()
    app = DialogHarness(make(gate, action))
    async with app.run_test(size=(80, 24)) as pilot:
        gate.opened.set()
        await settle(pilot)
        await pilot.press(*query, "enter")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceDialog)
    assert action.calls == []
    assert app.result is NOT_DISMISSED


async def test_a_dialog_dismissed_before_it_composed_neither_crashes_nor_loads() -> None:
    gate, beneath = Gate(AGENTS), Gate(TEMPLATES)
    beneath.opened.set()
    app = DialogHarness(template(beneath, Recorder()))
    closed_with: list[object] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        dialog = transfer(gate, Recorder())
        # Dismissed in the step that pushed it, as by an escape queued behind the opening key.
        app.push_screen(dialog, closed_with.append)
        dialog.dismiss(None)
        gate.opened.set()
        await settle(pilot)
        assert isinstance(app.screen, TemplateDialog)
        assert not dialog.loaded
    assert closed_with == [None]
    assert app.return_code is None


# -- in the app, keys typed faster than the dialog opens ------------------------------------


def burst(app, *keys: str) -> None:
    """Queue ``keys`` at once, as a terminal delivers fast typing (pilot waits between keys)."""
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))


async def open_first_thread(pilot) -> None:
    app = pilot.app
    await wait_for(pilot, lambda: app.thread_list.threads and app.connection.connected)
    app.thread_list.focus()
    await pilot.press("enter")
    await wait_for(pilot, lambda: app.current_thread is not None)


OPENERS: dict[str, tuple[str, type[ChoiceDialog]]] = {
    "transfer": ("t", TransferDialog),
    "resolve": ("x", ResolveDialog),
    "template": ("ctrl+t", TemplateDialog),
}


@pytest.mark.parametrize("name", OPENERS)
async def test_letters_typed_with_the_opening_key_land_in_the_filter(name: str) -> None:
    key, dialog_type = OPENERS[name]
    app = make_app(make_sim())
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first_thread(pilot)
        burst(app, key, *"Esacpe")
        await wait_for(pilot, lambda: isinstance(app.screen, dialog_type) and app.screen.loaded)
        await wait_for(pilot, lambda: typed(app) == "Esacpe", timeout=20)
        assert app.return_code is None


async def test_a_name_typed_with_t_and_enter_transfers_to_that_agent() -> None:
    sim = make_sim()
    world = sim.state.world
    app = make_app(sim)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first_thread(pilot)
        thread_id = app.current_thread.thread_id
        burst(app, "t", *"okafor")
        await wait_for(pilot, lambda: isinstance(app.screen, TransferDialog) and app.screen.loaded)
        await wait_for(pilot, lambda: typed(app) == "okafor", timeout=20)
        await pilot.press("enter")
        await wait_for(pilot, lambda: world.transfers, timeout=20)
    assert world.transfers == [(thread_id, "689581")]


ESCAPES = [
    (("t", "escape"), None, ""),
    (("t", "escape", "x", "k"), ResolveDialog, "k"),
    (("x", "escape", "t"), TransferDialog, ""),
]


@pytest.mark.parametrize(("keys", "then_open", "then_typed"), ESCAPES)
async def test_an_escape_typed_with_the_opening_key_closes_that_dialog_cleanly(
    keys: tuple[str, ...], then_open: type[ChoiceDialog] | None, then_typed: str
) -> None:
    app = make_app(make_sim())
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first_thread(pilot)
        burst(app, *keys)

        def settled() -> bool:
            if then_open is None:
                return len(app.screen_stack) == 1
            screen = app.screen
            return isinstance(screen, then_open) and screen.loaded and typed(app) == then_typed

        await wait_for(pilot, settled, timeout=20)
        await settle(pilot)
        assert len(app.screen_stack) == (1 if then_open is None else 2)
    assert app.return_code is None
