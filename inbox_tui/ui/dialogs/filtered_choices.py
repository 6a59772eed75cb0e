"""An input that filters the choices listed below it; the arrows move in the list while typing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Generic, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

ItemT = TypeVar("ItemT")


@dataclass(frozen=True)
class Choice(Generic[ItemT]):
    """One listed item: its row as plain ``Content`` and the text typing matches against."""

    item: ItemT
    row: Content
    search_text: str


@dataclass(frozen=True)
class ChoiceGroup(Generic[ItemT]):
    """Choices under an optional heading (a term-code category); the heading is not choosable."""

    heading: str | None
    choices: Sequence[Choice[ItemT]]


def matches(query: str, text: str) -> bool:
    """Every word of ``query`` occurs in ``text``, ignoring case."""
    folded = text.casefold()
    return all(word in folded for word in query.casefold().split())


class FilteredChoices(Vertical, Generic[ItemT]):
    """A filter input over an option list. Focus stays in the input; ``selected`` is the pick."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move('cursor_up')", show=False),
        Binding("down", "move('cursor_down')", show=False),
        Binding("pageup", "move('page_up')", show=False),
        Binding("pagedown", "move('page_down')", show=False),
    ]

    def __init__(self, *, placeholder: str, empty: str, id: str | None = None) -> None:
        super().__init__(id=id, classes="filtered-choices")
        self._placeholder = placeholder
        self._empty = empty
        self._groups: Sequence[ChoiceGroup[ItemT]] | None = None
        self._shown: dict[str, ItemT] = {}

    def compose(self) -> ComposeResult:
        yield Input(placeholder=self._placeholder, compact=True, classes="filter")
        yield OptionList(markup=False, classes="choices")

    def on_mount(self) -> None:
        self.query_one(OptionList).can_focus = False

    @property
    def query_text(self) -> str:
        """What the agent typed into the filter."""
        return self.query_one(Input).value

    @property
    def has_selection(self) -> bool:
        """Whether a choice is highlighted (a choice may stand for ``None``)."""
        return self.query_one(OptionList).highlighted is not None

    @property
    def selected(self) -> ItemT | None:
        """The highlighted item, or ``None`` when nothing is listed."""
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return None
        return self._shown.get(options.get_option_at_index(options.highlighted).id or "")

    def set_groups(self, groups: Sequence[ChoiceGroup[ItemT]]) -> None:
        """List ``groups``, filtered by what is typed."""
        self._groups = groups
        self._refilter()

    def on_input_changed(self) -> None:
        self._refilter()

    def action_move(self, cursor_action: str) -> None:
        getattr(self.query_one(OptionList), f"action_{cursor_action}")()

    def _refilter(self) -> None:
        if self._groups is None:
            return
        query = self.query_text
        options: list[Option] = []
        self._shown = {}
        for group in self._groups:
            kept = [choice for choice in group.choices if matches(query, choice.search_text)]
            if not kept:
                continue
            if group.heading is not None:
                options.append(Option(Content.styled(group.heading, "bold"), disabled=True))
            for choice in kept:
                option_id = str(len(self._shown))
                self._shown[option_id] = choice.item
                options.append(Option(choice.row, id=option_id))
        if not options:
            options.append(Option(Content.styled(self._empty, "italic"), disabled=True))
        option_list = self.query_one(OptionList)
        option_list.set_options(options)
        first = next((i for i, option in enumerate(options) if not option.disabled), None)
        option_list.highlighted = first
