"""The app's own key handling: keys that reach the wrong widget, the footer's choice of keys,
quitting safely, escape sequences that tmux or screen glued to the next key, the sidebar, the
focus markers, and the composer's editor and newline keys."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from textual import events
from textual.app import SuspendNotSupported

from inbox_tui.ui.connection import Connection, ConnectionState
from inbox_tui.ui.dialogs.action_dialog import ActionDialog
from inbox_tui.ui.dialogs.confirm import ConfirmDialog
from inbox_tui.ui.keymap import key_of
from inbox_tui.ui.layout import QUIT_HEADING
from inbox_tui.ui.widgets.composer import Composer, EditorError, edit_externally
from inbox_tui.ui.widgets.conversation import Conversation
from inbox_tui.ui.widgets.cursor_list import CursorList
from inbox_tui.ui.widgets.header import ContactLine, PaneTitle

if TYPE_CHECKING:
    from inbox_tui.ui.app import InboxApp


class Keys:
    """Routes the keys the bindings alone cannot; ``app`` is the inbox app."""

    def __init__(self, app: InboxApp) -> None:
        self.app = app

    def route(self, event: events.Key) -> None:
        """A key no binding took: a dialog's stray letter, a letter typed right after ``r``,
        or the key that wakes an expired session's login."""
        app = self.app
        stack = app.screen_stack  # empty while the app shuts down
        if stack and isinstance(stack[-1], ActionDialog) and stack[-1].take_stray_key(event):
            event.prevent_default()
            event.stop()
            return
        if event.is_printable and event.character and app.focused is app.composer:
            # Typed right after r: queued for the pane that had focus, so the composer missed it.
            app.composer.take_routed_key(event)
            event.prevent_default()
            event.stop()
            return
        expired = app.connection.state is ConnectionState.EXPIRED
        if expired and app.screen is app.screen_stack[0]:
            event.prevent_default()  # the key only wakes the login: it must not act as well
            event.stop()
            app.set_connection(Connection(ConnectionState.LOGGING_IN))
            app.session.ask_password("The session expired.")

    def mark_panes(self) -> None:
        """Put the focus marker on the title of the focused widget's pane and on no other.

        Called on every focus and blur: by then the focus has moved, so a move that stays in
        a pane (the conversation to its composer and back) changes no title and repaints
        nothing; one to another pane repaints the two titles.
        """
        stack = self.app.screen_stack
        if not stack:  # the app shuts down
            return
        # The panes' screen's own focus: a dialog over it leaves the marker where it was.
        screen = stack[0]
        focused = screen.focused
        mine = CursorList | Conversation | Composer
        pane = focused.parent if isinstance(focused, mine) else None
        for title in [*screen.query(PaneTitle), *screen.query(ContactLine)]:
            title.mark(title.parent is pane)

    def offered(self, action: str) -> bool:
        """Whether the footer offers ``action`` now: leaving the composer only inside it, and
        keys that type text not while the composer has focus (there they type)."""
        app = self.app
        spec = app.spec_of.get(action)
        in_composer = app.focused is app.composer
        if action == "leave_composer":
            return in_composer
        return not (in_composer and spec is not None and spec.footer is not None and spec.types)

    def quit(self) -> None:
        """q from a pane (ctrl+q from a pane or a dialog); asks first while a send is in flight
        or a dialog is open."""
        app = self.app
        sending = any(w.group == "send" and w.is_running for w in app.workers)
        if not sending and app.screen is app.screen_stack[0]:
            app.exit()
            return
        if isinstance(app.screen, ConfirmDialog) and app.screen.HEADING == QUIT_HEADING:
            return
        why = "A send is in flight" if sending else "A dialog is open"

        def answered(yes: bool | None) -> None:
            if yes:
                app.exit()

        app.push_screen(ConfirmDialog(QUIT_HEADING, f"{why}. Quit anyway?"), answered)

    def ctrl_quit(self) -> None:
        """ctrl+q and ctrl+c: in the composer they say how to quit (a reflex ctrl+c must not
        lose the agent's place); elsewhere they are ``q``, which asks over a dialog."""
        app = self.app
        if app.focused is app.composer:
            leave = key_of("leave_composer")
            app.notify(
                f"To quit: leave with {leave} (or ctrl+]), then press {key_of('quit')}.",
                timeout=4,
            )
            return
        self.quit()

    def escape_then(self, key: str) -> None:
        """Replay alt+``key`` as the two keys the agent typed: escape, then ``key``."""
        app = self.app
        character = key[-1].upper() if key.startswith("shift+") else key
        if app.focused is app.composer:
            app.action_leave_composer()  # at once: the key must not find the composer focused
        else:
            app.post_message(events.Key("escape", "\x1b"))
        app.post_message(events.Key(character, character))

    def toggle_sidebar(self) -> None:
        """ctrl+b: show or hide the inboxes (hidden by default below 100 columns, where the
        thread pane's title names the inbox shown)."""
        app = self.app
        sidebar = app.screen_stack[0].query_one("#sidebar")
        show = not sidebar.display
        sidebar.set_class(show, "-shown")
        sidebar.set_class(not show, "-hidden")
        if show:
            app.inbox_list.focus()
        elif app.focused is app.inbox_list:
            app.thread_list.focus()

    def open_editor(self) -> None:
        """The draft in ``$VISUAL``/``$EDITOR``: the app hands the terminal over meanwhile."""
        app = self.app
        composer = app.composer
        if app.focused is not composer:
            return
        try:
            with app.suspend():
                edited = edit_externally(composer.value, os.environ)
        except SuspendNotSupported:
            app.set_status("This terminal cannot hand over to an editor.", error=True)
            return
        except EditorError as exc:
            app.set_status(str(exc), error=True)
            return
        if edited is None:
            app.set_status("The editor exited with an error: the draft is unchanged.", error=True)
            return
        composer.set_draft(edited)
        app.set_status("The reply is back from the editor, not sent.")
