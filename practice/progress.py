"""A user's progress: coverage, retention, readiness per category, streak and activity.

`progress_for` reads a fixed number of queries whatever the size of the bank or the history;
the rest is arithmetic here (and FSRS retrievability in practice.scheduling).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncDate

from accounts.models import User
from practice.models import Attempt, ReviewState, StudySettings
from practice.scheduling import DEFAULT_RETENTION, recall_probability, retrievability
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
    retention_target = settings.desired_retention if settings else DEFAULT_RETENTION
    interview = settings.interview_date if settings else None
    on_date = datetime.combine(interview, time(9), tzinfo=now.tzinfo) if interview and interview >= now.date() else None

    published = Question.objects.published()
    totals = dict(published.order_by().values_list("category_id").annotate(n=Count("id")))
    names = {c.pk: c for c in Category.objects.filter(pk__in=totals).select_related("parent")}
    states = list(
        ReviewState.objects.filter(user=user, question__status=Question.Status.PUBLISHED)
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
        readiness_now[category] += retrievability(memory, now, desired_retention=retention_target)
        if on_date:
            readiness_then[category] += retrievability(memory, on_date, desired_retention=retention_target)

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

    since = now - timedelta(days=CALENDAR_DAYS)
    per_day = dict(
        Attempt.objects.filter(user=user, created_at__gte=since)
        .annotate(day=TruncDate("created_at"))
        .order_by()
        .values_list("day")
        .annotate(n=Count("id"))
    )
    graded = Attempt.objects.filter(user=user).aggregate(
        reviews=Count("id"), recalled=Count("id", filter=~Q(grade="again"))
    )
    calendar, months = calendar_of(per_day, now.date())
    total = sum(totals.values())
    return Progress(
        categories=categories,
        seen=len(states),
        total=total,
        reviews=graded["reviews"],
        recalled=graded["recalled"],
        streak=streak_of({d for d, n in per_day.items() if n}, now.date()),
        calendar=calendar,
        months=months,
        due_this_week=[s for s in states if s.due <= now + WEEK],
        interview_date=interview,
        days_to_interview=(interview - now.date()).days if interview else None,
        overall_readiness=sum(readiness_now.values()) / total if total else 0.0,
        overall_readiness_on_date=(sum(readiness_then.values()) / total if total else 0.0) if on_date else None,
    )


def streak_for(user: User, now: datetime) -> int:
    """Days in a row with practice up to today (or yesterday, before today's first answer); one query."""
    days = set(
        Attempt.objects.filter(user=user, created_at__gte=now - timedelta(days=CALENDAR_DAYS))
        .annotate(day=TruncDate("created_at"))
        .order_by()
        .values_list("day", flat=True)
        .distinct()
    )
    return streak_of(days, now.date())


@dataclass(frozen=True)
class CategoryStanding:
    slug: str
    name: str
    recall: float  # mean FSRS recall probability now over the questions practised
    practised: int  # how many of its questions that is


def weakest_practised_category(user: User, now: datetime) -> CategoryStanding | None:
    """The category whose practised questions `user` is least likely to recall now; categories
    never practised do not count (unseen is not weak, just unseen). One query."""
    sums: dict[tuple[str, str], list[float]] = defaultdict(list)
    states = ReviewState.objects.filter(user=user, reps__gt=0, question__status=Question.Status.PUBLISHED).values_list(
        "question__category__slug", "question__category__name", "stability", "last_review"
    )
    for slug, name, stability, last_review in states.iterator(chunk_size=2000):
        sums[(slug, name)].append(recall_probability(stability, last_review, now))
    if not sums:
        return None
    standings = [CategoryStanding(slug, name, sum(v) / len(v), len(v)) for (slug, name), v in sums.items()]
    return min(standings, key=lambda s: (s.recall, s.name))
