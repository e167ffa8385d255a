"""FSRS fitted to one person (practice.fitting): no database, the days passed in.

`pytest tests/practice/test_fitting.py -s` prints the figures: log loss of the defaults and of
the fitted parameters on the person's own reviews and on held-out ones, and the time to fit.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta

import pytest

from accounts.days import DayClock
from practice.fitting import (
    DEFAULT_PARAMETERS,
    MIN_REVIEWS,
    NotEnoughReviews,
    Review,
    fit_parameters,
    fsrs_items,
    log_loss,
    recommend_retention,
    within_bounds,
)
from tests.practice.synthetic_reviews import TRUE_PARAMETERS, review_log

UTC_DAYS = DayClock("UTC", 0).day_of


def test_parameters_fitted_on_a_log_from_known_parameters_beat_the_defaults():
    train = review_log(120, seed=1)
    held_out = fsrs_items(review_log(200, seed=2, first_id=10_000), UTC_DAYS)
    started = time.perf_counter()
    fit = fit_parameters(train, day_of=UTC_DAYS)
    seconds = time.perf_counter() - started
    assert fit.kept and fit.parameters is not None
    assert fit.log_loss_after < fit.log_loss_before
    default_loss, fitted_loss = log_loss(DEFAULT_PARAMETERS, held_out), log_loss(fit.parameters, held_out)
    true_loss = log_loss(TRUE_PARAMETERS, held_out)
    assert fitted_loss < default_loss
    print(
        f"\nfitting: {fit.reviews} reviews ({fit.items} items), {seconds:.2f} s; own reviews log loss "
        f"{fit.log_loss_before:.4f} -> {fit.log_loss_after:.4f}; held-out ({len(held_out)} items) defaults "
        f"{default_loss:.4f}, fitted {fitted_loss:.4f}, true parameters {true_loss:.4f}"
    )


def test_fitting_more_reviews_than_the_threshold_is_needed():
    log = review_log(40, seed=3)[: MIN_REVIEWS - 1]
    with pytest.raises(NotEnoughReviews, match=str(MIN_REVIEWS)):
        fit_parameters(log, day_of=UTC_DAYS)


def test_reviews_all_on_one_day_teach_nothing():
    at = datetime(2026, 1, 5, 9, tzinfo=UTC)
    same_day = [Review(card=i % 50, grade="good", at=at + timedelta(minutes=i)) for i in range(MIN_REVIEWS)]
    with pytest.raises(NotEnoughReviews, match="two different days"):
        fit_parameters(same_day, day_of=UTC_DAYS)


def test_gaps_are_counted_in_the_persons_days():
    # 23:30 and 00:30 UTC are an hour apart, yet on two days in UTC and on one day in New York.
    reviews = [
        Review(card=1, grade="good", at=datetime(2026, 1, 5, 23, 30, tzinfo=UTC)),
        Review(card=1, grade="good", at=datetime(2026, 1, 6, 0, 30, tzinfo=UTC)),
    ]
    assert len(fsrs_items(reviews, UTC_DAYS)) == 1
    assert fsrs_items(reviews, DayClock("America/New_York", 4).day_of) == []  # one day: no long-term item


def test_the_first_review_of_a_card_is_history_not_an_item():
    reviews = [Review(card=1, grade="good", at=datetime(2026, 1, d, 9, tzinfo=UTC)) for d in (5, 8, 15)]
    items = fsrs_items(reviews, UTC_DAYS)
    assert [len(item.reviews) for item in items] == [2, 3]
    # FSRSReview shows its fields only in its repr.
    assert [repr(r) for r in items[-1].reviews] == [
        "FSRSReview { rating: 3, delta_t: 0 }",
        "FSRSReview { rating: 3, delta_t: 3 }",
        "FSRSReview { rating: 3, delta_t: 7 }",
    ]


def test_days_can_be_any_callable_so_the_clock_is_always_passed_in():
    calls: list[datetime] = []

    def day_of(at: datetime) -> date:
        calls.append(at)
        return at.date()

    fsrs_items(review_log(3, seed=4), day_of)
    assert calls


def test_the_retention_recommended_is_lower_with_little_time_and_a_near_interview():
    rushed = recommend_retention(
        DEFAULT_PARAMETERS, questions=213, new_per_day=10, horizon_days=30, seconds_per_review=120, daily_minutes=10
    )
    relaxed = recommend_retention(
        DEFAULT_PARAMETERS, questions=213, new_per_day=10, horizon_days=365, seconds_per_review=120, daily_minutes=120
    )
    assert 0.7 <= rushed < relaxed <= 0.97
    again = recommend_retention(
        DEFAULT_PARAMETERS, questions=213, new_per_day=10, horizon_days=30, seconds_per_review=120, daily_minutes=10
    )
    assert again == rushed


def test_fitted_parameters_are_ones_the_site_scheduler_accepts():
    from fsrs import Scheduler

    fit = fit_parameters(review_log(120, seed=5), day_of=UTC_DAYS)
    assert fit.parameters is not None
    Scheduler(parameters=fit.parameters)  # raises on any parameter out of its bounds
    assert within_bounds([1000.0] * 21)[0] == 100.0 and within_bounds([-1.0] * 21)[20] == 0.1
