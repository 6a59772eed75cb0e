"""The multi-line composer: newline keys, the send key, pastes that never send, its height, the
meter counting line breaks, and the paste-burst rule on its own."""

import asyncio
import sys
import tempfile
from pathlib import Path

import pytest
from harness.ui import make_app, wait_for
from textual import events

from inbox_tui.ui.widgets.composer import (
    BURST_GAP,
    EditorError,
    PasteBurst,
    edit_externally,
    editor_command,
)
from inbox_tui.ui.widgets.segment_meter import SegmentMeter
from inbox_tui.ui.widgets.thread_list import ThreadList

SIZE = (120, 40)


def meter(app) -> str:
    return str(app.query_one(SegmentMeter).content)


async def opened(pilot) -> None:
    app = pilot.app
    await wait_for(pilot, lambda: app.thread_list.threads and app.connection.connected)
    app.thread_list.focus()
    await pilot.press("enter")
    await wait_for(pilot, lambda: app.current_thread is not None and app.conversation.messages)
    app.action_reply()
    await pilot.pause()


async def test_newline_keys_break_lines_and_enter_sends_them_all(sim, world):
    app = make_app(sim, mark_read="reply")
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press(*"Hi", "ctrl+j", *"your plan", "alt+enter", *"is set")
        assert app.composer.value == "Hi\nyour plan\nis set"
        assert world.sends == []
        # The two line breaks are characters (LF is in GSM-7).
        assert meter(app) == "GSM-7 · 19/160 · 1 part"
        thread_id = app.current_thread.thread_id
        await pilot.press("enter")
        await wait_for(pilot, lambda: world.sends, timeout=10)
        assert [s.text for s in world.sends] == ["Hi\nyour plan\nis set"]
        assert world.sends[0].thread_id == thread_id
        await wait_for(pilot, lambda: app.composer.value == "")


async def test_with_ctrl_enter_to_send_enter_breaks_the_line(sim, world):
    app = make_app(sim, mark_read="reply", send_key="ctrl+enter")
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press(*"one", "enter", *"two")
        assert app.composer.value == "one\ntwo" and world.sends == []
        await pilot.press("ctrl+enter")
        await wait_for(pilot, lambda: world.sends, timeout=10)
        assert [s.text for s in world.sends] == ["one\ntwo"]


async def test_a_bracketed_paste_keeps_every_line_and_never_sends(sim, world):
    app = make_app(sim, mark_read="reply")
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press(*"Re: ")
        app.post_message(events.Paste("line one\nline two\nline three\n"))
        await wait_for(pilot, lambda: "line three" in app.composer.value)
        await pilot.pause(0.1)
        assert app.composer.value == "Re: line one\nline two\nline three\n"
        assert world.sends == []
        assert meter(app) == "GSM-7 · 33/160 · 1 part"


async def test_keys_and_an_enter_arriving_with_a_paste_are_one_paste(sim, world):
    app = make_app(sim, mark_read="reply")
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        # As one terminal read delivers them: microseconds apart.
        for key, character in (("o", "o"), ("k", "k"), ("enter", "\r")):
            app.post_message(events.Key(key, character))
        app.post_message(events.Paste("second line"))
        await wait_for(pilot, lambda: app.composer.value == "ok\nsecond line")
        await pilot.press("!")
        assert app.composer.value == "ok\nsecond line!"
        assert world.sends == []


async def test_the_composer_grows_to_six_lines_then_scrolls(sim):
    app = make_app(sim, mark_read="reply")
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        heights = []
        for lines in (1, 3, 6, 10):
            app.composer.set_draft("\n".join(f"line {n}" for n in range(lines)))
            await pilot.pause()
            heights.append(app.composer.size.height)
        assert heights == [1, 3, 6, 6]
        # The cursor is at the end of the draft, on its last line, scrolled into view.
        assert app.composer.cursor_location == (9, 6)
        assert app.composer.scroll_y == 4


def test_an_enter_right_after_keys_waits_for_the_next_key():
    burst = PasteBurst()
    t = 100.0
    assert burst.key(t) is False
    # A person: an enter long after the last key sends at once.
    assert burst.enter(t + 0.2) is False
    # A paste: keys microseconds apart; an enter among them is a line break.
    burst.key(t + 1.0)
    assert burst.enter(t + 1.0001) is True
    assert burst.key(t + 1.0002) is True
    assert burst.release() is False
    # An enter that ends the burst (nothing follows within the gap) is released: it sends.
    burst.key(t + 2.0)
    assert burst.enter(t + 2.0001) is True
    assert burst.key(t + 2.0001 + BURST_GAP * 3) is False
    assert burst.enter(t + 3.0) is False
    burst.key(t + 4.0)
    assert burst.enter(t + 4.0001) is True
    assert burst.release() is True


# -- $EDITOR -----------------------------------------------------------------------------------


def editor_script(tmp_path: Path, body: str) -> str:
    """A Python editor: ``path`` is the file it is given."""
    script = tmp_path / "editor.py"
    script.write_text("import os, sys\npath = sys.argv[1]\n" + body)
    return f"{sys.executable} {script}"


def test_the_editor_edits_a_private_file_and_its_text_comes_back(tmp_path):
    command = editor_script(
        tmp_path,
        "text = open(path).read()\n"
        "mode = oct(os.stat(path).st_mode & 0o777)\n"
        "open(path, 'w').write(text + ' and more\\nline two (' + mode + ')\\n')\n"
        "open(path + '.seen', 'w').write(path)\n",
    )
    edited = edit_externally("Draft", {"EDITOR": command})
    assert edited == "Draft and more\nline two (0o600)"
    seen = next(Path(tempfile.gettempdir()).glob("inbox-tui-reply-*.txt.seen"))
    used = Path(seen.read_text())
    seen.unlink()
    assert not used.exists()  # removed after


def test_an_editor_that_fails_changes_nothing(tmp_path):
    command = editor_script(tmp_path, "open(path, 'w').write('garbage')\nsys.exit(1)\n")
    assert edit_externally("Draft", {"VISUAL": command, "EDITOR": "false"}) is None


def test_the_editor_command_is_split_without_a_shell():
    assert editor_command({"VISUAL": "code --wait", "EDITOR": "nano"}) == ["code", "--wait"]
    assert editor_command({"EDITOR": "'my editor' -x; rm -rf ~"}) == [
        "my editor",
        "-x;",
        "rm",
        "-rf",
        "~",
    ]
    assert editor_command({}) == ["vi"]
    with pytest.raises(EditorError):
        editor_command({"EDITOR": "'unclosed"})
    with pytest.raises(EditorError, match="could not start"):
        edit_externally("x", {"EDITOR": "/nonexistent/editor"})


async def test_ctrl_e_says_so_when_the_terminal_cannot_hand_over(sim):
    app = make_app(sim, mark_read="reply")
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press(*"Draft")
        await pilot.press("ctrl+e")  # the headless driver cannot suspend
        assert app.composer.value == "Draft"
        assert "cannot hand over to an editor" in str(app.query_one("#status").content)


async def test_a_newline_key_in_a_burst_breaks_the_line_where_it_was_typed(sim, world):
    """ctrl+j among keys that arrive together (tmux send-keys, a fast typist, a paste without
    brackets) breaks the line at its place, not after the keys that followed it."""
    app = make_app(sim, mark_read="reply")
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        for key, character in (("o", "o"), ("k", "k"), ("ctrl+j", "\n"), ("n", "n"), ("o", "o")):
            app.post_message(events.Key(key, character))
        await wait_for(pilot, lambda: app.composer.value.replace("\n", "") == "okno")
        assert app.composer.value == "ok\nno"
        assert world.sends == []


async def test_letters_typed_right_after_r_land_in_order_while_the_list_is_slow(
    sim, world, monkeypatch
):
    """r and the letters behind it arrive in one terminal read (a fast typist over a slow
    link) while the thread list is busy; more letters follow. Every letter types, in order,
    and the letters that are keys of the list (space, u, n, t, r...) do nothing else."""

    async def busy(self, event):
        await asyncio.sleep(0.05)

    monkeypatch.setattr(ThreadList, "on_key", busy, raising=False)
    app = make_app(sim, mark_read="reply")
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        app.thread_list.focus()
        await pilot.pause()
        first, then = "Your plan ", "starts Monday, run it"
        for key in "r" + first:
            app.post_message(events.Key("space" if key == " " else key, key))
        for _ in range(2000):  # not wait_for: it waits for the busy list to be idle
            if app.focused is app.composer:
                break
            await asyncio.sleep(0.005)
        for key in then:
            app.post_message(events.Key("space" if key == " " else key, key))
        await wait_for(pilot, lambda: len(app.composer.value) >= len(first + then))
        assert app.composer.value == first + then
        assert app.focused is app.composer
        assert len(app.screen_stack) == 1
        assert world.sends == []
