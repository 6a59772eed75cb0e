"""The agent's thread actions: transfer, resolve, template reply, group/personal, new SMS.

Each opens its dialog (imported when it first opens, so the first frame does not wait for it)
or calls the client; transfers, resolves and moves are written to the audit log. A new SMS is
sent by ``Compliance.send_new_sms``, through the one send path.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from inbox_tui.livevox.models import Channel, SendSmsResult, Template, TermCodeCategory, Thread
from inbox_tui.ui.dialogs.action_dialog import describe_failure
from inbox_tui.ui.formatting import contact_name, thread_account, thread_subject

if TYPE_CHECKING:
    from inbox_tui.livevox.client import LiveVoxClient
    from inbox_tui.livevox.models import TransferAgent
    from inbox_tui.ui.compliance_view import Compliance
    from inbox_tui.ui.dialogs.resolve import Resolution
    from inbox_tui.ui.local_store import LocalStore
    from inbox_tui.ui.open_thread import OpenThread


class ActionsHost(Protocol):
    """What the thread actions need of the app."""

    client: LiveVoxClient | None
    current_thread: Thread | None
    current_channel: Channel | None
    agent_id: str | None
    is_agent: bool
    term_code_required: bool
    local: LocalStore
    compliance: Compliance
    thread: OpenThread

    def set_status(self, text: str, *, error: bool = False) -> None: ...
    def remove_thread(self, thread_id: str) -> None: ...
    def request_refresh(self) -> None: ...
    def insert_into_composer(self, text: str) -> None: ...
    def open_next_thread(self) -> None: ...
    def push_screen(self, screen: object, callback: object = None) -> object: ...
    def run_worker(self, work: object, **kwargs: object) -> object: ...


def our_code_hint(thread: Thread) -> str | None:
    """The code the thread is sent from, when its row says (for filtering templates)."""
    return thread.to if thread.direction == 1 else thread.from_ if thread.direction == 2 else None


def service_of(thread: Thread, channel: Channel | None) -> str | None:
    """The thread's service: its own ``serviceId``, else the id of the group inbox it is in."""
    if thread.service_id:
        return thread.service_id
    if channel is not None and channel.personal is False:
        return channel.channel_id
    return None


class ThreadActions:
    """Opens the thread dialogs and runs their calls; say what happened in the status line."""

    def __init__(self, host: ActionsHost) -> None:
        self.host = host

    def _thread_to_act_on(self) -> Thread | None:
        thread = self.host.current_thread
        if thread is None:
            self.host.set_status("Open a thread first.", error=True)
        return thread

    def _client_to_act_with(self) -> LiveVoxClient | None:
        if self.host.client is None:
            self.host.set_status("Not connected to LiveVox yet.", error=True)
        return self.host.client

    def transfer(self) -> None:
        """Pick an agent and transfer the open thread to them."""
        host = self.host
        thread = self._thread_to_act_on()
        client = self._client_to_act_with()
        if thread is None or client is None:
            return

        async def load_agents() -> list[TransferAgent]:
            agents = await client.list_transfer_agents(thread.thread_id)
            return [agent for agent in agents if agent.agent_id != host.agent_id]

        async def transfer(agent: TransferAgent) -> None:
            await client.transfer_thread(
                thread.thread_id, agent.agent_id, thread.channel_type or "SMS"
            )
            await host.local.save(
                host.local.store.audit,
                "transfer",
                thread.thread_id,
                "transferred",
                {"to_agent_id": agent.agent_id, "to_agent": agent.login_id},
            )

        def transferred(agent: TransferAgent | None) -> None:
            if agent is None:
                return
            host.remove_thread(thread.thread_id)
            host.set_status(
                f"Transferred {contact_name(thread)} to {agent.name or agent.login_id}."
            )
            host.request_refresh()

        from inbox_tui.ui.dialogs.transfer import TransferDialog

        dialog = TransferDialog(
            subject=thread_subject(thread), load_agents=load_agents, on_transfer=transfer
        )
        host.push_screen(dialog, transferred)

    def resolve(self) -> None:
        """Pick a term code and resolve the open thread."""
        host = self.host
        thread = self._thread_to_act_on()
        client = self._client_to_act_with()
        if thread is None or client is None:
            return
        service_id = service_of(thread, host.current_channel)
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
            await host.local.save(
                host.local.store.audit,
                "resolve",
                thread.thread_id,
                "resolved",
                {
                    "term_code_id": code.id if code else None,
                    "term_code": code.name if code else None,
                    "account": account or resolution.agent_entered_account,
                },
            )

        def resolved(resolution: Resolution | None) -> None:
            if resolution is None:
                return
            host.remove_thread(thread.thread_id)
            code = resolution.term_code
            how = f" as {code.name}" if code else ""
            host.set_status(f"Resolved {contact_name(thread)}{how}.")
            host.request_refresh()
            if resolution.open_next:
                host.open_next_thread()

        from inbox_tui.ui.dialogs.resolve import ResolveDialog

        dialog = ResolveDialog(
            subject=thread_subject(thread),
            account=account,
            load_term_codes=load_term_codes,
            on_resolve=resolve,
            term_code_required=host.term_code_required,
        )
        host.push_screen(dialog, resolved)

    def template_reply(self) -> None:
        """Pick a template and put its text in the composer, to edit and send."""
        host = self.host
        thread = self._thread_to_act_on()
        client = self._client_to_act_with()
        if thread is None or client is None:
            return

        def picked(template: Template | None) -> None:
            if template is not None:
                host.insert_into_composer(template.message)

        from inbox_tui.ui.dialogs.template_picker import TemplateDialog

        route = host.compliance.route()
        code = route.code if route is not None else our_code_hint(thread)
        dialog = TemplateDialog(sms_code=code, load_templates=client.list_templates)
        host.push_screen(dialog, picked)

    def move(self, *, personal: bool) -> None:
        """Move the open thread to the group inbox, or take it into the personal inbox."""
        host = self.host
        thread = self._thread_to_act_on()
        client = self._client_to_act_with()
        if thread is None or client is None:
            return
        channel = host.current_channel
        if channel is not None and channel.personal is personal:
            where = "your personal inbox" if personal else "the group inbox"
            host.set_status(f"This thread is already in {where}.")
            return
        host.run_worker(
            self._moving(client, thread, personal), group="thread-switch", exit_on_error=False
        )

    async def _moving(self, client: LiveVoxClient, thread: Thread, personal: bool) -> None:
        host = self.host
        try:
            if personal:
                await client.take_to_personal(thread.thread_id, host.agent_id)
            else:
                await client.assign_to_group(thread.thread_id)
        except Exception as error:
            words = describe_failure(error, "moving a thread")
            host.set_status(f"Could not move the thread: {words}", error=True)
            return
        where = "personal" if personal else "group"
        await host.local.save(
            host.local.store.audit, "move", thread.thread_id, "moved", {"to": where}
        )
        host.remove_thread(thread.thread_id)
        where = "your personal inbox" if personal else "the group inbox"
        host.set_status(f"Moved {contact_name(thread)} to {where}.")
        host.request_refresh()

    def new_sms(self) -> None:
        """Send a new SMS from a code, to any number, with a message or a template."""
        host = self.host
        client = self._client_to_act_with()
        if client is None:
            return

        def sent(result: SendSmsResult | None) -> None:
            if result is not None:
                host.set_status(f"SMS sent: transaction {result.transaction_id}.")
                host.request_refresh()

        from inbox_tui.ui.dialogs.new_sms import NewSmsDialog

        dialog = NewSmsDialog(
            is_agent=host.is_agent,
            load_codes=client.list_sms_codes,
            load_templates=client.list_templates,
            on_send=host.compliance.send_new_sms,
        )
        host.push_screen(dialog, sent)
