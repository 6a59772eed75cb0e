"""Opt-out state of a thread: the latest keyword wins, per consumer number and sending code."""

import pytest

from inbox_tui.core.compliance import ComplianceSettings, opt_out_state

from .threads import CODE, CUSTOMER, make_thread

SETTINGS = ComplianceSettings()
OTHER_CODE = "1213"


@pytest.mark.parametrize(
    ("rows", "opted_out", "confirmations_left"),
    [
        ([], False, 0),
        ([("in", "Okay")], False, 0),
        ([("in", "STOP")], True, 1),
        ([("in", "STOP"), ("in", "START")], False, 0),
        ([("in", "START"), ("in", "stop.")], True, 1),
        ([("in", "STOP"), ("out", "You are unsubscribed.")], True, 0),
        ([("in", "STOP"), ("out", "You are unsubscribed."), ("in", "Unstop")], False, 0),
        ([("in", "STOP"), ("out", "Confirmed", OTHER_CODE)], True, 1),
        # Text that merely mentions a keyword is not one; an outbound STOP is not an opt-out.
        ([("out", "STOP"), ("out", "Reply STOP to opt out")], False, 0),
        ([("in", "HELP")], False, 0),
        # An opt-out sent to another code binds that code only, unless it is STOPALL.
        ([("in", "STOP", OTHER_CODE)], False, 0),
        ([("in", "STOPALL", OTHER_CODE)], True, 1),
        ([("in", "stop all", OTHER_CODE), ("in", "START")], False, 0),
        # A message of unknown code binds every code.
        ([("in", "STOP", None)], True, 1),
        # Another consumer number in the history does not count.
        ([("in", "STOP", CODE, "14155550199")], False, 0),
        ([("in", "STOP", CODE, None)], True, 1),
        ([("in", "STOP", CODE, "+1 (415) 555-0101")], True, 1),
    ],
)
def test_latest_keyword_wins_per_route(
    rows: list, opted_out: bool, confirmations_left: int
) -> None:
    status = opt_out_state(make_thread(rows), SETTINGS).status(CUSTOMER, CODE)
    assert (status.opted_out, status.confirmations_left) == (opted_out, confirmations_left)


def test_the_opt_out_message_and_sends_since_are_kept() -> None:
    thread = make_thread([("in", "Stop!"), ("out", "Unsubscribed"), ("out", "Oops")])
    status = opt_out_state(thread, SETTINGS).status(CUSTOMER, CODE)
    assert status.opt_out_message is thread[0]
    assert (status.sent_since_opt_out, status.confirmations_left) == (2, 0)


def test_confirmation_allowance_is_a_setting() -> None:
    thread = make_thread([("in", "STOP"), ("out", "Unsubscribed")])
    status = opt_out_state(thread, ComplianceSettings(confirmations_after_opt_out=2)).status(
        CUSTOMER, CODE
    )
    assert status.confirmations_left == 1
    none = ComplianceSettings(confirmations_after_opt_out=0)
    assert opt_out_state(thread[:1], none).status(CUSTOMER, CODE).confirmations_left == 0


@pytest.mark.parametrize(
    ("rows", "likely_index"),
    [
        ([("in", "please stop texting me")], 0),
        ([("in", "please stop texting me"), ("out", "Sorry, we will stop.")], None),
        ([("in", "please stop texting me"), ("out", "ok", OTHER_CODE)], 0),
        ([("out", "Hi"), ("in", "leave me alone"), ("in", "seriously")], 1),
        ([("in", "please stop texting me"), ("in", "STOP")], None),
    ],
)
def test_a_likely_opt_out_stays_until_someone_answers(rows: list, likely_index: int | None) -> None:
    thread = make_thread(rows)
    status = opt_out_state(thread, SETTINGS).status(CUSTOMER, CODE)
    assert status.likely_opt_out is (None if likely_index is None else thread[likely_index])
