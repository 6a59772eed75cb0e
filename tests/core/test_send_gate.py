"""The send gate: every rule with a fixed clock, what can be overridden, and collisions."""

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from inbox_tui.core.compliance import ComplianceSettings, FindingCode, Severity
from inbox_tui.core.send_gate import SendContext, SendRequest, evaluate
from inbox_tui.livevox.models import ContactInfo

from .threads import CODE, CUSTOMER, make_thread

SETTINGS = ComplianceSettings()
NOON_PT = datetime(2026, 6, 15, 19, 0, tzinfo=UTC)  # 12:00 in Los Angeles, 15:00 in New York
LATE_PT = datetime(2026, 6, 16, 4, 30, tzinfo=UTC)  # 21:30 in Los Angeles
EARLY_ET = datetime(2026, 6, 15, 12, 30, tzinfo=UTC)  # 08:30 New York, 07:30 Chicago
REQUEST = SendRequest(text="Hi, your payment posted.", to=CUSTOMER, from_code=CODE)


def contact(**fields: object) -> ContactInfo:
    return ContactInfo.model_validate(fields)


DNC_HERE = contact(phoneDetails=[{"number": "4155550101", "dnc": True}])
DNC_ELSEWHERE = contact(phoneDetails=[{"number": "4155550199", "dnc": True}])
NOT_OPTED_IN = contact(smsOptInStatus=False)


def codes(findings) -> list[FindingCode]:
    return [f.code for f in findings]


def test_a_clean_send_is_allowed() -> None:
    decision = evaluate(REQUEST, SendContext(contact=contact(state="CA")), NOON_PT, SETTINGS)
    assert decision.allowed
    assert (decision.blocks, decision.warnings, decision.collision) == ((), (), ())
    assert decision.segments.parts == 1
    assert [(t.zone, f"{t.local:%H:%M}") for t in decision.quiet_hours.times] == [
        ("America/Los_Angeles", "12:00")
    ]


@pytest.mark.parametrize(
    ("request_", "context", "now", "blocks", "warnings"),
    [
        (SendRequest(" \n ", CUSTOMER, CODE), SendContext(), NOON_PT, ["empty"], []),
        (SendRequest("", CUSTOMER, CODE), SendContext(), NOON_PT, ["empty"], []),
        (SendRequest("a" * 1531, CUSTOMER, CODE), SendContext(), NOON_PT, ["too_many_parts"], []),
        (SendRequest("a" * 1530, CUSTOMER, CODE), SendContext(), NOON_PT, [], ["too_long"]),
        (SendRequest("a" * 321, CUSTOMER, CODE), SendContext(), NOON_PT, [], ["too_long"]),
        (SendRequest("a" * 320, CUSTOMER, CODE), SendContext(), NOON_PT, [], []),
        (REQUEST, SendContext(), LATE_PT, ["quiet_hours"], []),
        # The contact's state adds Denver to the number's Los Angeles: 21:30 there, 20:30 in LA.
        (REQUEST, SendContext(contact=contact(state="CO")),
         datetime(2026, 6, 16, 3, 30, tzinfo=UTC), ["quiet_hours"], []),
        (REQUEST, SendContext(), datetime(2026, 6, 16, 3, 30, tzinfo=UTC), [], []),
        (REQUEST, SendContext(zones=["America/New_York", "America/Chicago"]), EARLY_ET,
         ["quiet_hours"], []),
        (REQUEST, SendContext(state="TX"), datetime(2026, 6, 16, 2, 30, tzinfo=UTC),
         ["quiet_hours"], []),
        (SendRequest("Hi", "7777", CODE), SendContext(), NOON_PT,
         ["invalid_number", "unknown_location"], []),
        (SendRequest("Hi", "", CODE), SendContext(contact=contact(phoneDetails=[{"dnc": True}])),
         NOON_PT, ["invalid_number", "unknown_location"], []),
        (SendRequest("Hi", "+1 415 555 010", CODE), SendContext(zones=["America/New_York"]),
         NOON_PT, ["invalid_number"], []),
        (SendRequest("Hi", "+44 20 7123 4567", CODE), SendContext(), NOON_PT, [], []),
        (REQUEST, SendContext(zones=[]), NOON_PT, ["unknown_location"], []),
        (REQUEST, SendContext(contact=DNC_HERE), NOON_PT, ["dnc"], []),
        (REQUEST, SendContext(contact=DNC_ELSEWHERE), NOON_PT, [], []),
        (REQUEST, SendContext(contact=contact(doNotDial=True)), NOON_PT, ["do_not_dial"], []),
        (REQUEST, SendContext(contact=contact(doNotDialDaily=True)), NOON_PT,
         ["do_not_dial_daily"], []),
        (REQUEST, SendContext(contact=NOT_OPTED_IN), NOON_PT, [],
         ["not_opted_in"]),
        (REQUEST, SendContext(contact=contact(smsOptInStatus=True)), NOON_PT, [], []),
        (REQUEST, SendContext(history=make_thread([("in", "STOP")])), NOON_PT, [],
         ["opt_out_confirmation"]),
        (REQUEST, SendContext(history=make_thread([("in", "STOP"), ("out", "Unsubscribed.")])),
         NOON_PT, ["opted_out"], []),
        (REQUEST, SendContext(history=make_thread([("in", "STOP", "1213"), ("out", "ok")])),
         NOON_PT, [], []),
        (REQUEST, SendContext(history=make_thread([("in", "STOP"), ("out", "ok"), ("in", "yes")])),
         NOON_PT, [], []),
        (REQUEST, SendContext(history=make_thread([("in", "please stop texting me")])), NOON_PT,
         [], ["likely_opt_out"]),
        (REQUEST, SendContext(recorded_opt_out=True), NOON_PT, ["opted_out"], []),
        (SendRequest("", CUSTOMER, CODE),
         SendContext(contact=contact(doNotDial=True), history=make_thread([("in", "stop")])),
         LATE_PT, ["empty", "do_not_dial", "quiet_hours"], ["opt_out_confirmation"]),
    ],
)  # fmt: skip
def test_each_rule(
    request_: SendRequest,
    context: SendContext,
    now: datetime,
    blocks: list[str],
    warnings: list[str],
) -> None:
    decision = evaluate(request_, context, now, SETTINGS)
    assert (codes(decision.blocks), codes(decision.warnings)) == (blocks, warnings)
    assert decision.allowed == (not blocks and not warnings)


@pytest.mark.parametrize(
    ("context", "code", "overridable"),
    [
        (SendContext(), FindingCode.QUIET_HOURS, True),
        (SendContext(zones=[]), FindingCode.UNKNOWN_LOCATION, True),
        (SendContext(contact=contact(doNotDial=True)), FindingCode.DO_NOT_DIAL, False),
        (SendContext(contact=contact(doNotDialDaily=True)), FindingCode.DO_NOT_DIAL_DAILY, False),
        (
            SendContext(contact=contact(phoneDetails=[{"number": CUSTOMER, "dnc": True}])),
            FindingCode.DNC,
            False,
        ),
        (
            SendContext(history=make_thread([("in", "STOP"), ("out", "Unsubscribed.")])),
            FindingCode.OPTED_OUT,
            False,
        ),
    ],
)
def test_only_overridable_blocks_yield_to_a_typed_reason(
    context: SendContext, code: FindingCode, overridable: bool
) -> None:
    held = evaluate(REQUEST, context, LATE_PT, SETTINGS)
    found = next(f for f in held.blocks if f.code is code)
    assert (found.overridable, found.needs_reason) == (overridable, overridable)

    reason = "Customer asked for a call-back tonight"
    override = replace(context, overrides={code: reason})
    decision = evaluate(REQUEST, override, LATE_PT, SETTINGS)
    assert (code in codes(decision.blocks)) is not overridable
    assert decision.overridden == (((found, reason),) if overridable else ())


def test_a_short_reason_does_not_override() -> None:
    context = SendContext(overrides={FindingCode.QUIET_HOURS: " ok  "})
    decision = evaluate(REQUEST, context, LATE_PT, SETTINGS)
    assert codes(decision.blocks) == [FindingCode.QUIET_HOURS]
    assert decision.overridden == ()


def test_quiet_hours_message_names_the_local_time() -> None:
    decision = evaluate(REQUEST, SendContext(), LATE_PT, SETTINGS)
    assert decision.blocks[0].message == (
        "It is 21:30 for this contact (America/Los_Angeles); texts are allowed 08:00-21:00 "
        "local time."
    )


def test_quiet_hours_message_names_every_zone_outside_the_window() -> None:
    """At 21:30 in Los Angeles it is 22:30 in Denver, both outside; Honolulu (18:30) is
    inside and not named."""
    context = SendContext(zones=["America/Los_Angeles", "America/Denver", "Pacific/Honolulu"])
    decision = evaluate(REQUEST, context, LATE_PT, SETTINGS)
    assert decision.blocks[0].message == (
        "It is 21:30 for this contact (America/Los_Angeles; 22:30 in America/Denver); texts "
        "are allowed 08:00-21:00 local time."
    )


@pytest.mark.parametrize(
    ("context", "code"),
    [
        (SendContext(contact=NOT_OPTED_IN), FindingCode.NOT_OPTED_IN),
        (SendContext(history=make_thread([("in", "STOP")])), FindingCode.OPT_OUT_CONFIRMATION),
        (SendContext(history=make_thread([("in", "leave me alone")])), FindingCode.LIKELY_OPT_OUT),
        (SendContext(), FindingCode.TOO_LONG),
    ],
)
def test_a_confirmed_warning_lets_the_send_through(context: SendContext, code: FindingCode) -> None:
    long = SendRequest("a" * 400, CUSTOMER, CODE) if code is FindingCode.TOO_LONG else REQUEST
    assert codes(evaluate(long, context, NOON_PT, SETTINGS).warnings) == [code]
    confirmed = replace(context, confirmed=frozenset({code}))
    assert evaluate(long, confirmed, NOON_PT, SETTINGS).allowed


@pytest.mark.parametrize(
    ("settings", "context", "blocks", "warnings"),
    [
        (ComplianceSettings(not_opted_in="block"), SendContext(contact=NOT_OPTED_IN),
         ["not_opted_in"], []),
        (ComplianceSettings(not_opted_in="allow"), SendContext(contact=NOT_OPTED_IN),
         [], []),
        (ComplianceSettings(unknown_location="warn"), SendContext(zones=[]), [],
         ["unknown_location"]),
        (ComplianceSettings(unknown_location="allow"), SendContext(zones=[]), [], []),
        (ComplianceSettings(max_parts=1, warn_above_chars=1000),
         SendContext(), ["too_many_parts"], []),
    ],
)  # fmt: skip
def test_policies_are_settings(
    settings: ComplianceSettings, context: SendContext, blocks: list[str], warnings: list[str]
) -> None:
    text = "a" * 200 if settings.max_parts == 1 else REQUEST.text
    decision = evaluate(SendRequest(text, CUSTOMER, CODE), context, NOON_PT, settings)
    assert (codes(decision.blocks), codes(decision.warnings)) == (blocks, warnings)


def test_dnc_can_be_made_overridable() -> None:
    settings = ComplianceSettings(dnc_overridable=True)
    context = SendContext(
        contact=contact(doNotDial=True), overrides={"do_not_dial": "Consumer asked us to text"}
    )
    decision = evaluate(REQUEST, context, NOON_PT, settings)
    assert decision.allowed
    assert [(f.code, reason) for f, reason in decision.overridden] == [
        (FindingCode.DO_NOT_DIAL, "Consumer asked us to text")
    ]


def test_quiet_hours_can_be_made_not_overridable() -> None:
    settings = ComplianceSettings(quiet_hours_overridable=False)
    context = SendContext(overrides={"quiet_hours": "Customer asked for a call-back tonight"})
    decision = evaluate(REQUEST, context, LATE_PT, settings)
    assert codes(decision.blocks) == [FindingCode.QUIET_HOURS]
    assert decision.blocks[0].severity is Severity.BLOCK


HISTORY = make_thread([("in", "Hi"), ("out", "Hello")])


@pytest.mark.parametrize(
    ("last_seen", "latest", "new_ids"),
    [
        ("m1", HISTORY, []),
        ("m1", [*HISTORY, *make_thread([("in", "Hello?")], first_id=2)], ["m2"]),
        # A colleague's reply counts as much as the customer's.
        ("m1", [*HISTORY, *make_thread([("out", "On it"), ("in", "ok")], first_id=2)],
         ["m2", "m3"]),
        ("m0", HISTORY, ["m1"]),
        # The last seen message is not among the latest: all of them are news.
        ("m9", HISTORY, ["m0", "m1"]),
        (None, HISTORY, ["m0", "m1"]),
        (None, [], []),
    ],
)  # fmt: skip
def test_collision_is_every_message_after_the_last_seen(
    last_seen: str | None, latest: list, new_ids: list[str]
) -> None:
    context = SendContext(history=HISTORY, last_seen_message_id=last_seen, latest_messages=latest)
    decision = evaluate(REQUEST, context, NOON_PT, SETTINGS)
    assert [m.id for m in decision.collision] == new_ids
    assert decision.allowed == (not new_ids)


def test_a_stop_that_arrives_before_sending_blocks_the_send() -> None:
    latest = [*HISTORY, *make_thread([("in", "STOP")], first_id=2)]
    first = evaluate(REQUEST, SendContext(history=HISTORY, last_seen_message_id="m1"), NOON_PT,
                     SETTINGS)  # fmt: skip
    assert first.allowed
    again = SendContext(history=HISTORY, last_seen_message_id="m1", latest_messages=latest)
    decision = evaluate(REQUEST, again, NOON_PT, SETTINGS)
    assert codes(decision.warnings) == [FindingCode.OPT_OUT_CONFIRMATION]
    assert [m.message for m in decision.collision] == ["STOP"]
    assert decision.opt_out.opted_out


def test_context_state_and_zip_override_the_contact() -> None:
    # The contact says California; the agent-entered ZIP is in the Florida panhandle (Central).
    context = SendContext(contact=contact(state="CA"), state="FL", zip_code="32501")
    decision = evaluate(REQUEST, context, NOON_PT, SETTINGS)
    assert [t.zone for t in decision.quiet_hours.times] == [
        "America/Los_Angeles",
        "America/Chicago",
    ]
