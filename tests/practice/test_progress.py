from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from practice.models import StudySettings
from practice.progress import calendar_of, progress_for, streak_of
from practice.services import record_attempt
from tests.factories import CategoryFactory, QuestionFactory

TODAY = date(2026, 11, 24)


def test_a_streak_counts_back_from_today_or_yesterday():
    days = {TODAY, TODAY - timedelta(days=1), TODAY - timedelta(days=2), TODAY - timedelta(days=5)}
    assert streak_of(days, TODAY) == 3
    assert streak_of(days - {TODAY}, TODAY) == 2  # today not practised yet: the streak is not lost
    assert streak_of({TODAY - timedelta(days=3)}, TODAY) == 0


def test_the_calendar_covers_a_year_in_week_columns():
    cells, months = calendar_of({TODAY: 9, TODAY - timedelta(days=1): 1}, TODAY)
    assert len(cells) == 365
    assert cells[-1].day == TODAY and cells[-1].level == 4 and cells[-1].y == TODAY.weekday()
    assert cells[-2].level == 1 and cells[0].level == 0
    assert len(months) in (11, 12, 13)


def grade(user, question, g, when):
    record_attempt(user=user, question=question, grade=g, answer_text="", seconds_taken=3, now=when)


@pytest.mark.django_db
def test_progress_counts_seen_retention_and_readiness(alice, small_bank):
    now = datetime(2026, 11, 24, 12, tzinfo=UTC)
    # FSRS counts elapsed time in whole days, so the reviews are days apart.
    grade(alice, small_bank.bayes, "good", now - timedelta(days=6))
    grade(alice, small_bank.bayes, "again", now - timedelta(days=3))
    grade(alice, small_bank.vit, "easy", now - timedelta(days=5))
    grade(alice, small_bank.vit, "easy", now - timedelta(days=1))
    grade(alice, small_bank.draft, "easy", now)  # a question since unpublished: not counted
    progress = progress_for(alice, now)
    assert (progress.seen, progress.total) == (2, 3)
    assert (progress.reviews, progress.recalled) == (5, 4)
    assert progress.streak == 2
    by_slug = {c.slug: c for c in progress.categories}
    assert (by_slug["statistics"].seen, by_slug["statistics"].total) == (1, 1)
    assert 0 < by_slug["statistics"].readiness < 1
    assert by_slug["deep-learning"].readiness == 0  # its only published question is unseen
    assert by_slug["vision"].readiness > by_slug["statistics"].readiness  # easy recently vs a lapse
    assert progress.overall_readiness_on_date is None


@pytest.mark.django_db
def test_readiness_on_the_interview_date_is_lower_than_now(alice, small_bank):
    now = datetime(2026, 11, 24, 12, tzinfo=UTC)
    StudySettings.objects.create(user=alice, interview_date=date(2027, 1, 20))
    grade(alice, small_bank.vit, "good", now - timedelta(days=4))
    grade(alice, small_bank.vit, "good", now - timedelta(days=1))
    progress = progress_for(alice, now)
    vision = next(c for c in progress.categories if c.slug == "vision")
    assert vision.readiness_on_date < vision.readiness
    assert progress.days_to_interview == 57


@pytest.mark.django_db
def test_progress_never_mixes_users(alice, bob, small_bank):
    grade(bob, small_bank.bayes, "good", timezone.now())
    progress = progress_for(alice, timezone.now())
    assert (progress.seen, progress.reviews) == (0, 0)


def test_the_page_draws_its_charts_without_javascript(alice_client, alice, small_bank):
    grade(alice, small_bank.bayes, "good", timezone.now())
    body = alice_client.get("/practice/progress/").content.decode()
    assert 'class="chart readiness"' in body and 'class="chart calendar"' in body
    assert "1 of 3 questions seen" in body.replace("<strong>", "").replace("</strong>", "")


def test_the_page_is_for_signed_in_users(client, db):
    assert client.get("/practice/progress/").status_code == 302


@pytest.mark.parametrize("rows", [5, 50])
def test_the_dashboard_runs_the_same_queries_for_5_or_50_questions(db, alice, django_assert_num_queries, rows):
    categories = [CategoryFactory() for _ in range(3)]
    now = timezone.now()
    for i in range(rows):
        grade(alice, QuestionFactory(category=categories[i % 3]), "good", now - timedelta(days=i % 20))
    client = Client()
    client.force_login(alice)
    # the session with the user and the header (due, unread, curator); progress_for's five: settings,
    # categories with their published counts, review states per category and forecast day, those
    # due this week, attempts per day (with reviews and the totals); team plans; the page cache:
    # how long the page stays true (the header brings the bank's version)
    with django_assert_num_queries(8):
        assert client.get("/practice/progress/").status_code == 200


def test_the_calendar_fits_its_last_column_and_month_label(alice_client):
    import re

    body = alice_client.get("/practice/progress/").content.decode()
    svg = body.split('class="chart calendar"')[1].split("</svg>")[0]
    width = int(re.search(r'viewBox="0 0 (\d+) ', svg).group(1))
    cells = [int(x) for x in re.findall(r'<rect x="(\d+)"', svg)]
    labels = [int(x) for x in re.findall(r'<text x="(\d+)"', svg)]
    assert max(cells) + 11 <= width
    # A three-letter month name at the label size is about 22 units wide.
    assert max(labels) + 22 <= width
    # Whatever the date, a year spans at most 53 week columns, 13 apart from x=20.
    for today in (date(2026, 12, 31), date(2027, 1, 1), date(2028, 12, 31)):
        cells_then, months_then = calendar_of({}, today)
        assert max(c.x for c in cells_then) <= 52
        assert max(week for week, _ in months_then) * 13 + 20 + 22 <= width


@pytest.mark.django_db
def test_readiness_waits_for_a_second_review_and_says_how_many_it_rests_on(alice, small_bank):
    now = datetime(2026, 11, 24, 12, tzinfo=UTC)
    for question in (small_bank.bayes, small_bank.vit, small_bank.convolution):
        grade(alice, question, "good", now - timedelta(minutes=10))
    first_impressions = progress_for(alice, now)
    assert first_impressions.overall_readiness == 0 and first_impressions.readiness_questions == 0
    grade(alice, small_bank.bayes, "good", now + timedelta(days=2))
    later = progress_for(alice, now + timedelta(days=2, hours=1))
    assert later.readiness_questions == 1 and later.readiness_reviews == 2
    assert 0 < later.overall_readiness <= 1 / 3


def test_readiness_is_shown_with_the_reviews_behind_it(alice_client, alice, small_bank):
    now = timezone.now()
    grade(alice, small_bank.bayes, "good", now)
    body = alice_client.get("/practice/progress/").content.decode()
    assert "after its second review" in body
    grade(alice, small_bank.bayes, "good", now + timedelta(seconds=1))
    body = alice_client.get("/practice/progress/").content.decode().replace("<strong>", "").replace("</strong>", "")
    assert "from 2 reviews of 1 question" in body


@pytest.mark.django_db
def test_the_forecast_counts_what_falls_due_each_day_in_the_users_days(alice, small_bank):
    now = datetime(2026, 11, 24, 12, tzinfo=UTC)
    grade(alice, small_bank.bayes, "again", now - timedelta(days=10))  # overdue: counted today
    grade(alice, small_bank.vit, "good", now)
    suspended = QuestionFactory(category=small_bank.stats)
    grade(alice, suspended, "again", now - timedelta(days=10))
    from practice.services import suspend_question

    suspend_question(user=alice, question=suspended, now=now)
    progress = progress_for(alice, now)
    assert len(progress.forecast) == 30 and progress.forecast[0] == (date(2026, 11, 24), 1)
    assert sum(n for _, n in progress.forecast) == 2
    vit_due = alice.day_clock().day_of(alice.review_states.get(question=small_bank.vit).due)
    assert dict(progress.forecast)[vit_due] == 1


@pytest.mark.django_db
def test_retention_over_time_counts_reviews_not_first_grades(alice, small_bank):
    now = datetime(2026, 11, 24, 12, tzinfo=UTC)
    grade(alice, small_bank.bayes, "again", now - timedelta(days=30))  # a first grade: not a review
    grade(alice, small_bank.bayes, "good", now - timedelta(days=20))
    grade(alice, small_bank.bayes, "again", now - timedelta(days=2))
    grade(alice, small_bank.bayes, "good", now - timedelta(days=1))
    weeks = progress_for(alice, now).retention_weeks
    assert len(weeks) == 12 and weeks[-1][0] == date(2026, 11, 18)
    assert weeks[-1][1:] == (2, 1)
    assert sum(n for _, n, _ in weeks) == 3


def test_the_page_draws_the_forecast_retention_and_the_question_page_its_forgetting_curve(
    alice_client, alice, small_bank
):
    now = timezone.now()
    grade(alice, small_bank.bayes, "good", now - timedelta(days=9))
    grade(alice, small_bank.bayes, "good", now - timedelta(days=2))
    body = alice_client.get("/practice/progress/").content.decode()
    assert 'class="chart forecast"' in body and 'class="chart retention"' in body
    page = alice_client.get("/questions/bayes-rule/").content.decode()
    assert 'class="chart curve"' in page and "<polyline points=" in page
    assert 'class="chart curve"' not in alice_client.get("/questions/vision-transformer/").content.decode()
