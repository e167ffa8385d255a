"""Signed in, / is your day: due now, new left today, streak, days to the interview, what was
left open, plans due soon and the weakest category with a one-click session. Visitors get the
page that says what the site is. The day costs the same queries however long the history."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from practice.models import Attempt, MockInterview, PracticeSession, ReviewState, StudySettings
from practice.services import record_attempt
from teams.models import Membership
from teams.services import create_plan, create_team
from tests.conftest import client_for
from tests.factories import CategoryFactory, QuestionFactory, UserFactory


def test_visitors_get_the_page_about_the_site(client, db):
    QuestionFactory()
    body = client.get("/").content.decode()
    assert "Prepare for machine-learning interviews" in body and "Your day" not in body


def test_a_new_user_is_told_where_to_start(alice):
    QuestionFactory.create_batch(3)
    body = client_for(alice).get("/").content.decode()
    assert "Your day" in body
    assert "<strong>0</strong> due now" in body and "<strong>3</strong> new left today" in body
    assert "Set your interview date" in body and "Review now" in body


def test_it_shows_what_is_due_the_streak_and_the_interview(alice):
    now = timezone.now()
    questions = QuestionFactory.create_batch(4)
    for days_ago, question in zip((2, 1, 0), questions, strict=False):
        record_attempt(
            user=alice, question=question, grade="again", answer_text="", seconds_taken=5,
            now=now - timedelta(days=days_ago, minutes=30),
        )  # fmt: skip
    ReviewState.objects.filter(user=alice).update(due=now - timedelta(minutes=1))
    # Dates in alice's days (her day starts at 04:00), not the UTC calendar's, or the test fails before 04:00.
    today = alice.day_clock().day_of(now)
    StudySettings.objects.create(user=alice, interview_date=today + timedelta(days=12), new_per_day=5)
    body = client_for(alice).get("/").content.decode()
    assert "<strong>3</strong> due now" in body
    assert "<strong>3</strong> days in a row" in body
    assert "<strong>12</strong> days to your interview" in body
    # Five a day, one of them introduced today, leaves four; but the bank holds one unseen question.
    assert "<strong>1</strong> new left today" in body


def test_continue_session_when_one_is_open_and_only_ones_own(alice, bob):
    question = QuestionFactory()
    mine = PracticeSession.objects.create(user=alice, title="Trees", question_ids=[question.pk])
    PracticeSession.objects.create(user=bob, title="Bob's own", question_ids=[question.pk])
    body = client_for(alice).get("/").content.decode()
    assert f'href="/practice/sessions/{mine.pk}/">Continue session</a>' in body
    assert "Bob&#x27;s own" not in body and "Bob's own" not in body
    mine.finished_at = timezone.now()
    mine.save()
    assert "Continue session" not in client_for(alice).get("/").content.decode()


def test_continue_an_ungraded_mock(alice):
    mock = MockInterview.objects.create(user=alice)
    assert f'href="/practice/mocks/{mock.pk}/">Continue mock interview' in client_for(alice).get("/").content.decode()


def test_plans_due_soon_and_unfinished_are_listed(alice, bob):
    now = timezone.now()
    team = create_team(user=bob, name="Cohort", now=now)
    Membership.objects.create(team=team, user=alice, role="member")
    q1, q2 = QuestionFactory(), QuestionFactory()
    today = alice.day_clock().day_of(now)  # alice's day, which starts at 04:00
    soon = create_plan(team=team, by=bob, title="Trees by Friday", due_date=today + timedelta(days=3),
                       questions=[q1, q2], now=now)  # fmt: skip
    far = today + timedelta(days=60)
    create_plan(team=team, by=bob, title="Far away", due_date=far, questions=[q1], now=now)
    # create_plan refuses a date before the site's today, which before 04:00 is after alice's.
    done = create_plan(team=team, by=bob, title="All done", due_date=max(today, timezone.localdate(now)),
                       questions=[q1], now=now)  # fmt: skip
    later = now + timedelta(seconds=1)
    record_attempt(user=alice, question=q1, grade="good", answer_text="", seconds_taken=5, now=later)
    body = client_for(alice).get("/").content.decode()
    assert "Trees by Friday" in body and "1 of 2 practised" in body and "due in 3 days" in body
    assert "Far away" not in body and done.title not in body
    assert f"/teams/{team.slug}/plans/{soon.pk}/" in body


def test_a_plan_of_another_team_is_not_shown(alice, bob):
    now = timezone.now()
    team = create_team(user=bob, name="Not alice's", now=now)
    create_plan(team=team, by=bob, title="Secret plan", due_date=now.date(), questions=[QuestionFactory()], now=now)
    assert "Secret plan" not in client_for(alice).get("/").content.decode()


def test_the_weakest_category_counts_only_what_was_practised(alice):
    now = timezone.now()
    strong, weak = CategoryFactory(name="Statistics", slug="stats"), CategoryFactory(name="Vision", slug="vision")
    CategoryFactory(name="Never practised", slug="never")
    QuestionFactory(category=CategoryFactory(slug="never-q", name="Untouched"))
    s, w = QuestionFactory(category=strong), QuestionFactory(category=weak)
    for grade, question in (("easy", s), ("again", w)):
        record_attempt(user=alice, question=question, grade=grade, answer_text="", seconds_taken=5,
                       now=now - timedelta(days=20))  # fmt: skip
    body = client_for(alice).get("/").content.decode()
    assert "Practise Vision</button>" in body
    assert '<input type="hidden" name="category" value="vision">' in body


def test_the_weakest_category_button_starts_a_session_there(alice):
    weak = CategoryFactory(slug="vision")
    question = QuestionFactory(category=weak)
    QuestionFactory()  # elsewhere
    response = client_for(alice).post("/practice/sessions/", {"category": "vision"})
    assert response.status_code == 302
    assert PracticeSession.objects.get(user=alice).question_ids == [question.pk]


def fill_history(user, rows):
    now = timezone.now()
    teacher = UserFactory()
    team = create_team(user=teacher, name=f"Team {rows}", now=now)
    Membership.objects.create(team=team, user=user, role="member")
    questions = [QuestionFactory(category=CategoryFactory()) for _ in range(rows)]
    for i, question in enumerate(questions):
        record_attempt(user=user, question=question, grade=("again", "good")[i % 2], answer_text="",
                       seconds_taken=5, now=now - timedelta(days=i % 9, hours=1))  # fmt: skip
    for i in range(0, rows, 5):
        create_plan(team=team, by=teacher, title=f"Plan {i}", due_date=now.date() + timedelta(days=i % 10),
                    questions=questions[i : i + 5], now=now)  # fmt: skip
    PracticeSession.objects.create(user=user, title="Open", question_ids=[q.pk for q in questions])
    MockInterview.objects.create(user=user)
    StudySettings.objects.create(user=user, interview_date=now.date() + timedelta(days=9))
    assert Attempt.objects.filter(user=user).count() == rows


@pytest.mark.parametrize("rows", [5, 50])
def test_the_day_costs_the_same_queries_for_a_short_and_a_long_history(alice, django_assert_num_queries, rows):
    fill_history(alice, rows)
    client = client_for(alice)
    # the session with the user and the header (due, unread, curator: one); the queue: settings,
    # the due page, the counts (due now and today, today's introductions: one); the interview date; the
    # unseen questions left; the plans, their questions, the attempts since; the streak; the open
    # session; the open mock; the weakest category; the page cache: how long the page stays true
    # (the header brings the bank's version)
    with django_assert_num_queries(14):
        response = client.get("/")
    assert response.status_code == 200 and "Continue session" in response.content.decode()
