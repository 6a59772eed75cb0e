"""The shape of a dialog that loads a list, filters it as the agent types, and acts on a pick."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import ClassVar, Generic, TypeVar

from textual import events, on
from textual.app import ComposeResult
from textual.content import Content
from textual.events import Mount
from textual.widgets import Input, OptionList, Static

from inbox_tui.ui.dialogs.action_dialog import ActionDialog, ResultT
from inbox_tui.ui.dialogs.filtered_choices import FilteredChoices

LoadedT = TypeVar("LoadedT")


class ChoiceDialog(ActionDialog[ResultT], Generic[ResultT, LoadedT]):
    """A subject line, a filtered list, optional fields below it; ``enter`` calls ``choose``.

    Subclasses set ``WHAT`` (what is loaded, "the agents"), ``PLACEHOLDER`` and ``EMPTY``,
    and implement ``show`` (list the loaded data) and ``choose`` (act on the highlighted pick).
    """

    WHAT: ClassVar[str] = ""
    PLACEHOLDER: ClassVar[str] = "Type to filter"
    EMPTY: ClassVar[str] = "Nothing matches."

    def __init__(self, *, subject: str, load: Callable[[], Awaitable[LoadedT]]) -> None:
        super().__init__()
        self._subject = subject
        self._load_data = load

    @property
    def choices(self) -> FilteredChoices:
        """The filter and its list."""
        return self.query_one(FilteredChoices)

    def compose_body(self) -> ComposeResult:
        yield Static(Content(self._subject), classes="dialog-subject")
        yield FilteredChoices(placeholder=self.PLACEHOLDER, empty=self.EMPTY)
        yield from self.compose_fields()

    def compose_fields(self) -> ComposeResult:
        """Fields under the list (none by default)."""
        yield from ()

    @on(Mount)
    def _start(self) -> None:
        if not self.is_open:  # dismissed before it composed: nothing to focus or fill
            return
        self.choices.query_one(Input).focus()
        self.load(self.WHAT, self._load_data, self.show)

    def take_stray_key(self, event: events.Key) -> bool:
        """Also type printable keys that missed the filter (sent before it had focus) into it."""
        if super().take_stray_key(event):
            return True
        if not self.is_open or not event.is_printable or event.character is None:
            return False
        field = self.choices.query_one(Input)
        field.focus()
        field.insert_text_at_cursor(event.character)
        return True

    @on(Input.Submitted)
    @on(OptionList.OptionSelected)
    def _confirmed(self, event: Input.Submitted | OptionList.OptionSelected) -> None:
        # A click highlights the option before selecting it, so both mean "the highlighted one".
        event.stop()
        if self.loaded and not self.busy:
            self.choose()

    def show(self, data: LoadedT) -> None:
        """List the loaded ``data``."""
        raise NotImplementedError

    def choose(self) -> None:
        """Act on the highlighted choice (``self.choices.selected``)."""
        raise NotImplementedError
