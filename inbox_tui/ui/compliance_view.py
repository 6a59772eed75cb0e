"""The composer's compliance side: the banner, gated replies and new SMS, resending an
unconfirmed send, look-alikes, recording a likely opt-out and revealing personal data.

Every send goes through ``inbox_tui.send.SendFlow``; this only gathers what the agent sees
(the open thread, its history, its zones, its route) and says the outcome.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from inbox_tui.core.pii import mask_pii
from inbox_tui.core.send_gate import GateDecision, SendRequest
from inbox_tui.core.sms import to_gsm_lookalikes
from inbox_tui.livevox.models import Direction, Message, SendSmsResult, Thread
from inbox_tui.send import (
    Delivery,
    Recipient,
    Routes,
    SendFlow,
    SendNotDone,
    SendOutcome,
    SendResult,
)
from inbox_tui.send.route import Route
from inbox_tui.ui.dialogs.confirm import ConfirmDialog
from inbox_tui.ui.formatting import contact_name, thread_account, thread_subject
from inbox_tui.ui.keymap import key_of
from inbox_tui.ui.widgets.compliance_banner import ComplianceBanner

if TYPE_CHECKING:
    from inbox_tui.livevox.client import LiveVoxClient
    from inbox_tui.ui.dialogs.new_sms import NewSms
    from inbox_tui.ui.draft_saver import DraftSaver
    from inbox_tui.ui.local_store import LocalStore
    from inbox_tui.ui.open_thread import OpenThread
    from inbox_tui.ui.read_state import ReadState
    from inbox_tui.ui.widgets.composer import Composer
    from inbox_tui.ui.widgets.conversation import Conversation

BANNER_REFRESH = 30.0
"""Seconds between re-checks of the open thread's banner (quiet hours start while it is open)."""


class ComplianceHost(Protocol):
    """What the compliance side needs of the app."""

    client: LiveVoxClient | None
    current_thread: Thread | None
    clock: Callable[[], datetime]
    local: LocalStore
    send_flow: SendFlow
    composer: Composer
    conversation: Conversation
    banner: ComplianceBanner
    thread: OpenThread
    drafts: DraftSaver
    reads: ReadState

    def set_status(self, text: str, *, error: bool = False) -> None: ...
    def set_interval(self, interval: float, callback: Callable[[], object]) -> object: ...
    def run_worker(self, work: object, **kwargs: object) -> object: ...
    def push_screen(self, screen: object, callback: object = None) -> object: ...


def reply_request(route: Route, thread: Thread, text: str) -> SendRequest | None:
    """The gate's view of a reply in ``thread``, or None while the customer's number is not
    known (an unknown code is checked against every code's opt-outs)."""
    if not route.customer:
        return None
    return SendRequest(
        text=text, to=route.customer, from_code=route.code or "", thread_id=thread.thread_id
    )


class Compliance:
    """What the open thread allows, and the sends the agent makes from the composer."""

    def __init__(self, host: ComplianceHost) -> None:
        self.host = host
        self.routes = Routes()
        self.pii_revealed_for: str | None = None
        """The thread whose SSN and date of birth the agent revealed; reset when another opens."""

    def start(self) -> None:
        """Call once mounted: re-check the banner now and then, quietly."""
        self.host.set_interval(BANNER_REFRESH, self.refresh)

    # -- what the open thread allows ------------------------------------------------------

    def route(self) -> Route | None:
        thread = self.host.current_thread
        if thread is None:
            return None
        return self.routes.known(thread, self.host.conversation.messages)

    def recipient(self) -> Recipient | None:
        """The open thread as the send gate sees it; None until its zones are known."""
        host = self.host
        thread = host.current_thread
        if thread is None or thread.thread_id not in host.thread.zones:
            return None
        return Recipient(
            thread=thread,
            contact=thread.contact_info,
            history=list(host.conversation.messages),
            zones=host.thread.zones[thread.thread_id],
        )

    def thread_decision(self) -> GateDecision | str | None:
        """The gate's verdict on replying in the open thread (any text), for the banner; a
        string says what could not be checked; None when no thread is open or it is loading."""
        recipient = self.recipient()
        route = self.route()
        if recipient is None or route is None or recipient.thread is None:
            return None
        request = reply_request(route, recipient.thread, ".")
        if request is None:
            return (
                "Not checked: nothing in this thread names the customer's number, so opt-outs "
                "and quiet hours cannot be checked and no reply can be sent."
            )
        return self.host.send_flow.assess(request, recipient)

    def refresh(self) -> None:
        """Show the open thread's compliance state in the banner (repaints only on change)."""
        self.host.banner.show(self.thread_decision())

    # -- sending ----------------------------------------------------------------------------

    async def reply(self, text: str) -> SendOutcome | None:
        """Send ``text`` in the open thread through the send flow; None when it cannot be."""
        host = self.host
        thread = host.current_thread
        client = host.client
        if host.send_flow.refusal is not None:
            host.set_status(host.send_flow.refusal, error=True)
            return None
        if thread is None:
            host.set_status("Open a thread before replying.", error=True)
            return None
        if client is None:
            host.set_status("Not connected to LiveVox yet: nothing was sent.", error=True)
            return None
        route = await self.routes.resolve(
            thread,
            host.conversation.messages,
            client,
            host.send_flow.prompts,
            thread_subject(thread),
        )
        if isinstance(route, str):
            host.set_status(f"Cannot reply: {route}. Your text is kept.", error=True)
            return None
        request = reply_request(route, thread, text)
        recipient = Recipient(
            thread=thread,
            contact=thread.contact_info,
            history=list(host.conversation.messages),
            zones=host.thread.zones.get(thread.thread_id),
        )
        delivery = Delivery("agent", account=thread_account(thread) or None)
        outcome = await host.send_flow.send(
            request, delivery, recipient, on_arrived=self._show_arrivals
        )
        self.tell(outcome)
        self.refresh()
        return outcome

    async def send_from_composer(self, text: str) -> None:
        """Send the composer's ``text`` as a reply; once sent, show it, clear the draft (and
        the composer if it still holds that text), and mark the thread read if so set."""
        host = self.host
        thread = host.current_thread
        outcome = await self.reply(text)
        if outcome is None or not outcome.sent or thread is None:
            return
        host.drafts.changed(thread.thread_id, "")
        host.reads.replied(thread)
        if host.current_thread is not thread:
            return
        sent = Message(
            id=outcome.entry.transaction_id if outcome.entry else "",
            message=text,
            direction=Direction.OUTBOUND,
            date=host.clock(),
            status="sent",
            thread_id=thread.thread_id,
        )
        host.conversation.append_new([sent])
        host.conversation.follow_end()
        self.refresh()  # the reply answers a likely opt-out, uses a confirmation
        if host.composer.value == text:
            host.composer.set_draft("")

    async def send_new_sms(self, sms: NewSms) -> SendSmsResult:
        """Send a New SMS dialog's message through the send flow; raises ``SendNotDone``
        (with what the agent was told) when it was held, cancelled or not confirmed."""
        host = self.host
        text = sms.message
        if sms.template_id and host.client is not None:
            templates = await host.client.list_templates()
            text = next((t.message for t in templates if t.id == sms.template_id), None)
        request = SendRequest(text=text or "", to=sms.to, from_code=sms.from_code)
        delivery = Delivery(
            "sms", account=sms.account, template_id=sms.template_id, service_id=sms.service_id
        )
        outcome = await host.send_flow.send(request, delivery, Recipient())
        self.tell(outcome)
        if not outcome.sent or outcome.entry is None:
            raise SendNotDone(outcome.text)
        return SendSmsResult(transaction_id=outcome.entry.transaction_id)

    def tell(self, outcome: SendOutcome) -> None:
        """Say a send's outcome in the status line, with the key that sends it again."""
        text, key = outcome.text, key_of("resend_unconfirmed")
        if outcome.result is SendResult.FAILED:
            text += f" Press {key} to try again."
        elif outcome.result is SendResult.UNKNOWN:
            text += f" Then press {key} to send it again."
        self.host.set_status(text, error=outcome.is_error)

    def _show_arrivals(self, messages: Sequence[Message]) -> None:
        self.host.conversation.append_new(list(reversed(messages)))

    def resend(self) -> None:
        self.host.run_worker(self._resend(), group="send", exclusive=True, exit_on_error=False)

    async def _resend(self) -> None:
        self.tell(await self.host.send_flow.resend(on_arrived=self._show_arrivals))
        self.host.thread.reload()

    # -- keys -------------------------------------------------------------------------------

    def gsm_lookalikes(self) -> None:
        """Make the draft GSM-7 where a look-alike exists (’ to ', – to -, … to ...)."""
        host = self.host
        composer = host.composer
        replaced = to_gsm_lookalikes(composer.value)
        if replaced == composer.value:
            host.set_status("Nothing to replace: no curly quotes, dashes or ellipses.")
            return
        composer.set_draft(replaced)
        host.set_status("Replaced with GSM look-alikes.")

    def confirm_opt_out(self) -> None:
        """Record the open thread's likely opt-out as an opt-out from this code (audited)."""
        host = self.host
        decision = self.thread_decision()
        thread = host.current_thread
        route = self.route()
        likely = decision.opt_out.likely_opt_out if isinstance(decision, GateDecision) else None
        if likely is None or thread is None or route is None or not route.complete:
            host.set_status("No reply in this thread reads like an opt-out.", error=True)
            return
        store = host.local.store
        record = functools.partial(
            store.record_opt_out,
            route.customer,
            route.code,
            thread_id=thread.thread_id,
            message_id=likely.id,
            message_date=likely.date,
        )
        details = {"to": route.customer, "from": route.code, "message_id": likely.id}

        async def recording() -> None:
            if not await host.local.save(record):
                why = host.local.failure.reason if host.local.failure else "read-only"
                host.set_status(f"Not recorded: the local store cannot save ({why}).", error=True)
                return
            await host.local.save(
                store.audit, "opt_out_recorded", thread.thread_id, "recorded", details
            )
            self.refresh()
            host.set_status("Recorded as an opt-out: nothing more can be sent from this code.")

        host.run_worker(recording(), group="opt-out", exit_on_error=False)

    def reveal_pii(self) -> None:
        """Show the open thread's SSN and date of birth in full, until another thread opens;
        asks first, since the reveal is recorded. Pressed again, hides them."""
        host = self.host
        thread = host.current_thread
        if thread is None:
            host.set_status("Open a thread first.", error=True)
            return
        if self.pii_revealed_for == thread.thread_id:
            self.pii_revealed_for = None
            host.conversation.reveal_pii(False)
            host.thread.show_contact()
            host.set_status("Personal data hidden again.")
            return
        hidden = hidden_pii(thread, host.conversation.messages)
        if not hidden:
            host.set_status("Nothing to reveal: no SSN or date of birth in this thread.")
            return

        def answered(yes: bool | None) -> None:
            if yes and host.current_thread is thread:
                self._reveal(thread, hidden)

        question = f"Reveal SSN and DOB for {contact_name(thread)}? This is recorded."
        host.push_screen(ConfirmDialog("Reveal personal data", question), answered)

    def _reveal(self, thread: Thread, hidden: list[str]) -> None:
        host = self.host
        self.pii_revealed_for = thread.thread_id
        host.local.writer.submit(
            host.local.store.audit, "pii_reveal", thread.thread_id, "revealed", {"fields": hidden}
        )
        host.conversation.reveal_pii(True)
        host.thread.show_contact()
        host.set_status("SSN and date of birth shown for this thread (recorded in the audit log).")

    def forget_revealed_pii(self) -> None:
        """Hide personal data again: call when another thread opens or the thread closes."""
        self.pii_revealed_for = None
        self.host.conversation.reveal_pii(False)


def hidden_pii(thread: Thread, messages: Sequence[Message]) -> list[str]:
    """What masking hides in this thread: the contact's "SSN" and "DOB", and "messages" when
    a message carries one (as ``mask_pii`` finds them)."""
    contact = thread.contact_info
    fields = [
        name
        for name, value in (("SSN", contact and contact.ssn), ("DOB", contact and contact.dob))
        if value
    ]
    if any(m.message and mask_pii(m.message) != m.message for m in messages):
        fields.append("messages")
    return fields
