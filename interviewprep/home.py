"""A signed-in person's day, for the home page: what is due, what is new, how the streak and
the interview date stand, what was left open, which team plans are due soon and which
category is weakest. It reads practice and teams, so it lives here.

A fixed number of queries whatever the history: the queue's (settings, due, counts, today's
introductions, one new question), the unseen questions left (up to today's share), settings
again for the interview date, the streak, the open
session, the open mock, the plans (plans, their questions, the attempts since), the weakest
category.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from accounts.models import User
from practice.models import MockInterview, PracticeSession, StudySettings
from practice.progress import CategoryStanding, streak_for, weakest_practised_category
from practice.queue import build_queue, unseen_questions
from teams.models import StudyPlan
from teams.services import plan_progress_for

# Plans due within this many days (or overdue) and not yet finished are on the home page.
PLANS_AHEAD = timedelta(days=14)


@dataclass
class PlanDue:
    plan: StudyPlan
    done: int
    total: int
    days_left: int


@dataclass
class Day:
    due_now: int
    new_left_today: int
    streak: int
    interview_date: date | None
    days_to_interview: int | None
    open_session: PracticeSession | None
    open_mock: MockInterview | None
    weakest: CategoryStanding | None
    plans: list[PlanDue] = field(default_factory=list)

    @property
    def nothing_to_do(self) -> bool:
        return not (self.due_now or self.new_left_today or self.open_session or self.open_mock or self.plans)


def day_for(user: User, now: datetime) -> Day:
    queue = build_queue(user, now, limit=1)
    interview = StudySettings.objects.filter(user=user).values_list("interview_date", flat=True).first()
    today = user.day_clock().day_of(now)
    # Today's share of new questions, but never more than the bank still holds unseen.
    unseen = unseen_questions(user, now)[: queue.new_left_today].count() if queue.new_left_today else 0
    plans = [
        PlanDue(plan, done, total, (plan.due_date - today).days)
        for plan, done, total in plan_progress_for(user)
        if done < total and plan.due_date <= today + PLANS_AHEAD
    ]
    return Day(
        due_now=queue.due_count,
        new_left_today=min(queue.new_left_today, unseen),
        streak=streak_for(user, now),
        interview_date=interview,
        days_to_interview=(interview - today).days if interview and interview >= today else None,
        open_session=PracticeSession.objects.filter(user=user, finished_at=None).order_by("-created_at").first(),
        open_mock=MockInterview.objects.filter(user=user, graded_at=None).order_by("-created_at").first(),
        weakest=weakest_practised_category(user, now),
        plans=plans,
    )
