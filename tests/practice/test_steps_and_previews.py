"""Learning steps as a setting, and every grade saying when the question comes back."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from practice.models import Attempt, PracticeSession, ReviewState, StudySettings
from practice.services import record_attempt
from tests.conftest import api_client_for


def grade(user, question, g="good", when=None):
    return record_attempt(
        user=user, question=question, grade=g, answer_text="", seconds_taken=5, now=when or timezone.now()
    )


class TestNoSameDaySteps:
    def test_a_first_good_brings_a_question_back_a_day_or_more_later(self, alice, small_bank):
        now = timezone.now()
        grade(alice, small_bank.bayes, "good", now)
        state = ReviewState.objects.get(user=alice)
        assert state.due - now >= timedelta(days=1)

    def test_a_burst_of_grades_leaves_nothing_due_within_the_hour(self, alice_client, alice, small_bank):
        now = timezone.now()
        for question in (small_bank.bayes, small_bank.vit, small_bank.convolution):
            grade(alice, question, "hard", now)
        later = now + timedelta(minutes=15)
        assert not ReviewState.objects.due_for(alice, later).exists()

    def test_learning_steps_set_by_the_user_bring_it_back_the_same_day(self, alice, small_bank):
        StudySettings.objects.create(user=alice, learning_steps=[10, 60])
        now = timezone.now()
        grade(alice, small_bank.bayes, "good", now)
        assert ReviewState.objects.get(user=alice).due - now == timedelta(hours=1)


class TestStepsSetting:
    def test_the_page_saves_steps_written_as_in_anki(self, alice_client, alice):
        response = alice_client.post(
            "/practice/settings/",
            {"desired_retention": "0.9", "new_per_day": "10", "learning_steps": "10m 1h", "relearning_steps": "30m"},
        )
        assert response.status_code == 302
        settings = StudySettings.objects.get(user=alice)
        assert (settings.learning_steps, settings.relearning_steps) == ([10, 60], [30])
        page = alice_client.get("/practice/settings/").content.decode()
        assert 'value="10m 1h"' in page

    def test_a_step_that_does_not_read_is_explained_and_nothing_is_saved(self, alice_client, alice):
        response = alice_client.post(
            "/practice/settings/", {"desired_retention": "0.8", "new_per_day": "10", "learning_steps": "soon"}
        )
        assert response.status_code == 200 and "is not a step" in response.content.decode()
        assert StudySettings.objects.get(user=alice).desired_retention == 0.9

    def test_the_api_reads_and_writes_steps_as_text(self, alice):
        client = api_client_for(alice)
        response = client.patch("/api/v1/settings/", {"learning_steps": "5m 20m", "leech_threshold": 5}, format="json")
        assert response.status_code == 200
        assert (response.json()["learning_steps"], response.json()["leech_threshold"]) == ("5m 20m", 5)
        assert StudySettings.objects.get(user=alice).learning_steps == [5, 20]
        cleared = client.patch("/api/v1/settings/", {"learning_steps": ""}, format="json")
        assert cleared.json()["learning_steps"] == "" and StudySettings.objects.get(user=alice).learning_steps == []

    @pytest.mark.parametrize(
        ("body", "field"),
        [({"learning_steps": "2d"}, "learning_steps"), ({"relearning_steps": 10}, "relearning_steps"),
         ({"leech_threshold": 0}, "leech_threshold"), ({"leech_threshold": 100}, "leech_threshold")],
    )  # fmt: skip
    def test_bad_steps_or_thresholds_are_a_400_on_their_field(self, alice, body, field):
        response = api_client_for(alice).patch("/api/v1/settings/", body, format="json")
        assert response.status_code == 400 and list(response.json()) == [field]


class TestNextDuePreview:
    def test_the_state_endpoint_says_when_each_grade_would_bring_it_back_without_saving(self, alice, small_bank):
        grade(alice, small_bank.bayes, "good", timezone.now() - timedelta(days=3))
        before = ReviewState.objects.values().get(user=alice)
        body = api_client_for(alice).get("/api/v1/review/states/bayes-rule/").json()
        dues = {g: datetime.fromisoformat(body["next_due"][g]) for g in ("again", "hard", "good", "easy")}
        assert dues["again"] < dues["hard"] < dues["good"] < dues["easy"]
        assert dues["again"] - timezone.now() >= timedelta(hours=23)
        assert ReviewState.objects.values().get(user=alice) == before and Attempt.objects.count() == 1

    def test_a_new_question_has_a_preview_too(self, alice, small_bank):
        body = api_client_for(alice).get("/api/v1/review/states/bayes-rule/").json()
        assert body["state"] == "new" and set(body["next_due"]) == {"again", "hard", "good", "easy"}
        assert not ReviewState.objects.exists()

    def test_another_users_draft_has_no_state_to_preview(self, alice, small_bank):
        assert api_client_for(alice).get("/api/v1/review/states/secret-draft/").status_code == 404

    def test_the_question_page_labels_every_grade_with_its_wait(self, alice_client, alice, small_bank):
        StudySettings.objects.create(user=alice, learning_steps=[1, 10])
        page = alice_client.get("/questions/bayes-rule/").content.decode()
        for label in ("1m", "6m", "10m"):
            assert f'<span class="wait">{label}</span>' in page

    def test_visitors_see_the_default_waits_too(self, client, small_bank):
        page = client.get("/questions/bayes-rule/").content.decode()
        assert page.count('<span class="wait">') == 4 and '<span class="wait">1m</span>' not in page


class TestSummariesSayWhenEachReturns:
    def test_the_session_summary_lists_when_each_question_comes_back(self, alice_client, alice, small_bank):
        now = timezone.now()
        session = PracticeSession.objects.create(
            user=alice, title="T", question_ids=[small_bank.bayes.pk], position=1, finished_at=now
        )
        record_attempt(
            user=alice, question=small_bank.bayes, grade="good", answer_text="", seconds_taken=3, now=now,
            session=session,
        )  # fmt: skip
        due = ReviewState.objects.get(user=alice).due
        page = alice_client.get(f"/practice/sessions/{session.pk}/").content.decode()
        assert "Comes back" in page and f'datetime="{due.isoformat()}"' in page
        assert ">leech</a>" not in page
        StudySettings.objects.create(user=alice, leech_threshold=1)
        ReviewState.objects.filter(user=alice).update(lapses=1)
        page = alice_client.get(f"/practice/sessions/{session.pk}/").content.decode()
        assert 'href="/questions/bayes-rule/#schedule-heading"' in page and ">leech</a>" in page


@pytest.mark.parametrize(
    "body",
    [{"learning_steps": None}, {"learning_steps": ["10m"]}, {"timezone": None}, {"timezone": 5},
     {"day_starts_at": "four"}, {"day_starts_at": None}, {"day_starts_at": 2**40}, {"leech_threshold": 8.5},
     {"reminders": None}, {"desired_retention": "high"}, {"timezone": "x" * 500}, {"learning_steps": "1m " * 200}],
)  # fmt: skip
def test_malformed_settings_are_a_400_never_a_500(alice, body):
    response = api_client_for(alice).patch("/api/v1/settings/", body, format="json")
    assert response.status_code == 400 and set(response.json()) == set(body)
    assert not StudySettings.objects.filter(user=alice).exclude(learning_steps=[]).exists()
