"""FSRS fitted to one person: their own review log in, personal parameters and a recommended
desired retention out. Pure: plain values in and out, no ORM, the days passed in.

The optimiser is fsrs-rs-python's (the Rust FSRS that Anki uses, with no torch): the `fsrs`
package's own Optimizer needs torch, which is far too heavy for a self-hosted site.

- A "card" is one question for one person; its reviews are their attempts, oldest first. The
  gap between two reviews is counted in the person's days (accounts.days), as Anki counts it.
- Nothing is fitted below MIN_REVIEWS reviews. Measured on synthetic logs like those of
  tests/practice/test_fitting.py: with 30 questions over a year (386-708 reviews) the optimiser
  handed the defaults back; with 60 or 120 questions (787-2221 reviews) the fitted parameters
  predicted held-out reviews better in 11 runs of 12 (the twelfth kept the defaults). Below
  MIN_REVIEWS a job would only cost a worker's time; above it the optimiser decides itself.
- Fitted parameters are kept only when they predict the person's own reviews better (lower log
  loss) than the parameters in use, as Anki does.
- The recommended retention is the one that leaves the most questions remembered at the
  horizon (the interview date, or a year) within a daily time budget, by simulating the
  person's own bank, pace and answer times with fsrs-rs-python's simulator.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import fsrs_rs_python as fsrs_rs
from fsrs.scheduler import LOWER_BOUNDS_PARAMETERS as LOWER_BOUNDS
from fsrs.scheduler import UPPER_BOUNDS_PARAMETERS as UPPER_BOUNDS

from practice.scheduling import MAX_RETENTION, MIN_RETENTION, RATINGS

MIN_REVIEWS = 400
DEFAULT_PARAMETERS: tuple[float, ...] = tuple(fsrs_rs.DEFAULT_PARAMETERS)
DAILY_MINUTES = 30  # the time budget a day that the retention recommendation assumes
RETENTION_GRID = tuple(round(0.70 + 0.01 * i, 2) for i in range(28))  # 0.70 .. 0.97
SIMULATION_SEEDS = (11, 23, 37)


@dataclass(frozen=True)
class Review:
    card: int  # the question's id: one card per question for one person
    grade: str  # again, hard, good, easy
    at: datetime


@dataclass(frozen=True)
class Fit:
    reviews: int  # reviews in the log
    items: int  # training items built from them (one per review after a card's first)
    parameters: tuple[float, ...] | None  # the fitted parameters when kept, else None
    log_loss_before: float  # of the parameters in use, on the person's own reviews
    log_loss_after: float  # of the fitted parameters, on the same reviews
    kept: bool

    @property
    def improvement(self) -> float:
        """How much lower the log loss is with the fitted parameters (positive is better)."""
        return self.log_loss_before - self.log_loss_after


class NotEnoughReviews(ValueError):
    """Fewer reviews than MIN_REVIEWS (or no card reviewed on two different days)."""


def fsrs_items(reviews: Iterable[Review], day_of: Callable[[datetime], date]) -> list[fsrs_rs.FSRSItem]:
    """The optimiser's training items: for every review after a card's first, the card's history
    up to and including it, each gap in whole days of the person's (day_of). Items whose history
    is all within one day teach the long-term model nothing and are left out, as fsrs-rs asks."""
    by_card: dict[int, list[Review]] = defaultdict(list)
    for review in reviews:
        by_card[review.card].append(review)
    items = []
    for card_reviews in by_card.values():
        card_reviews.sort(key=lambda r: r.at)
        history: list[fsrs_rs.FSRSReview] = []
        previous: date | None = None
        for review in card_reviews:
            day = day_of(review.at)
            history.append(
                fsrs_rs.FSRSReview(RATINGS[review.grade].value, 0 if previous is None else (day - previous).days)
            )
            previous = day
            if len(history) >= 2:
                item = fsrs_rs.FSRSItem(list(history))
                if item.long_term_review_cnt() > 0:
                    items.append(item)
    return items


def within_bounds(parameters: Sequence[float]) -> tuple[float, ...]:
    """The parameters clipped to the ranges the `fsrs` scheduler accepts (it refuses any other),
    since the site schedules with that package and fits with the Rust one."""
    return tuple(
        min(max(float(p), low), high) for p, low, high in zip(parameters, LOWER_BOUNDS, UPPER_BOUNDS, strict=True)
    )


def log_loss(parameters: Sequence[float], items: Sequence[fsrs_rs.FSRSItem]) -> float:
    """How well `parameters` predict the outcome of each item's last review (lower is better)."""
    return float(fsrs_rs.FSRS(list(parameters)).evaluate(list(items)).log_loss)


def fit_parameters(
    reviews: Sequence[Review],
    *,
    day_of: Callable[[datetime], date],
    current: Sequence[float] | None = None,
) -> Fit:
    """Fit FSRS to `reviews`, compared with `current` (the parameters in use; None: defaults)."""
    if len(reviews) < MIN_REVIEWS:
        raise NotEnoughReviews(f"{len(reviews)} reviews; fitting needs at least {MIN_REVIEWS}.")
    items = fsrs_items(reviews, day_of)
    if not items:
        raise NotEnoughReviews("No question was reviewed on two different days yet.")
    baseline = tuple(current) if current else DEFAULT_PARAMETERS
    fitted = within_bounds(fsrs_rs.FSRS(list(baseline)).compute_parameters(items))
    before, after = log_loss(baseline, items), log_loss(fitted, items)
    kept = after < before
    return Fit(len(reviews), len(items), fitted if kept else None, before, after, kept)


def recommend_retention(
    parameters: Sequence[float],
    *,
    questions: int,
    new_per_day: int,
    horizon_days: int,
    seconds_per_review: float,
    daily_minutes: int = DAILY_MINUTES,
) -> float:
    """The desired retention (0.70-0.97) that leaves the most questions remembered after
    `horizon_days`, when `questions` are learnt `new_per_day` at a time and a review takes
    `seconds_per_review`, within `daily_minutes` a day. Deterministic: fixed seeds."""
    defaults = fsrs_rs.default_simulator_config()
    cost = max(5.0, float(seconds_per_review))
    config = fsrs_rs.SimulatorConfig(
        deck_size=max(1, questions),
        learn_span=max(1, horizon_days),
        max_cost_perday=daily_minutes * 60.0,
        max_ivl=36500.0,
        first_rating_prob=defaults.first_rating_prob,
        review_rating_prob=defaults.review_rating_prob,
        learn_limit=max(1, new_per_day),
        review_limit=10_000,
        new_cards_ignore_review_limit=True,
        learning_step_transitions=defaults.learning_step_transitions,
        relearning_step_transitions=defaults.relearning_step_transitions,
        state_rating_costs=[[cost] * 4] * 3,
        learning_step_count=0,
        relearning_step_count=0,
    )

    def remembered(retention: float) -> float:
        runs = [fsrs_rs.simulate(list(parameters), retention, config, seed=seed) for seed in SIMULATION_SEEDS]
        return sum(run.memorized_cnt_per_day[-1] for run in runs) / len(runs)

    scores = {retention: remembered(retention) for retention in RETENTION_GRID}
    best = max(scores.values())
    # Among retentions within 1 % of the best, the lowest: as much remembered for less work.
    chosen = min(r for r, score in scores.items() if score >= best * 0.99)
    return min(max(chosen, MIN_RETENTION), MAX_RETENTION)
