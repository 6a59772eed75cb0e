"""Templates: pick one for the sending code, with its full text and SMS cost previewed."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, OptionList, Static

from inbox_tui.core.sms import analyze
from inbox_tui.livevox.models import Template
from inbox_tui.ui.dialogs.choice_dialog import ChoiceDialog
from inbox_tui.ui.dialogs.filtered_choices import Choice, ChoiceGroup


def template_row(template: Template) -> Content:
    """Description (else id), then the start of the text, on one line; all of it plain text."""
    title = template.description or f"Template {template.id}"
    return Content.assemble(
        Content(title).truncate(22, ellipsis=True, pad=True),
        "  ",
        (" ".join(template.message.split()), "dim"),
    )


def for_code(templates: Sequence[Template], sms_code: str | None) -> list[Template]:
    """Templates that send from ``sms_code`` or name no code; all of them without a code."""
    if not sms_code:
        return list(templates)
    return [t for t in templates if t.sms_code in (None, "", sms_code)]


class TemplateDialog(ChoiceDialog[Template, Sequence[Template]]):
    """Lists the templates for a sending code; ``enter`` dismisses with the template picked."""

    HEADING = "Reply with a template"
    KEYS = "enter use in the reply · ↑↓ choose · esc/^] cancel"
    WHAT = "the templates"
    PLACEHOLDER = "Type to find a template"
    EMPTY = "No template matches."

    def __init__(
        self, *, sms_code: str | None, load_templates: Callable[[], Awaitable[Sequence[Template]]]
    ) -> None:
        subject = f"Templates for {sms_code}" if sms_code else "All templates"
        super().__init__(subject=subject, load=load_templates)
        self._sms_code = sms_code

    def compose_fields(self) -> ComposeResult:
        with Vertical(classes="preview"):
            yield Static("", classes="preview-text", markup=False)
            yield Static("", classes="preview-count", markup=False)

    def show(self, data: Sequence[Template]) -> None:
        choices = [
            Choice(t, template_row(t), f"{t.id} {t.description or ''} {t.message}")
            for t in for_code(data, self._sms_code)
        ]
        self.choices.set_groups([ChoiceGroup(None, choices)])
        self._preview()

    @on(OptionList.OptionHighlighted)
    @on(Input.Changed)
    def _preview(self) -> None:
        if not self.is_open:
            return
        template = self.choices.selected
        text = template.message if template else ""
        self.query_one(".preview-text", Static).update(text)
        self.query_one(".preview-count", Static).update(analyze(text).label if text else "")

    def choose(self) -> None:
        template = self.choices.selected
        if template is None:
            self.show_status("Choose a template first.", error=True)
            return
        self.dismiss(template)
