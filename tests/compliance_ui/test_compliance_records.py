"""What compliance writes down: recorded opt-outs in the store (lifted by a later opt-in), and
a log file that never holds an SSN or a date of birth."""

import logging
from datetime import UTC, datetime, timedelta

from inbox_tui.core.compliance import ComplianceSettings
from inbox_tui.livevox.models import Direction, Message
from inbox_tui.store import Store
from inbox_tui.ui.log_file import setup_logging

CONFIRMED_AT = datetime(2025, 3, 4, 15, 0, tzinfo=UTC)


def inbound(text: str, when: datetime, phone: str = "14154164061") -> Message:
    return Message(id=text, message=text, direction=Direction.INBOUND, date=when, phone=phone)


def test_a_recorded_opt_out_binds_the_number_and_code_until_an_opt_in(tmp_path):
    with Store.open(tmp_path / "db.sqlite3") as store:
        assert store.recorded_opt_out("+1 415-416-4061", "53063") is None
        store.record_opt_out(
            "14154164061", "53063", thread_id="t1", message_id="m1", message_date=CONFIRMED_AT
        )
        recorded = store.recorded_opt_out("(415) 416-4061", "53063")
        assert recorded is not None and recorded.message_id == "m1"
        assert store.recorded_opt_out("14154164061", "99999") is None
    settings = ComplianceSettings()
    before = inbound("START", CONFIRMED_AT - timedelta(hours=1))
    after = inbound("start!", CONFIRMED_AT + timedelta(hours=1))
    elsewhere = inbound("START", CONFIRMED_AT + timedelta(hours=1), phone="12125550100")
    assert not recorded.lifted_by([before, elsewhere], settings)
    assert recorded.lifted_by([before, after], settings)


def test_the_log_never_holds_an_ssn_or_birth_date(tmp_path):
    path = setup_logging("INFO", tmp_path)
    try:
        logging.getLogger("inbox_tui.test").info("contact ssn %s, dob 1980-02-03", "123-45-6789")
        for handler in logging.getLogger().handlers:
            handler.flush()
    finally:
        logging.getLogger().handlers.clear()
    written = path.read_text()
    assert "contact ssn ***-**-6789, dob **/**/****" in written
    assert "123-45-6789" not in written and "1980-02-03" not in written
