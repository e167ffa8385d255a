"""A user's progress: coverage, retention, readiness per category, streak and activity.

`progress_for` reads a fixed number of queries whatever the size of the bank or the history;
the rest is arithmetic here (and FSRS retrievability in practice.scheduling).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import Count, Q

from accounts.days import zone
from accounts.models import User
from practice.models import Attempt, ReviewState, StudySettings
from practice.scheduling import DEFAULT_RULES, retrievability
from questions.models import Category, Question

CALENDAR_DAYS = 365
WEEK = timedelta(days=7)


@dataclass
class CategoryProgress:
    slug: str
    name: str
    total: int
    seen: int = 0
    readiness: float = 0.0  # mean retrievability now over all its questions, unseen as 0
    readiness_on_date: float | None = None  # the same on the interview date, when one is set

    @property
    def seen_share(self) -> float:
        return self.seen / self.total if self.total else 0.0


@dataclass
class CalendarDay:
    day: date
    count: int
    level: int  # 0-4, for the colour
    x: int
    y: int


@dataclass
class Progress:
    categories: list[CategoryProgress]
    seen: int
    total: int
    reviews: int
    recalled: int
    streak: int
    calendar: list[CalendarDay]
    due_this_week: list[ReviewState]
    interview_date: date | None
    days_to_interview: int | None
    overall_readiness: float
    overall_readiness_on_date: float | None = None
    months: list[tuple[int, str]] = field(default_factory=list)

    @property
    def retention(self) -> float | None:
        """Share of reviews recalled (graded hard, good or easy)."""
        return self.recalled / self.reviews if self.reviews else None


def streak_of(days: set[date], today: date) -> int:
    """Consecutive days with practice, ending today (or yesterday, if today has none yet)."""
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


def calendar_of(per_day: dict[date, int], today: date) -> tuple[list[CalendarDay], list[tuple[int, str]]]:
    """A year of days laid out in week columns (Monday on top), with a level per day."""
    first = today - timedelta(days=CALENDAR_DAYS - 1)
    start = first - timedelta(days=first.weekday())
    busiest = max(per_day.values(), default=0)
    cells, months = [], []
    for offset in range((today - start).days + 1):
        day = start + timedelta(days=offset)
        if day < first:
            continue
        count = per_day.get(day, 0)
        level = 0 if count == 0 else min(4, 1 + (3 * count) // max(busiest, 1))
        week = offset // 7
        cells.append(CalendarDay(day, count, level, x=week, y=day.weekday()))
        if day.day == 1:
            months.append((week, day.strftime("%b")))
    return cells, months


def progress_for(user: User, now: datetime) -> Progress:
    settings = StudySettings.objects.filter(user=user).first()
    rules = settings.rules() if settings else DEFAULT_RULES
    interview = settings.interview_date if settings else None
    clock = user.day_clock()
    today = clock.day_of(now)
    # Readiness "on the day" is read at 09:00 the user's time.
    on_date = (
        datetime.combine(interview, time(9), tzinfo=zone(clock.timezone)).astimezone(UTC)
        if interview and interview >= today
        else None
    )

    published = Question.objects.published()
    totals = dict(published.order_by().values_list("category_id").annotate(n=Count("id")))
    names = {c.pk: c for c in Category.objects.filter(pk__in=totals).select_related("parent")}
    states = list(
        ReviewState.objects.seen()
        .filter(user=user, question__status=Question.Status.PUBLISHED)
        .select_related("question", "question__category")
        .order_by("due")
    )

    readiness_now: dict[int, float] = defaultdict(float)
    readiness_then: dict[int, float] = defaultdict(float)
    seen: dict[int, int] = defaultdict(int)
    for state in states:
        memory = state.memory()
        category = state.question.category_id
        seen[category] += 1
        readiness_now[category] += retrievability(memory, now, rules=rules)
        if on_date:
            readiness_then[category] += retrievability(memory, on_date, rules=rules)

    categories = sorted(
        (
            CategoryProgress(
                slug=names[pk].slug,
                name=str(names[pk]),
                total=total,
                seen=seen[pk],
                readiness=readiness_now[pk] / total,
                readiness_on_date=readiness_then[pk] / total if on_date else None,
            )
            for pk, total in totals.items()
        ),
        key=lambda c: c.name,
    )

    # Days are the user's (accounts.days), so the times come back and are counted here: a
    # year of attempts is a few thousand timestamps at most.
    since = clock.bounds_of(today - timedelta(days=CALENDAR_DAYS))[0]
    per_day: dict[date, int] = defaultdict(int)
    for at in Attempt.objects.filter(user=user, created_at__gte=since).values_list("created_at", flat=True):
        per_day[clock.day_of(at)] += 1
    graded = Attempt.objects.filter(user=user).aggregate(
        reviews=Count("id"), recalled=Count("id", filter=~Q(grade="again"))
    )
    calendar, months = calendar_of(per_day, today)
    total = sum(totals.values())
    return Progress(
        categories=categories,
        seen=len(states),
        total=total,
        reviews=graded["reviews"],
        recalled=graded["recalled"],
        streak=streak_of({d for d, n in per_day.items() if n}, today),
        calendar=calendar,
        months=months,
        due_this_week=[s for s in states if s.due <= now + WEEK],
        interview_date=interview,
        days_to_interview=(interview - today).days if interview else None,
        overall_readiness=sum(readiness_now.values()) / total if total else 0.0,
        overall_readiness_on_date=(sum(readiness_then.values()) / total if total else 0.0) if on_date else None,
    )
