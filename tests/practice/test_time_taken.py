"""Time per question is the server's: from when the question was first shown, whatever reloads."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from practice.mocks import create_mock
from practice.models import Attempt, MockItem, PracticeSession
from practice.services import start_session
from tests.conftest import api_client_for
from tests.factories import QuestionFactory


def test_reloading_a_session_question_does_not_reset_its_clock(alice_client, alice, small_bank):
    session = start_session(user=alice, title="t", questions=[small_bank.bayes], now=timezone.now())
    url = f"/practice/sessions/{session.pk}/"
    alice_client.get(url)
    first_shown = PracticeSession.objects.get().shown_at
    PracticeSession.objects.update(shown_at=first_shown - timedelta(seconds=100))
    reloaded = alice_client.get(url)  # a reload keeps the first time it was shown
    assert PracticeSession.objects.get().shown_at == first_shown - timedelta(seconds=100)
    assert reloaded.context["elapsed"] >= 100 and 'data-elapsed="1' in reloaded.content.decode()
    alice_client.post(url, {"action": "grade", "position": 0, "grade": "good", "started": "forged"})
    assert 100 <= Attempt.objects.get().seconds_taken <= 110


def test_the_next_session_question_starts_its_own_clock(alice_client, alice, small_bank):
    session = start_session(user=alice, title="t", questions=[small_bank.bayes, small_bank.vit], now=timezone.now())
    url = f"/practice/sessions/{session.pk}/"
    alice_client.get(url)
    alice_client.post(url, {"action": "skip", "position": 0})
    assert PracticeSession.objects.get().shown_at is None
    alice_client.get(url)
    assert PracticeSession.objects.get().shown_at is not None


def test_reloading_a_mock_question_does_not_reset_its_clock(alice_client, alice, small_bank):
    for kind in ("concept", "scenario", "design"):
        QuestionFactory(kind=kind, category=small_bank.stats)
    mock = create_mock(user=alice, size=3, seconds_per_question=60, now=timezone.now())
    url = f"/practice/mocks/{mock.pk}/"
    alice_client.get(url)
    MockItem.objects.filter(mock=mock, position=0).update(shown_at=timezone.now() - timedelta(seconds=90))
    alice_client.get(url)
    alice_client.post(url, {"action": "answer", "position": 0, "answer_text": "a", "started": "forged"})
    item = MockItem.objects.get(mock=mock, position=0)
    assert 90 <= item.seconds_taken <= 100 and item.over_time
    # The next question is shown at once: its clock starts with the answer to this one.
    assert MockItem.objects.get(mock=mock, position=1).shown_at is not None


def test_the_mock_api_ignores_the_clients_seconds(alice, small_bank):
    for kind in ("concept", "scenario", "design"):
        QuestionFactory(kind=kind, category=small_bank.stats)
    client = api_client_for(alice)
    mock = client.post("/api/v1/mocks/", {"size": 3, "seconds_per_question": 60}, format="json").json()
    assert MockItem.objects.get(mock_id=mock["id"], position=0).shown_at is not None  # shown in the response
    answer = {"position": 0, "answer_text": "a", "seconds_taken": 3000}
    body = client.post(f"/api/v1/mocks/{mock['id']}/answer/", answer, format="json").json()
    assert body["items"][0]["seconds_taken"] < 60 and body["items"][0]["over_time"] is False
