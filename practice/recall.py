"""FSRS's forgetting curve as database expressions over review states, so readiness is summed
where the states are instead of streaming every state into Python.

Each mirrors its function in practice.scheduling term for term, and the tests hold them to it
on both databases: whole days elapsed since the last review as timedelta.days counts them
(never below 0), then (1 + factor * days / stability) ** decay.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.db.models import Case, Expression, F, FloatField, Func, Q, Value, When
from django.db.models.functions import Cast, Power
from django.utils import timezone

from practice.scheduling import StateCode, recall_curve


class ElapsedDays(Func):
    """Whole days from a timestamp column to `at`, as timedelta.days counts them, never below 0
    (FSRS's elapsed days)."""

    arity = 1
    output_field = FloatField()

    def __init__(self, expression: F | Expression, at: datetime) -> None:
        super().__init__(expression)
        self.at = at

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> tuple[str, list[Any]]:
        # Django keeps UTC text, "YYYY-MM-DD HH:MM:SS[.ffffff]". The whole days between two instants
        # are the days between their dates, less one when the earlier one's time of day is later;
        # the times compare as text ("12:00:00" < "12:00:00.000001"). Cheaper per row than turning
        # each timestamp into microseconds, and as exact.
        sql, params = compiler.compile(self.source_expressions[0])
        at = timezone.make_naive(self.at, UTC)
        dates = f"(julianday(%s) - julianday(substr({sql}, 1, 10)))"
        return f"MAX(0, {dates} - (substr({sql}, 12) > %s))", [at.date().isoformat(), *params, *params, str(at.time())]

    def as_postgresql(self, compiler: Any, connection: Any, **extra_context: Any) -> tuple[str, list[Any]]:
        # Subtracting timestamps gives an interval of whole days and the rest under a day (PostgreSQL
        # justifies the hours), so its day field is the floor of the days between; a float, cheaper
        # per row than numeric arithmetic on EXTRACT(EPOCH …).
        sql, params = compiler.compile(self.source_expressions[0])
        return f"GREATEST(0, date_part('day', %s - {sql}))", [self.at, *params]


def recall_at(at: datetime, *, parameters: tuple[float, ...] | None = None) -> Case:
    """Each state's recall_probability(stability, last_review, at, parameters=parameters)."""
    curve = recall_curve(parameters)
    elapsed = ElapsedDays(F("last_review"), at)
    # Cast: PostgreSQL would read the constants as numeric and round the product differently.
    factor, decay = Cast(Value(curve.factor), FloatField()), Cast(Value(curve.decay), FloatField())
    curve_value: Expression = Power(Value(1.0) + factor * elapsed / F("stability"), decay)
    return Case(
        When(Q(stability__isnull=True) | Q(last_review__isnull=True), then=Value(0.0)),
        default=curve_value,
        output_field=FloatField(),
    )


def retrievability_at(at: datetime, *, parameters: tuple[float, ...] | None = None) -> Case:
    """Each state's retrievability(state.memory(), at, rules=…): 0 if never reviewed, 1 before
    its last review, recall_probability otherwise."""
    return Case(
        When(Q(state=StateCode.NEW) | Q(last_review__isnull=True), then=Value(0.0)),
        When(last_review__gt=at, then=Value(1.0)),
        default=recall_at(at, parameters=parameters),
        output_field=FloatField(),
    )
