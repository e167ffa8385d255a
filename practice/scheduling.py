"""Spaced repetition with FSRS: pure functions over plain values, no ORM, clock passed in.

A `Memory` is what the app keeps per user and question; `review()` returns the next one under
a user's `Rules` (desired retention, learning and relearning steps, personal parameters).
Fuzzing is off so that replaying the same grades at the same times always gives the same
state (the concurrency test relies on it, and so does anyone debugging a schedule).

No same-day steps by default: FSRS (and Anki) bring a new card back after 1 and 10 minutes,
which suits vocabulary, not a four-line answer about attention. Here a first grade schedules
the question a day or more ahead; a user who wants same-day steps sets them ("10m 1h").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from functools import lru_cache

from fsrs import Card, Rating, Scheduler, State
from fsrs.scheduler import DEFAULT_PARAMETERS

DEFAULT_RETENTION = 0.9
MIN_RETENTION, MAX_RETENTION = 0.7, 0.99

RATINGS = {"again": Rating.Again, "hard": Rating.Hard, "good": Rating.Good, "easy": Rating.Easy}
GRADES = tuple(RATINGS)

# Anki's default: forgotten this many times, a card is a leech.
DEFAULT_LEECH_THRESHOLD = 8
MAX_LEECH_THRESHOLD = 99

# Steps are short waits within a day, before FSRS takes over with whole days.
MAX_STEPS = 5
MAX_STEP = timedelta(hours=23)
_STEP = re.compile(r"(\d{1,4})\s*([mhd])")
_UNIT = {"m": timedelta(minutes=1), "h": timedelta(hours=1), "d": timedelta(days=1)}


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


def bury_until(now: datetime, day_end: Callable[[datetime], datetime]) -> datetime:
    """When a question buried at `now` comes back: the start of the person's next day."""
    return day_end(now)


def out_of_queues(*, suspended_at: datetime | None, buried_until: datetime | None, now: datetime) -> bool:
    """Whether a question is out of every queue at `now`: suspended, or buried until later.
    (ReviewStateQuerySet.in_queue says the same in SQL.)"""
    return suspended_at is not None or (buried_until is not None and buried_until > now)


def is_leech(lapses: int, threshold: int) -> bool:
    """Forgotten `threshold` times or more since it was learnt (lapses, as Anki counts them)."""
    return lapses >= threshold


def new_memory(now: datetime) -> Memory:
    return Memory(state=StateCode.NEW, due=now)


def parse_steps(text: str) -> tuple[timedelta, ...]:
    """Steps written as Anki shows them: "10m 1h" (minutes, hours; empty for none).

    ValueError, with a message for the person who typed it, when the text is not that."""
    text = text.strip().lower()
    if not text:
        return ()
    parts = text.replace(",", " ").split()
    steps = []
    for part in parts:
        match = _STEP.fullmatch(part)
        if not match:
            raise ValueError(f"“{part}” is not a step: write minutes or hours such as 10m or 1h.")
        step = int(match.group(1)) * _UNIT[match.group(2)]
        if not timedelta(minutes=1) <= step <= MAX_STEP:
            raise ValueError(f"“{part}”: a step is from 1 minute to 23 hours; FSRS schedules whole days itself.")
        steps.append(step)
    if len(steps) > MAX_STEPS:
        raise ValueError(f"At most {MAX_STEPS} steps.")
    return tuple(steps)


def format_steps(steps: Sequence[timedelta]) -> str:
    """The steps as parse_steps reads them back: "10m 1h"."""
    out = []
    for step in steps:
        minutes = int(step.total_seconds() // 60)
        out.append(f"{minutes // 60}h" if minutes % 60 == 0 else f"{minutes}m")
    return " ".join(out)


def format_interval(delta: timedelta) -> str:
    """A wait as a grade button shows it: 10m, 3h, 4d, 1.5mo, 2.1y."""
    seconds = max(0, delta.total_seconds())
    if seconds < 3600:
        return f"{max(1, round(seconds / 60))}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}mo"
    return f"{days / 365:.1f}y"


@dataclass(frozen=True)
class Rules:
    """How one user's questions are scheduled: their desired retention, their learning and
    relearning steps (none by default) and their FSRS parameters (None: the defaults)."""

    desired_retention: float = DEFAULT_RETENTION
    learning_steps: tuple[timedelta, ...] = ()
    relearning_steps: tuple[timedelta, ...] = ()
    parameters: tuple[float, ...] | None = field(default=None)


DEFAULT_RULES = Rules()


@lru_cache(maxsize=256)
def scheduler_for(rules: Rules) -> Scheduler:
    if not MIN_RETENTION <= rules.desired_retention <= MAX_RETENTION:
        raise ValueError(f"desired retention must be between {MIN_RETENTION} and {MAX_RETENTION}")
    return Scheduler(
        parameters=rules.parameters or DEFAULT_PARAMETERS,
        desired_retention=rules.desired_retention,
        learning_steps=rules.learning_steps,
        relearning_steps=rules.relearning_steps,
        enable_fuzzing=False,
    )


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


def review(memory: Memory, grade: str, now: datetime, *, rules: Rules = DEFAULT_RULES) -> Memory:
    """The memory after grading it `grade` (again/hard/good/easy) at `now`."""
    card, _ = scheduler_for(rules).review_card(_card(memory), RATINGS[grade], review_datetime=now)
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


def next_due(memory: Memory, now: datetime, *, rules: Rules = DEFAULT_RULES) -> dict[str, datetime]:
    """When the question comes back after each grade given at `now`; nothing is saved."""
    return {grade: review(memory, grade, now, rules=rules).due for grade in GRADES}


def recall_probability(
    stability: float | None, last_review: datetime | None, at: datetime, *, parameters: tuple[float, ...] | None = None
) -> float:
    """FSRS's forgetting curve through its public fsrs.Scheduler.get_card_retrievability (whole
    elapsed days). The team dashboard calls it for every review state; a Card is cheap to build."""
    if stability is None or last_review is None:
        return 0.0
    card = Card(card_id=1, state=State.Review, stability=stability, last_review=last_review, due=last_review)
    # The curve depends on the weights (the decay is one of them), not on the desired retention.
    scheduler = scheduler_for(Rules(parameters=parameters) if parameters else DEFAULT_RULES)
    return float(scheduler.get_card_retrievability(card, current_datetime=at))


@dataclass(frozen=True)
class RecallCurve:
    """The constants of recall_probability's curve, (1 + factor * elapsed days / stability) ** decay,
    for code that evaluates it elsewhere (practice.recall, in SQL)."""

    factor: float
    decay: float


def recall_curve(parameters: tuple[float, ...] | None = None) -> RecallCurve:
    """The curve under `parameters` (None: the defaults), as fsrs.Scheduler derives it."""
    scheduler = scheduler_for(Rules(parameters=parameters) if parameters else DEFAULT_RULES)
    # fsrs keeps these as Scheduler._DECAY and _FACTOR; the same two lines from its public parameters.
    decay = -scheduler.parameters[20]
    return RecallCurve(factor=0.9 ** (1 / decay) - 1, decay=decay)


def retrievability(memory: Memory, at: datetime, *, rules: Rules = DEFAULT_RULES) -> float:
    """Probability of recalling it at `at`; 0 for something never reviewed."""
    if memory.state == StateCode.NEW or memory.last_review is None:
        return 0.0
    if at < memory.last_review:
        return 1.0
    return recall_probability(memory.stability, memory.last_review, at, parameters=rules.parameters)


def forgetting_curve(memory: Memory, start: datetime, days: int, *, rules: Rules = DEFAULT_RULES) -> list[float]:
    """Recall probability on each of `days` days from `start` (0 while never reviewed)."""
    return [retrievability(memory, start + timedelta(days=d), rules=rules) for d in range(days)]


def replay(grades: list[tuple[str, datetime]], *, rules: Rules = DEFAULT_RULES) -> Memory:
    """The memory a sequence of (grade, time) reviews leads to, from new."""
    if not grades:
        raise ValueError("nothing to replay")
    memory = new_memory(grades[0][1])
    for grade, at in grades:
        memory = review(memory, grade, at, rules=rules)
    return memory
