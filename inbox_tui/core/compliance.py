"""Compliance rules for texting a consumer: keywords, opt-out state, do-not-contact, quiet hours.

Every threshold and word list is a field of ``ComplianceSettings`` whose defaults are the values
in ``shared/SMS-FACTS.md``; every rule that depends on time takes ``now`` as an argument.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, time
from enum import StrEnum
from functools import lru_cache
from typing import Literal, Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, field_validator

from inbox_tui.core.phone import number_key

Policy = Literal["block", "warn", "allow"]

# Matched against the loose form of a message (lowercase, apostrophes dropped, anything else
# that is not a letter or digit turned into one space), so "Don't TEXT me!!" reads "dont text me".
_CONTACT_WORDS = (
    "text|texts|texting|txt|txts|message|messages|messaging|msg|msgs|contact|contacting"
    "|call|calls|calling|send|sending|sms|email|emails|bother|bothering|harass|harassing"
)
LIKELY_OPT_OUT_PATTERNS: tuple[str, ...] = (
    rf"\b(stop|quit|cease)( \w+){{0,3}} ({_CONTACT_WORDS})\b",
    rf"\b(dont|do not|never|no more)( \w+){{0,2}} ({_CONTACT_WORDS})\b",
    r"\b(dont|do not) want( \w+){0,3} (texts|txts|messages|msgs|calls|contact)\b",
    r"\b(remove|delete) (me|my (number|name|phone|info))\b",
    r"\btake (me|my (number|name|phone)) off\b",
    r"\bunsubscribe\b",
    r"\bopt ?out\b",
    r"\bleave me alone\b",
    r"\bwrong (number|person)\b",
    r"^((please|pls|plz) )?(stop|stopall|unsubscribe|quit|cancel|end|revoke|optout|remove)"
    r"( (it|now|please|pls|plz|all|this|already|immediately|stop|thanks|thank you))*$",
)


class SendWindow(BaseModel):
    """Local hours when texting is allowed: ``start`` inclusive, ``end`` exclusive."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    start: time = time(8, 0)
    end: time = time(21, 0)

    def contains(self, local: time) -> bool:
        """Whether the wall-clock time ``local`` is inside the window."""
        return self.start <= local.replace(tzinfo=None) < self.end

    @property
    def label(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"


class ComplianceSettings(BaseModel):
    """Every rule of the send gate as a setting; the defaults are SMS-FACTS.md's values."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    opt_out_keywords: tuple[str, ...] = (
        "STOP",
        "END",
        "CANCEL",
        "UNSUBSCRIBE",
        "QUIT",
        "STOPALL",
        "STOP ALL",
        "REVOKE",
        "OPTOUT",
        "OPT OUT",
        "REMOVE",
    )
    all_codes_opt_out_keywords: tuple[str, ...] = ("STOPALL", "STOP ALL")
    """Opt-out keywords that apply to every sending code, not only the one they were sent to."""
    opt_in_keywords: tuple[str, ...] = ("START", "UNSTOP", "YES")
    help_keywords: tuple[str, ...] = ("HELP", "INFO")
    likely_opt_out_patterns: tuple[str, ...] = LIKELY_OPT_OUT_PATTERNS
    confirmations_after_opt_out: int = 1
    send_window: SendWindow = SendWindow()
    weekday_windows: dict[int, SendWindow] = {}
    """Windows that replace ``send_window`` on a weekday (0 = Monday ... 6 = Sunday)."""
    quiet_hours_overridable: bool = True
    unknown_location: Policy = "block"
    """When no time zone is known: hold the send (overridable like quiet hours), warn or allow."""
    dnc_overridable: bool = False
    not_opted_in: Policy = "warn"
    warn_above_chars: int = 320
    max_parts: int = 10
    min_override_reason: int = 5
    """Characters (not counting spaces at the ends) a typed override reason needs."""

    @field_validator("weekday_windows")
    @classmethod
    def _weekdays_exist(cls, value: dict[int, SendWindow]) -> dict[int, SendWindow]:
        if any(day not in range(7) for day in value):
            raise ValueError("weekdays are 0 (Monday) to 6 (Sunday)")
        return value

    @field_validator("likely_opt_out_patterns")
    @classmethod
    def _patterns_compile(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for pattern in value:
            try:
                re.compile(pattern)
            except re.error as error:
                raise ValueError(f"{pattern!r} is not a regular expression: {error}") from None
        return value

    def window_for(self, weekday: int) -> SendWindow:
        """The send window of a local weekday."""
        return self.weekday_windows.get(weekday, self.send_window)


# -- findings ----------------------------------------------------------------------------------


class FindingCode(StrEnum):
    """Why a send is held or needs a confirmation; also the key a confirmation is given under."""

    EMPTY = "empty"
    INVALID_NUMBER = "invalid_number"
    TOO_LONG = "too_long"
    TOO_MANY_PARTS = "too_many_parts"
    OPTED_OUT = "opted_out"
    OPT_OUT_CONFIRMATION = "opt_out_confirmation"
    LIKELY_OPT_OUT = "likely_opt_out"
    DNC = "dnc"
    DO_NOT_DIAL = "do_not_dial"
    DO_NOT_DIAL_DAILY = "do_not_dial_daily"
    NOT_OPTED_IN = "not_opted_in"
    QUIET_HOURS = "quiet_hours"
    UNKNOWN_LOCATION = "unknown_location"


class Severity(StrEnum):
    """A block holds the send; a warning needs the agent's confirmation."""

    BLOCK = "block"
    WARN = "warn"


@dataclass(frozen=True)
class Finding:
    """One rule's verdict: a plain-language message and how (if at all) it can be passed."""

    code: FindingCode
    message: str
    severity: Severity
    overridable: bool = False
    """A block an agent may override; the override needs a typed reason."""

    @property
    def needs_reason(self) -> bool:
        return self.severity is Severity.BLOCK and self.overridable


def finding_for(
    policy: Policy, code: FindingCode, message: str, *, overridable: bool = False
) -> Finding | None:
    """A finding whose severity a ``Policy`` setting decides (``allow`` gives none)."""
    if policy == "allow":
        return None
    severity = Severity.BLOCK if policy == "block" else Severity.WARN
    return Finding(code, message, severity, overridable and severity is Severity.BLOCK)


# -- keywords ----------------------------------------------------------------------------------


class InboundKind(StrEnum):
    """What an inbound message means for consent."""

    OPT_OUT = "opt_out"
    OPT_IN = "opt_in"
    HELP = "help"
    LIKELY_OPT_OUT = "likely_opt_out"
    NONE = "none"


def _is_edge_noise(char: str) -> bool:
    return char.isspace() or unicodedata.category(char).startswith("P")


def keyword_form(text: str) -> str:
    """Upper case, punctuation and spaces at both ends dropped, hyphens and runs of space as one
    space: ``"  Opt-out!! "`` reads ``"OPT OUT"``."""
    start, end = 0, len(text)
    while start < end and _is_edge_noise(text[start]):
        start += 1
    while end > start and _is_edge_noise(text[end - 1]):
        end -= 1
    return " ".join(re.split(r"[\s\-_]+", text[start:end].upper())).strip()


def _loose_form(text: str) -> str:
    text = re.sub(r"['’‘`´]", "", text.lower())
    return " ".join(re.split(r"[\W_]+", text)).strip()


@lru_cache(maxsize=8)
def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(pattern) for pattern in patterns)


@lru_cache(maxsize=8)
def _keyword_set(keywords: tuple[str, ...]) -> frozenset[str]:
    return frozenset(keyword_form(keyword) for keyword in keywords)


def keyword_kind(text: str, settings: ComplianceSettings) -> InboundKind:
    """The exact keyword ``text`` is (the whole message), else ``NONE``; the cheap half of
    ``classify_inbound``, enough for opt-outs and opt-ins."""
    form = keyword_form(text)
    if form in _keyword_set(settings.opt_out_keywords):
        return InboundKind.OPT_OUT
    if form in _keyword_set(settings.opt_in_keywords):
        return InboundKind.OPT_IN
    if form in _keyword_set(settings.help_keywords):
        return InboundKind.HELP
    return InboundKind.NONE


@lru_cache(maxsize=4096)
def _reads_as_opt_out(text: str, patterns: tuple[str, ...]) -> bool:
    """Whether ``text`` matches a likely-opt-out pattern (cached: a thread's banner is worked
    out again after every new message, over the same texts)."""
    loose = _loose_form(text)
    return any(pattern.search(loose) for pattern in _compiled(patterns))


def classify_inbound(text: str, settings: ComplianceSettings) -> InboundKind:
    """Classify an inbound message: exact keyword (whole message), else likely opt-out wording."""
    kind = keyword_kind(text, settings)
    if kind is InboundKind.NONE and _reads_as_opt_out(text, settings.likely_opt_out_patterns):
        return InboundKind.LIKELY_OPT_OUT
    return kind


# -- opt-out state -----------------------------------------------------------------------------


INBOUND = 1
"""A message's ``direction`` when the contact sent it (LiveVox's 1)."""
OUTBOUND = 2
"""A message's ``direction`` when it was sent to the contact (LiveVox's 2)."""


class HistoryMessage(Protocol):
    """What the rules read of a message; ``direction`` is ``INBOUND``, ``OUTBOUND`` or
    anything else for unknown (LiveVox's message model fits)."""

    @property
    def id(self) -> str: ...
    @property
    def message(self) -> str: ...
    @property
    def direction(self) -> int: ...
    @property
    def sms_code(self) -> str | None: ...
    @property
    def phone(self) -> str | None: ...
    @property
    def date(self) -> datetime | None: ...


@dataclass(frozen=True)
class OptOutStatus:
    """Consent on one route (consumer number, sending code)."""

    opted_out: bool = False
    opt_out_message: HistoryMessage | None = None
    sent_since_opt_out: int = 0
    confirmations_left: int = 0
    likely_opt_out: HistoryMessage | None = None
    """An inbound message that reads like an opt-out and that no one has answered yet."""


@dataclass(frozen=True)
class OptOutState:
    """A thread's keyword history, asked per route: an opt-out binds the code it was sent to."""

    messages: tuple[HistoryMessage, ...]
    settings: ComplianceSettings

    def status(self, number: str | None, sms_code: str | None) -> OptOutStatus:
        """Consent of ``number`` for texts from ``sms_code``: the latest keyword wins.

        Read newest first, up to the latest opt-out or opt-in: nothing older changes the
        answer, and only the texts newer than our latest reply are matched against the
        likely-opt-out wording (the costly part), so a long history is not read in full.
        """
        settings = self.settings
        all_codes = _keyword_set(settings.all_codes_opt_out_keywords)
        key = number_key(number)
        sent, likely, likely_open = 0, None, True
        for msg in reversed(self.messages):
            if msg.phone and number and number_key(msg.phone) != key:
                continue
            other_code = bool(msg.sms_code and sms_code and msg.sms_code != sms_code)
            if msg.direction == OUTBOUND:
                if not other_code:
                    sent += 1
                    likely_open = False  # we answered: an older likely opt-out is answered
                continue
            kind = keyword_kind(msg.message, settings)
            if kind is InboundKind.OPT_OUT:
                # A message of unknown direction counts only as an opt-out (fail closed).
                if not other_code or keyword_form(msg.message) in all_codes:
                    left = max(0, settings.confirmations_after_opt_out - sent)
                    return OptOutStatus(True, msg, sent, left, None)
                continue
            if msg.direction != INBOUND or other_code:
                continue
            if kind is InboundKind.OPT_IN:
                break
            if (
                likely_open
                and kind is InboundKind.NONE
                and _reads_as_opt_out(msg.message, settings.likely_opt_out_patterns)
            ):
                likely, likely_open = msg, False
        return OptOutStatus(likely_opt_out=likely)


def opt_out_state(messages: Iterable[HistoryMessage], settings: ComplianceSettings) -> OptOutState:
    """The opt-out state of a thread's history, given oldest to newest."""
    return OptOutState(tuple(messages), settings)


# -- do not contact ----------------------------------------------------------------------------


class PhoneFlags(Protocol):
    """What the rules read of one of a contact's numbers."""

    @property
    def number(self) -> str: ...
    @property
    def dnc(self) -> bool | None: ...


class ContactFlags(Protocol):
    """What the rules read of a contact: do-not-contact flags, opt-in and where they live
    (LiveVox's contact model fits)."""

    @property
    def phone_details(self) -> Sequence[PhoneFlags]: ...
    @property
    def do_not_dial(self) -> bool | None: ...
    @property
    def do_not_dial_daily(self) -> bool | None: ...
    @property
    def sms_opt_in_status(self) -> bool | None: ...
    @property
    def state(self) -> str | None: ...
    @property
    def zip_code(self) -> str | None: ...


def contact_blocks(
    contact: ContactFlags | None, number: str | None, settings: ComplianceSettings
) -> list[Finding]:
    """Do-not-contact flags of the contact: DNC on this number, do-not-dial, SMS opt-in."""
    if contact is None:
        return []
    findings: list[Finding] = []
    key = number_key(number)
    if key and any(p.dnc and number_key(p.number) == key for p in contact.phone_details):
        findings.append(
            Finding(
                FindingCode.DNC,
                "This number is on the do-not-contact list.",
                Severity.BLOCK,
                settings.dnc_overridable,
            )
        )
    if contact.do_not_dial:
        findings.append(
            Finding(
                FindingCode.DO_NOT_DIAL,
                "This contact is marked do-not-contact.",
                Severity.BLOCK,
                settings.dnc_overridable,
            )
        )
    if contact.do_not_dial_daily:
        findings.append(
            Finding(
                FindingCode.DO_NOT_DIAL_DAILY,
                "This contact may not be contacted again today.",
                Severity.BLOCK,
                settings.dnc_overridable,
            )
        )
    if contact.sms_opt_in_status is False:
        finding = finding_for(
            settings.not_opted_in,
            FindingCode.NOT_OPTED_IN,
            "This contact has not opted in to text messages.",
        )
        findings.extend([finding] if finding else [])
    return findings


# -- quiet hours -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ZoneTime:
    """The contact's local time in one candidate zone and whether it is inside the window."""

    zone: str
    local: datetime
    window: SendWindow

    @property
    def inside(self) -> bool:
        return self.window.contains(self.local.time())


@dataclass(frozen=True)
class QuietHoursCheck:
    """Local times in every candidate zone; a send is allowed only inside the window in all."""

    times: tuple[ZoneTime, ...]
    unknown_zones: tuple[str, ...] = ()
    """Zone names the time-zone database does not know: the location counts as unknown."""

    @property
    def location_known(self) -> bool:
        return bool(self.times) and not self.unknown_zones

    @property
    def outside(self) -> tuple[ZoneTime, ...]:
        return tuple(t for t in self.times if not t.inside)

    @property
    def allowed(self) -> bool:
        return self.location_known and not self.outside


def quiet_hours_check(
    zones: Sequence[str], now: datetime, settings: ComplianceSettings
) -> QuietHoursCheck:
    """Check ``now`` (an aware datetime) against the send window in each of ``zones``."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be an aware datetime")
    times, unknown = [], []
    for zone in dict.fromkeys(zones):
        try:
            local = now.astimezone(ZoneInfo(zone))
        except (ZoneInfoNotFoundError, ValueError):
            unknown.append(zone)
            continue
        times.append(ZoneTime(zone, local, settings.window_for(local.weekday())))
    return QuietHoursCheck(tuple(times), tuple(unknown))


def quiet_hours_finding(check: QuietHoursCheck, settings: ComplianceSettings) -> Finding | None:
    """The finding of a quiet-hours check: outside the window, or no known location."""
    if not check.location_known:
        return finding_for(
            settings.unknown_location,
            FindingCode.UNKNOWN_LOCATION,
            "The contact's time zone is unknown, so quiet hours cannot be checked.",
            overridable=settings.quiet_hours_overridable,
        )
    if not check.outside:
        return None
    first, *others = check.outside
    also = "".join(f"; {other.local:%H:%M} in {other.zone}" for other in others)
    return Finding(
        FindingCode.QUIET_HOURS,
        f"It is {first.local:%H:%M} for this contact ({first.zone}{also}); texts are allowed "
        f"{first.window.label} local time.",
        Severity.BLOCK,
        settings.quiet_hours_overridable,
    )
