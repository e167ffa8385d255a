"""practice.recall's SQL forgetting curve, state by state, against the Python functions it
mirrors (practice.scheduling.recall_probability and retrievability)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fsrs.scheduler import DEFAULT_PARAMETERS

from practice.models import ReviewState
from practice.recall import recall_at, retrievability_at
from practice.scheduling import Rules, StateCode, recall_curve, recall_probability, retrievability
from tests.factories import QuestionFactory

NOW = datetime(2026, 11, 24, 12, 0, 0, 500_000, tzinfo=UTC)
DAY, MICRO = timedelta(days=1), timedelta(microseconds=1)
PERSONAL = tuple(DEFAULT_PARAMETERS[:20]) + (0.45,)


def states(user) -> list[ReviewState]:
    whole = NOW.replace(microsecond=0)
    lasts = [
        NOW - 3 * DAY, NOW - 3 * DAY + MICRO, NOW - 3 * DAY - MICRO, whole - 2 * DAY, whole - 2 * DAY + MICRO,
        NOW + 2 * DAY, NOW, NOW - MICRO, NOW - 40 * DAY - timedelta(hours=7), NOW - 3650 * DAY, None,
    ]  # fmt: skip
    made = []
    for i, last in enumerate(lasts):
        for stability in (0.01, 0.4, 3.7, 250.0, 36500.0, None):
            made.append(
                ReviewState(
                    user=user,
                    question=QuestionFactory(),
                    state=StateCode.NEW if i == 3 else StateCode.REVIEW,
                    stability=stability,
                    reps=2,
                    last_review=last,
                    due=NOW,
                )
            )
    return ReviewState.objects.bulk_create(made)


def test_the_curve_constants_are_the_schedulers():
    card_recall = recall_probability(10.0, NOW - 7 * DAY, NOW, parameters=PERSONAL)
    curve = recall_curve(PERSONAL)
    assert (1 + curve.factor * 7 / 10.0) ** curve.decay == card_recall
    assert recall_curve(None) == recall_curve()


@pytest.mark.parametrize("parameters", [None, PERSONAL])
@pytest.mark.parametrize("at", [NOW, NOW.replace(microsecond=0), NOW + 3 * DAY - MICRO, NOW - 400 * DAY])
def test_recall_in_sql_is_recall_probability_for_every_state(alice, parameters, at):
    made = {s.pk: s for s in states(alice)}
    computed = ReviewState.objects.filter(user=alice).annotate(recall=recall_at(at, parameters=parameters))
    assert len(computed) == len(made)
    for state in computed:
        expected = recall_probability(state.stability, state.last_review, at, parameters=parameters)
        assert state.recall == pytest.approx(expected, rel=1e-12, abs=1e-300), (state.last_review, state.stability)


@pytest.mark.parametrize("parameters", [None, PERSONAL])
def test_retrievability_in_sql_is_retrievability_for_every_state(alice, parameters):
    states(alice)
    computed = ReviewState.objects.filter(user=alice).annotate(value=retrievability_at(NOW, parameters=parameters))
    rules = Rules(parameters=parameters)
    for state in computed:
        expected = retrievability(state.memory(), NOW, rules=rules)
        assert state.value == pytest.approx(expected, rel=1e-12, abs=1e-300), (state.last_review, state.stability)
