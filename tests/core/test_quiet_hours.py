"""Quiet hours: inside [08:00, 21:00) local time in every candidate zone, DST included."""

from datetime import UTC, datetime, time

import pytest

from inbox_tui.core.compliance import ComplianceSettings, SendWindow, quiet_hours_check

NY, CHI, LA = "America/New_York", "America/Chicago", "America/Los_Angeles"
SETTINGS = ComplianceSettings()


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zones", "now", "allowed"),
    [
        # Summer, EDT = UTC-4.
        ([NY], utc(2026, 6, 15, 11, 59), False),
        ([NY], utc(2026, 6, 15, 12, 0), True),
        ([NY], utc(2026, 6, 16, 0, 59), True),
        ([NY], utc(2026, 6, 16, 1, 0), False),
        # 2026-03-08: clocks spring forward at 02:00, so 08:00 local is 12:00 UTC, not 13:00.
        ([NY], utc(2026, 3, 7, 12, 59), False),
        ([NY], utc(2026, 3, 7, 13, 0), True),
        ([NY], utc(2026, 3, 8, 11, 59), False),
        ([NY], utc(2026, 3, 8, 12, 0), True),
        # 2026-11-01: clocks fall back at 02:00, so 08:00 local is 13:00 UTC, not 12:00.
        ([NY], utc(2026, 10, 31, 12, 0), True),
        ([NY], utc(2026, 11, 1, 12, 0), False),
        ([NY], utc(2026, 11, 1, 12, 59), False),
        ([NY], utc(2026, 11, 1, 13, 0), True),
        ([NY], utc(2026, 11, 2, 1, 59), True),
        ([NY], utc(2026, 11, 2, 2, 0), False),
        # Two zones: 08:30 in New York is 07:30 in Chicago, so the send is held.
        ([NY, CHI], utc(2026, 6, 15, 12, 30), False),
        ([NY, CHI], utc(2026, 6, 15, 13, 0), True),
        # 20:30 in Los Angeles is 23:30 in New York.
        ([NY, LA], utc(2026, 6, 16, 3, 30), False),
        ([NY, LA], utc(2026, 6, 16, 0, 59), True),
    ],
)
def test_window_in_every_zone(zones: list[str], now: datetime, allowed: bool) -> None:
    assert quiet_hours_check(zones, now, SETTINGS).allowed is allowed


def test_local_times_are_reported_per_zone() -> None:
    check = quiet_hours_check([NY, CHI, NY], utc(2026, 6, 15, 12, 30), SETTINGS)
    assert [(t.zone, f"{t.local:%H:%M}", t.inside) for t in check.times] == [
        (NY, "08:30", True),
        (CHI, "07:30", False),
    ]
    assert [t.zone for t in check.outside] == [CHI]


@pytest.mark.parametrize(("zones", "unknown"), [([], ()), (["Mars/Olympus"], ("Mars/Olympus",))])
def test_no_known_zone_is_not_allowed(zones: list[str], unknown: tuple[str, ...]) -> None:
    check = quiet_hours_check(zones, utc(2026, 6, 15, 16, 0), SETTINGS)
    assert (check.location_known, check.allowed, check.unknown_zones) == (False, False, unknown)


def test_a_zone_the_database_lacks_makes_the_location_unknown() -> None:
    check = quiet_hours_check([NY, "Mars/Olympus"], utc(2026, 6, 15, 16, 0), SETTINGS)
    assert [t.zone for t in check.times] == [NY]
    assert not check.allowed


@pytest.mark.parametrize(
    ("now", "allowed"),
    [
        (utc(2026, 6, 14, 15, 59), False),  # Sunday 11:59 in New York
        (utc(2026, 6, 14, 16, 0), True),  # Sunday 12:00
        (utc(2026, 6, 14, 23, 59), True),  # Sunday 19:59
        (utc(2026, 6, 15, 0, 0), False),  # Sunday 20:00
        (utc(2026, 6, 15, 12, 0), True),  # Monday 08:00: the weekday window
        (utc(2026, 6, 16, 0, 30), False),  # Monday 20:30: the stricter end
    ],
)
def test_window_and_weekday_overrides_are_settings(now: datetime, allowed: bool) -> None:
    settings = ComplianceSettings(
        send_window=SendWindow(end=time(20, 0)),
        weekday_windows={6: SendWindow(start=time(12, 0), end=time(20, 0))},
    )
    assert quiet_hours_check([NY], now, settings).allowed is allowed


def test_weekday_is_the_local_one() -> None:
    # Sunday 23:30 UTC is still Sunday in Los Angeles (16:30) but Monday in Auckland.
    settings = ComplianceSettings(weekday_windows={6: SendWindow(start=time(0), end=time(0))})
    check = quiet_hours_check([LA, "Pacific/Auckland"], utc(2026, 6, 14, 23, 30), settings)
    assert [(t.zone, t.inside) for t in check.times] == [(LA, False), ("Pacific/Auckland", True)]


def test_settings_refuse_a_weekday_that_does_not_exist() -> None:
    with pytest.raises(ValueError, match="weekdays"):
        ComplianceSettings(weekday_windows={7: SendWindow()})


def test_now_must_be_aware() -> None:
    with pytest.raises(ValueError, match="aware"):
        quiet_hours_check([NY], datetime(2026, 6, 15, 12, 0), SETTINGS)
