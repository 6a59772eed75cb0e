"""Resolve: pick a term code of the thread's service and confirm the account."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Input, Label

from inbox_tui.livevox.models import TermCode, TermCodeCategory
from inbox_tui.ui.dialogs.choice_dialog import ChoiceDialog
from inbox_tui.ui.dialogs.filtered_choices import Choice, ChoiceGroup

_NO_TERM_CODE = "(no term code)"


@dataclass(frozen=True)
class Resolution:
    """What the agent chose: the term code (``None`` if none), the account, and what next."""

    term_code: TermCode | None
    agent_entered_account: str
    open_next: bool


def _by_display_order(code: TermCode) -> tuple[int, str]:
    order = code.report_display_order
    return (order if order is not None else 1_000_000, code.name.casefold())


class ResolveDialog(ChoiceDialog[Resolution, Sequence[TermCodeCategory]]):
    """Term codes grouped by category; ``enter`` resolves, ``ctrl+n`` resolves and opens the next.

    ``on_resolve`` gets the ``Resolution`` and performs it; the dialog dismisses with it.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "resolve(True)", "Resolve and open next", show=False),
    ]
    HEADING = "Resolve thread"
    KEYS = "enter resolve · ctrl+n and open next · ↑↓ choose · esc/^] cancel"
    WHAT = "the term codes"
    PLACEHOLDER = "Type to find a term code"
    EMPTY = "No term code matches."

    def __init__(
        self,
        *,
        subject: str,
        account: str,
        load_term_codes: Callable[[], Awaitable[Sequence[TermCodeCategory]]],
        on_resolve: Callable[[Resolution], Awaitable[object]],
        term_code_required: bool = True,
    ) -> None:
        super().__init__(subject=subject, load=load_term_codes)
        self._account = account
        self._on_resolve = on_resolve
        self._required = term_code_required

    def compose_fields(self) -> ComposeResult:
        with Horizontal(classes="field", id="account-field"):
            yield Label("Account", classes="field-label")
            yield Input(self._account, compact=True, id="account", max_length=64)

    def show(self, data: Sequence[TermCodeCategory]) -> None:
        groups: list[ChoiceGroup[TermCode | None]] = []
        if not self._required:
            groups.append(ChoiceGroup(None, [Choice(None, Content(_NO_TERM_CODE), _NO_TERM_CODE)]))
        for category in data:
            choices = [
                Choice(code, Content("  " + (code.name or code.id)), f"{code.name} {category.name}")
                for code in sorted(category.term_codes, key=_by_display_order)
            ]
            groups.append(ChoiceGroup(category.name or "Other", choices))
        self.choices.set_groups(groups)
        if self._required and not any(category.term_codes for category in data):
            self.show_status(
                "This service has no term codes, and one is required to resolve.", error=True
            )

    def choose(self) -> None:
        self.action_resolve(False)

    def action_resolve(self, open_next: bool) -> None:
        """Resolve with the highlighted term code and the account as entered."""
        if not self.loaded or self.busy:
            return
        if not self.choices.has_selection:
            self.show_status("Choose a term code first.", error=True)
            return
        account = self.query_one("#account", Input).value.strip()
        if not account:
            self.show_status("Enter the account to resolve the thread.", error=True)
            return
        resolution = Resolution(self.choices.selected, account, open_next)

        async def resolve() -> Resolution:
            await self._on_resolve(resolution)
            return resolution

        self.perform("Resolving", resolve)
