"""Where a user stands with each question: new, seen, due or mastered, and the order a practice
session takes a set of questions in. The one place that says what "mastered" means.

The marks come from the user's review state joined onto the question query itself (one LEFT
JOIN on the unique (user, question) index), so a list of any length costs no extra query.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from django.db.models import Case, CharField, F, FilteredRelation, Q, Value, When

from accounts.models import User
from questions.models import QuestionQuerySet

# FSRS stability is the number of days after which recall drops to 90 %: three weeks means the
# question survives the gap between a first screen and an onsite without a review.
MASTERED_STABILITY_DAYS = 21.0


class Mark(StrEnum):
    NEW = "new"  # never graded
    SEEN = "seen"  # graded, not due yet, not mastered
    DUE = "due"  # graded and due for review now
    MASTERED = "mastered"  # graded, not due, stability of MASTERED_STABILITY_DAYS or more


def with_review_of(questions: QuestionQuerySet, user: User, now: datetime) -> QuestionQuerySet:
    """`questions` with `user`'s review state joined in the same query: my_reps, my_due,
    my_stability and my_last_review (None for questions never graded), and my_mark, the Mark."""
    return questions.annotate(
        mine=FilteredRelation("review_states", condition=Q(review_states__user=user)),
        my_reps=F("mine__reps"),
        my_due=F("mine__due"),
        my_stability=F("mine__stability"),
        my_last_review=F("mine__last_review"),
        my_mark=Case(
            When(Q(mine__reps__isnull=True) | Q(mine__reps=0), then=Value(Mark.NEW.value)),
            When(mine__due__lte=now, then=Value(Mark.DUE.value)),
            When(mine__stability__gte=MASTERED_STABILITY_DAYS, then=Value(Mark.MASTERED.value)),
            default=Value(Mark.SEEN.value),
            output_field=CharField(),
        ),
    )


def least_recently_practised(questions: QuestionQuerySet) -> QuestionQuerySet:
    """Practised questions oldest review first, then those never practised; needs with_review_of."""
    return questions.order_by(F("my_last_review").asc(nulls_last=True), "title")


def only_unseen(questions: QuestionQuerySet) -> QuestionQuerySet:
    """The questions never graded; needs with_review_of."""
    return questions.filter(my_mark=Mark.NEW.value)  # type: ignore[misc]  # an annotation


def session_order(questions: Sequence[Any], now: datetime, *, rng: random.Random) -> list[Any]:
    """The order a session takes with_review_of questions in when the list was not sorted on purpose:
    what is due (most overdue first), then questions never seen (shuffled, so two sessions over
    the same filter do not start alike, and commonly asked ones first), then the rest, the least
    recently reviewed first, and mastered questions last."""
    far = now + timedelta(days=36500)
    due = sorted((q for q in questions if q.my_mark == Mark.DUE), key=lambda q: q.my_due)
    new = [q for q in questions if q.my_mark == Mark.NEW]
    rng.shuffle(new)
    new.sort(key=lambda q: not q.commonly_asked)  # stable: the shuffle holds within each group
    rest = sorted(
        (q for q in questions if q.my_mark in (Mark.SEEN, Mark.MASTERED)),
        key=lambda q: (q.my_mark == Mark.MASTERED, q.my_last_review or far),
    )
    return [*due, *new, *rest]
