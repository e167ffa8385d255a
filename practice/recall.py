"""FSRS's forgetting curve as database expressions over review states, so readiness is summed
where the states are instead of streaming every state into Python.

Each mirrors its function in practice.scheduling term for term, and the tests hold them to it
on both databases: whole days elapsed since the last review as timedelta.days counts them
(never below 0), then (1 + factor * days / stability) ** decay. The days are an integer division
of microseconds (ReviewState.last_review_micros, a generated column), which on SQLite costs a
fraction of parsing each timestamp and on PostgreSQL of subtracting them.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Case, Expression, F, FloatField, Q, Value, When
from django.db.models.functions import Cast, Greatest, Power

from accounts.day_numbers import elapsed_days
from practice.scheduling import StateCode, recall_curve


def recall_at(at: datetime, *, parameters: tuple[float, ...] | None = None) -> Case:
    """Each state's recall_probability(stability, last_review, at, parameters=parameters)."""
    curve = recall_curve(parameters)
    # FSRS's elapsed days: whole days since the last review, as timedelta.days counts them, never below 0.
    elapsed = Greatest(Value(0), elapsed_days("last_review_micros", at))
    # Cast: PostgreSQL would read the constants as numeric and round the product differently.
    factor, decay = Cast(Value(curve.factor), FloatField()), Cast(Value(curve.decay), FloatField())
    curve_value: Expression = Power(Value(1.0) + factor * elapsed / F("stability"), decay)
    return Case(
        When(Q(stability__isnull=True) | Q(last_review_micros__isnull=True), then=Value(0.0)),
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
