"""The shape every action dialog shares: load what it lists, then act while it stays open."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import ClassVar, TypeVar

from textual import events, work
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from inbox_tui.livevox.errors import LiveVoxError, NetworkError

ResultT = TypeVar("ResultT")
LoadedT = TypeVar("LoadedT")

log = logging.getLogger(__name__)

_GENERIC_FAILURE = "Something unexpected went wrong; the details are in the log."


def _dialog_styles() -> Path:
    """``styles/dialogs.tcss``: inside the package in a wheel, beside it in a checkout."""
    package = Path(__file__).resolve().parents[2]
    shipped = package / "styles" / "dialogs.tcss"
    return shipped if shipped.exists() else package.parent / "styles" / "dialogs.tcss"


def describe_failure(error: BaseException, during: str) -> str:
    """Plain words for a failed call: LiveVox's own message, never a traceback.

    An unexpected exception (not a ``LiveVoxError``) is a bug: it is logged with its traceback.
    """
    if not isinstance(error, LiveVoxError):
        log.error("Unexpected failure %s", during, exc_info=error)
        return _GENERIC_FAILURE
    if isinstance(error, NetworkError) and error.maybe_sent:
        return f"{error.message} It may have gone through: check before trying again."
    return error.message


class ActionDialog(ModalScreen[ResultT | None]):
    """A modal that loads its data and performs its action in workers, staying open on failure.

    Subclasses set ``HEADING`` and ``KEYS`` (the key hint line), compose their inputs in
    ``compose_body``, call ``load`` once mounted and ``perform`` when the agent confirms.
    Success dismisses with the action's result; failure says why in the status line and
    leaves every input as it was; escape (or ctrl+]) dismisses with ``None``.
    """

    CSS_PATH = _dialog_styles()
    BINDINGS: ClassVar[list[BindingType]] = [
        # ctrl+] too: a multiplexer can hold a lone escape or glue it to the next key.
        Binding("escape,ctrl+right_square_bracket", "cancel", "Cancel", show=False),
    ]
    HEADING: ClassVar[str] = ""
    KEYS: ClassVar[str] = ""

    def __init__(self) -> None:
        super().__init__(classes="action-dialog")
        self.busy = False
        self.loaded = False
        self.closed = False

    def _on_mount(self) -> None:
        # Idle must be silent over SSH: a blinking cursor redraws twice a second.
        for field in self.query(Input):
            field.cursor_blink = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-frame") as frame:
            frame.border_title = self.HEADING
            yield from self.compose_body()
            yield Static(self.KEYS, classes="dialog-keys", markup=False)
            yield Static("", id="dialog-status", markup=False)

    def compose_body(self) -> ComposeResult:
        """The dialog's own widgets, between its heading and its key hints."""
        raise NotImplementedError

    def show_status(self, text: str, *, error: bool = False) -> None:
        """Say ``text`` (plain, never markup) in the status line."""
        status = self.query_one("#dialog-status", Static)
        status.update(text)
        status.set_class(error, "-error")

    @property
    def is_open(self) -> bool:
        """Neither dismissed nor torn down with the app: late answers and keys leave a closed
        dialog's widgets alone (they may be gone already)."""
        return not self.closed and self.is_attached

    def dismiss(self, result: ResultT | None = None) -> AwaitComplete:
        """Close with ``result``."""
        self.closed = True
        return super().dismiss(result)

    def take_stray_key(self, event: events.Key) -> bool:
        """Take a key that reached the app while this dialog is on top; True when taken.

        Keys typed right after the one that opened the dialog were queued for the screen
        beneath. Until the dialog has mounted they are sent again, so they reach it in order
        (an escape handled sooner would close a dialog that has not composed yet).
        """
        if self.is_mounted or not self.is_open:
            return False
        self.app.post_message(events.Key(event.key, event.character))
        return True

    def action_cancel(self) -> None:
        """Close without acting, unless an action is in flight (its outcome must be seen)."""
        if self.busy:
            self.show_status("Still working: wait for the answer before closing.")
            return
        self.dismiss(None)

    @work(group="dialog-load", exclusive=True, exit_on_error=False)
    async def load(
        self,
        what: str,
        loader: Callable[[], Awaitable[LoadedT]],
        apply: Callable[[LoadedT], None],
    ) -> None:
        """Fetch ``what`` with ``loader`` showing "Loading…", then hand the data to ``apply``."""
        self.show_status(f"Loading {what}…")
        try:
            data = await loader()
        except Exception as error:
            words = describe_failure(error, f"loading {what}")
            if self.is_open:
                self.show_status(f"Could not load {what}: {words}", error=True)
            return
        if not self.is_open:
            return
        self.loaded = True
        self.show_status("")
        apply(data)

    def perform(self, doing: str, action: Callable[[], Awaitable[ResultT]]) -> None:
        """Run ``action`` (saying ``doing`` meanwhile) unless one is already in flight."""
        if self.busy:
            return
        self.busy = True
        self.set_class(True, "-busy")
        self.show_status(f"{doing}…")
        self._perform(action)

    @work(group="dialog-action", exclusive=True, exit_on_error=False)
    async def _perform(self, action: Callable[[], Awaitable[ResultT]]) -> None:
        try:
            result = await action()
        except Exception as error:
            self.show_status(describe_failure(error, f"in {type(self).__name__}"), error=True)
            return
        finally:
            self.busy = False
            self.set_class(False, "-busy")
        self.dismiss(result)
