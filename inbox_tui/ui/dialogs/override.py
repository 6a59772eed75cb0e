"""The send gate's questions: a typed reason for each overridable hold, a yes to each warning."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Static

from inbox_tui.core.compliance import Finding
from inbox_tui.send import OverrideAnswer
from inbox_tui.ui.dialogs.action_dialog import ActionDialog


class OverrideDialog(ActionDialog[OverrideAnswer]):
    """Lists why a send is held; ``enter`` sends once every hold has a long enough reason.

    The reasons go to the audit log with the send; ``esc`` goes back with nothing sent.
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "confirm", "Send", show=False)]
    DEFAULT_CSS = """
    OverrideDialog .finding { height: auto; margin-bottom: 1; }
    OverrideDialog .finding .field { margin-bottom: 0; }
    OverrideDialog .finding-text { color: $text-error; }
    OverrideDialog .finding.-warning { color: $text-warning; }
    """

    def __init__(
        self,
        subject: str,
        *,
        holds: Sequence[Finding],
        warnings: Sequence[Finding],
        min_reason: int,
    ) -> None:
        super().__init__()
        self._subject = subject
        self._holds = tuple(holds)
        self._warnings = tuple(warnings)
        self._min_reason = min_reason
        self.HEADING = "Send held: override?" if holds else "Confirm before sending"
        if holds:
            self.KEYS = "enter sends with these reasons (audited) · tab next · esc/^] cancels"
        else:
            self.KEYS = "enter confirms and sends (audited) · esc/^] cancels"

    def compose_body(self) -> ComposeResult:
        yield Static(Text(self._subject), classes="dialog-subject")
        for finding in self._holds:
            with Vertical(classes="finding -hold"):
                yield Static(Text("⛔ " + finding.message), classes="finding-text")
                yield Horizontal(
                    Label("Reason", classes="field-label"),
                    Input(
                        placeholder=f"why this send is needed (at least {self._min_reason} chars)",
                        compact=True,
                        id=f"reason-{finding.code}",
                    ),
                    classes="field",
                )
        for finding in self._warnings:
            yield Static(Text("⚠ " + finding.message), classes="finding -warning")

    def on_mount(self) -> None:
        inputs = self.query(Input)
        if inputs:
            inputs.first().focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_confirm()

    def action_confirm(self) -> None:
        reasons: dict[str, str] = {}
        for finding in self._holds:
            field = self.query_one(f"#reason-{finding.code}", Input)
            reason = field.value.strip()
            if len(reason) < self._min_reason:
                field.focus()
                self.show_status(
                    f"Type a reason of at least {self._min_reason} characters for each hold.",
                    error=True,
                )
                return
            reasons[finding.code] = reason
        self.dismiss(OverrideAnswer(reasons, frozenset(f.code for f in self._warnings)))
