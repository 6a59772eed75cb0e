"""SSNs and dates of birth are masked on screen and never reach a log."""

import logging

import pytest

from inbox_tui.core.pii import PiiLogFilter, mask_dob, mask_pii, mask_ssn


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("My SSN is 123-45-6789", "My SSN is ***-**-6789"),
        ("ssn 123 45 6789 thanks", "ssn ***-**-6789 thanks"),
        ("SSN: 123456789", "SSN: ***-**-6789"),
        ("social security number is 123456789.", "social security number is ***-**-6789."),
        ("ss# 123456789", "ss# ***-**-6789"),
        ("two: 111-22-3333 and 444-55-6666", "two: ***-**-3333 and ***-**-6666"),
        ("DOB 01/02/1980", "DOB **/**/****"),
        ("my date of birth is 1980-01-02, ok", "my date of birth is **/**/****, ok"),
        ("Birthday: Jan 2, 1980", "Birthday: **/**/****"),
        ("born on 2 January 1980", "born on **/**/****"),
        ('{"dateOfBirth": "19800102"}', '{"dateOfBirth": "**/**/****"}'),
        # Not personal data: phone numbers, amounts, due dates, a bare nine-digit account.
        ("Call 415-416-4061", "Call 415-416-4061"),
        ("Pay $123.45 by 12/05/2026", "Pay $123.45 by 12/05/2026"),
        ("account 123456789", "account 123456789"),
        ("ref 1234567890", "ref 1234567890"),
    ],
)
def test_mask_pii(text: str, masked: str) -> None:
    assert mask_pii(text) == masked


def test_strict_masking_takes_every_bare_nine_digit_run() -> None:
    assert mask_pii("account 123456789, phone 14155550101", strict=True) == (
        "account ***-**-6789, phone 14155550101"
    )


@pytest.mark.parametrize(
    ("ssn", "shown"),
    [("123-45-6789", "***-**-6789"), ("123456789", "***-**-6789"), ("12", "***-**-****"),
     ("", ""), (None, "")],
)  # fmt: skip
def test_mask_ssn(ssn: str | None, shown: str) -> None:
    assert mask_ssn(ssn) == shown


def test_mask_dob() -> None:
    assert (mask_dob("1980-01-02"), mask_dob(None), mask_dob("")) == ("**/**/****", "", "")


def _capture(logger_name: str) -> tuple[logging.Logger, list[str]]:
    lines: list[str] = []

    class ListHandler(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(self.format(record))

    handler = ListHandler()
    handler.addFilter(PiiLogFilter())
    logger = logging.getLogger(logger_name)
    logger.handlers[:] = [handler]
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    return logger, lines


def test_log_filter_masks_messages_and_arguments() -> None:
    logger, lines = _capture("inbox_tui.test.pii.args")
    logger.info("contact %s ssn=%s dob=%s", "Kavita", "123-45-6789", "1980-01-02")
    logger.info({"ssn": "123456789", "dob": "01/02/1980"})
    assert lines == [
        "contact Kavita ssn=***-**-6789 dob=**/**/****",
        "{'ssn': '***-**-6789', 'dob': '**/**/****'}",
    ]


def test_log_filter_masks_tracebacks() -> None:
    logger, lines = _capture("inbox_tui.test.pii.exc")
    try:
        raise ValueError("bad SSN 123-45-6789")
    except ValueError:
        logger.exception("failed for %s", "123456789")
    assert "123-45-6789" not in lines[0]
    assert "123456789" not in lines[0]
    assert "ValueError: bad SSN ***-**-6789" in lines[0]
    assert lines[0].startswith("failed for ***-**-6789")


def test_log_filter_survives_a_bad_format_string() -> None:
    logger, lines = _capture("inbox_tui.test.pii.bad")
    logger.info("ssn %s %s", "123-45-6789")
    # The arguments cannot be placed, so they are dropped rather than logged raw.
    assert lines == ["ssn %s %s"]
