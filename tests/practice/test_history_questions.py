"""Questions tagged `history` (background, rarely asked now) stay in the bank but are left out of
practice sessions and mock interviews unless asked for."""

from __future__ import annotations

import pytest
from django.utils import timezone

from practice.mocks import create_mock
from practice.models import MockInterview, PracticeSession
from practice.services import choose_session_questions
from tests.conftest import api_client_for
from tests.factories import CategoryFactory, QuestionFactory, TagFactory


@pytest.fixture
def bank(db):
    category = CategoryFactory(slug="models")
    history = TagFactory(slug="history")
    current = [QuestionFactory(slug=f"current-{n}", category=category) for n in range(3)]
    old = [QuestionFactory(slug=f"old-{n}", category=category, tags=[history]) for n in range(3)]
    return {"current": {q.slug for q in current}, "old": {q.slug for q in old}}


def slugs(questions) -> set[str]:  # type: ignore[no-untyped-def]
    return {q.slug for q in questions}


def test_a_session_from_a_filter_leaves_history_questions_out_unless_asked(alice, bank):
    def chosen(**kwargs):  # type: ignore[no-untyped-def]
        questions, _ = choose_session_questions(
            user=alice, source="filter", filters={"category": "models"}, title="Models", now=timezone.now(), **kwargs
        )
        return slugs(questions)

    assert chosen() == bank["current"]
    assert chosen(include_history=True) == bank["current"] | bank["old"]


def test_filtering_on_the_history_tag_is_asking_for_them(alice, bank):
    questions, _ = choose_session_questions(
        user=alice, source="filter", filters={"tag": "history"}, title="History", now=timezone.now()
    )
    assert slugs(questions) == bank["old"]


def test_the_practise_these_button_offers_the_option_and_the_session_follows_it(alice_client, bank):
    page = alice_client.get("/questions/?category=models").content.decode()
    assert 'name="include_history"' in page
    alice_client.post("/practice/sessions/", {"category": "models"})
    alice_client.post("/practice/sessions/", {"category": "models", "include_history": "on"})
    without, with_history = PracticeSession.objects.order_by("id")
    assert (without.total, with_history.total) == (3, 6)


def test_the_session_api_takes_the_option(alice, bank):
    client = api_client_for(alice)
    plain = client.post("/api/v1/sessions/", {"category": "models"}, format="json")
    both = client.post("/api/v1/sessions/", {"category": "models", "include_history": True}, format="json")
    assert (plain.json()["total"], both.json()["total"]) == (3, 6)
    bad = client.post("/api/v1/sessions/", {"category": "models", "include_history": "maybe"}, format="json")
    assert bad.status_code == 400 and set(bad.json()) == {"include_history"}


def test_a_mock_interview_leaves_them_out_unless_asked(alice, bank):
    plain = create_mock(user=alice, size=6, now=timezone.now())
    assert slugs(i.question for i in plain.items.all()) == bank["current"]
    both = create_mock(user=alice, size=6, include_history=True, now=timezone.now())
    assert slugs(i.question for i in both.items.all()) == bank["current"] | bank["old"]


def test_the_mock_page_and_api_take_the_option(alice, alice_client, bank):
    alice_client.post("/practice/mocks/", {"size": 6, "minutes": 4, "category": "", "include_history": "on"})
    assert MockInterview.objects.get().items.count() == 6
    response = api_client_for(alice).post("/api/v1/mocks/", {"size": 6}, format="json")
    assert {i["question"]["slug"] for i in response.json()["items"]} == bank["current"]
