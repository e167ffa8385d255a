"""Ticked key points must be indexes of the question's key points, each once, everywhere."""

from __future__ import annotations

import pytest
from django.utils import timezone

from practice.coverage import key_point_index_errors
from practice.mocks import create_mock, finish_mock
from practice.models import Attempt, ReviewState
from practice.services import start_session
from tests.conftest import api_client_for
from tests.factories import QuestionFactory


@pytest.mark.parametrize(
    ("indices", "errors"),
    [
        ([0, 2], []),
        ([], []),
        ([99], ["No key point 99; this question's indexes are 0 to 2."]),
        ([0, 0, 1], ["Key point 0 is listed more than once."]),
        ([5, 5], ["No key point 5; this question's indexes are 0 to 2.", "Key point 5 is listed more than once."]),
    ],
)
def test_the_index_check_names_what_is_wrong(indices, errors):
    assert key_point_index_errors(indices, 3) == errors


def test_a_question_without_key_points_takes_none():
    assert key_point_index_errors([0], 0) == ["No key point 0; this question's indexes are none: it has no key points."]


@pytest.mark.parametrize("covered", [["99"], ["0", "0", "1"]])
def test_the_session_page_shows_the_error_and_stores_nothing(alice_client, alice, small_bank, covered):
    session = start_session(user=alice, title="t", questions=[small_bank.bayes], now=timezone.now())
    url = f"/practice/sessions/{session.pk}/"
    response = alice_client.post(url, {"action": "grade", "position": 0, "grade": "good", "covered": covered})
    assert response.status_code == 200
    assert any("No key point 99" in e or "more than once" in e for e in response.context["errors"])
    assert Attempt.objects.count() == 0 and ReviewState.objects.count() == 0


def _graded_mock(alice, small_bank):
    for kind in ("concept", "scenario", "design"):
        QuestionFactory(kind=kind, category=small_bank.stats)
    mock = create_mock(user=alice, size=3, now=timezone.now())
    return finish_mock(mock=mock, now=timezone.now())


def test_the_mock_grading_page_shows_the_error_and_stores_nothing(alice_client, alice, small_bank):
    mock = _graded_mock(alice, small_bank)
    grades = {"action": "grade", "grade-0": "good", "grade-1": "good", "grade-2": "good", "covered-1": ["7"]}
    response = alice_client.post(f"/practice/mocks/{mock.pk}/", grades, follow=True)
    assert "Question 2: No key point 7" in response.content.decode()
    assert Attempt.objects.count() == 0


def test_the_mock_grades_api_answers_400_naming_the_field(alice, small_bank):
    mock = _graded_mock(alice, small_bank)
    grades = [{"position": p, "grade": "good", "key_points_covered": [0, 0] if p == 2 else []} for p in range(3)]
    response = api_client_for(alice).post(f"/api/v1/mocks/{mock.pk}/grades/", {"grades": grades}, format="json")
    assert response.status_code == 400
    assert response.json() == {"grades": [{}, {}, {"key_points_covered": ["Key point 0 is listed more than once."]}]}
    assert Attempt.objects.count() == 0
