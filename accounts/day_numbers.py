"""The user's days in SQL: which day a timestamp falls in, computed by the database, so a page
counts rows per day with GROUP BY instead of reading every timestamp back.

The boundaries still come from accounts.days (DayClock.bounds_of); the database only numbers
the timestamps between them. Between two changes of the clocks every day is 24 hours long, so
within such a run a day's number is the run's plus the whole days since it began, and a year
is a CASE over a handful of runs. Whole days are counted to the microsecond, as Python's
timedelta does, so a review at 03:59:59.999999 stays on the day before a day that starts at 04:00.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any

from django.db.models import BigIntegerField, Case, Expression, F, Func, IntegerField, Value, When
from django.db.models.lookups import LessThan

from accounts.days import DayClock

DAY = timedelta(days=1)


class WholeDays(Func):
    """Whole days from the timestamp `earlier` to the timestamp `later`, as (later - earlier).days
    counts them; when `later` is the earlier one, some number not above 0."""

    arity = 2
    output_field = IntegerField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> tuple[str, list[Any]]:
        # Django keeps UTC text, "YYYY-MM-DD HH:MM:SS[.ffffff]": the days between the two dates,
        # less one when the later instant's time of day is the earlier (times compare as text,
        # "12:00:00" < "12:00:00.000001"). Exact, and cheaper per row than parsing whole timestamps.
        (earlier, earlier_params), (later, later_params) = (compiler.compile(e) for e in self.source_expressions)
        dates = f"CAST(julianday(substr({later}, 1, 10)) - julianday(substr({earlier}, 1, 10)) AS INTEGER)"
        sql = f"({dates} - (substr({later}, 12) < substr({earlier}, 12)))"
        return sql, [*later_params, *earlier_params, *later_params, *earlier_params]

    def as_postgresql(self, compiler: Any, connection: Any, **extra_context: Any) -> tuple[str, list[Any]]:
        # A difference of timestamps is an interval of whole days and the rest under a day
        # (PostgreSQL justifies the hours), so its day field is the floor when later >= earlier.
        (earlier, earlier_params), (later, later_params) = (compiler.compile(e) for e in self.source_expressions)
        return f"CAST(date_part('day', {later} - {earlier}) AS INTEGER)", [*later_params, *earlier_params]


DAY_MICROSECONDS = 86_400_000_000
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def epoch_microseconds(instant: datetime) -> int:
    """Microseconds from 1970-01-01 UTC to `instant`, exactly (what EpochMicroseconds stores)."""
    return (instant - EPOCH) // timedelta(microseconds=1)


class EpochMicroseconds(Func):
    """A timestamp column as microseconds since 1970 UTC, exactly, for a generated column: then
    whole days between instants are an integer division (elapsed_days), where WholeDays parses
    the timestamps on every row."""

    arity = 1
    output_field = BigIntegerField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> tuple[str, list[Any]]:
        # Django keeps UTC text, "YYYY-MM-DD HH:MM:SS[.ffffff]" (six digits when there are any).
        column, params = compiler.compile(self.source_expressions[0])
        seconds = f"CAST(strftime(%s, substr({column}, 1, 19)) AS INTEGER)"
        return f"({seconds} * 1000000 + CAST(substr({column}, 21, 6) AS INTEGER))", ["%s", *params, *params]

    def as_postgresql(self, compiler: Any, connection: Any, **extra_context: Any) -> tuple[str, list[Any]]:
        # EXTRACT gives numeric (exact) since PostgreSQL 14; AT TIME ZONE makes it immutable.
        column, params = compiler.compile(self.source_expressions[0])
        return f"CAST(EXTRACT(EPOCH FROM ({column} AT TIME ZONE 'UTC')) * 1000000 AS BIGINT)", params


def elapsed_days(since_microseconds: str, at: datetime) -> Expression:
    """Whole days from the instant in the column `since_microseconds` (EpochMicroseconds) to `at`,
    as timedelta.days counts them when `at` is the later; some number not above 0 otherwise."""
    whole: BigIntegerField[int, int] = BigIntegerField()
    # Both integers: the division truncates, so the floor whenever `at` is the later.
    return (Value(epoch_microseconds(at), output_field=whole) - F(since_microseconds)) / Value(
        DAY_MICROSECONDS, output_field=whole
    )


def as_expression(instant: str | F | Expression) -> F | Expression:
    return F(instant) if isinstance(instant, str) else instant


@dataclass(frozen=True)
class DayNumbers:
    """A person's days from `first` on, numbered 0, 1, 2 …, as an SQL expression (`number`).

    `runs` are (day number, when it starts) where a run begins: the first day, a day of other
    than 24 hours (one the clocks change on, a run of its own) and the day after it; the last is
    the day after the span. Days after the span are numbered as though they all had 24 hours.
    """

    first: date
    runs: tuple[tuple[int, datetime], ...]

    @classmethod
    @lru_cache(maxsize=1024)
    def of(cls, clock: DayClock, first: date, days: int) -> DayNumbers:
        """`clock`'s `days` days from `first` (kept: a person asks for the same days all day)."""
        starts = [clock.bounds_of(first + timedelta(days=n))[0] for n in range(days + 1)]
        odd = [starts[n + 1] - starts[n] != DAY for n in range(days)]
        runs = [(n, starts[n]) for n in range(days) if n == 0 or odd[n] or odd[n - 1]]
        return cls(first=first, runs=(*runs, (days, starts[days])))

    def day(self, number: int) -> date:
        return self.first + timedelta(days=number)

    def number(self, instant: str | F | Expression) -> Case:
        """The day number the timestamp `instant` falls in; NULL before the first day."""
        at = as_expression(instant)

        def counted_from(number: int, start: datetime) -> Expression:
            return Value(number) + WholeDays(Value(start), at)

        whens = [When(LessThan(at, Value(self.runs[0][1])), then=Value(None))]
        for (number, start), (after, end) in zip(self.runs, self.runs[1:], strict=False):
            # A day the clocks change on is one number, however long it is.
            then = Value(number) if after == number + 1 else counted_from(number, start)
            whens.append(When(LessThan(at, Value(end)), then=then))
        return Case(*whens, default=counted_from(*self.runs[-1]), output_field=IntegerField())
