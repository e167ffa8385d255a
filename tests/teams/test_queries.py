"""The coach's pages and endpoints read a fixed number of queries, whatever the team's size."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from practice.services import record_attempt
from teams.models import Membership
from teams.services import create_plan, create_team
from tests.factories import QuestionFactory, UserFactory

NOW = timezone.now


def big_team(size: int):
    """An owner and size - 1 members who each practised one question, with two plans (one for chosen members)."""
    owner = UserFactory()
    team = create_team(user=owner, name="Big", now=NOW())
    questions = [QuestionFactory() for _ in range(10)]
    users = []
    for i in range(size - 1):
        user = UserFactory(display_name=f"Member {i}")
        users.append(user)
        Membership.objects.create(team=team, user=user)
        record_attempt(user=user, question=questions[i % 10], grade="good", answer_text="", seconds_taken=1, now=NOW())
    create_plan(team=team, by=owner, title="All", due_date=date(2030, 12, 1), questions=questions[:3], now=NOW())
    create_plan(
        team=team, by=owner, title="Some", due_date=date(2030, 12, 1), questions=questions[3:5], members=users[:5],
        now=NOW(),
    )  # fmt: skip
    client = Client()
    client.force_login(owner)
    return team, owner, users, client


# Every query of one dashboard request, in order, for any team size:
#  1 the session with the user and the header's due, unread and curator (practice/signed_in.py)
#  2 the access check: the caller's membership with the team
#  3 the roster: memberships with each member's name and their figures aggregated over their
#    attempts joined in
#  4 plans, 5 plan scope (questions UNION members), 6 plan progress (attempts on plan questions)
#  7 categories with their published counts, 8 the members' review states per category (seen,
#    recall summed, due)
DASHBOARD_PAGE = 8


@pytest.mark.parametrize("size", [20, 200])
def test_the_dashboard_page_for_200_members_is_eight_queries(db, django_assert_num_queries, size):
    team, _, _, client = big_team(size)
    with django_assert_num_queries(DASHBOARD_PAGE):
        response = client.get(f"/teams/{team.slug}/dashboard/")
    assert response.status_code == 200
    assert len(response.context["data"].rows) == size


def test_the_dashboard_page_stays_within_the_issues_ten(db, django_assert_max_num_queries):
    team, _, _, client = big_team(200)
    with django_assert_max_num_queries(10):
        assert client.get(f"/teams/{team.slug}/dashboard/").status_code == 200


def test_the_csv_export_built_in_the_request_is_ten_queries(
    db, settings, django_assert_max_num_queries, django_assert_num_queries
):
    settings.EXPORT_INLINE_MAX_MEMBERS = 200  # above it, the worker builds it (tests/practice/test_export_jobs.py)
    team, _, _, client = big_team(200)
    # the session with the user, the access check (the caller's membership), the member count that
    # decides whether the request builds it, the team, then the dashboard's six (roster .. review states).
    with django_assert_num_queries(10), django_assert_max_num_queries(10):
        response = client.get(f"/teams/{team.slug}/dashboard/?format=csv")
    assert len(response.content.decode().splitlines()) == 201


def test_the_api_dashboard_for_200_members_is_eight_queries(
    db, django_assert_num_queries, django_assert_max_num_queries
):
    team, _, _, client = big_team(200)
    # the session with the user (session authentication), the access check, then the
    # dashboard's six (roster .. review states).
    with django_assert_num_queries(8), django_assert_max_num_queries(10):
        response = client.get(f"/api/v1/teams/{team.slug}/dashboard/")
    assert response.status_code == 200 and len(response.json()["members"]) == 200


def test_the_member_page_reads_the_same_queries_whatever_their_history(db, django_assert_num_queries, small_bank):
    team, _, users, client = big_team(5)
    quiet, busy = users[0], users[1]
    for days in range(40):
        for question in (small_bank.bayes, small_bank.vit, small_bank.convolution):
            record_attempt(
                user=busy, question=question, grade="good", answer_text="", seconds_taken=1,
                now=NOW() - timedelta(days=days),
            )  # fmt: skip
    # 1 the session with the user and the header, 2 access check, 3 the member with their
    # figures, 4 plans, 5 plan scope, 6 plan progress, 7 categories, 8 review states, 9 days of
    # practice (calendar and weekly trend), 10 recent attempts.
    for person in (quiet, busy):
        with django_assert_num_queries(10):
            response = client.get(f"/teams/{team.slug}/members/{person.pk}/")
        assert response.status_code == 200
