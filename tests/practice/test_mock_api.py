from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from practice.models import Attempt, MockInterview, MockItem
from tests.conftest import api_client_for
from tests.factories import QuestionFactory

MOCKS = "/api/v1/mocks/"


@pytest.fixture
def mixed_bank(small_bank):
    for kind in ("concept", "concept", "scenario", "design", "behavioural"):
        QuestionFactory(kind=kind, category=small_bank.stats)
    return small_bank


def test_a_whole_mock_interview_over_the_api(alice, mixed_bank):
    client = api_client_for(alice)
    created = client.post(MOCKS, {"size": 3, "seconds_per_question": 60}, format="json")
    assert created.status_code == 201
    mock = created.json()
    assert mock["status"] == "answering" and len(mock["items"]) == 3
    assert all(item["answer_html"] is None and item["key_points"] is None for item in mock["items"])  # hidden
    url = f"{MOCKS}{mock['id']}/"

    assert (
        client.post(url + "answer/", {"position": 2, "answer_text": "x", "seconds_taken": 5}, format="json").status_code
        == 409
    )
    # The server times each question from when it was first shown; the client's figure is ignored.
    MockItem.objects.filter(mock_id=mock["id"], position=0).update(shown_at=timezone.now() - timedelta(seconds=70))
    for position in range(3):
        response = client.post(
            url + "answer/", {"position": position, "answer_text": "ans", "seconds_taken": 5}, format="json"
        )
        assert response.status_code == 200
    body = client.get(url).json()
    assert body["status"] == "grading" and body["items"][0]["answer_html"] and body["items"][0]["over_time"] is True
    assert body["items"][0]["seconds_taken"] >= 70 and body["items"][1]["seconds_taken"] < 5
    assert client.get(url + "summary/").status_code == 409

    grades = [{"position": p, "grade": "good", "key_points_covered": [0]} for p in range(3)]
    graded = client.post(url + "grades/", {"grades": grades}, format="json")
    assert graded.status_code == 200
    summary = client.get(url + "summary/").json()
    assert summary["status"] == "graded"
    assert summary["items"][0]["grade"] == "good" and len(summary["items"][0]["key_points_missed"]) == 2
    assert Attempt.objects.filter(user=alice).count() == 3
    assert client.post(url + "grades/", {"grades": grades}, format="json").status_code == 409


def test_bad_input_is_400_per_field(alice, mixed_bank):
    client = api_client_for(alice)
    response = client.post(MOCKS, {"size": 99, "seconds_per_question": 5}, format="json")
    assert response.status_code == 400 and set(response.json()) == {"size", "seconds_per_question"}
    assert client.post(MOCKS, {"category": "nope"}, format="json").json() == {"category": ["No such category."]}
    assert MockInterview.objects.count() == 0


def test_mocks_are_private(alice, bob, mixed_bank):
    mock = api_client_for(alice).post(MOCKS, {"size": 3}, format="json").json()
    other = api_client_for(bob)
    assert other.get(f"{MOCKS}{mock['id']}/").status_code == 404
    assert other.post(f"{MOCKS}{mock['id']}/finish/").status_code == 404
    assert other.get(MOCKS).json() == []


def test_anonymous_callers_get_401(api, db):
    assert api.get(MOCKS).status_code == 401
    assert api.post(MOCKS, {}, format="json").status_code == 401


def test_the_anki_export_endpoint(api, small_bank):
    response = api.get("/api/v1/exports/anki/?category=deep-learning")
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert api.get("/api/v1/exports/anki/?difficulty=x").status_code == 400
