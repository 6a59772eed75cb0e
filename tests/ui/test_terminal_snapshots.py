"""Snapshots of the terminal conventions (issue 13): focus without colour, ASCII, the ANSI theme,
narrow terminals, and the reveal and quit questions."""

import pytest
from harness.snapshots import settled, snapshot_app
from harness.ui import restyled, wait_for

from inbox_tui.ui import glyphs
from inbox_tui.ui.dialogs.confirm import ConfirmDialog

SIZES = [(80, 24), (120, 40)]


@pytest.fixture(autouse=True)
def unicode_again():
    yield
    glyphs.use("unicode")


async def threads_focused(pilot):
    """Settled, then the focus back on the thread list: its title and cursor row marked."""
    await settled(pilot)
    await pilot.press("shift+tab")
    await wait_for(pilot, lambda: pilot.app.focused is pilot.app.thread_list)
    await restyled(pilot)


def test_focus_without_colour(snap_compare, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(snapshot_app(), terminal_size=(80, 24), run_before=threads_focused)


def test_ascii_glyphs(snap_compare):
    app = snapshot_app(glyphs="ascii")
    assert snap_compare(app, terminal_size=(80, 24), run_before=threads_focused)


def test_ansi_theme(snap_compare):
    app = snapshot_app(theme="ansi-dark")
    assert snap_compare(app, terminal_size=(80, 24), run_before=threads_focused)


def test_stacked_at_60x20(snap_compare):
    assert snap_compare(snapshot_app(), terminal_size=(60, 20), run_before=settled)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_quit_question(snap_compare, size):
    async def ask(pilot):
        await settled(pilot)
        await pilot.press("x")
        await wait_for(pilot, lambda: pilot.app.screen is not pilot.app.screen_stack[0])
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ConfirmDialog))
        await restyled(pilot)

    assert snap_compare(snapshot_app(), terminal_size=size, run_before=ask)
