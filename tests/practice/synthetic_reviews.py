"""Review logs of a made-up person whose memory follows known FSRS parameters, for the fitting
tests: each review is recalled with the probability those parameters give, and the questions are
scheduled as the site schedules them (default rules), with whole-day gaps. Deterministic per seed."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from fsrs import Card, Rating, Scheduler

from practice.fitting import DEFAULT_PARAMETERS, Review

START = datetime(2025, 1, 6, 9, tzinfo=UTC)

# A person who forgets a new answer much sooner than FSRS's defaults assume, and whose memory
# decays with another shape (w20): the kind of difference fitting is for.
TRUE_PARAMETERS = list(DEFAULT_PARAMETERS)
TRUE_PARAMETERS[0:4] = [0.1, 0.5, 1.0, 4.0]
TRUE_PARAMETERS[8] = 1.2
TRUE_PARAMETERS[20] = 0.3


def review_log(questions: int, *, seed: int, days: int = 365, first_id: int = 1) -> list[Review]:
    rng = random.Random(seed)
    truth = Scheduler(parameters=TRUE_PARAMETERS, learning_steps=(), relearning_steps=(), enable_fuzzing=False)
    site = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)  # as the site schedules
    end = START + timedelta(days=days)
    log = []
    for card in range(first_id, first_id + questions):
        at = START + timedelta(days=rng.randrange(days // 2))
        memory, schedule, first = Card(card_id=card, due=at), Card(card_id=card, due=at), True
        while at < end:
            if first:
                rating = rng.choices([1, 2, 3, 4], [0.2, 0.15, 0.55, 0.1])[0]
            elif rng.random() > truth.get_card_retrievability(memory, at):
                rating = 1
            else:
                rating = rng.choices([2, 3, 4], [0.15, 0.75, 0.1])[0]
            log.append(Review(card=card, grade=Rating(rating).name.lower(), at=at))
            memory, _ = truth.review_card(memory, Rating(rating), at)
            schedule, _ = site.review_card(schedule, Rating(rating), at)
            at, first = schedule.due, False
    return log
