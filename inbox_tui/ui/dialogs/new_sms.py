"""New SMS: from a code, to a number, with a message or a template (never both)."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Input, Label, Select

from inbox_tui.livevox.models import SendSmsResult, SmsCode, Template
from inbox_tui.ui.dialogs.action_dialog import ActionDialog

_PUNCTUATION = re.compile(r"[\s().+\-/]")


def us_number(text: str) -> str | None:
    """The number as digits if it is 10 digits, or 11 starting with 1, once punctuation goes."""
    found = _PUNCTUATION.sub("", text)
    if not found.isascii() or not found.isdigit():
        return None
    if len(found) == 10 or (len(found) == 11 and found.startswith("1")):
        return found
    return None


@dataclass(frozen=True)
class NewSms:
    """A validated new SMS, ready for ``LiveVoxClient.send_sms``."""

    from_code: str
    to: str
    account: str | None
    message: str | None
    template_id: str | None
    service_id: str | None


def _labelled(label: str, widget: Input | Select[str], *, id: str) -> Horizontal:
    return Horizontal(Label(label, classes="field-label"), widget, classes="field", id=id)


class NewSmsDialog(ActionDialog[SendSmsResult]):
    """Compose a new SMS; ``enter`` validates and sends, dismissing with the transaction.

    An agent login must give an account and may not give a service id (LiveVox sends from the
    agent's service); a user login must give the service id.
    """

    HEADING = "New SMS"
    KEYS = "enter send · tab next field · esc/^] cancel"

    def __init__(
        self,
        *,
        is_agent: bool,
        load_codes: Callable[[], Awaitable[Sequence[SmsCode]]],
        load_templates: Callable[[], Awaitable[Sequence[Template]]],
        on_send: Callable[[NewSms], Awaitable[SendSmsResult]],
    ) -> None:
        super().__init__()
        self._is_agent = is_agent
        self._load_codes = load_codes
        self._load_templates = load_templates
        self._on_send = on_send
        self._templates: Sequence[Template] = ()

    def compose_body(self) -> ComposeResult:
        yield _labelled("From", Select[str]([], prompt="sending code", compact=True), id="from")
        yield _labelled("To", Input(placeholder="10 digits", compact=True), id="to")
        account_hint = "required" if self._is_agent else "optional"
        yield _labelled("Account", Input(placeholder=account_hint, compact=True), id="account")
        if not self._is_agent:
            yield _labelled("Service", Input(placeholder="service id", compact=True), id="service")
        yield _labelled(
            "Message", Input(placeholder="text, or pick a template", compact=True), id="message"
        )
        yield _labelled("Template", Select[str]([], prompt="none", compact=True), id="template")

    def on_mount(self) -> None:
        self.query_one("#to Input", Input).focus()
        self.load("the sending codes and templates", self._load_choices, self._show_choices)

    async def _load_choices(self) -> tuple[Sequence[SmsCode], Sequence[Template]]:
        codes, templates = await asyncio.gather(self._load_codes(), self._load_templates())
        return codes, templates

    def _show_choices(self, loaded: tuple[Sequence[SmsCode], Sequence[Template]]) -> None:
        codes, self._templates = loaded
        from_select = self.query_one("#from Select", Select)
        from_select.set_options(
            (Content(f"{c.code}  {c.description}" if c.description else c.code), c.code)
            for c in codes
        )
        if codes:
            from_select.value = codes[0].code
        else:
            self.show_status("This login has no sending code.", error=True)
        self._show_templates_for(codes[0].code if codes else None)

    @on(Select.Changed, "#from Select")
    def _code_changed(self, event: Select.Changed) -> None:
        self._show_templates_for(event.value if isinstance(event.value, str) else None)

    def _show_templates_for(self, code: str | None) -> None:
        usable = [t for t in self._templates if not code or t.sms_code in (None, "", code)]
        self.query_one("#template Select", Select).set_options(
            (Content(t.description or t.message).truncate(40, ellipsis=True), t.id) for t in usable
        )

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        event.stop()
        if not self.loaded or self.busy:
            return
        sms = self._validated()
        if isinstance(sms, str):
            self.show_status(sms, error=True)
            return

        async def send() -> SendSmsResult:
            return await self._on_send(sms)

        self.perform("Sending", send)

    def _value(self, selector: str) -> str:
        return self.query_one(f"{selector} Input", Input).value.strip()

    def _choice(self, selector: str) -> str | None:
        value = self.query_one(f"{selector} Select", Select).value
        return value if isinstance(value, str) else None

    def _validated(self) -> NewSms | str:
        """The SMS to send, or in plain words why it cannot be sent."""
        from_code = self._choice("#from")
        if from_code is None:
            return "Choose the code to send from."
        to = us_number(self._value("#to"))
        if to is None:
            return "The number must be 10 digits, or 11 starting with 1."
        account = self._value("#account") or None
        if self._is_agent and account is None:
            return "Enter the account: agents must give one."
        message = self._value("#message") or None
        template_id = self._choice("#template")
        if (message is None) == (template_id is None):
            return "Write a message or pick a template: one of the two, not both."
        service_id = None
        if not self._is_agent:
            service_id = self._value("#service") or None
            if service_id is None:
                return "Enter the service id to send from."
        return NewSms(from_code, to, account, message, template_id, service_id)
