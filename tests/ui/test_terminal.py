"""Terminal conventions (issue 13): redraw, visible focus, leaving without escape, quitting
safely, the keymap, ASCII glyphs, themes and narrow terminals. Key handling does not depend on
the world's shape, so these run on one small world."""

import re

import pytest
from harness.ui import make_app, screen_text, status_text, wait_for
from textual.binding import Binding

from inbox_tui.config import load_settings, save_setting
from inbox_tui.ui import glyphs
from inbox_tui.ui.dialogs.confirm import ConfirmDialog
from inbox_tui.ui.dialogs.resolve import ResolveDialog
from inbox_tui.ui.glyphs import fit, to_ascii
from inbox_tui.ui.screens.help import HelpScreen

SIZE = (120, 40)


@pytest.fixture(autouse=True)
def unicode_again():
    """An ASCII app switches the process's glyph set: put it back for the next test."""
    yield
    glyphs.use("unicode")


async def started(pilot):
    app = pilot.app
    await wait_for(pilot, lambda: app.thread_list.threads and app.connection.connected)


async def in_composer(pilot):
    app = pilot.app
    await started(pilot)
    app.thread_list.focus()
    await pilot.press("enter")
    await wait_for(pilot, lambda: app.conversation.messages)
    await pilot.press("r")
    await wait_for(pilot, lambda: app.focused is app.composer)


def footer_text(app) -> str:
    return screen_text(app).splitlines()[-1]


async def test_ctrl_l_is_the_apps_redraw_and_repaints_the_whole_screen():
    app = make_app()
    bound = [b for b in app.BINDINGS if isinstance(b, Binding) and b.action == "redraw"]
    assert [(b.key, b.priority) for b in bound] == [("ctrl+l", True)]
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        repaints = []
        screen_refresh = app.screen.refresh
        app.screen.refresh = lambda *a, **k: repaints.append(k) or screen_refresh(*a, **k)
        await pilot.press("ctrl+l")
        assert {"repaint": True, "layout": True} in repaints
        assert app.compliance.pii_revealed_for is None


async def test_focus_shows_in_the_title_and_a_cursor_column_from_the_start():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.pause()
        lines = screen_text(app).splitlines()
        assert lines[1].startswith(" ▸ INBOXES")
        assert lines[2].startswith("▶Personal SMS")  # before any key
        assert "▸ THREADS" not in lines[1]
        await pilot.press("tab")
        await pilot.pause()
        lines = screen_text(app).splitlines()
        assert "▸ INBOXES" not in lines[1] and "▸ THREADS" in lines[1]
        assert lines[2].startswith(" Personal SMS")  # the blurred cursor row: no marker
        threads_column = lines[2].index("▕") + 1
        assert lines[2][threads_column] == "▶"  # the thread list's cursor, apart from ● unread
        assert all(line[threads_column] == " " for line in lines[3:6])


async def test_ctrl_bracket_and_tab_leave_the_composer_and_the_footer_says_so():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await in_composer(pilot)
        await pilot.press(*"hi")
        await pilot.pause()
        footer = footer_text(app)
        assert "esc Leave (or ^])" in footer
        assert "Search" not in footer and "Reply" not in footer  # those keys type here
        await pilot.press("ctrl+right_square_bracket")
        assert app.focused is app.conversation and app.composer.value == "hi"
        await pilot.pause()
        assert "Search" in footer_text(app) and "Leave" not in footer_text(app)
        await pilot.press("r")
        await wait_for(pilot, lambda: app.focused is app.composer)
        await pilot.press("tab")
        assert app.focused is not app.composer and app.composer.value == "hi"


async def test_alt_key_from_a_multiplexer_is_escape_then_the_key():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await in_composer(pilot)
        await pilot.press(*"ok", "alt+x")
        await wait_for(pilot, lambda: isinstance(app.screen, ResolveDialog))
        assert app.composer.value == "ok"
        await pilot.press("ctrl+right_square_bracket")
        await wait_for(pilot, lambda: not isinstance(app.screen, ResolveDialog))


async def test_ctrl_q_and_ctrl_c_in_the_composer_say_how_to_quit_and_q_types():
    app = make_app()
    exits = []
    app.exit = lambda *args, **kwargs: exits.append(args)
    async with app.run_test(size=SIZE) as pilot:
        await in_composer(pilot)
        await pilot.press("ctrl+q", "ctrl+c", "ctrl+s")
        await pilot.pause()
        assert exits == [] and app.focused is app.composer
        notes = [n.message for n in app._notifications]
        assert len(notes) == 2
        assert all(n.startswith("To quit: leave with esc (or ctrl+]), then press q") for n in notes)
        await pilot.press("q")
        assert app.composer.value.endswith("q") and exits == []


async def test_quitting_over_a_dialog_asks_first_and_q_quits_from_a_pane():
    app = make_app()
    exits = []
    app.exit = lambda *args, **kwargs: exits.append(args)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        app.thread_list.focus()
        await pilot.press("enter", "x")  # the resolve dialog, its filter focused
        await wait_for(pilot, lambda: isinstance(app.screen, ResolveDialog))
        await pilot.press("q", "ctrl+q")  # q types into the filter; ctrl+q asks
        await wait_for(pilot, lambda: "A dialog is open. Quit anyway?" in screen_text(app))
        await pilot.press("ctrl+q")  # asked once only
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, ResolveDialog))
        assert exits == []
        await pilot.press("ctrl+c")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_for(pilot, lambda: exits == [()])
        await pilot.press("ctrl+right_square_bracket")
        await wait_for(pilot, lambda: app.screen is app.screen_stack[0])
        await pilot.press("q")
        assert exits == [(), ()]


async def test_a_keymap_moves_reply_to_a_and_help_and_footer_say_a():
    app = make_app(keymap={"reply": "a"})
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        app.thread_list.focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.conversation.messages)
        await pilot.press("r")
        await pilot.pause()
        assert app.focused is app.conversation
        assert "a Reply" in footer_text(app) and "r Reply" not in footer_text(app)
        await pilot.press("a")
        await wait_for(pilot, lambda: app.focused is app.composer)
        await pilot.press("escape", "question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        lines = screen_text(app).splitlines()
        assert any(
            line.split("│")[1].split() == ["a", "Reply"] for line in lines if "Reply" in line
        )


async def test_ascii_glyphs_draw_the_panes_in_ascii():
    app = make_app(glyphs="ascii")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        app.thread_list.focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.conversation.messages)
        await pilot.pause()
        text = screen_text(app)
        assert re.search(r"\| > \S", text.splitlines()[1])  # the focused pane's title
        assert "| agent KAVYA" in text and "* connected" in text
        assert text.isascii(), [c for c in text if not c.isascii()]
        assert "*" in text  # unread rows
        assert "-- " in text  # a day separator


def test_the_ascii_forms():
    glyphs.use("ascii")
    assert fit("Group - Collections East", 12) == "Group - C..."
    assert fit("short", 8) == "short   "
    glyphs.use("unicode")
    assert fit("Group - Collections East", 12) == "Group - Col…"
    assert to_ascii("José ●3 ▕ … “hi” 日本\x1b[1m") == 'Jose *3 | . "hi" ????\x1b[1m'


async def test_the_ansi_theme_is_accepted_and_a_picked_theme_is_saved(tmp_path):
    path = tmp_path / "config.toml"
    save_setting("poll_interval", 30.0, path)
    app = make_app(theme="ansi-dark")
    app.config_path = path
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        assert app.theme == "ansi-dark"
        app.theme = "nord"
        await wait_for(pilot, lambda: "Theme nord saved" in status_text(app))
    assert load_settings(path).theme == "nord"


async def test_the_demo_without_a_config_file_keeps_a_picked_theme_for_the_session(tmp_path):
    path = tmp_path / "config.toml"
    app = make_app()
    app.config_path = path
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        app.theme = "nord"
        await wait_for(pilot, lambda: "kept for this session" in status_text(app))
    assert not path.exists()


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_below_100_columns_the_conversation_keeps_50_and_ctrl_b_shows_the_inboxes(size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await started(pilot)
        assert app.focused is app.thread_list  # the inboxes are hidden
        assert app.conversation.size.width >= 50
        assert "Personal SMS" in screen_text(app).splitlines()[1]  # the thread pane names it
        await pilot.press("ctrl+b")
        await wait_for(pilot, lambda: app.focused is app.inbox_list)
        await pilot.pause()
        assert "▸ INBOXES" in screen_text(app)
        await pilot.press("ctrl+b")
        await wait_for(pilot, lambda: app.focused is app.thread_list)
        footer = footer_text(app)
        for word in ("Reply", "Resolve", "Transfer", "Search", "Help"):
            assert word in footer or size[0] < 80


@pytest.mark.parametrize(("theme", "reverse"), [("ansi-dark", True), (None, False)])
async def test_few_colours_draw_the_cursor_in_reverse_video(theme, reverse):
    app = make_app(theme=theme)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        style = app.thread_list.get_component_rich_style("cursor-list--cursor")
        assert bool(style.reverse) is reverse
