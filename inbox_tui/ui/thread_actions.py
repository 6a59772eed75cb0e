"""The agent's thread actions: transfer, resolve, template reply, group/personal, new SMS.

``ThreadActionsMixin`` is mixed into the app. It relies on these app members: ``client``
(LiveVoxClient), ``current_thread`` (Thread | None), ``current_channel`` (Channel | None),
``agent_id``, ``is_agent``, ``set_status(text, *, error=False)``, ``remove_thread(thread_id)``,
``request_refresh()``, ``insert_into_composer(text)``, ``open_next_thread()`` and
``reload_current_thread()``. ``set_status`` receives agent and term code names: plain text.
The dialog's module is imported when it first opens, so the first frame does not wait for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from inbox_tui.core.phone import format_number
from inbox_tui.livevox.errors import InvalidRequestError
from inbox_tui.livevox.models import (
    Channel,
    Direction,
    SendSmsResult,
    Template,
    TermCodeCategory,
    Thread,
    TransferAgent,
)
from inbox_tui.ui.dialogs.action_dialog import describe_failure
from inbox_tui.ui.formatting import contact_name, thread_account
from inbox_tui.ui.keymap import ActionSpec

if TYPE_CHECKING:
    from textual.app import App

    from inbox_tui.livevox.client import LiveVoxClient
    from inbox_tui.ui.dialogs.new_sms import NewSms
    from inbox_tui.ui.dialogs.resolve import Resolution

    _AppBase = App[object]
else:
    _AppBase = object

THREAD_ACTIONS: list[ActionSpec] = [
    ActionSpec("t", "transfer_thread", "Transfer", footer=True, group="Thread"),
    ActionSpec("x", "resolve_thread", "Resolve", footer=True, group="Thread"),
    ActionSpec("ctrl+t", "template_reply", "Reply with a template", group="Thread"),
    ActionSpec("m", "move_to_group", "Move the thread to the group inbox", group="Thread"),
    ActionSpec("p", "take_to_personal", "Take the thread into your personal inbox", group="Thread"),
    ActionSpec("n", "new_sms", "Send a new SMS to any number", group="Thread"),
]


def thread_subject(thread: Thread) -> str:
    """Who the thread is with, as a dialog's subject line."""
    name = contact_name(thread)
    number = thread.customer_number
    return f"{name} · {format_number(number)}" if number and number != name else name


def our_code(thread: Thread) -> str | None:
    """The code the thread's messages are sent from: the near end of its last message."""
    return thread.to if thread.direction is Direction.INBOUND else thread.from_


def service_of(thread: Thread, channel: Channel | None) -> str | None:
    """The thread's service: its own ``serviceId``, else the id of the group inbox it is in."""
    if thread.service_id:
        return thread.service_id
    if channel is not None and channel.personal is False:
        return channel.channel_id
    return None


class ThreadActionsMixin(_AppBase):
    """Thread actions as ``action_*`` methods; each opens its dialog or calls the client."""

    client: LiveVoxClient | None
    current_thread: Thread | None
    current_channel: Channel | None
    agent_id: str | None
    is_agent: bool
    term_code_required: bool = True
    """Whether resolving needs a term code (the app may set it from its settings)."""

    def _thread_to_act_on(self) -> Thread | None:
        thread = self.current_thread
        if thread is None:
            self.set_status("Open a thread first.", error=True)
        return thread

    def _client_to_act_with(self) -> LiveVoxClient | None:
        if self.client is None:
            self.set_status("Not connected to LiveVox yet.", error=True)
        return self.client

    def action_transfer_thread(self) -> None:
        """Pick an agent and transfer the open thread to them."""
        thread = self._thread_to_act_on()
        client = self._client_to_act_with()
        if thread is None or client is None:
            return

        async def load_agents() -> list[TransferAgent]:
            agents = await client.list_transfer_agents(thread.thread_id)
            return [agent for agent in agents if agent.agent_id != self.agent_id]

        async def transfer(agent: TransferAgent) -> None:
            await client.transfer_thread(
                thread.thread_id, agent.agent_id, thread.channel_type or "SMS"
            )

        def transferred(agent: TransferAgent | None) -> None:
            if agent is None:
                return
            self.remove_thread(thread.thread_id)
            self.set_status(
                f"Transferred {contact_name(thread)} to {agent.name or agent.login_id}."
            )
            self.request_refresh()

        from inbox_tui.ui.dialogs.transfer import TransferDialog

        dialog = TransferDialog(
            subject=thread_subject(thread), load_agents=load_agents, on_transfer=transfer
        )
        self.push_screen(dialog, transferred)

    def action_resolve_thread(self) -> None:
        """Pick a term code and resolve the open thread."""
        thread = self._thread_to_act_on()
        client = self._client_to_act_with()
        if thread is None or client is None:
            return
        service_id = service_of(thread, self.current_channel)
        account = thread_account(thread)

        async def load_term_codes() -> list[TermCodeCategory]:
            return await client.list_term_codes(service_id) if service_id else []

        async def resolve(resolution: Resolution) -> None:
            code = resolution.term_code
            await client.resolve_thread(
                thread.thread_id,
                account=account or resolution.agent_entered_account,
                agent_entered_account=resolution.agent_entered_account,
                term_code_id=code.id if code else None,
            )

        def resolved(resolution: Resolution | None) -> None:
            if resolution is None:
                return
            self.remove_thread(thread.thread_id)
            code = resolution.term_code
            how = f" as {code.name}" if code else ""
            self.set_status(f"Resolved {contact_name(thread)}{how}.")
            self.request_refresh()
            if resolution.open_next:
                self.open_next_thread()

        from inbox_tui.ui.dialogs.resolve import ResolveDialog

        dialog = ResolveDialog(
            subject=thread_subject(thread),
            account=account,
            load_term_codes=load_term_codes,
            on_resolve=resolve,
            term_code_required=self.term_code_required,
        )
        self.push_screen(dialog, resolved)

    def action_template_reply(self) -> None:
        """Pick a template and put its text in the composer, to edit and send."""
        thread = self._thread_to_act_on()
        client = self._client_to_act_with()
        if thread is None or client is None:
            return

        def picked(template: Template | None) -> None:
            if template is not None:
                self.insert_into_composer(template.message)

        from inbox_tui.ui.dialogs.template_picker import TemplateDialog

        dialog = TemplateDialog(sms_code=our_code(thread), load_templates=client.list_templates)
        self.push_screen(dialog, picked)

    def action_move_to_group(self) -> None:
        """Move the open thread from the personal inbox to the group inbox."""
        self._move_thread(personal=False)

    def action_take_to_personal(self) -> None:
        """Take the open thread from the group inbox into the personal inbox."""
        self._move_thread(personal=True)

    def _move_thread(self, *, personal: bool) -> None:
        thread = self._thread_to_act_on()
        client = self._client_to_act_with()
        if thread is None or client is None:
            return
        channel = self.current_channel
        if channel is not None and channel.personal is personal:
            where = "your personal inbox" if personal else "the group inbox"
            self.set_status(f"This thread is already in {where}.")
            return
        self.run_worker(
            self._moving_thread(client, thread, personal),
            group="thread-switch",
            exit_on_error=False,
        )

    async def _moving_thread(self, client: LiveVoxClient, thread: Thread, personal: bool) -> None:
        try:
            if personal:
                await client.take_to_personal(thread.thread_id, self.agent_id)
            else:
                await client.assign_to_group(thread.thread_id)
        except Exception as error:
            words = describe_failure(error, "moving a thread")
            self.set_status(f"Could not move the thread: {words}", error=True)
            return
        self.remove_thread(thread.thread_id)
        where = "your personal inbox" if personal else "the group inbox"
        self.set_status(f"Moved {contact_name(thread)} to {where}.")
        self.request_refresh()

    async def send_new_sms(self, sms: NewSms) -> SendSmsResult:
        """Send a New SMS dialog's message. The app overrides this to pass the compliance gate
        (``ComplianceMixin.gated_new_sms``); a refusal is raised as a ``LiveVoxError``."""
        client = self._client_to_act_with()
        if client is None:
            raise InvalidRequestError("Not connected to LiveVox yet.")
        return await client.send_sms(
            from_code=sms.from_code,
            to=sms.to,
            message=sms.message,
            template_id=sms.template_id,
            account=sms.account,
            service_id=sms.service_id,
        )

    def action_new_sms(self) -> None:
        """Send a new SMS from a code, to any number, with a message or a template."""
        client = self._client_to_act_with()
        if client is None:
            return

        def sent(result: SendSmsResult | None) -> None:
            if result is not None:
                self.set_status(f"SMS sent: transaction {result.transaction_id}.")
                self.request_refresh()

        from inbox_tui.ui.dialogs.new_sms import NewSmsDialog

        dialog = NewSmsDialog(
            is_agent=self.is_agent,
            load_codes=client.list_sms_codes,
            load_templates=client.list_templates,
            on_send=self.send_new_sms,
        )
        self.push_screen(dialog, sent)
