"""Personal data that must never be shown in full or logged: SSNs and dates of birth."""

from __future__ import annotations

import logging
import re

from inbox_tui.core.phone import digits

HIDDEN_DATE = "**/**/****"

_SSN_DASHED = re.compile(r"(?<!\d)\d{3}([- ])\d{2}\1(\d{4})(?!\d)")
_SSN_CONTEXT = re.compile(
    r"(?i)(?:\bssn|\bss\s?#|\bss\s?no\b|\bsocial(?:\s+security)?(?:\s+(?:number|no|#))?)"
    r"[^\d\n]{0,20}?(?<!\d)(\d{5}(\d{4}))(?!\d)"
)
_NINE_DIGITS = re.compile(r"(?<!\d)\d{5}(\d{4})(?!\d)")
_DOB_CONTEXT = re.compile(
    r"(?i)(?:\bdob\b|\bd\.o\.b\b\.?|date[\s_]*of[\s_]*birth|birth[\s_]*date|birthday|\bborn\b)"
    r"[^\d\n]{0,15}?"
    r"(\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|(?<!\d)\d{8}(?!\d)"
    r"|[a-z]{3,9}\.? \d{1,2},? \d{4}|\d{1,2} [a-z]{3,9}\.? \d{4})"
)


def mask_ssn(ssn: str | None) -> str:
    """An SSN as ``***-**-1234`` (last four digits only); empty when there is none."""
    if not ssn:
        return ""
    found = digits(ssn)
    return "***-**-" + (found[-4:] if len(found) >= 4 else "****")


def mask_dob(dob: str | None) -> str:
    """A date of birth hidden entirely; empty when there is none."""
    return HIDDEN_DATE if dob else ""


def _hide_date(match: re.Match[str]) -> str:
    start = match.start(1) - match.start()
    return match.group()[:start] + HIDDEN_DATE


def mask_pii(text: str, *, strict: bool = False) -> str:
    """Mask SSNs to their last four digits and hide dates of birth written after a DOB label.

    A bare run of nine digits counts as an SSN only after an SSN label, unless ``strict`` (used
    for logs, where any bare nine-digit run is masked).
    """
    text = _SSN_DASHED.sub(lambda m: f"***-**-{m.group(2)}", text)
    text = _SSN_CONTEXT.sub(
        lambda m: m.group()[: m.start(1) - m.start()] + f"***-**-{m.group(2)}", text
    )
    if strict:
        text = _NINE_DIGITS.sub(lambda m: f"***-**-{m.group(1)}", text)
    return _DOB_CONTEXT.sub(_hide_date, text)


class PiiLogFilter(logging.Filter):
    """Masks SSNs and dates of birth in log records; install it on every handler."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = str(record.msg)
        masked = mask_pii(message, strict=True)
        if masked != message or record.args:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_pii(record.exc_text, strict=True)
        if record.stack_info:
            record.stack_info = mask_pii(record.stack_info, strict=True)
        return True
