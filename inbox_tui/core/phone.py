"""Phone numbers: parsing, display, and the time zones a contact may be in.

``phonenumbers`` and ``zipcodes`` load on the first number, not when the app starts: the first
frame should not wait for their data.
"""

from __future__ import annotations

import logging
import re
import subprocess
import sys
import threading
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import phonenumbers

log = logging.getLogger(__name__)

# Official IANA zones of each US state and territory; a state crossing a zone line lists every
# zone it touches (e.g. the Florida panhandle is Central, the Navajo Nation in Arizona keeps DST).
STATE_ZONES: dict[str, tuple[str, ...]] = {
    "AL": ("America/Chicago",),
    "AK": ("America/Anchorage", "America/Adak"),
    "AZ": ("America/Phoenix", "America/Denver"),
    "AR": ("America/Chicago",),
    "CA": ("America/Los_Angeles",),
    "CO": ("America/Denver",),
    "CT": ("America/New_York",),
    "DE": ("America/New_York",),
    "DC": ("America/New_York",),
    "FL": ("America/New_York", "America/Chicago"),
    "GA": ("America/New_York",),
    "HI": ("Pacific/Honolulu",),
    "ID": ("America/Boise", "America/Los_Angeles"),
    "IL": ("America/Chicago",),
    "IN": ("America/Indiana/Indianapolis", "America/Chicago"),
    "IA": ("America/Chicago",),
    "KS": ("America/Chicago", "America/Denver"),
    "KY": ("America/New_York", "America/Chicago"),
    "LA": ("America/Chicago",),
    "ME": ("America/New_York",),
    "MD": ("America/New_York",),
    "MA": ("America/New_York",),
    "MI": ("America/Detroit", "America/Menominee"),
    "MN": ("America/Chicago",),
    "MS": ("America/Chicago",),
    "MO": ("America/Chicago",),
    "MT": ("America/Denver",),
    "NE": ("America/Chicago", "America/Denver"),
    "NV": ("America/Los_Angeles",),
    "NH": ("America/New_York",),
    "NJ": ("America/New_York",),
    "NM": ("America/Denver",),
    "NY": ("America/New_York",),
    "NC": ("America/New_York",),
    "ND": ("America/Chicago", "America/Denver"),
    "OH": ("America/New_York",),
    "OK": ("America/Chicago",),
    "OR": ("America/Los_Angeles", "America/Boise"),
    "PA": ("America/New_York",),
    "RI": ("America/New_York",),
    "SC": ("America/New_York",),
    "SD": ("America/Chicago", "America/Denver"),
    "TN": ("America/Chicago", "America/New_York"),
    "TX": ("America/Chicago", "America/Denver"),
    "UT": ("America/Denver",),
    "VT": ("America/New_York",),
    "VA": ("America/New_York",),
    "WA": ("America/Los_Angeles",),
    "WV": ("America/New_York",),
    "WI": ("America/Chicago",),
    "WY": ("America/Denver",),
    "PR": ("America/Puerto_Rico",),
    "VI": ("America/St_Thomas",),
    "GU": ("Pacific/Guam",),
    "MP": ("Pacific/Saipan",),
    "AS": ("Pacific/Pago_Pago",),
}

_UNKNOWN_ZONE = "Etc/Unknown"


def digits(number: str | None) -> str:
    """The digits of ``number``, nothing else."""
    return "".join(char for char in number or "" if char.isdigit())


def parse_number(number: str | None) -> phonenumbers.PhoneNumber | None:
    """Parse ``+…`` international numbers and US numbers of 10 digits or 11 with a leading 1."""
    text = (number or "").strip()
    found = digits(text)
    if text.startswith("+"):
        candidate = "+" + found
    elif len(found) == 10:
        candidate = "+1" + found
    elif len(found) == 11 and found.startswith("1"):
        candidate = "+" + found
    else:
        return None
    import phonenumbers

    try:
        return phonenumbers.parse(candidate, None)
    except phonenumbers.NumberParseException:
        return None


@lru_cache(maxsize=4096)
def number_key(number: str | None) -> str:
    """A key under which two spellings of the same number compare equal (E.164, else digits).

    Cached: the opt-out rule asks it for every message of a thread.
    """
    parsed = parse_number(number)
    if parsed is None:
        return digits(number)
    import phonenumbers

    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def same_number(a: str | None, b: str | None) -> bool:
    """Whether ``a`` and ``b`` are spellings of one phone number (``+1 415-416-4061``,
    ``14154164061`` and ``4154164061`` are); an empty number matches nothing."""
    key = number_key(a)
    return bool(key) and key == number_key(b)


def format_number(number: str | None) -> str:
    """``+1 415-416-4061`` style for display; text that is not a number is returned as given."""
    parsed = parse_number(number)
    if parsed is None:
        return number or ""
    import phonenumbers

    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def is_possible_number(number: str | None) -> bool:
    """Whether ``number`` can be a phone number to text (by length and country rules)."""
    import phonenumbers

    parsed = parse_number(number)
    return parsed is not None and phonenumbers.is_possible_number(parsed)


def number_zones(number: str | None) -> list[str]:
    """IANA zones of ``number`` from libphonenumber's map; empty when unknown."""
    parsed = parse_number(number)
    if parsed is None:
        return []
    from phonenumbers import timezone

    return [z for z in timezone.time_zones_for_number(parsed) if z != _UNKNOWN_ZONE]


ZIP_TABLE = (
    "import sys, zipcodes\n"
    "for z in zipcodes.list_all():\n"
    "    if z.get('timezone'):\n"
    "        print(z['zip_code'], z.get('state') or '', z['timezone'], sep='\\t')\n"
)
"""Prints the ZIP table (``zip, state, zone`` per line) from the ``zipcodes`` package."""
_zip_table: dict[str, tuple[str, str]] | None = None
_zip_table_lock = threading.Lock()


def _zips() -> dict[str, tuple[str, str]]:
    """ZIP code -> (state, IANA zone), read once.

    ``zipcodes`` is a native extension whose first call loads its table (about 230 ms) holding
    the interpreter's lock, so even in a worker thread it froze the UI that long. The table is
    printed by a child process instead and read here line by line, which lets other threads
    run; ``zipcodes`` is asked in this process only if the child fails.
    """
    global _zip_table
    with _zip_table_lock:
        if _zip_table is None:
            try:
                printed = subprocess.run(
                    [sys.executable, "-c", ZIP_TABLE],
                    capture_output=True,
                    text=True,
                    check=True,
                    timeout=60,
                ).stdout.splitlines()
                rows = [line.split("\t") for line in printed]
            except (OSError, subprocess.SubprocessError) as error:
                log.warning("the ZIP table is read in this process: %s", error)
                import zipcodes

                rows = [
                    [z["zip_code"], z.get("state") or "", z["timezone"]]
                    for z in zipcodes.list_all()  # type: ignore[no-untyped-call]
                    if z.get("timezone")
                ]
            table: dict[str, tuple[str, str]] = {}
            for zip_code, state, zone in rows:
                table.setdefault(zip_code, (state, sys.intern(zone)))
            _zip_table = table
        return _zip_table


@lru_cache(maxsize=4096)
def zip_location(zip_code: str) -> tuple[str, str] | None:
    """(state, IANA zone) of a US ZIP code (``#####`` or ``#####-####``), or None when unknown.

    The first lookup reads the ZIP table (about half a second, see ``_zips``).
    """
    code = zip_code.strip() if isinstance(zip_code, str) else ""
    if not re.fullmatch(r"\d{5}(-\d{4})?", code):
        return None
    return _zips().get(code[:5])


def address_zones(state: str | None = None, zip_code: str | None = None) -> list[str]:
    """Zones of a US address: the ZIP's zone when it agrees with the state, else the state's."""
    state = (state or "").strip().upper()
    located = zip_location(zip_code) if zip_code else None
    zones: list[str] = []
    if located is not None:
        zip_state, zip_zone = located
        zones.append(zip_zone)
        if not state or zip_state == state:
            return zones
    zones.extend(z for z in STATE_ZONES.get(state, ()) if z not in zones)
    return zones


def candidate_zones(
    number: str | None, state: str | None = None, zip_code: str | None = None
) -> list[str]:
    """Every zone the contact may be in: the number's zones plus the address's, without repeats.

    A ZIP code is more precise than its state, so a ZIP that agrees with the state replaces the
    state's zones; one that disagrees adds to them.
    """
    zones = number_zones(number)
    zones.extend(z for z in address_zones(state, zip_code) if z not in zones)
    return zones


def load_zone_data() -> None:
    """Load libphonenumber's zone map and the ZIP table now (about half a second, mostly the
    ZIP table), so the first thread opened does not wait for them; call it off the UI thread."""
    number_zones("+12025550100")
    zip_location("20001")
