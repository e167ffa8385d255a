"""accounts.day_numbers numbers timestamps by the user's days in SQL exactly as DayClock.day_of
does in Python, across changes of the clocks and to the microsecond either side of a day."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db.models import F, Value

from accounts.day_numbers import DayNumbers, WholeDays, epoch_microseconds
from accounts.days import DayClock
from practice.models import Attempt, ReviewState
from tests.factories import QuestionFactory

CLOCKS = [
    DayClock("UTC", 4),
    DayClock("America/New_York", 2),  # the start hour itself is skipped in spring, repeated in autumn
    DayClock("Europe/London", 1),
    DayClock("Australia/Lord_Howe", 0),  # clocks change by half an hour
    DayClock("Asia/Kathmandu", 23),
    DayClock("Pacific/Kiritimati", 0),
    DayClock("America/Santiago", 0),  # midnight is skipped when the clocks go forward
]
FIRST = date(2025, 11, 20)
DAYS = 400


@pytest.mark.parametrize(
    "base", [datetime(2026, 3, 1, 12, tzinfo=UTC), datetime(2026, 3, 1, 12, 0, 0, 500, tzinfo=UTC)]
)
def test_whole_days_are_counted_as_timedelta_counts_them(alice, base):
    question = QuestionFactory()
    micro, day = timedelta(microseconds=1), timedelta(days=1)
    whole = base.replace(microsecond=0)
    offsets = [timedelta(0), micro, -micro, day, day - micro, day + micro, 400 * day - micro, timedelta(hours=23)]
    instants = [base + o for o in offsets] + [whole + o for o in offsets] + [base - 3 * day, whole - micro]
    Attempt.objects.bulk_create(Attempt(user=alice, question=question, grade="good", created_at=at) for at in instants)
    rows = Attempt.objects.annotate(days=WholeDays(Value(base), F("created_at"))).values_list("created_at", "days")
    for at, days in rows:
        if at >= base:
            assert days == (at - base).days, at
        else:
            assert days <= 0, at


def test_the_runs_start_where_the_clocks_change():
    start = datetime(2025, 11, 20, 4, tzinfo=UTC)
    assert DayNumbers.of(DayClock("UTC", 4), FIRST, DAYS).runs == ((0, start), (DAYS, start + timedelta(days=DAYS)))
    # New York's clocks change twice in the span: each of those days is a run, and so is each
    # day after, then the end.
    runs = DayNumbers.of(DayClock("America/New_York", 4), FIRST, DAYS).runs
    assert [FIRST + timedelta(days=n) for n, _ in runs] == [
        FIRST,
        date(2026, 3, 7),
        date(2026, 3, 8),
        date(2026, 10, 31),
        date(2026, 11, 1),
        FIRST + timedelta(days=DAYS),
    ]


@pytest.mark.parametrize("clock", CLOCKS, ids=lambda c: f"{c.timezone}@{c.starts_at}")
def test_day_numbers_in_sql_are_the_users_days(alice, clock):
    numbers = DayNumbers.of(clock, FIRST, DAYS)
    question = QuestionFactory()
    micro = timedelta(microseconds=1)
    instants = []
    for n in range(-1, DAYS + 40):
        start = clock.bounds_of(FIRST + timedelta(days=n))[0]
        instants += [start, start - micro, start + micro, start + timedelta(hours=11, minutes=59, seconds=59)]
    Attempt.objects.bulk_create(Attempt(user=alice, question=question, grade="good", created_at=at) for at in instants)
    numbered = Attempt.objects.filter(user=alice).annotate(day=numbers.number("created_at"))
    rows = numbered.values_list("created_at", "day")
    assert len(rows) == len(instants)
    wrong = []
    for at, number in rows:
        day = clock.day_of(at)
        expected = None if day < FIRST else (day - FIRST).days
        if number != expected:
            wrong.append((at, clock.local(at), number, expected))
    assert wrong == []


def test_epoch_microseconds_in_sql_are_pythons_to_the_microsecond(alice):
    instants = [
        datetime(2026, 3, 29, 1, 0, tzinfo=UTC),  # whole seconds: stored without a fraction
        datetime(2026, 3, 29, 0, 59, 59, 999_999, tzinfo=UTC),
        datetime(2026, 3, 29, 1, 0, 0, 1, tzinfo=UTC),
        datetime(1969, 12, 31, 23, 59, 59, 500_000, tzinfo=UTC),  # before 1970
        datetime(2099, 12, 31, 23, 59, 59, 123_456, tzinfo=UTC),
    ]
    for at in instants:
        ReviewState.objects.create(user=alice, question=QuestionFactory(), due=at, last_review=at)
    ReviewState.objects.create(user=alice, question=QuestionFactory(), due=instants[0])  # never reviewed
    stored = ReviewState.objects.filter(user=alice).values_list("last_review", "last_review_micros")
    assert sorted(stored, key=lambda row: row[1] or 0) == sorted(
        [(at, epoch_microseconds(at)) for at in instants] + [(None, None)], key=lambda row: row[1] or 0
    )
