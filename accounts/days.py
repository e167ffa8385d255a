"""The user's day: the one place that says when a person's day starts and ends.

A day runs from `starts_at` o'clock (an hour, 0-23, local time) to the same hour the next
calendar day, in the person's IANA time zone. So with the default of 4 a review at 01:30 still
counts for the evening before, as in Anki, and a day is 23 or 25 hours long when the clocks
change. Streaks, "new today", the activity calendar, "due today" and the reminders all ask
this module; nothing else computes a day boundary.

Pure functions over plain values (a zone name, an hour, an instant): no database, no clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

DEFAULT_TIMEZONE = "UTC"
DEFAULT_DAY_START = 4  # Anki's default: a late night still belongs to the day before.


class UnknownTimeZone(ValueError):
    """Not an IANA time zone name this machine knows."""


@lru_cache(maxsize=1)
def timezone_names() -> frozenset[str]:
    return frozenset(available_timezones())


@lru_cache(maxsize=512)
def zone(name: str) -> ZoneInfo:
    """The time zone called `name` (e.g. "Europe/London"); UnknownTimeZone otherwise."""
    # available_timezones() is the list the tz database ships; ZoneInfo alone would also take
    # file paths such as "posix/Europe/London" or odd spellings some systems resolve.
    if name not in timezone_names():
        raise UnknownTimeZone(f"“{name}” is not a time zone; use a name such as Europe/London or America/New_York.")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise UnknownTimeZone(f"“{name}” is not a time zone on this server.") from None


def validate_day_start(hour: int) -> None:
    if not isinstance(hour, int) or isinstance(hour, bool) or not 0 <= hour <= 23:
        raise ValueError("The day starts at a whole hour from 0 to 23.")


@dataclass(frozen=True)
class DayClock:
    """Where a person's days begin: their time zone and the hour their day starts."""

    timezone: str = DEFAULT_TIMEZONE
    starts_at: int = DEFAULT_DAY_START

    def __post_init__(self) -> None:
        zone(self.timezone)
        validate_day_start(self.starts_at)

    def _start_of(self, day: date) -> datetime:
        # A start hour that the clocks skip (02:00 on a spring-forward night) resolves, as
        # zoneinfo does with fold=0, to the instant the clocks jump: the day still has one start.
        return datetime.combine(day, time(self.starts_at), tzinfo=zone(self.timezone)).astimezone(UTC)

    def day_of(self, instant: datetime) -> date:
        """The person's day `instant` falls in, named by the calendar date it starts on."""
        local = instant.astimezone(zone(self.timezone)).date()
        if instant < self._start_of(local):
            return local - timedelta(days=1)
        return local

    def bounds(self, instant: datetime) -> tuple[datetime, datetime]:
        """Start (inclusive) and end (exclusive) in UTC of the person's day around `instant`."""
        day = self.day_of(instant)
        return self._start_of(day), self._start_of(day + timedelta(days=1))

    def bounds_of(self, day: date) -> tuple[datetime, datetime]:
        """Start and end in UTC of the person's day `day`."""
        return self._start_of(day), self._start_of(day + timedelta(days=1))

    def local(self, instant: datetime) -> datetime:
        """`instant` on the person's wall clock."""
        return instant.astimezone(zone(self.timezone))
