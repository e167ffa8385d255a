"""The user's days in SQL: which day a timestamp falls in, computed by the database, so a page
counts rows per day with GROUP BY instead of reading every timestamp back.

The boundaries still come from accounts.days (DayClock.bounds_of); the database only numbers
the timestamps between them. Between two changes of the clocks every day is 24 hours long, so
within such a run a day's number is one subtraction and one integer division, and a year is a
CASE over a handful of runs. Timestamps are compared as whole microseconds since 1970, as
Python's datetime does, so a review at 03:59:59.999999 stays on the day before a day that
starts at 04:00.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any

from django.db.models import BigIntegerField, Case, Expression, F, Func, IntegerField, Value, When
from django.db.models.lookups import LessThan

from accounts.days import DayClock

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)
DAY_MICROSECONDS = 86_400_000_000


def microseconds(instant: datetime) -> int:
    """`instant` (aware) as whole microseconds since 1970, as EpochMicroseconds reads a column."""
    return (instant - EPOCH) // MICROSECOND


class EpochMicroseconds(Func):
    """A timestamp column (or expression) as whole microseconds since 1970 UTC, exactly."""

    arity = 1
    output_field = BigIntegerField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> tuple[str, list[Any]]:
        # Django keeps a datetime as UTC text, "YYYY-MM-DD HH:MM:SS" with ".ffffff" when there are
        # microseconds. strftime('%s') of the whole seconds is exact (of a fraction it would round
        # to milliseconds); the digits after the dot are the microseconds ('' casts to 0).
        sql, params = compiler.compile(self.source_expressions[0])
        seconds = f"CAST(strftime('%%s', substr({sql}, 1, 19)) AS INTEGER)"
        return f"({seconds} * 1000000 + CAST(substr({sql}, 21) AS INTEGER))", [*params, *params]

    def as_postgresql(self, compiler: Any, connection: Any, **extra_context: Any) -> tuple[str, Any]:
        # EXTRACT(EPOCH ...) is numeric with the microseconds as decimals: exact.
        return self.as_sql(
            compiler, connection, template="CAST(EXTRACT(EPOCH FROM %(expressions)s) * 1000000 AS BIGINT)"
        )


def as_expression(instant: str | F | Expression) -> F | Expression:
    return F(instant) if isinstance(instant, str) else instant


@dataclass(frozen=True)
class DayNumbers:
    """A person's days from `first` on, numbered 0, 1, 2 …, as an SQL expression (`number`).

    `runs` are (day number, its start in microseconds) where a run begins: the first day, a day
    of other than 24 hours (one the clocks change on, a run of its own) and the day after it;
    the last is the day after the span. Within a run of 24-hour days a day's number is the
    run's plus the whole days since it began. Days after the span are numbered as though they
    all had 24 hours.
    """

    first: date
    runs: tuple[tuple[int, int], ...]

    @classmethod
    @lru_cache(maxsize=1024)
    def of(cls, clock: DayClock, first: date, days: int) -> DayNumbers:
        """`clock`'s `days` days from `first` (kept: a person asks for the same days all day)."""
        starts = [microseconds(clock.bounds_of(first + timedelta(days=n))[0]) for n in range(days + 1)]
        odd = [starts[n + 1] - starts[n] != DAY_MICROSECONDS for n in range(days)]
        runs = [(n, starts[n]) for n in range(days) if n == 0 or odd[n] or odd[n - 1]]
        return cls(first=first, runs=(*runs, (days, starts[days])))

    def day(self, number: int) -> date:
        return self.first + timedelta(days=number)

    def number(self, instant: str | F | Expression) -> Case:
        """The day number the timestamp `instant` falls in; NULL before the first day."""
        at = EpochMicroseconds(as_expression(instant))

        def counted_from(number: int, start: int) -> Expression:
            return Value(number) + (at - Value(start)) / Value(DAY_MICROSECONDS)

        whens = [When(LessThan(at, Value(self.runs[0][1])), then=Value(None))]
        for (number, start), (after, end) in zip(self.runs, self.runs[1:], strict=False):
            # A day the clocks change on is one number, however long it is.
            then = Value(number) if after == number + 1 else counted_from(number, start)
            whens.append(When(LessThan(at, Value(end)), then=then))
        return Case(*whens, default=counted_from(*self.runs[-1]), output_field=IntegerField())
