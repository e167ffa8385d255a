"""Spaced repetition with FSRS: pure functions over plain values, no ORM, clock passed in.

A `Memory` is what the app keeps per user and question; `review()` returns the next one.
Fuzzing is off so that replaying the same grades at the same times always gives the same
state (the concurrency test relies on it, and so does anyone debugging a schedule).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from functools import lru_cache

from fsrs import Card, Rating, Scheduler, State

DEFAULT_RETENTION = 0.9
MIN_RETENTION, MAX_RETENTION = 0.7, 0.99

RATINGS = {"again": Rating.Again, "hard": Rating.Hard, "good": Rating.Good, "easy": Rating.Easy}


class StateCode:
    """The FSRS card states, as stored (fsrs.State values) and named."""

    NEW = 0  # never reviewed; not an FSRS state, our own
    LEARNING = State.Learning.value
    REVIEW = State.Review.value
    RELEARNING = State.Relearning.value
    NAMES = {NEW: "new", LEARNING: "learning", REVIEW: "review", RELEARNING: "relearning"}


@dataclass(frozen=True)
class Memory:
    state: int
    due: datetime
    step: int | None = 0
    stability: float | None = None
    difficulty: float | None = None
    last_review: datetime | None = None
    reps: int = 0
    lapses: int = 0


def new_memory(now: datetime) -> Memory:
    return Memory(state=StateCode.NEW, due=now)


@lru_cache(maxsize=32)
def scheduler_for(desired_retention: float) -> Scheduler:
    if not MIN_RETENTION <= desired_retention <= MAX_RETENTION:
        raise ValueError(f"desired retention must be between {MIN_RETENTION} and {MAX_RETENTION}")
    return Scheduler(desired_retention=desired_retention, enable_fuzzing=False)


def _card(memory: Memory) -> Card:
    if memory.state == StateCode.NEW:
        return Card(card_id=1, due=memory.due)
    return Card(
        card_id=1,
        state=State(memory.state),
        step=memory.step,
        stability=memory.stability,
        difficulty=memory.difficulty,
        due=memory.due,
        last_review=memory.last_review,
    )


def review(memory: Memory, grade: str, now: datetime, *, desired_retention: float = DEFAULT_RETENTION) -> Memory:
    """The memory after grading it `grade` (again/hard/good/easy) at `now`."""
    card, _ = scheduler_for(desired_retention).review_card(_card(memory), RATINGS[grade], review_datetime=now)
    # A lapse is forgetting something already learnt, as in Anki.
    lapsed = grade == "again" and memory.state == StateCode.REVIEW
    return replace(
        memory,
        state=card.state.value,
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
        reps=memory.reps + 1,
        lapses=memory.lapses + lapsed,
    )


def recall_probability(stability: float | None, last_review: datetime | None, at: datetime) -> float:
    """FSRS's forgetting curve through its public fsrs.Scheduler.get_card_retrievability (whole
    elapsed days). The team dashboard calls it for every review state; a Card is cheap to build."""
    if stability is None or last_review is None:
        return 0.0
    card = Card(card_id=1, state=State.Review, stability=stability, last_review=last_review, due=last_review)
    # The curve depends on the weights, not on the desired retention.
    return float(scheduler_for(DEFAULT_RETENTION).get_card_retrievability(card, current_datetime=at))


def retrievability(memory: Memory, at: datetime, *, desired_retention: float = DEFAULT_RETENTION) -> float:
    """Probability of recalling it at `at`; 0 for something never reviewed."""
    if memory.state == StateCode.NEW or memory.last_review is None:
        return 0.0
    if at < memory.last_review:
        return 1.0
    return recall_probability(memory.stability, memory.last_review, at)


def replay(grades: list[tuple[str, datetime]], *, desired_retention: float = DEFAULT_RETENTION) -> Memory:
    """The memory a sequence of (grade, time) reviews leads to, from new."""
    if not grades:
        raise ValueError("nothing to replay")
    memory = new_memory(grades[0][1])
    for grade, at in grades:
        memory = review(memory, grade, at, desired_retention=desired_retention)
    return memory
