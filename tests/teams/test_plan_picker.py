"""Plans are built with a search-driven question picker: htmx asks the search as the coach
types; without JavaScript the "Find" button does the same; ticked questions stay ticked."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from teams.models import Membership, StudyPlan
from teams.services import create_team
from tests.conftest import client_for
from tests.factories import UserFactory

NOW = timezone.now()


@pytest.fixture
def team(alice, bob, small_bank):
    team = create_team(user=alice, name="Cohort 4", now=NOW)
    Membership.objects.create(team=team, user=bob, role="member")
    return team


def picker(client, team, **params):
    return client.get(f"/teams/{team.slug}/plans/picker/", params)


def test_the_picker_finds_published_questions_for_the_coach(team, alice, small_bank):
    body = picker(client_for(alice), team, pick_search="convolution").content.decode()
    assert small_bank.convolution.title in body and 'name="pick" value="what-is-a-convolution"' in body
    assert small_bank.draft.title not in body and small_bank.archived.title not in body


def test_ticked_questions_stay_ticked_and_are_not_offered_twice(team, alice, small_bank):
    body = picker(client_for(alice), team, pick_search="convolution", pick="what-is-a-convolution").content.decode()
    assert body.count('value="what-is-a-convolution"') == 1
    assert 'value="what-is-a-convolution" checked' in body


def test_only_coaches_may_use_it(team, bob, small_bank):
    assert picker(client_for(bob), team, pick_search="convolution").status_code == 403
    assert picker(client_for(UserFactory()), team, pick_search="convolution").status_code == 404


def test_without_javascript_find_shows_results_and_keeps_what_was_typed(team, alice, small_bank):
    response = client_for(alice).post(
        f"/teams/{team.slug}/plans/new/", {"title": "Vision week", "pick_search": "vision", "action": "find"}
    )
    body = response.content.decode()
    assert response.status_code == 200 and not StudyPlan.objects.exists()
    assert 'value="Vision week"' in body and small_bank.vit.title in body
    assert "This field is required" not in body


def test_a_plan_from_picked_questions(team, alice, small_bank):
    due = (NOW + timedelta(days=5)).date().isoformat()
    response = client_for(alice).post(
        f"/teams/{team.slug}/plans/new/",
        {"title": "Two picks", "due_date": due, "pick": ["what-is-a-convolution", "bayes-rule", "secret-draft"]},
    )
    assert response.status_code == 302
    plan = StudyPlan.objects.get()
    # A draft's slug sent by hand is not a question one may assign.
    assert sorted(plan.questions.values_list("slug", flat=True)) == ["bayes-rule", "what-is-a-convolution"]


def test_the_plan_form_offers_the_picker(team, alice):
    body = client_for(alice).get(f"/teams/{team.slug}/plans/new/").content.decode()
    assert 'hx-get="/teams/cohort-4/plans/picker/"' in body and 'name="action" value="find"' in body
