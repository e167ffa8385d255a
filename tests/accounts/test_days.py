"""The user's day (accounts.days): pure, the clock passed in, across daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from accounts.days import DayClock, UnknownTimeZone, zone


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_by_default_a_day_starts_at_four_utc_so_a_late_night_counts_for_the_evening_before():
    clock = DayClock()
    assert clock.day_of(utc(2026, 3, 10, 3, 59)) == date(2026, 3, 9)
    assert clock.day_of(utc(2026, 3, 10, 4, 0)) == date(2026, 3, 10)
    assert clock.bounds(utc(2026, 3, 10, 12)) == (utc(2026, 3, 10, 4), utc(2026, 3, 11, 4))


def test_a_day_in_new_york_starts_at_the_local_hour():
    clock = DayClock("America/New_York", 0)
    # 03:00 UTC on 15 Jan is 22:00 on 14 Jan in New York (UTC-5).
    assert clock.day_of(utc(2026, 1, 15, 3)) == date(2026, 1, 14)
    assert clock.bounds(utc(2026, 1, 15, 3)) == (utc(2026, 1, 14, 5), utc(2026, 1, 15, 5))


def test_the_day_the_clocks_go_forward_is_23_hours_long():
    clock = DayClock("Europe/London", 4)
    # London goes from GMT to BST at 01:00 UTC on Sunday 29 March 2026, inside the day that
    # starts at 04:00 GMT on Saturday 28th and ends at 04:00 BST (03:00 UTC) on the 29th.
    start, end = clock.bounds(utc(2026, 3, 28, 12))
    assert (start, end) == (utc(2026, 3, 28, 4), utc(2026, 3, 29, 3))
    assert end - start == timedelta(hours=23)
    assert clock.bounds(utc(2026, 3, 29, 12)) == (utc(2026, 3, 29, 3), utc(2026, 3, 30, 3))


def test_the_day_the_clocks_go_back_is_25_hours_long():
    clock = DayClock("Europe/London", 4)
    # Back to GMT at 01:00 UTC on Sunday 25 October 2026.
    start, end = clock.bounds(utc(2026, 10, 24, 12))
    assert (start, end) == (utc(2026, 10, 24, 3), utc(2026, 10, 25, 4))
    assert end - start == timedelta(hours=25)
    # 03:30 UTC on the 25th is 03:30 GMT: still Saturday's day.
    assert clock.day_of(utc(2026, 10, 25, 3, 30)) == date(2026, 10, 24)


def test_a_day_start_the_clocks_skip_still_starts_the_day_once():
    # New York springs forward at 02:00 local on 8 March 2026: 02:00-03:00 does not exist.
    clock = DayClock("America/New_York", 2)
    start, end = clock.bounds(utc(2026, 3, 8, 12))
    assert start == utc(2026, 3, 8, 7)  # the instant the clocks jump (02:00 EST = 03:00 EDT)
    assert end == utc(2026, 3, 9, 6)  # 02:00 EDT the next day
    # Just after the jump (03:30 EDT) is the new day, not the day before.
    assert clock.day_of(utc(2026, 3, 8, 7, 30)) == date(2026, 3, 8)
    assert clock.day_of(utc(2026, 3, 8, 6, 59)) == date(2026, 3, 7)


def test_every_instant_falls_in_exactly_the_day_its_bounds_say_across_a_dst_change():
    clock = DayClock("Europe/Berlin", 3)
    at = utc(2026, 10, 23)
    while at < utc(2026, 10, 28):
        start, end = clock.bounds(at)
        assert start <= at < end
        assert clock.day_of(start) == clock.day_of(at) and clock.day_of(end) == clock.day_of(at) + timedelta(days=1)
        at += timedelta(minutes=20)


@pytest.mark.parametrize("name", ["Mars/Olympus", "", "posix/Europe/London", "../etc/passwd", "utc "])
def test_a_name_that_is_not_an_iana_zone_is_refused(name):
    with pytest.raises(UnknownTimeZone):
        zone(name)


@pytest.mark.parametrize("hour", [-1, 24, 4.5, True])
def test_a_day_start_outside_0_to_23_is_refused(hour):
    with pytest.raises(ValueError, match="0 to 23"):
        DayClock("UTC", hour)
