"""Phone numbers: display, comparison, and the candidate time zones of a contact."""

import subprocess
import sys

import pytest

from inbox_tui.core.phone import (
    candidate_zones,
    digits,
    format_number,
    number_key,
    zip_location,
)

NY, CHI, DEN, LA = "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"


@pytest.mark.parametrize(
    ("number", "shown"),
    [
        ("14154164061", "+1 415-416-4061"),
        ("4154164061", "+1 415-416-4061"),
        ("(415) 416-4061", "+1 415-416-4061"),
        ("+1 415 416 4061", "+1 415-416-4061"),
        ("+442071234567", "+44 20 7123 4567"),
        ("7777", "7777"),
        ("", ""),
    ],
)
def test_format_number(number: str, shown: str) -> None:
    assert format_number(number) == shown


def test_digits_and_number_key() -> None:
    assert digits("+1 (415) 416-4061") == "14154164061"
    assert number_key("4154164061") == number_key("+1-415-416-4061") == "+14154164061"
    assert number_key("7777") == "7777"
    assert number_key("4154164061") != number_key("4154164062")


@pytest.mark.parametrize(
    ("number", "state", "zip_code", "zones"),
    [
        # libphonenumber maps 850 (Florida panhandle) and 812 (southern Indiana) to Eastern only;
        # the state adds the Central zone their western counties keep.
        ("8505551234", None, None, [NY]),
        ("8505551234", "FL", None, [NY, CHI]),
        ("18125551234", None, None, [NY]),
        ("8125551234", "IN", None, [NY, "America/Indiana/Indianapolis", CHI]),
        ("9155551234", None, None, [DEN]),
        ("9155551234", "TX", None, [DEN, CHI]),
        ("5415551234", None, None, [LA]),
        ("5415551234", "or", None, [LA, "America/Boise"]),
        ("7015551234", None, None, [DEN, "America/North_Dakota/Center"]),
        ("9075551234", None, None, ["America/Adak", "America/Anchorage"]),
        ("4154164061", "NY", None, [LA, NY]),
        # A ZIP that agrees with the state is more precise than the state: Pensacola is Central.
        ("4154164061", "FL", "32501", [LA, CHI]),
        ("4154164061", None, "32501-1234", [LA, CHI]),
        # A ZIP in another state than the one given: both count.
        ("4154164061", "TX", "32501", [LA, CHI, DEN]),
        # A ZIP that does not exist or cannot be read falls back to the state.
        ("4154164061", "OR", "00000", [LA, "America/Boise"]),
        ("4154164061", "OR", "97-1", [LA, "America/Boise"]),
        ("+442071234567", None, None, ["Europe/London"]),
        ("12345", None, None, []),
        ("", None, None, []),
        (None, "AZ", None, ["America/Phoenix", DEN]),
        ("12345", "ZZ", None, []),
    ],
)
def test_candidate_zones_are_the_union(
    number: str | None, state: str | None, zip_code: str | None, zones: list[str]
) -> None:
    assert candidate_zones(number, state, zip_code) == zones


def test_reading_the_zip_table_leaves_other_threads_running():
    """``zipcodes`` loads its table holding the interpreter's lock (about 230 ms, a frozen UI
    even from a worker thread); the table is read from a child process instead. In a fresh
    process, a thread that sleeps 1 ms at a time is never held up long while it loads."""
    code = (
        "import threading, time\n"
        "from inbox_tui.core import phone\n"
        "worker = threading.Thread(target=phone.load_zone_data)\n"
        "worker.start()\n"
        "longest, last = 0.0, time.perf_counter()\n"
        "while worker.is_alive():\n"
        "    time.sleep(0.001)\n"
        "    now = time.perf_counter()\n"
        "    longest, last = max(longest, now - last), now\n"
        "print(round(longest * 1000), *phone.zip_location('20001-1234'))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    longest_ms, state, zone = done.stdout.split()
    assert (state, zone) == ("DC", NY)
    assert int(longest_ms) < 100, longest_ms


def test_the_zip_table_answers_as_zipcodes_does():
    import zipcodes

    sample = [z["zip_code"] for z in zipcodes.list_all()[::97]] + ["00000", "1234", "abcde"]
    for code in sample:
        expected = (
            next(
                (
                    (z.get("state") or "", z["timezone"])
                    for z in zipcodes.matching(code)
                    if z.get("timezone")
                ),
                None,
            )
            if code.isdigit() and len(code) == 5
            else None
        )
        assert zip_location(code) == expected, code
