"""A user's progress: coverage, retention, readiness per category, streak and activity.

`progress_for` reads a fixed number of queries whatever the size of the bank or the history;
the rest is arithmetic here (and FSRS retrievability in practice.scheduling).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import Count, Q

from accounts.days import zone
from accounts.models import User
from practice.models import Attempt, ReviewState, StudySettings
from practice.scheduling import DEFAULT_RULES, recall_probability, retrievability
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


def forecast_of(dues: list[datetime], day_of: Callable[[datetime], date], today: date) -> list[tuple[date, int]]:
    """Reviews falling due on each of the next FORECAST_DAYS days (overdue ones count today)."""
    counts = Counter(max(day_of(due), today) for due in dues)
    return [(today + timedelta(days=d), counts.get(today + timedelta(days=d), 0)) for d in range(FORECAST_DAYS)]


def retention_by_week(
    reviews: list[tuple[date, bool]], today: date, *, weeks: int = RETENTION_WEEKS
) -> list[tuple[date, int, int]]:
    """(first day, reviews, recalled) for each of the last `weeks` weeks of days, oldest first.
    `reviews` are (day, recalled) of reviews proper: a question's first grade is not one."""
    totals = [[0, 0] for _ in range(weeks)]
    for day, recalled in reviews:
        back = (today - day).days // 7
        if 0 <= back < weeks:
            totals[back][0] += 1
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
    counted: dict[int, int] = defaultdict(int)
    behind: dict[int, int] = defaultdict(int)
    for state in states:
        memory = state.memory()
        category = state.question.category_id
        seen[category] += 1
        if state.reps < READY_AFTER_REVIEWS:
            continue
        counted[category] += 1
        behind[category] += state.reps
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
                counted=counted[pk],
                reviews=behind[pk],
            )
            for pk, total in totals.items()
        ),
        key=lambda c: c.name,
    )

    # Days are the user's (accounts.days), so the times come back and are counted here: a
    # year of attempts is a few thousand timestamps at most.
    since = clock.bounds_of(today - timedelta(days=CALENDAR_DAYS))[0]
    per_day: dict[date, int] = defaultdict(int)
    introduced = {state.question_id: state.introduced_at for state in states}
    reviews: list[tuple[date, bool]] = []
    attempts = Attempt.objects.filter(user=user, created_at__gte=since).values_list(
        "created_at", "question_id", "grade"
    )
    for at, question_id, grade in attempts:
        day = clock.day_of(at)
        per_day[day] += 1
        if question_id in introduced and at > introduced[question_id]:
            reviews.append((day, grade != "again"))
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
        due_this_week=[s for s in states if s.due <= now + WEEK and s.suspended_at is None],
        interview_date=interview,
        days_to_interview=(interview - today).days if interview else None,
        overall_readiness=sum(readiness_now.values()) / total if total else 0.0,
        overall_readiness_on_date=(sum(readiness_then.values()) / total if total else 0.0) if on_date else None,
        readiness_questions=sum(counted.values()),
        readiness_reviews=sum(behind.values()),
        forecast=forecast_of(
            [max(s.due, s.buried_until or s.due) for s in states if s.suspended_at is None], clock.day_of, today
        ),
        retention_weeks=retention_by_week(reviews, today),
    )


def streak_for(user: User, now: datetime) -> int:
    """Days in a row with practice up to today (or yesterday, before today's first answer), in
    the user's days (accounts.days), as the progress page counts them; one query."""
    clock = user.day_clock()
    today = clock.day_of(now)
    since = clock.bounds_of(today - timedelta(days=CALENDAR_DAYS))[0]
    times = Attempt.objects.filter(user=user, created_at__gte=since).values_list("created_at", flat=True)
    return streak_of({clock.day_of(at) for at in times}, today)


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
