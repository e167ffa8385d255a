"""What a user should practise now: due reviews first, then today's share of new questions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from accounts.models import User
from practice.models import ReviewState, ReviewStateQuerySet, StudySettings, set_aside
from questions.models import Question, QuestionQuerySet


@dataclass
class Queue:
    due: list[ReviewState]
    due_count: int
    new: list[Question]
    new_left_today: int
    due_today: int = 0  # due before the user's day ends, those due now included

    @property
    def due_later_today(self) -> int:
        return max(0, self.due_today - self.due_count)

    @property
    def questions(self) -> list[Question]:
        return [state.question for state in self.due] + self.new


def unseen_questions(user: User, now: datetime) -> QuestionQuerySet:
    """Published questions `user` has never graded and has not set aside (suspended or buried)."""
    taken = ReviewState.objects.filter(user=user, question=OuterRef("pk")).filter(Q(reps__gt=0) | set_aside(now))
    return Question.objects.published().exclude(Exists(taken))


def _count(queryset: ReviewStateQuerySet) -> Coalesce:
    """A correlated COUNT(*) of the user's review states in `queryset`, 0 when none."""
    counted = queryset.filter(user=OuterRef("pk")).order_by().values("user").annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def build_queue(user: User, now: datetime, *, limit: int = 50) -> Queue:
    """Due reviews (most overdue first), then unseen published questions up to the daily limit.

    "Today" is the user's day (accounts.days). Suspended and buried questions are in neither
    part. A fixed number of queries whatever the sizes: the figures (the daily limit, the due
    counts and today's introductions, as subqueries of the user's row), the due page and the
    new questions. Each query is a round trip; on PostgreSQL the trips cost more than the work.
    """
    day_start, day_end = user.day_clock().bounds(now)
    queued = ReviewState.objects.in_queue(now).filter(question__status=Question.Status.PUBLISHED)
    figures = (
        User.objects.filter(pk=user.pk)
        .values("pk")
        .annotate(
            new_per_day=Subquery(StudySettings.objects.filter(user=OuterRef("pk")).values("new_per_day")[:1]),
            due_now=_count(queued.filter(due__lte=now)),
            due_today=_count(queued.filter(due__lt=day_end)),
            introduced_today=_count(ReviewState.objects.seen().filter(introduced_at__gte=day_start)),
        )
        .get()
    )
    new_per_day = 10 if figures["new_per_day"] is None else figures["new_per_day"]
    due_states = ReviewState.objects.due_for(user, now)
    due = list(due_states.select_related("question", "question__category")[:limit])
    new_left = max(0, new_per_day - figures["introduced_today"])
    room = min(new_left, max(0, limit - len(due)))
    new = (
        list(
            unseen_questions(user, now)
            .select_related("category")
            .order_by("-commonly_asked", "category__position", "title")[:room]
        )
        if room
        else []
    )
    return Queue(
        due=due, due_count=figures["due_now"], new=new, new_left_today=new_left, due_today=figures["due_today"]
    )
