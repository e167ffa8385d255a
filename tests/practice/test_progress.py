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
    grade(alice, small_bank.vit, "easy", now - timedelta(days=1))
    grade(alice, small_bank.draft, "easy", now)  # a question since unpublished: not counted
    progress = progress_for(alice, now)
    assert (progress.seen, progress.total) == (2, 3)
    assert (progress.reviews, progress.recalled) == (4, 3)
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
    # session, user, settings, totals, categories, states, calendar, retention, team plans;
    # the header: due, unread and curator in one query
    with django_assert_num_queries(10):
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
