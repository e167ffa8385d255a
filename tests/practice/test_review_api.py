from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from practice.models import Attempt, Bookmark, Note, ReviewState, StudySettings
from practice.services import record_attempt
from tests.conftest import api_client_for
from tests.factories import QuestionFactory


def grade(user, question, g="good", days_ago=0):
    record_attempt(
        user=user, question=question, grade=g, answer_text="", seconds_taken=4,
        now=timezone.now() - timedelta(days=days_ago),
    )  # fmt: skip


class TestReview:
    def test_due_lists_only_my_due_reviews(self, alice, bob, small_bank):
        grade(alice, small_bank.bayes, "again", days_ago=3)
        grade(alice, small_bank.vit, "easy")  # not due yet
        grade(bob, small_bank.convolution, "again", days_ago=3)
        body = api_client_for(alice).get("/api/v1/review/due/").json()
        assert body["count"] == 1
        row = body["results"][0]
        assert row["question"]["slug"] == "bayes-rule"
        assert set(row) >= {"due", "stability", "difficulty", "state", "reps", "lapses", "retrievability"}

    def test_a_state_has_the_fsrs_fields(self, alice, small_bank):
        grade(alice, small_bank.bayes, "good", days_ago=2)
        body = api_client_for(alice).get("/api/v1/review/states/bayes-rule/").json()
        # No same-day learning steps by default: one grade and it is on a schedule of days.
        assert body["state"] == "review" and body["reps"] == 1 and body["lapses"] == 0
        assert body["stability"] > 0 and 0 < body["retrievability"] <= 1

    def test_a_question_never_reviewed_is_new(self, alice, small_bank):
        body = api_client_for(alice).get("/api/v1/review/states/bayes-rule/").json()
        assert (body["state"], body["reps"], body["due"], body["retrievability"]) == ("new", 0, None, 0.0)

    def test_a_draft_is_404(self, alice, small_bank):
        assert api_client_for(alice).get("/api/v1/review/states/secret-draft/").status_code == 404

    def test_attempts_over_the_api_move_the_review_state_with_key_points(self, alice, small_bank):
        client = api_client_for(alice)
        payload = {"question": "bayes-rule", "grade": "good", "seconds_taken": 30, "key_points_covered": [0, 2]}
        assert client.post("/api/v1/attempts/", payload, format="json").status_code == 201
        assert Attempt.objects.get().key_points_covered == [0, 2]
        assert client.get("/api/v1/review/states/bayes-rule/").json()["reps"] == 1

    @pytest.mark.parametrize(
        ("covered", "message"),
        [([99], "No key point 99"), ([0, 0, 1], "listed more than once"), ([-1], "No key point -1")],
    )
    def test_key_point_indexes_out_of_range_or_repeated_are_refused(self, alice, small_bank, covered, message):
        payload = {"question": "bayes-rule", "grade": "good", "seconds_taken": 30, "key_points_covered": covered}
        response = api_client_for(alice).post("/api/v1/attempts/", payload, format="json")
        assert response.status_code == 400
        assert set(response.json()) == {"key_points_covered"}
        assert message in " ".join(response.json()["key_points_covered"])
        assert Attempt.objects.count() == 0 and ReviewState.objects.count() == 0

    @pytest.mark.parametrize("url", ["/api/v1/review/due/", "/api/v1/review/states/bayes-rule/", "/api/v1/progress/"])
    def test_anonymous_callers_get_401(self, api, small_bank, url):
        assert api.get(url).status_code == 401


@pytest.mark.parametrize("rows", [5, 50])
def test_due_runs_the_same_queries_for_5_or_50(db, alice, django_assert_num_queries, rows):
    for _ in range(rows):
        grade(alice, QuestionFactory(), "again", days_ago=2)
    client = api_client_for(alice)
    with django_assert_num_queries(3):  # count, page with questions joined, settings
        assert client.get("/api/v1/review/due/").status_code == 200


def test_progress_matches_the_dashboard(alice, small_bank):
    grade(alice, small_bank.bayes, "good", days_ago=1)
    body = api_client_for(alice).get("/api/v1/progress/").json()
    assert (body["seen"], body["total"], body["reviews"], body["streak"]) == (1, 3, 1, 1)
    assert {c["slug"] for c in body["categories"]} == {"deep-learning", "vision", "statistics"}
    assert list(body["activity"].values()) == [1]


class TestBookmarksAndNotes:
    def test_bookmarks_add_list_remove(self, alice, small_bank):
        client = api_client_for(alice)
        assert client.post("/api/v1/bookmarks/", {"question": "bayes-rule"}, format="json").status_code == 201
        assert client.post("/api/v1/bookmarks/", {"question": "bayes-rule"}, format="json").status_code == 201
        assert [b["question"]["slug"] for b in client.get("/api/v1/bookmarks/").json()] == ["bayes-rule"]
        assert client.get("/api/v1/questions/?bookmarked=true").json()["count"] == 1
        assert client.delete("/api/v1/bookmarks/bayes-rule/").status_code == 204
        assert client.delete("/api/v1/bookmarks/bayes-rule/").status_code == 404

    def test_bookmarking_a_draft_or_nothing_is_a_400(self, alice, small_bank):
        client = api_client_for(alice)
        for slug in ("secret-draft", "nope"):
            response = client.post("/api/v1/bookmarks/", {"question": slug}, format="json")
            assert response.status_code == 400 and "question" in response.json()
        assert Bookmark.objects.count() == 0

    def test_notes_are_private_and_an_empty_text_deletes(self, alice, bob, small_bank):
        client = api_client_for(alice)
        assert (
            client.put("/api/v1/notes/bayes-rule/", {"text": "base rates!"}, format="json").json()["text"]
            == "base rates!"
        )
        assert api_client_for(bob).get("/api/v1/notes/bayes-rule/").status_code == 404
        assert api_client_for(bob).get("/api/v1/notes/").json() == []
        assert client.put("/api/v1/notes/bayes-rule/", {"text": ""}, format="json").status_code == 204
        assert Note.objects.count() == 0

    def test_a_too_long_note_is_a_400_and_keeps_the_old_one(self, alice, small_bank):
        client = api_client_for(alice)
        client.put("/api/v1/notes/bayes-rule/", {"text": "keep me"}, format="json")
        response = client.put("/api/v1/notes/bayes-rule/", {"text": "x" * 10_001}, format="json")
        assert response.status_code == 400 and "text" in response.json()
        assert Note.objects.get().text == "keep me"


class TestSettings:
    def test_read_and_change(self, alice):
        client = api_client_for(alice)
        assert client.get("/api/v1/settings/").json() == {
            "desired_retention": 0.9,
            "new_per_day": 10,
            "interview_date": None,
            "learning_steps": "",
            "relearning_steps": "",
            "leech_threshold": 8,
            "reminders": "off",
            "timezone": "UTC",
            "day_starts_at": 4,
        }
        response = client.patch("/api/v1/settings/", {"interview_date": "2027-02-01"}, format="json")
        assert response.json()["interview_date"] == "2027-02-01"

    def test_bad_values_are_400_per_field(self, alice):
        response = api_client_for(alice).patch(
            "/api/v1/settings/", {"desired_retention": 2, "new_per_day": -1}, format="json"
        )
        assert response.status_code == 400 and set(response.json()) == {"desired_retention", "new_per_day"}
        assert not StudySettings.objects.filter(user=alice).exclude(desired_retention=0.9).exists()
