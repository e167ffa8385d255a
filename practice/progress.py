"""A user's progress: coverage, retention, readiness per category, streak and activity.

`progress_for` reads a fixed number of queries whatever the size of the bank or the history,
and the database does the per-row work: recall summed per category (practice.recall), the
user's days numbered (accounts.day_numbers) so attempts and due dates come back counted per
day. What is left here is arithmetic over a row per category, per day or per week.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.db.models import Aggregate, Case, Count, Exists, F, IntegerField, OuterRef, Q, Sum, Value, When
from django.db.models.functions import Coalesce, Greatest

from accounts.day_numbers import DayNumbers
from accounts.days import zone
from accounts.models import User
from practice.models import Attempt, ReviewState, StudySettings
from practice.recall import recall_at, retrievability_at
from practice.scheduling import DEFAULT_RULES
from questions.models import Category, Question

CALENDAR_DAYS = 365
WEEK = timedelta(days=7)
FORECAST_DAYS = 30
RETENTION_WEEKS = 12
# One review is a first impression, not a memory: a question counts towards readiness from its
# second review on (right after a first "good", FSRS would call it 100 % recalled).
READY_AFTER_REVIEWS = 2


@dataclass
class CategoryProgress:
    slug: str
    name: str
    total: int
    seen: int = 0
    readiness: float = 0.0  # mean retrievability now over all its questions, those not yet reviewed twice as 0
    readiness_on_date: float | None = None  # the same on the interview date, when one is set
    counted: int = 0  # questions reviewed at least READY_AFTER_REVIEWS times: the readiness rests on these
    reviews: int = 0  # the reviews behind it

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
    readiness_questions: int = 0  # questions the readiness rests on (reviewed twice or more)
    readiness_reviews: int = 0  # and their reviews
    forecast: list[tuple[date, int]] = field(default_factory=list)  # reviews falling due per day, today first
    retention_weeks: list[tuple[date, int, int]] = field(default_factory=list)  # (week start, reviews, recalled)

    @property
    def forecast_peak(self) -> int:
        return max((n for _, n in self.forecast), default=0)

    @property
    def forecast_total(self) -> int:
        return sum(n for _, n in self.forecast)

    @property
    def retention_points(self) -> str:
        """The weekly retention as an SVG polyline (weeks 56 apart), through weeks with reviews."""
        return " ".join(
            f"{i * 56},{round(110 - 110 * ok / n, 1)}" for i, (_, n, ok) in enumerate(self.retention_weeks) if n
        )

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


def retention_by_week(
    reviews: dict[date, tuple[int, int]], today: date, *, weeks: int = RETENTION_WEEKS
) -> list[tuple[date, int, int]]:
    """(first day, reviews, recalled) for each of the last `weeks` weeks of days, oldest first.
    `reviews` are (reviews, recalled) per day, of reviews proper: a question's first grade is not one."""
    totals = [[0, 0] for _ in range(weeks)]
    for day, (n, recalled) in reviews.items():
        back = (today - day).days // 7
        if 0 <= back < weeks:
            totals[back][0] += n
            totals[back][1] += recalled
    return [(today - timedelta(days=7 * back + 6), n, ok) for back, (n, ok) in reversed(list(enumerate(totals)))]


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
    """The progress page in five queries whatever the history: settings, categories with their
    published questions, review states per category and forecast day (seen, counted, recall
    summed by the database), those due this week, attempts per day and in all."""
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
    # The user's days from a year ago to the forecast's last, numbered by the database.
    first = today - timedelta(days=CALENDAR_DAYS)
    days = DayNumbers.of(clock, first, CALENDAR_DAYS + FORECAST_DAYS)

    categories = list(
        Category.objects.annotate(total=Count("questions", filter=Q(questions__status=Question.Status.PUBLISHED)))
        .filter(total__gt=0)
        .select_related("parent")
    )
    seen_states = ReviewState.objects.seen().filter(user=user, question__status=Question.Status.PUBLISHED)
    # As on the team dashboard, a question counts towards readiness from its second review on.
    ready = Q(reps__gte=READY_AFTER_REVIEWS)
    figures: dict[str, Aggregate] = {
        "seen": Count("id"),
        "counted": Count("id", filter=ready),
        "reviews": Sum("reps", filter=ready, default=0),
        "now": Sum(retrievability_at(now, parameters=rules.parameters), filter=ready, default=0.0),
    }
    if on_date:
        figures["then"] = Sum(retrievability_at(on_date, parameters=rules.parameters), filter=ready, default=0.0)
    # The forecast comes from the same pass: the states are grouped by the day they fall due on
    # too. A buried question falls due when it comes back, an overdue one today; a suspended one,
    # or one due after the forecast's last day, has no such day.
    comes_back = Greatest("due", Coalesce("buried_until", "due"), Value(clock.bounds_of(today)[0]))
    after_forecast = clock.bounds_of(today + timedelta(days=FORECAST_DAYS))[0]
    falls_due = Case(
        When(Q(suspended_at__isnull=False) | Q(comes_back__gte=after_forecast), then=Value(None)),
        default=days.number(F("comes_back")),
        output_field=IntegerField(),
    )
    per_category: dict[int, dict[str, Any]] = defaultdict(dict)
    falling_due: dict[int, int] = defaultdict(int)
    for row in (
        seen_states.alias(comes_back=comes_back)
        .annotate(falls_due=falls_due)
        .values("question__category_id", "falls_due")
        .annotate(**figures)
        .order_by()
    ):
        sums = per_category[row["question__category_id"]]
        for name in figures:
            sums[name] = sums.get(name, 0) + row[name]
        if row["falls_due"] is not None:
            falling_due[row["falls_due"]] += row["seen"]
    progress_of = []
    for category in categories:
        sums = per_category.get(category.pk, {})
        progress_of.append(
            CategoryProgress(
                slug=category.slug,
                name=str(category),
                total=category.total,
                seen=sums.get("seen", 0),
                readiness=sums.get("now", 0.0) / category.total,
                readiness_on_date=sums.get("then", 0.0) / category.total if on_date else None,
                counted=sums.get("counted", 0),
                reviews=sums.get("reviews", 0),
            )
        )
    progress_of.sort(key=lambda c: c.name)
    forecast = [(today + timedelta(days=d), falling_due.get(CALENDAR_DAYS + d, 0)) for d in range(FORECAST_DAYS)]

    due_this_week = list(
        seen_states.filter(due__lte=now + WEEK, suspended_at__isnull=True)
        .select_related("question", "question__category")
        .defer(*(f"question__{name}" for name in Question.CONTENT_FIELDS))  # a list of titles
        .order_by("due")
    )

    # Attempts per day over the year (NULL before it: those count only in the totals), apart
    # from reviews proper: grades after the question's first, of a question still seen and
    # published. Grouped by that rather than counted with it, so it is asked once per attempt.
    recalled = ~Q(grade="again")
    attempts = (
        Attempt.objects.filter(user=user)
        .annotate(
            day=days.number("created_at"),
            review=Exists(
                seen_states.filter(question=OuterRef("question_id"), introduced_at__lt=OuterRef("created_at"))
            ),
        )
        .order_by()
        .values_list("day", "review")
        .annotate(n=Count("id"), recalled=Count("id", filter=recalled))
    )
    per_day: dict[date, int] = {}
    reviews_per_day: dict[date, tuple[int, int]] = {}
    graded = graded_recalled = 0
    for number, review, n, n_recalled in attempts:
        graded += n
        graded_recalled += n_recalled
        if number is not None:
            per_day[days.day(number)] = per_day.get(days.day(number), 0) + n
            if review:
                reviews_per_day[days.day(number)] = (n, n_recalled)

    calendar, months = calendar_of(per_day, today)
    total = sum(c.total for c in progress_of)
    readiness_now = sum(sums["now"] for sums in per_category.values())
    readiness_then = sum(sums.get("then", 0.0) for sums in per_category.values())
    return Progress(
        categories=progress_of,
        seen=sum(c.seen for c in progress_of),
        total=total,
        reviews=graded,
        recalled=graded_recalled,
        streak=streak_of(set(per_day), today),
        calendar=calendar,
        months=months,
        due_this_week=due_this_week,
        interview_date=interview,
        days_to_interview=(interview - today).days if interview else None,
        overall_readiness=readiness_now / total if total else 0.0,
        overall_readiness_on_date=(readiness_then / total if total else 0.0) if on_date else None,
        readiness_questions=sum(c.counted for c in progress_of),
        readiness_reviews=sum(c.reviews for c in progress_of),
        forecast=forecast,
        retention_weeks=retention_by_week(reviews_per_day, today),
    )


def streak_for(user: User, now: datetime) -> int:
    """Days in a row with practice up to today (or yesterday, before today's first answer), in
    the user's days (accounts.days), as the progress page counts them; one query, a row a day."""
    clock = user.day_clock()
    today = clock.day_of(now)
    first = today - timedelta(days=CALENDAR_DAYS)
    days = DayNumbers.of(clock, first, CALENDAR_DAYS + 1)
    numbers = (
        Attempt.objects.filter(user=user, created_at__gte=clock.bounds_of(first)[0])
        .annotate(day=days.number("created_at"))
        .order_by()
        .values_list("day", flat=True)
        .distinct()
    )
    return streak_of({days.day(n) for n in numbers}, today)


@dataclass(frozen=True)
class CategoryStanding:
    slug: str
    name: str
    recall: float  # mean FSRS recall probability now over the questions practised
    practised: int  # how many of its questions that is


def weakest_practised_category(user: User, now: datetime) -> CategoryStanding | None:
    """The category whose practised questions `user` is least likely to recall now; categories
    never practised do not count (unseen is not weak, just unseen). One query, a row a category."""
    per_category = (
        ReviewState.objects.filter(user=user, reps__gt=0, question__status=Question.Status.PUBLISHED)
        .values_list("question__category__slug", "question__category__name")
        .annotate(recall=Sum(recall_at(now)), practised=Count("id"))
        .order_by()
    )
    standings = [CategoryStanding(slug, name, recall / n, n) for slug, name, recall, n in per_category]
    return min(standings, key=lambda s: (s.recall, s.name), default=None)
