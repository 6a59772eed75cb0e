"""The one send path: every reply, template reply, new SMS and resend goes through
``SendFlow.send``, and no other code calls the client's send methods (a test proves it).

It evaluates the compliance gate (a hard block never reaches LiveVox; an overridable block needs
a typed reason; a warning needs a confirmation), fetches the thread's newest messages just before
sending and asks before sending over what arrived meanwhile, evaluates the gate again at that
moment, then sends through the store's outbox so that an unknown outcome is settled from the
history, never resent by itself. Overrides, holds and sends go to the audit log. The questions
go through ``Prompts``; nothing here knows the screen.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Literal

from inbox_tui.core.compliance import ComplianceSettings, Finding, HistoryMessage
from inbox_tui.core.phone import candidate_zones, format_number
from inbox_tui.core.send_gate import GateDecision, SendContext, SendRequest, evaluate
from inbox_tui.livevox.errors import LiveVoxError
from inbox_tui.livevox.models import ContactInfo, Message, Thread
from inbox_tui.send.outbox import OutboxFields, SettleReport, complete_send
from inbox_tui.send.prompts import OverrideAnswer, Prompts
from inbox_tui.store import OutboxEntry, OutboxState, Store, StoreError

if TYPE_CHECKING:
    from inbox_tui.livevox.client import LiveVoxClient

log = logging.getLogger(__name__)

Kind = Literal["agent", "sms"]


class SendNotDone(LiveVoxError):
    """A send the gate held or the agent cancelled, for callers that report failures by raising
    (the New SMS dialog); its message is what the agent was told."""


@dataclass(frozen=True)
class Delivery:
    """How a send reaches LiveVox: ``agent`` replies in a thread, ``sms`` is a new SMS."""

    kind: Kind = "agent"
    account: str | None = None
    template_id: str | None = None
    service_id: str | None = None


@dataclass(frozen=True)
class Recipient:
    """What the agent knows of whom they text: the thread, its contact, the history they saw."""

    thread: Thread | None = None
    contact: ContactInfo | None = None
    history: Sequence[Message] = ()
    """Messages the agent has seen, oldest to newest."""
    zones: Sequence[str] | None = None
    """Candidate time zones; None works them out (in a thread: the ZIP data loads slowly)."""

    @property
    def thread_id(self) -> str | None:
        return self.thread.thread_id if self.thread else None


class SendResult(StrEnum):
    """What became of a send."""

    SENT = "sent"
    HELD = "held"
    """The gate refused it, or it could not be checked: nothing was sent."""
    CANCELLED = "cancelled"
    FAILED = "failed"
    UNKNOWN = "unknown"
    """LiveVox may have it; the history did not show it. Only the agent may resend."""


@dataclass(frozen=True)
class SendOutcome:
    """The result and the plain words the agent was told."""

    result: SendResult
    text: str
    entry: OutboxEntry | None = None

    @property
    def sent(self) -> bool:
        return self.result is SendResult.SENT

    @property
    def is_error(self) -> bool:
        """Whether the agent must act on it (held, failed, unknown), as opposed to sent or
        cancelled by their own choice."""
        return self.result not in (SendResult.SENT, SendResult.CANCELLED)


@dataclass(frozen=True)
class _Unsettled:
    entry: OutboxEntry
    request: SendRequest
    delivery: Delivery
    recipient: Recipient


@dataclass
class _Answers:
    reasons: dict[str, str] = field(default_factory=dict)
    confirmed: set[str] = field(default_factory=set)


def subject_of(request: SendRequest, recipient: Recipient) -> str:
    """Whom a send goes to, as a dialog's subject line: name and number."""
    contact = recipient.contact
    name = contact.display_name if contact else ""
    number = format_number(request.to)
    return f"{name} · {number}" if name else number


class SendFlow:
    """Gate, collision check, outbox and audit around every send of the app."""

    def __init__(
        self,
        store: Store,
        prompts: Prompts,
        *,
        client: Callable[[], LiveVoxClient | None],
        settings: ComplianceSettings,
        clock: Callable[[], datetime],
        on_store: Callable[[StoreError | None], None] | None = None,
        on_unknown: Callable[[OutboxEntry], None] | None = None,
    ) -> None:
        """``on_store`` is told each store write's outcome (its error, or None when it was
        written); ``on_unknown`` gets each send whose outcome stayed unknown (to look for it
        again later)."""
        self.store = store
        self.prompts = prompts
        self.client = client
        self.settings = settings
        self.clock = clock
        self.on_store = on_store
        self.on_unknown = on_unknown
        self.refusal: str | None = None
        """When set, every send is refused with these words before anything is asked (a
        read-only instance)."""
        self.unsettled: _Unsettled | None = None
        """The last send whose outcome stayed unknown or failed: what ``resend`` sends again."""

    # -- the gate, for the banner and for sending --------------------------------------------

    def recorded_opt_out(self, request: SendRequest, messages: Sequence[Message]) -> bool:
        """Whether an agent recorded an opt-out on this route that no opt-in has lifted since."""
        recorded = self.store.recorded_opt_out(request.to, request.from_code)
        return recorded is not None and not recorded.lifted_by(messages, self.settings)

    def assess(
        self,
        request: SendRequest,
        recipient: Recipient,
        *,
        latest: Sequence[Message] = (),
        last_seen: str | None = None,
        answers: _Answers | None = None,
    ) -> GateDecision:
        """The gate's verdict now, on what the agent has seen plus ``latest`` (oldest first)."""
        answers = answers or _Answers()
        context = SendContext(
            contact=recipient.contact,
            history=recipient.history,
            zones=recipient.zones,
            last_seen_message_id=last_seen,
            latest_messages=latest,
            confirmed=frozenset(answers.confirmed),
            overrides=dict(answers.reasons),
            recorded_opt_out=self.recorded_opt_out(request, [*recipient.history, *latest]),
        )
        return evaluate(request, context, self.clock(), self.settings)

    # -- sending -----------------------------------------------------------------------------

    async def send(
        self,
        request: SendRequest,
        delivery: Delivery,
        recipient: Recipient,
        *,
        on_arrived: Callable[[Sequence[HistoryMessage]], None] | None = None,
        resend_of: int | None = None,
    ) -> SendOutcome:
        """Check, confirm and send ``request``; the outcome says in plain words what happened.

        ``on_arrived`` is given messages that arrived since the agent last looked (oldest first)
        so the conversation can show them behind the collision dialog.
        """
        if self.refusal is not None:
            return self._tell(SendResult.HELD, self.refusal)
        client = self.client()
        if client is None:
            return self._tell(SendResult.HELD, "Not connected to LiveVox yet: nothing was sent.")
        if recipient.zones is None:
            contact = recipient.contact
            zones = await asyncio.to_thread(
                candidate_zones,
                request.to,
                contact.state if contact else None,
                contact.zip_code if contact else None,
            )
            recipient = replace(recipient, zones=zones)
        if delivery.kind == "sms":
            with_history = await self._with_account_history(client, recipient, delivery)
            if isinstance(with_history, SendOutcome):
                return with_history
            recipient = with_history
        decision = await self._pass_gate(client, request, delivery, recipient, on_arrived)
        if isinstance(decision, SendOutcome):
            return decision
        for finding, reason in decision.overridden:
            await self._audit(
                "compliance_override",
                recipient.thread_id,
                "overridden",
                {"code": finding.code, "finding": finding.message, "reason": reason},
            )
        return await self._deliver(client, request, delivery, recipient, decision, resend_of)

    async def resend(
        self, on_arrived: Callable[[Sequence[HistoryMessage]], None] | None = None
    ) -> SendOutcome:
        """Send the last unsettled message again, as a new outbox entry, through the gate."""
        unsettled = self.unsettled
        if unsettled is None:
            return self._tell(SendResult.CANCELLED, "There is no unconfirmed send to resend.")
        if self.refusal is not None:
            return self._tell(SendResult.HELD, self.refusal)
        try:
            now = await asyncio.to_thread(self.store.outbox.get, unsettled.entry.id)
        except StoreError as error:
            return self._store_refused(error)
        if now.state is OutboxState.SENT:  # found in the history since the agent was told
            self.unsettled = None
            return self._tell(SendResult.CANCELLED, "Not sent again: LiveVox has it already.")
        return await self.send(
            unsettled.request,
            unsettled.delivery,
            unsettled.recipient,
            on_arrived=on_arrived,
            resend_of=unsettled.entry.id,
        )

    async def _with_account_history(
        self, client: LiveVoxClient, recipient: Recipient, delivery: Delivery
    ) -> Recipient | SendOutcome:
        """A new SMS has no thread: the account's messages stand in for its history."""
        if not delivery.account or not client.is_agent:
            return recipient
        try:
            newest_first = await client.list_messages(account=delivery.account, page=1)
        except LiveVoxError as error:
            return self._tell(
                SendResult.HELD,
                f"Not sent: the account's messages could not be checked ({error.message}).",
            )
        return replace(recipient, history=[*recipient.history, *reversed(newest_first)])

    async def _pass_gate(
        self,
        client: LiveVoxClient,
        request: SendRequest,
        delivery: Delivery,
        recipient: Recipient,
        on_arrived: Callable[[Sequence[HistoryMessage]], None] | None,
    ) -> GateDecision | SendOutcome:
        """Ask until nothing is left to ask on freshly fetched messages: the gate's last word is
        given at the moment of sending, with the clock's time then."""
        answers = _Answers()
        last_seen = recipient.history[-1].id if recipient.history else None
        latest: list[Message] = []
        fresh = False
        while True:
            decision = self.assess(
                request, recipient, latest=latest, last_seen=last_seen, answers=answers
            )
            if fresh and decision.collision and on_arrived is not None:
                # Shown before any verdict: a STOP that just came in is why the send is held.
                on_arrived(decision.collision)
            hard = [finding for finding in decision.blocks if not finding.needs_reason]
            if hard:
                return await self._held(request, recipient, hard)
            if decision.blocks or decision.warnings:
                answer = await self._ask(request, recipient, decision)
                if answer is None:
                    return self._tell(SendResult.CANCELLED, "Not sent: your text is kept.")
                answers.reasons.update(answer.reasons)
                answers.confirmed.update(answer.confirmed)
                if answer.confirmed:
                    await self._audit(
                        "compliance_confirm",
                        recipient.thread_id,
                        "confirmed",
                        {"codes": sorted(answer.confirmed)},
                    )
                fresh = False
                continue
            if decision.collision:
                subject = subject_of(request, recipient)
                if not await self.prompts.confirm_collision(subject, decision.collision):
                    return self._tell(
                        SendResult.CANCELLED, "Not sent: read the new messages; your text is kept."
                    )
                last_seen = decision.collision[-1].id
                fresh = False
                continue
            if fresh:
                return decision
            fetched = await self._latest(client, recipient, delivery)
            if isinstance(fetched, SendOutcome):
                return fetched
            latest, fresh = fetched, True

    async def _latest(
        self, client: LiveVoxClient, recipient: Recipient, delivery: Delivery
    ) -> list[Message] | SendOutcome:
        """The newest page of the thread (or the account), oldest first."""
        try:
            if recipient.thread_id:
                newest_first = await client.list_messages(thread_id=recipient.thread_id, page=1)
            elif delivery.account and client.is_agent:
                newest_first = await client.list_messages(account=delivery.account, page=1)
            else:
                return []
        except LiveVoxError as error:
            return self._tell(
                SendResult.HELD,
                f"Not sent: new messages could not be checked ({error.message}). "
                "Your text is kept.",
            )
        return list(reversed(newest_first))

    async def _ask(
        self, request: SendRequest, recipient: Recipient, decision: GateDecision
    ) -> OverrideAnswer | None:
        return await self.prompts.override(
            subject_of(request, recipient),
            decision.blocks,
            decision.warnings,
            self.settings.min_override_reason,
        )

    async def _audit(
        self, action: str, thread_id: str | None, outcome: str, details: dict[str, Any]
    ) -> None:
        """Append to the audit log off the event loop; a failure is told, not raised (the send
        itself is recorded in the outbox)."""
        try:
            await asyncio.to_thread(self.store.audit, action, thread_id, outcome, details)
        except StoreError as error:
            log.warning("audit %s not written: %s", action, error)
            self._store_told(error)
        else:
            self._store_told(None)

    def _store_told(self, error: StoreError | None) -> None:
        if self.on_store is not None:
            self.on_store(error)

    def _store_refused(self, error: StoreError) -> SendOutcome:
        self._store_told(error)
        return self._tell(
            SendResult.HELD,
            f"Not sent: the local store cannot save ({error.reason}), and a send must be "
            "written down before it goes out. Your text is kept.",
        )

    async def _held(
        self, request: SendRequest, recipient: Recipient, findings: Sequence[Finding]
    ) -> SendOutcome:
        await self._audit(
            "send",
            recipient.thread_id,
            SendResult.HELD,
            {"to": request.to, "from": request.from_code, "codes": [f.code for f in findings]},
        )
        return self._tell(SendResult.HELD, f"Not sent: {findings[0].message}")

    async def _deliver(
        self,
        client: LiveVoxClient,
        request: SendRequest,
        delivery: Delivery,
        recipient: Recipient,
        decision: GateDecision,
        resend_of: int | None,
    ) -> SendOutcome:
        send_call, history_call = self._calls(client, request, delivery, recipient)
        fields = OutboxFields(
            kind=delivery.kind,
            thread_id=recipient.thread_id,
            to=request.to,
            from_=request.from_code,
            text=request.text,
            account=delivery.account,
            template_id=delivery.template_id,
        )
        begin = (
            functools.partial(self.store.outbox.begin, **fields)
            if resend_of is None
            else functools.partial(self.store.outbox.resend, resend_of)
        )
        try:
            begun: OutboxEntry = await asyncio.to_thread(begin)
        except StoreError as error:  # nothing is asked of LiveVox that is not written down
            return self._store_refused(error)
        self._store_told(None)
        report = SettleReport()
        try:
            entry: OutboxEntry | None = await complete_send(
                self.store, begun, send_call, history_call, report=report
            )
        except StoreError as error:
            # LiveVox was asked; its answer could not be written down.
            self._store_told(error)
            return self._tell(
                SendResult.UNKNOWN,
                f"LiveVox was asked to send this, but the local store cannot save its answer "
                f"({error.reason}). Check the conversation before sending it again.",
                entry,
            )
        except Exception:
            # complete_send marked the entry unknown before letting this bug through.
            log.exception("sending failed unexpectedly")
            entry = None
        await self._audit(
            "send",
            recipient.thread_id,
            entry.state if entry else SendResult.UNKNOWN,
            {
                "kind": delivery.kind,
                "to": request.to,
                "from": request.from_code,
                "outbox_id": entry.id if entry else None,
                "resend_of": resend_of,
                "parts": decision.segments.parts,
                "encoding": decision.segments.encoding,
                "overridden": [finding.code for finding, _ in decision.overridden],
            },
        )
        if entry is not None and entry.state is OutboxState.SENT:
            self.unsettled = None
            return self._tell(SendResult.SENT, "Sent.", entry)
        if entry is not None:
            self.unsettled = _Unsettled(entry, request, delivery, recipient)
        if entry is not None and entry.state is OutboxState.UNKNOWN and self.on_unknown:
            self.on_unknown(entry)
        if entry is not None and entry.state is OutboxState.FAILED:
            reason = (entry.reason or "LiveVox refused it").split(" [HTTP")[0]
            return self._tell(
                SendResult.FAILED,
                f"Not sent: {reason}. Your text is kept.",
                entry,
            )
        if entry is not None and entry.id in {e.id for e in report.still_unknown}:
            return self._tell(
                SendResult.UNKNOWN,
                "LiveVox did not confirm this send and its history could not be checked: it "
                "will be looked for again. Your text is kept: check the conversation first.",
                entry,
            )
        return self._tell(
            SendResult.UNKNOWN,
            "LiveVox did not confirm this send and it is not in the conversation, so it may "
            "not have gone out. Your text is kept: check the conversation first.",
            entry,
        )

    def _calls(
        self,
        client: LiveVoxClient,
        request: SendRequest,
        delivery: Delivery,
        recipient: Recipient,
    ) -> tuple[Callable[[], Awaitable[Any]], Callable[[], Awaitable[list[Message]]] | None]:
        thread_id = recipient.thread_id

        async def reply() -> Any:
            return await client.send_message(
                from_number=request.from_code,
                to_number=request.to,
                message=request.text,
                account=delivery.account,
                thread_id=thread_id,
                template_id=delivery.template_id,
            )

        async def new_sms() -> Any:
            return await client.send_sms(
                from_code=request.from_code,
                to=request.to,
                message=None if delivery.template_id else request.text,
                template_id=delivery.template_id,
                account=delivery.account,
                service_id=delivery.service_id,
            )

        async def thread_history() -> list[Message]:
            return await client.list_messages(thread_id=thread_id, page=1)

        async def account_history() -> list[Message]:
            return await client.list_messages(account=delivery.account, page=1)

        history: Callable[[], Awaitable[list[Message]]] | None = None
        if thread_id:
            history = thread_history
        elif delivery.account and client.is_agent:
            history = account_history
        return (reply if delivery.kind == "agent" else new_sms), history

    @staticmethod
    def _tell(result: SendResult, text: str, entry: OutboxEntry | None = None) -> SendOutcome:
        return SendOutcome(result, text, entry)
