"""The composer's compliance side, mixed into the app: the segment meter, the banner, gated
replies, recording a likely opt-out, revealing personal data, and resending an unknown send.

``ComplianceMixin`` relies on these app members: ``composer`` (Input), ``conversation``
(Conversation), ``current_thread``, ``send_flow`` (SendFlow), ``store``, ``clock``,
``set_status(text, *, error=False)`` and ``show_contact()`` (repaint the contact line).
The segment meter watches the composer by itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual import work
from textual.widgets import Input

from inbox_tui.core.pii import mask_pii
from inbox_tui.core.send_gate import GateDecision, SendRequest
from inbox_tui.core.sms import to_gsm_lookalikes
from inbox_tui.livevox.models import Message, SendSmsResult, Thread
from inbox_tui.ui.formatting import thread_account
from inbox_tui.ui.keymap import ActionSpec
from inbox_tui.ui.send_flow import Delivery, Recipient, SendFlow, SendNotDone, SendOutcome
from inbox_tui.ui.thread_actions import our_code
from inbox_tui.ui.widgets.compliance_banner import ComplianceBanner

if TYPE_CHECKING:
    from textual.app import App

    from inbox_tui.livevox.client import LiveVoxClient
    from inbox_tui.store import Store
    from inbox_tui.ui.dialogs.new_sms import NewSms
    from inbox_tui.ui.widgets.conversation import Conversation

    _AppBase = App[object]
else:
    _AppBase = object

COMPLIANCE_ACTIONS: list[ActionSpec] = [
    ActionSpec(
        "ctrl+g",
        "gsm_lookalikes",
        "Replace curly quotes, dashes and … by GSM look-alikes",
        False,
        "Compose",
    ),
    ActionSpec("R", "resend_unconfirmed", "Send the unconfirmed message again", False, "Compose"),
    ActionSpec(
        "ctrl+o", "confirm_opt_out", "Record the contact's reply as an opt-out", False, "Thread"
    ),
    ActionSpec(
        "ctrl+l",
        "reveal_pii",
        "Reveal SSN and date of birth in this thread (audited)",
        False,
        "Thread",
    ),
]

BANNER_REFRESH = 30.0
"""Seconds between re-checks of the open thread's banner (quiet hours start while it is open)."""


def reply_request(thread: Thread, text: str) -> SendRequest | None:
    """The gate's view of a reply in ``thread``, or None when it has no numbers to reply with."""
    ours, customer = our_code(thread), thread.customer_number
    if not ours or not customer:
        return None
    return SendRequest(text=text, to=customer, from_code=ours, thread_id=thread.thread_id)


class ComplianceMixin(_AppBase):
    """Compliance actions as ``action_*`` methods, plus the gated reply every send path uses."""

    client: LiveVoxClient | None
    composer: Input
    conversation: Conversation
    current_thread: Thread | None
    send_flow: SendFlow
    store: Store

    thread_zones: dict[str, list[str]]
    """Candidate zones by thread id, worked out once per thread (the ZIP data loads slowly)."""
    pii_revealed_for: str | None = None
    """The thread whose SSN and date of birth the agent revealed; reset when another opens."""

    def start_compliance(self) -> None:
        """Call once mounted: re-check the banner now and then, quietly."""
        self.set_interval(BANNER_REFRESH, self.refresh_compliance)

    # -- what the open thread allows ------------------------------------------------------

    def recipient(self) -> Recipient | None:
        """The open thread as the send gate sees it; None until its zones are known."""
        thread = self.current_thread
        if thread is None or thread.thread_id not in self.thread_zones:
            return None
        return Recipient(
            thread=thread,
            contact=thread.contact_info,
            history=list(self.conversation.messages),
            zones=self.thread_zones[thread.thread_id],
        )

    def thread_decision(self) -> GateDecision | None:
        """The gate's verdict on replying in the open thread (any text), for the banner."""
        recipient = self.recipient()
        request = reply_request(recipient.thread, ".") if recipient and recipient.thread else None
        if recipient is None or request is None:
            return None
        return self.send_flow.assess(request, recipient)

    def refresh_compliance(self) -> None:
        """Show the open thread's compliance state in the banner (repaints only on change)."""
        self.query_one(ComplianceBanner).show(self.thread_decision())

    # -- sending ----------------------------------------------------------------------------

    async def gated_reply(self, text: str) -> SendOutcome | None:
        """Send ``text`` in the open thread through the send flow; None when it cannot be."""
        thread = self.current_thread
        if thread is None:
            self.set_status("Open a thread before replying.", error=True)
            return None
        request = reply_request(thread, text)
        if request is None:
            self.set_status("This thread has no phone numbers to reply with.", error=True)
            return None
        recipient = Recipient(
            thread=thread,
            contact=thread.contact_info,
            history=list(self.conversation.messages),
            zones=self.thread_zones.get(thread.thread_id),
        )
        delivery = Delivery("agent", account=thread_account(thread) or None)
        outcome = await self.send_flow.send(
            request, delivery, recipient, on_arrived=self._show_arrivals
        )
        self.refresh_compliance()
        return outcome

    async def send_new_sms(self, sms: NewSms) -> SendSmsResult:
        """Send a New SMS dialog's message through the send flow; raises ``SendNotDone``
        (with what the agent was told) when it was held, cancelled or not confirmed."""
        text = sms.message
        if sms.template_id and self.client is not None:
            templates = await self.client.list_templates()
            text = next((t.message for t in templates if t.id == sms.template_id), None)
        request = SendRequest(text=text or "", to=sms.to, from_code=sms.from_code)
        delivery = Delivery(
            "sms", account=sms.account, template_id=sms.template_id, service_id=sms.service_id
        )
        outcome = await self.send_flow.send(request, delivery, Recipient())
        if not outcome.sent or outcome.entry is None:
            raise SendNotDone(outcome.text)
        return SendSmsResult(transaction_id=outcome.entry.transaction_id)

    def _show_arrivals(self, messages: Sequence[Message]) -> None:
        self.conversation.append_new(list(reversed(messages)))

    def action_resend_unconfirmed(self) -> None:
        self._resend()

    @work(exclusive=True, exit_on_error=False, group="send")
    async def _resend(self) -> None:
        await self.send_flow.resend(on_arrived=self._show_arrivals)
        self.reload_current_thread()

    # -- keys -------------------------------------------------------------------------------

    def action_gsm_lookalikes(self) -> None:
        """Make the draft GSM-7 where a look-alike exists (’ to ', – to -, … to ...)."""
        composer = self.composer
        replaced = to_gsm_lookalikes(composer.value)
        if replaced == composer.value:
            self.set_status("Nothing to replace: no curly quotes, dashes or ellipses.")
            return
        composer.value = replaced
        composer.cursor_position = len(replaced)
        self.set_status("Replaced with GSM look-alikes.")

    def action_confirm_opt_out(self) -> None:
        """Record the open thread's likely opt-out as an opt-out from this code (audited)."""
        decision = self.thread_decision()
        thread = self.current_thread
        likely = decision.opt_out.likely_opt_out if decision else None
        request = reply_request(thread, ".") if thread else None
        if decision is None or likely is None or request is None or thread is None:
            self.set_status("No reply in this thread reads like an opt-out.", error=True)
            return
        self.store.record_opt_out(
            request.to,
            request.from_code,
            thread_id=thread.thread_id,
            message_id=likely.id,
            message_date=likely.date,
        )
        self.store.audit(
            "opt_out_recorded",
            thread.thread_id,
            "recorded",
            {"to": request.to, "from": request.from_code, "message_id": likely.id},
        )
        self.refresh_compliance()
        self.set_status("Recorded as an opt-out: nothing more can be sent from this code.")

    def action_reveal_pii(self) -> None:
        """Show the open thread's SSN and date of birth in full, until another thread opens."""
        thread = self.current_thread
        if thread is None:
            self.set_status("Open a thread first.", error=True)
            return
        if self.pii_revealed_for == thread.thread_id:
            self.pii_revealed_for = None
            self.conversation.reveal_pii(False)
            self.show_contact()
            self.set_status("Personal data hidden again.")
            return
        hidden = hidden_pii(thread, self.conversation.messages)
        if not hidden:
            self.set_status("Nothing to reveal: no SSN or date of birth in this thread.")
            return
        self.pii_revealed_for = thread.thread_id
        self.store.audit("pii_reveal", thread.thread_id, "revealed", {"fields": hidden})
        self.conversation.reveal_pii(True)
        self.show_contact()
        self.set_status("SSN and date of birth shown for this thread (recorded in the audit log).")

    def forget_revealed_pii(self) -> None:
        """Hide personal data again: call when another thread opens or the thread closes."""
        self.pii_revealed_for = None
        self.conversation.reveal_pii(False)


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
