"""Questions archived, sent back to draft or deleted while a session or mock is under way.

Drafts and archived questions are invisible to non-staff everywhere: inside a practice session
or a mock interview they are skipped (their answer never shown, no attempt stored), and once
nothing is left the session ends cleanly. Staff see every status, in their own sessions too.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.test import Client

from practice.mocks import create_mock
from practice.models import Attempt, MockItem, PracticeSession, ReviewState
from practice.services import start_session
from tests.conftest import api_client_for
from tests.factories import QuestionFactory

NOW = datetime(2026, 11, 24, 10, tzinfo=UTC)


def session_of(user, *questions):
    return start_session(user=user, title="Mixed", questions=list(questions), now=NOW)


def archive(question):
    question.status = "archived"
    question.save()


class TestSessions:
    def test_the_owner_skips_a_question_archived_mid_session(self, alice_client, alice, small_bank):
        session = session_of(alice, small_bank.convolution, small_bank.vit)
        archive(small_bank.convolution)
        page = alice_client.get(f"/practice/sessions/{session.pk}/")
        assert page.context["question"] == small_bank.vit
        assert small_bank.convolution.title not in page.content.decode()
        session.refresh_from_db()
        assert session.position == 1

    def test_revealing_or_grading_a_question_hidden_since_it_was_shown_is_refused(
        self, alice_client, alice, small_bank
    ):
        session = session_of(alice, small_bank.convolution, small_bank.vit)
        alice_client.get(f"/practice/sessions/{session.pk}/")  # shows the convolution question
        archive(small_bank.convolution)
        url = f"/practice/sessions/{session.pk}/"
        reveal = alice_client.post(url, {"action": "reveal", "position": 0, "answer_text": "x"}, follow=True)
        assert "no longer the current one" in reveal.content.decode()
        assert small_bank.convolution.answer_html not in reveal.content.decode()
        alice_client.post(url, {"action": "grade", "position": 0, "grade": "good", "answer_text": "x"})
        assert Attempt.objects.count() == 0 and ReviewState.objects.count() == 0

    def test_a_deleted_question_is_skipped_and_the_session_ends_when_nothing_is_left(
        self, alice_client, alice, small_bank
    ):
        session = session_of(alice, small_bank.convolution, small_bank.vit)
        small_bank.convolution.delete()
        archive(small_bank.vit)
        page = alice_client.get(f"/practice/sessions/{session.pk}/")
        assert page.status_code == 200 and page.templates[0].name == "practice/session_summary.html"
        session.refresh_from_db()
        assert session.finished_at is not None and session.position == session.total

    def test_the_summary_leaves_out_attempts_at_questions_hidden_since(self, alice_client, alice, small_bank):
        session = session_of(alice, small_bank.convolution, small_bank.vit)
        url = f"/practice/sessions/{session.pk}/"
        alice_client.get(url)
        alice_client.post(url, {"action": "grade", "position": 0, "grade": "good"})
        alice_client.get(url)
        alice_client.post(url, {"action": "grade", "position": 1, "grade": "hard"})
        archive(small_bank.convolution)
        summary = alice_client.get(url)
        assert [a.question for a in summary.context["attempts"]] == [small_bank.vit]

    def test_another_user_gets_404_and_changes_nothing(self, alice, bob_client, small_bank):
        session = session_of(alice, small_bank.convolution)
        archive(small_bank.convolution)
        assert bob_client.get(f"/practice/sessions/{session.pk}/").status_code == 404
        session.refresh_from_db()
        assert session.position == 0 and session.finished_at is None

    def test_anonymous_visitors_are_sent_to_sign_in(self, alice, small_bank):
        session = session_of(alice, small_bank.convolution)
        response = Client().get(f"/practice/sessions/{session.pk}/")
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")

    def test_staff_still_see_an_archived_question_in_their_own_session(self, staff_client, staff, small_bank):
        session = session_of(staff, small_bank.convolution)
        archive(small_bank.convolution)
        assert staff_client.get(f"/practice/sessions/{session.pk}/").context["question"] == small_bank.convolution

    def test_the_api_skips_hidden_questions_too(self, alice, small_bank):
        session = session_of(alice, small_bank.convolution, small_bank.vit)
        archive(small_bank.convolution)
        body = api_client_for(alice).get(f"/api/v1/sessions/{session.pk}/").json()
        assert body["question"]["slug"] == "vision-transformer" and body["position"] == 1


@pytest.fixture
def mock_bank(small_bank):
    for kind in ("concept", "concept", "scenario", "design"):
        QuestionFactory(kind=kind, category=small_bank.stats)
    QuestionFactory(slug="project-deep-dive", kind="behavioural", category=small_bank.stats)
    return small_bank


class TestMocks:
    def test_the_owner_never_sees_a_question_archived_mid_mock(self, alice_client, alice, mock_bank):
        mock = create_mock(user=alice, size=3, now=NOW)
        first = mock.items.get(position=0).question
        archive(first)
        page = alice_client.get(f"/practice/mocks/{mock.pk}/")
        assert page.context["item"].position == 1 and page.context["total"] == 2
        assert first.title not in page.content.decode()
        body = api_client_for(alice).get(f"/api/v1/mocks/{mock.pk}/").json()
        assert [i["position"] for i in body["items"]] == [1, 2]
        assert alice_client.get("/practice/mocks/").context["mocks"][0].n_items == 2

    def test_grading_leaves_out_hidden_questions_and_stores_no_attempt_for_them(self, alice_client, alice, mock_bank):
        mock = create_mock(user=alice, size=3, now=NOW)
        url = f"/practice/mocks/{mock.pk}/"
        alice_client.post(url, {"action": "finish"})
        hidden = mock.items.get(position=1).question
        archive(hidden)
        grading = alice_client.get(url)
        assert [i.position for i in grading.context["items"]] == [0, 2]
        assert hidden.title not in grading.content.decode()
        alice_client.post(url, {"action": "grade", "grade-0": "good", "grade-1": "good", "grade-2": "hard"})
        assert set(Attempt.objects.values_list("question_id", flat=True)) == {
            mock.items.get(position=0).question_id,
            mock.items.get(position=2).question_id,
        }

    def test_a_deleted_question_leaves_the_mock_working(self, alice_client, alice, mock_bank):
        mock = create_mock(user=alice, size=3, now=NOW)
        mock.items.get(position=0).question.delete()
        page = alice_client.get(f"/practice/mocks/{mock.pk}/")
        assert page.status_code == 200 and page.context["item"].position == 1
        assert MockItem.objects.filter(mock=mock).count() == 2

    def test_another_user_gets_404(self, alice, bob_client, mock_bank):
        mock = create_mock(user=alice, size=3, now=NOW)
        assert bob_client.get(f"/practice/mocks/{mock.pk}/").status_code == 404
        assert api_client_for(alice).get(f"/api/v1/mocks/{mock.pk}/").status_code == 200

    def test_anonymous_visitors_are_sent_to_sign_in(self, alice, mock_bank):
        mock = create_mock(user=alice, size=3, now=NOW)
        assert Client().get(f"/practice/mocks/{mock.pk}/").status_code == 302

    def test_staff_still_see_archived_questions_in_their_own_mock(self, staff_client, staff, mock_bank):
        mock = create_mock(user=staff, size=3, now=NOW)
        archive(mock.items.get(position=0).question)
        assert staff_client.get(f"/practice/mocks/{mock.pk}/").context["item"].position == 0


class TestLists:
    def test_attempts_bookmarks_and_notes_of_hidden_questions_are_left_out(self, alice, alice_client, small_bank):
        from practice.models import Bookmark, Note
        from practice.services import record_attempt

        for question in (small_bank.bayes, small_bank.vit):
            record_attempt(user=alice, question=question, grade="good", answer_text="", seconds_taken=1, now=NOW)
            Bookmark.objects.create(user=alice, question=question)
            Note.objects.create(user=alice, question=question, text="n")
        archive(small_bank.vit)
        client = api_client_for(alice)
        assert [a["question"]["slug"] for a in client.get("/api/v1/attempts/").json()["results"]] == ["bayes-rule"]
        assert [b["question"]["slug"] for b in client.get("/api/v1/bookmarks/").json()] == ["bayes-rule"]
        assert [n["question"]["slug"] for n in client.get("/api/v1/notes/").json()] == ["bayes-rule"]
        page = alice_client.get("/practice/attempts/")
        assert [a.question for a in page.context["page"].object_list] == [small_bank.bayes]
        assert PracticeSession.objects.count() == 0
