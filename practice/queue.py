"""What a user should practise now: due reviews first, then today's share of new questions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from accounts.models import User
from practice.models import ReviewState, StudySettings
from questions.models import Question


@dataclass
class Queue:
    due: list[ReviewState]
    due_count: int
    new: list[Question]
    new_left_today: int

    @property
    def questions(self) -> list[Question]:
        return [state.question for state in self.due] + self.new


def start_of_day(now: datetime) -> datetime:
    return datetime.combine(now.date(), time.min, tzinfo=now.tzinfo)


def build_queue(user: User, now: datetime, *, limit: int = 50) -> Queue:
    """Due reviews (most overdue first), then unseen published questions up to the daily limit.

    A fixed number of queries whatever the sizes: settings, the due page, the due count (only
    when the page is full), today's introductions and the new questions.
    """
    new_per_day = StudySettings.objects.filter(user=user).values_list("new_per_day", flat=True).first()
    new_per_day = 10 if new_per_day is None else new_per_day
    due_states = ReviewState.objects.due_for(user, now)
    due = list(due_states.select_related("question", "question__category")[:limit])
    due_count = len(due) if len(due) < limit else due_states.count()
    introduced_today = ReviewState.objects.filter(user=user, introduced_at__gte=start_of_day(now)).count()
    new_left = max(0, new_per_day - introduced_today)
    room = min(new_left, max(0, limit - len(due)))
    new = (
        list(
            Question.objects.published()
            .exclude(review_states__user=user)
            .select_related("category")
            .order_by("-commonly_asked", "category__position", "title")[:room]
        )
        if room
        else []
    )
    return Queue(due=due, due_count=due_count, new=new, new_left_today=new_left)
