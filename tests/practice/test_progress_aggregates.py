"""The progress page's figures come from SQL aggregates (GROUP BY category, the user's days
numbered by the database); they are what the per-row Python computation they replaced gave,
kept here as the reference, in time zones whose clocks change by an hour or by half an hour."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.db.models import Count, Q
from fsrs.scheduler import DEFAULT_PARAMETERS

from accounts.days import zone
from practice.models import Attempt, ReviewState, StudySettings
from practice.progress import (
    CALENDAR_DAYS,
    READY_AFTER_REVIEWS,
    RETENTION_WEEKS,
    WEEK,
    CategoryProgress,
    Progress,
    calendar_of,
    progress_for,
    streak_for,
    streak_of,
    weakest_practised_category,
)
from practice.scheduling import DEFAULT_RULES, StateCode, recall_probability, retrievability
from practice.services import record_attempt
from questions.models import Category, Question
from tests.factories import CategoryFactory, QuestionFactory, UserFactory

FORECAST_DAYS = 30


def reference_progress(user, now: datetime) -> Progress:
    """practice.progress.progress_for as it was before the aggregates: every seen state and a
    year of attempts read into Python, FSRS and the user's clock applied to each."""
    settings = StudySettings.objects.filter(user=user).first()
    rules = settings.rules() if settings else DEFAULT_RULES
    interview = settings.interview_date if settings else None
    clock = user.day_clock()
    today = clock.day_of(now)
    on_date = (
        datetime.combine(interview, time(9), tzinfo=zone(clock.timezone)).astimezone(UTC)
        if interview and interview >= today
        else None
    )
    totals = dict(Question.objects.published().order_by().values_list("category_id").annotate(n=Count("id")))
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
    since = clock.bounds_of(today - timedelta(days=CALENDAR_DAYS))[0]
    per_day: dict[date, int] = defaultdict(int)
    introduced = {state.question_id: state.introduced_at for state in states}
    reviews: list[tuple[date, bool]] = []
    for at, question_id, grade in Attempt.objects.filter(user=user, created_at__gte=since).values_list(
        "created_at", "question_id", "grade"
    ):
        day = clock.day_of(at)
        per_day[day] += 1
        if question_id in introduced and at > introduced[question_id]:
            reviews.append((day, grade != "again"))
    graded = Attempt.objects.filter(user=user).aggregate(
        reviews=Count("id"), recalled=Count("id", filter=~Q(grade="again"))
    )
    weeks = [[0, 0] for _ in range(RETENTION_WEEKS)]
    for day, recalled in reviews:
        back = (today - day).days // 7
        if 0 <= back < RETENTION_WEEKS:
            weeks[back][0] += 1
            weeks[back][1] += recalled
    dues = Counter(
        max(clock.day_of(max(s.due, s.buried_until or s.due)), today) for s in states if s.suspended_at is None
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
        forecast=[(today + timedelta(days=d), dues.get(today + timedelta(days=d), 0)) for d in range(FORECAST_DAYS)],
        retention_weeks=[
            (today - timedelta(days=7 * back + 6), n, ok) for back, (n, ok) in reversed(list(enumerate(weeks)))
        ],
    )


def assert_same_progress(progress: Progress, reference: Progress) -> None:
    approx = {"rel": 1e-9, "abs": 1e-15}
    assert [c.slug for c in progress.categories] == [c.slug for c in reference.categories]
    for mine, theirs in zip(progress.categories, reference.categories, strict=True):
        assert (mine.name, mine.total, mine.seen, mine.counted, mine.reviews) == (
            theirs.name, theirs.total, theirs.seen, theirs.counted, theirs.reviews,
        )  # fmt: skip
        assert mine.readiness == pytest.approx(theirs.readiness, **approx)
        if theirs.readiness_on_date is None:
            assert mine.readiness_on_date is None
        else:
            assert mine.readiness_on_date == pytest.approx(theirs.readiness_on_date, **approx)
    for name in ("seen", "total", "reviews", "recalled", "streak", "calendar", "months", "interview_date"):
        assert getattr(progress, name) == getattr(reference, name), name
    for name in ("days_to_interview", "readiness_questions", "readiness_reviews", "forecast", "retention_weeks"):
        assert getattr(progress, name) == getattr(reference, name), name
    assert [s.pk for s in progress.due_this_week] == [s.pk for s in reference.due_this_week]
    assert [s.question.slug for s in progress.due_this_week] == [s.question.slug for s in reference.due_this_week]
    assert progress.overall_readiness == pytest.approx(reference.overall_readiness, **approx)
    if reference.overall_readiness_on_date is None:
        assert progress.overall_readiness_on_date is None
    else:
        assert progress.overall_readiness_on_date == pytest.approx(reference.overall_readiness_on_date, **approx)


def a_year_of(user, questions: list[Question], now: datetime) -> None:
    """States of every kind and a year of attempts, some on the user's day boundaries."""
    clock = user.day_clock()
    today = clock.day_of(now)
    day, micro = timedelta(days=1), timedelta(microseconds=1)
    lasts = [
        now - 3 * day, now - 3 * day + micro, now - 3 * day - micro, now.replace(microsecond=0) - 2 * day,
        now + 2 * day, now - 40 * day - timedelta(hours=7), now - timedelta(minutes=5), now - 365 * day,
    ]  # fmt: skip
    stabilities = [0.4, 1.0, 3.7, 12.5, 60.0, 250.0, 0.05]
    # Due: overdue, within the week, on a day boundary (and a microsecond before), past the
    # forecast; some buried past their due, one suspended.
    starts = [clock.bounds_of(today + timedelta(days=d))[0] for d in (0, 1, 6, 7, 12, 29, 30, 31)]
    dues = [now - 10 * day, now + timedelta(hours=3), *starts, starts[3] - micro, now + 45 * day, starts[5] - micro]
    for i, question in enumerate(questions):
        if i % 7 == 6:
            continue  # never seen
        reps = (1, 2, 3, 7)[i % 4]
        last = lasts[i % len(lasts)]
        ReviewState.objects.create(
            user=user, question=question, state=StateCode.REVIEW, stability=stabilities[i % 7], difficulty=5.0,
            reps=reps, last_review=last, due=dues[i % len(dues)] + timedelta(seconds=i),
            introduced_at=now - timedelta(days=20 + 13 * i, hours=i),
            suspended_at=now - day if i % 9 == 4 else None,
            buried_until=dues[(i + 3) % len(dues)] if i % 5 == 2 else None,
        )  # fmt: skip
    boundaries = [clock.bounds_of(today - timedelta(days=d))[0] for d in range(0, CALENDAR_DAYS + 2)]
    attempts = []
    for d, start in enumerate(boundaries):
        question = questions[d % len(questions)]
        if d % 3 == 0:
            attempts.append((start, question, "good"))
        if d % 2 == 1:  # the last microsecond of the day before, however long that day was
            attempts.append((start - micro, question, "again"))
        if d % 5 == 2:
            attempts += [(start + timedelta(hours=h), question, ("easy", "hard", "again")[h % 3]) for h in (2, 9, 17)]
    attempts += [(now - timedelta(days=500), questions[0], "good"), (now + 3 * day, questions[1], "again")]
    Attempt.objects.bulk_create(Attempt(user=user, question=q, grade=g, created_at=at) for at, q, g in attempts)


@pytest.fixture
def bank(db) -> list[Question]:
    deep = CategoryFactory(slug="deep", name="Deep learning")
    vision = CategoryFactory(slug="vision", name="Vision", parent=deep)
    stats = CategoryFactory(slug="stats", name="Statistics")
    CategoryFactory(slug="empty", name="Empty")
    drafts = CategoryFactory(slug="drafts", name="Drafts")
    questions = [QuestionFactory(category=c) for c in (deep, vision, vision, stats, stats, stats) * 4]
    # Seen, but no longer published: left out everywhere.
    questions += [QuestionFactory(category=drafts, status="draft"), QuestionFactory(category=vision, status="archived")]
    return questions


# Time zones and days: clocks going forward and back by an hour, by half an hour (Lord Howe),
# a day that starts at midnight on the other side of the date line, a 45-minute offset.
CLOCKS = [
    ("UTC", 4, datetime(2026, 11, 24, 12, 0, 0, 500_000, tzinfo=UTC)),
    ("America/New_York", 4, datetime(2026, 10, 20, 7, 59, 59, tzinfo=UTC)),
    ("Europe/London", 0, datetime(2026, 3, 15, 23, 30, tzinfo=UTC)),
    ("Australia/Lord_Howe", 2, datetime(2026, 9, 20, 1, 15, 0, 123_456, tzinfo=UTC)),
    ("Pacific/Kiritimati", 0, datetime(2026, 6, 1, 10, 0, tzinfo=UTC)),
    ("Asia/Kathmandu", 23, datetime(2026, 1, 31, 18, 14, 59, 999_999, tzinfo=UTC)),
]


@pytest.mark.parametrize(("timezone", "starts_at", "now"), CLOCKS)
def test_progress_equals_the_per_row_computation_it_replaced(bank, timezone, starts_at, now):
    user = UserFactory(timezone=timezone, day_starts_at=starts_at)
    a_year_of(user, bank, now)
    for at in (now, now + timedelta(days=1), now + timedelta(days=200)):
        assert_same_progress(progress_for(user, at), reference_progress(user, at))
    assert sum(n for _, n in progress_for(user, now).forecast) > 0


def test_progress_equals_the_reference_with_an_interview_date_and_personal_parameters(bank):
    now = datetime(2026, 11, 24, 12, 0, 0, 500_000, tzinfo=UTC)
    user = UserFactory(timezone="Europe/Paris")
    parameters = list(DEFAULT_PARAMETERS)
    parameters[20] = 0.4  # a steeper decay than the default's
    StudySettings.objects.create(user=user, interview_date=date(2027, 2, 3), fsrs_parameters=parameters)
    a_year_of(user, bank, now)
    progress = progress_for(user, now)
    assert_same_progress(progress, reference_progress(user, now))
    assert progress.overall_readiness_on_date < progress.overall_readiness
    # Past the interview date there is no readiness on the day.
    later = now + timedelta(days=120)
    assert_same_progress(progress_for(user, later), reference_progress(user, later))


def test_progress_equals_the_reference_after_real_reviews(bank):
    user = UserFactory(timezone="America/Los_Angeles", day_starts_at=5)
    now = datetime(2026, 11, 3, 16, tzinfo=UTC)
    for i, question in enumerate(bank[:10]):
        for back, grade in ((60, "good"), (31 - i, "again"), (9 + i, "hard"), (2, "easy"))[: 1 + i % 4]:
            record_attempt(
                user=user, question=question, grade=grade, answer_text="", seconds_taken=5,
                now=now - timedelta(days=back, hours=i),
            )  # fmt: skip
    assert_same_progress(progress_for(user, now), reference_progress(user, now))


def test_a_user_with_nothing_yet_has_empty_progress(bank):
    user = UserFactory()
    now = datetime(2026, 11, 24, 12, tzinfo=UTC)
    progress = progress_for(user, now)
    assert_same_progress(progress, reference_progress(user, now))
    assert (progress.seen, progress.streak, progress.forecast_total) == (0, 0, 0)


def reference_streak(user, now: datetime) -> int:
    clock = user.day_clock()
    today = clock.day_of(now)
    since = clock.bounds_of(today - timedelta(days=CALENDAR_DAYS))[0]
    times = Attempt.objects.filter(user=user, created_at__gte=since).values_list("created_at", flat=True)
    return streak_of({clock.day_of(at) for at in times}, today)


def reference_weakest(user, now: datetime):
    sums: dict[tuple[str, str], list[float]] = defaultdict(list)
    for slug, name, stability, last_review in ReviewState.objects.filter(
        user=user, reps__gt=0, question__status=Question.Status.PUBLISHED
    ).values_list("question__category__slug", "question__category__name", "stability", "last_review"):
        sums[(slug, name)].append(recall_probability(stability, last_review, now))
    if not sums:
        return None
    return min(((slug, name, sum(v) / len(v), len(v)) for (slug, name), v in sums.items()), key=lambda s: (s[2], s[1]))


@pytest.mark.parametrize(("timezone", "starts_at", "now"), CLOCKS)
def test_the_streak_and_the_weakest_category_equal_the_reference(bank, timezone, starts_at, now):
    user = UserFactory(timezone=timezone, day_starts_at=starts_at)
    assert weakest_practised_category(user, now) is None and streak_for(user, now) == 0
    a_year_of(user, bank, now)
    clock = user.day_clock()
    # A run of days up to today, one attempt each, a microsecond after each day starts.
    for back in range(9):
        start = clock.bounds_of(clock.day_of(now) - timedelta(days=back))[0]
        Attempt.objects.create(user=user, question=bank[0], grade="good", created_at=start)
    for at in (now, now + timedelta(days=1), now - timedelta(days=3)):
        assert streak_for(user, at) == reference_streak(user, at)
        weakest = weakest_practised_category(user, at)
        slug, name, recall, practised = reference_weakest(user, at)
        assert (weakest.slug, weakest.name, weakest.practised) == (slug, name, practised)
        assert weakest.recall == pytest.approx(recall, rel=1e-9)
    assert streak_for(user, now) >= 9


@pytest.mark.parametrize("history", [False, True])
def test_progress_streak_and_weakest_read_the_same_queries_whatever_the_history(
    bank, django_assert_num_queries, history
):
    user = UserFactory(timezone="America/New_York")
    now = datetime(2026, 10, 20, 12, tzinfo=UTC)
    if history:
        a_year_of(user, bank, now)
    # settings, categories, states per category and forecast day, due this week, attempts per day
    with django_assert_num_queries(5):
        progress_for(user, now)
    with django_assert_num_queries(1):  # the days with attempts
        streak_for(user, now)
    with django_assert_num_queries(1):  # recall per category
        weakest_practised_category(user, now)
