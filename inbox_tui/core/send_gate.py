"""The send gate: the one check every send path (reply, template reply, new SMS) goes through.

The UI evaluates it when the agent presses send, and again at the moment of sending with the
messages fetched just then, so an opt-out or a colleague's reply that arrived meanwhile counts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from inbox_tui.core.compliance import (
    ComplianceSettings,
    ContactFlags,
    Finding,
    FindingCode,
    HistoryMessage,
    OptOutStatus,
    QuietHoursCheck,
    Severity,
    contact_blocks,
    opt_out_state,
    quiet_hours_check,
    quiet_hours_finding,
)
from inbox_tui.core.phone import candidate_zones, is_possible_number
from inbox_tui.core.sms import SegmentInfo, analyze


@dataclass(frozen=True)
class SendRequest:
    """What the agent is about to send."""

    text: str
    to: str
    from_code: str
    thread_id: str | None = None


@dataclass(frozen=True)
class SendContext:
    """What the gate knows about the recipient and the conversation."""

    contact: ContactFlags | None = None
    history: Sequence[HistoryMessage] = ()
    """The thread's messages, oldest to newest."""
    zones: Sequence[str] | None = None
    """Candidate time zones; None works them out from the number and the state/ZIP below
    (``phone.candidate_zones``; its first ZIP lookup loads the ZIP data, about 0.5 s)."""
    state: str | None = None
    """US state of the contact; None takes the contact's."""
    zip_code: str | None = None
    """ZIP code of the contact; None takes the contact's."""
    last_seen_message_id: str | None = None
    """Newest message the agent has seen; to confirm a collision, show it and pass the newest."""
    latest_messages: Sequence[HistoryMessage] = ()
    """The thread's newest messages as fetched now, oldest to newest."""
    confirmed: frozenset[str] = frozenset()
    """Codes of the warnings the agent has confirmed."""
    overrides: Mapping[str, str] = field(default_factory=dict)
    """Typed reasons for overridden blocks, by code; the caller records them in the audit log."""
    recorded_opt_out: bool = False
    """An agent has recorded an opt-out for this number (e.g. after a likely opt-out)."""


@dataclass(frozen=True)
class GateDecision:
    """The verdict: what still blocks, what needs confirming, what was overridden, and why."""

    blocks: tuple[Finding, ...]
    warnings: tuple[Finding, ...]
    overridden: tuple[tuple[Finding, str], ...]
    collision: tuple[HistoryMessage, ...]
    """Messages newer than the last one the agent saw."""
    segments: SegmentInfo
    quiet_hours: QuietHoursCheck
    """The contact's local time in each candidate zone, for display."""
    opt_out: OptOutStatus

    @property
    def allowed(self) -> bool:
        return not (self.blocks or self.warnings or self.collision)


def _new_messages(
    latest: Sequence[HistoryMessage], last_seen_id: str | None
) -> tuple[HistoryMessage, ...]:
    ids = [m.id for m in latest]
    if last_seen_id in ids:
        return tuple(latest[ids.index(last_seen_id) + 1 :])
    return tuple(latest)


def _merged_history(context: SendContext) -> list[HistoryMessage]:
    seen = {m.id for m in context.history}
    return [*context.history, *(m for m in context.latest_messages if m.id not in seen)]


def _opt_out_findings(status: OptOutStatus, recorded: bool) -> list[Finding]:
    if recorded or (status.opted_out and not status.confirmations_left):
        message = "This number opted out of texts from this code; nothing more may be sent."
        return [Finding(FindingCode.OPTED_OUT, message, Severity.BLOCK)]
    if status.opted_out:
        message = (
            "This number opted out. Only one confirmation of the opt-out may be sent: "
            "confirm that this message is that confirmation."
        )
        return [Finding(FindingCode.OPT_OUT_CONFIRMATION, message, Severity.WARN)]
    if status.likely_opt_out is not None:
        message = "The contact's latest reply may be an opt-out: confirm it is not before sending."
        return [Finding(FindingCode.LIKELY_OPT_OUT, message, Severity.WARN)]
    return []


def _length_findings(
    text: str, segments: SegmentInfo, settings: ComplianceSettings
) -> list[Finding]:
    if not text.strip():
        return [Finding(FindingCode.EMPTY, "The message is empty.", Severity.BLOCK)]
    if segments.parts > settings.max_parts:
        message = f"The message needs {segments.parts} parts; at most {settings.max_parts} allowed."
        return [Finding(FindingCode.TOO_MANY_PARTS, message, Severity.BLOCK)]
    if len(text) > settings.warn_above_chars:
        message = (
            f"The message has {len(text)} characters; over {settings.warn_above_chars} "
            "may not be delivered."
        )
        return [Finding(FindingCode.TOO_LONG, message, Severity.WARN)]
    return []


def _number_findings(number: str) -> list[Finding]:
    if is_possible_number(number):
        return []
    message = "The number to text is not a valid phone number."
    return [Finding(FindingCode.INVALID_NUMBER, message, Severity.BLOCK)]


def evaluate(
    request: SendRequest, context: SendContext, now: datetime, settings: ComplianceSettings
) -> GateDecision:
    """Check ``request`` against every rule at ``now`` (an aware datetime)."""
    contact = context.contact
    status = opt_out_state(_merged_history(context), settings).status(request.to, request.from_code)
    zones = context.zones
    if zones is None:
        state = contact.state if contact is not None else None
        zip_code = contact.zip_code if contact is not None else None
        zones = candidate_zones(
            request.to,
            context.state if context.state is not None else state,
            context.zip_code if context.zip_code is not None else zip_code,
        )
    quiet = quiet_hours_check(zones, now, settings)
    segments = analyze(request.text)
    findings = [
        *_length_findings(request.text, segments, settings),
        *_number_findings(request.to),
        *_opt_out_findings(status, context.recorded_opt_out),
        *contact_blocks(contact, request.to, settings),
    ]
    quiet_finding = quiet_hours_finding(quiet, settings)
    findings.extend([quiet_finding] if quiet_finding else [])

    blocks, warnings, overridden = [], [], []
    for finding in findings:
        reason = context.overrides.get(finding.code, "").strip()
        if finding.severity is Severity.WARN:
            if finding.code not in context.confirmed:
                warnings.append(finding)
        elif finding.overridable and len(reason) >= settings.min_override_reason:
            overridden.append((finding, reason))
        else:
            blocks.append(finding)
    return GateDecision(
        tuple(blocks),
        tuple(warnings),
        tuple(overridden),
        _new_messages(context.latest_messages, context.last_seen_message_id),
        segments,
        quiet,
        status,
    )
