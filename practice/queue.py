"""What a user should practise now: due reviews first, then today's share of new questions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet

from accounts.compiled import MARK_ID, MARK_TIME, Compiled
from accounts.models import User
from practice.models import ReviewState, StudySettings, set_aside
from questions.models import Question, QuestionQuerySet


@dataclass
class Queue:
    due: list[ReviewState]
    due_count: int
    new: list[Question]
    new_left_today: int
    due_today: int = 0  # due before the user's day ends, those due now included
    # The next moments the clock alone changes the queue: a state falls due, a buried one comes back.
    next_due: datetime | None = None
    next_back: datetime | None = None

    @property
    def due_later_today(self) -> int:
        return max(0, self.due_today - self.due_count)

    @property
    def questions(self) -> list[Question]:
        return [state.question for state in self.due] + self.new


# Deferred in Queue.due: the page, the API and a review session read none of them.
UNREAD_STATE_FIELDS = ("state", "step", "stability", "difficulty", "last_review", "last_review_micros",
                       "introduced_at", "suspended_at", "buried_until", "category")  # fmt: skip


def clock_moments(now: datetime) -> dict[str, Min]:
    """Aggregates over a person's review states: the next moment one falls due (`next_due`) and
    the next a buried one comes back (`next_back`), the moments the clock alone changes their
    queue. The queue's counts read them, and so does the page cache when a page has not."""
    return {
        "next_due": Min("due", filter=Q(due__gt=now)),
        "next_back": Min("buried_until", filter=Q(buried_until__gt=now)),
    }


def unseen_questions(user: User, now: datetime) -> QuestionQuerySet:
    """Published questions `user` has never graded and has not set aside (suspended or buried)."""
    taken = ReviewState.objects.filter(user=user, question=OuterRef("pk")).filter(Q(reps__gt=0) | set_aside(now))
    return Question.objects.published().exclude(Exists(taken))


COUNTED = ("now", "today", "introduced", "next_due", "next_back")


def _counts(user: int, now: datetime, day_start: datetime, day_end: datetime) -> QuerySet[ReviewState, tuple[Any, ...]]:
    """Due now, due before the day ends, introduced today and the clock's next moments, in one
    pass over the user's states (a row, or none when they have no states)."""
    # What due_for counts, as a condition, so that one pass also counts today's introductions.
    queued = Q(question__status=Question.Status.PUBLISHED) & ~set_aside(now)
    return (
        ReviewState.objects.filter(user_id=user)
        .values("user_id")
        .annotate(
            now=Count("id", filter=queued & Q(due__lte=now)),
            today=Count("id", filter=queued & Q(due__lt=day_end)),
            introduced=Count("id", filter=Q(reps__gt=0, introduced_at__gte=day_start)),
            **clock_moments(now),
        )
        .values_list(*COUNTED)
        .order_by()
    )


# Compiled once: through the ORM, building the counts took longer than the database took to answer.
_COUNTS = Compiled(
    _counts,
    markers={
        "user": MARK_ID,
        "now": MARK_TIME,
        "day_start": MARK_TIME - timedelta(hours=1),
        "day_end": MARK_TIME + timedelta(hours=1),
    },
)


def build_queue(user: User, now: datetime, *, limit: int = 50) -> Queue:
    """Due reviews (most overdue first), then unseen published questions up to the daily limit.

    "Today" is the user's day (accounts.days). Suspended and buried questions are in neither
    part. A fixed number of queries whatever the sizes: settings, the due page, the counts (due
    now, due today and today's introductions, in one pass over the user's review states) and
    the new questions. The counts also bring the next moments a state falls due or comes back,
    which tell the page cache how long the page stays true (interviewprep/page_cache.py).
    """
    new_per_day = StudySettings.objects.filter(user=user).values_list("new_per_day", flat=True).first()
    new_per_day = 10 if new_per_day is None else new_per_day
    day_start, day_end = user.day_clock().bounds(now)
    # Lists of titles: the questions' content stays in the database, and of each state what the
    # readers of a queue use (when it fell due, reviews, lapses, the question), not its memory.
    due_states = ReviewState.objects.due_for(user, now).defer(
        *UNREAD_STATE_FIELDS, *(f"question__{f}" for f in Question.CONTENT_FIELDS)
    )
    due = list(due_states.select_related("question", "question__category")[:limit])
    found = _COUNTS.rows(user=user.pk, now=now, day_start=day_start, day_end=day_end)
    counts = dict(zip(COUNTED, found[0] if found else (0, 0, 0, None, None), strict=True))
    new_left = max(0, new_per_day - counts["introduced"])
    room = min(new_left, max(0, limit - len(due)))
    new = (
        list(
            unseen_questions(user, now)
            .select_related("category")
            .defer(*Question.CONTENT_FIELDS)
            .order_by("-commonly_asked", "category__position", "title")[:room]
        )
        if room
        else []
    )
    return Queue(
        due=due,
        due_count=counts["now"],
        new=new,
        new_left_today=new_left,
        due_today=counts["today"],
        next_due=counts["next_due"],
        next_back=counts["next_back"],
    )
