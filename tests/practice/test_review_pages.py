from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.html import escape
from django.utils.timesince import timesince

from practice.models import Attempt, Bookmark, Note, PracticeSession, ReviewState, StudySettings
from practice.services import record_attempt
from tests.conftest import api_client_for
from tests.factories import QuestionFactory

NOW = timezone.now


def grade(user, question, g="good", when=None):
    return record_attempt(user=user, question=question, grade=g, answer_text="", seconds_taken=5, now=when or NOW())


class TestReviewQueue:
    def test_it_lists_due_reviews_then_new_questions(self, alice_client, alice, small_bank):
        grade(alice, small_bank.bayes, "again", NOW() - timedelta(days=2))
        queue = alice_client.get("/practice/review/").context["queue"]
        assert [s.question.slug for s in queue.due] == ["bayes-rule"]
        assert {q.slug for q in queue.new} == {"what-is-a-convolution", "vision-transformer"}

    def test_new_questions_respect_the_daily_limit(self, alice_client, alice, small_bank):
        StudySettings.objects.create(user=alice, new_per_day=1)
        grade(alice, small_bank.bayes)  # introduced today
        queue = alice_client.get("/practice/review/").context["queue"]
        assert queue.new == [] and queue.new_left_today == 0

    def test_drafts_never_enter_the_queue(self, alice_client, alice, small_bank):
        ReviewState.objects.create(user=alice, question=small_bank.draft, due=NOW() - timedelta(days=1))
        queue = alice_client.get("/practice/review/").context["queue"]
        assert "secret-draft" not in [s.question.slug for s in queue.due] + [q.slug for q in queue.new]

    def test_the_due_count_shows_in_the_header_on_every_page(self, alice_client, alice, small_bank):
        grade(alice, small_bank.bayes, "again", NOW() - timedelta(days=2))
        for url in ["/", "/questions/", "/practice/attempts/"]:
            assert '<span class="pill" title="Reviews due now">1</span>' in alice_client.get(url).content.decode()

    def test_each_due_review_shows_its_link_category_lateness_reviews_and_lapses(self, alice_client, alice, small_bank):
        grade(alice, small_bank.bayes, "again", NOW() - timedelta(days=9))
        grade(alice, small_bank.bayes, "again", NOW() - timedelta(days=8))
        grade(alice, small_bank.vit, "again", NOW() - timedelta(days=3))
        page = alice_client.get("/practice/review/").content.decode()
        for state in ReviewState.objects.filter(user=alice).select_related("question__category"):
            question = state.question
            lapses = f", {state.lapses} lapse{'s' if state.lapses != 1 else ''}" if state.lapses else ""
            assert (
                f'<li><a href="{question.get_absolute_url()}">{escape(question.title)}</a>\n'
                f'        <span class="muted">· {question.category.name} · due {timesince(state.due)} ago · '
                f"{state.reps} review{'s' if state.reps != 1 else ''}{lapses}</span></li>"
            ) in page

    def test_it_is_only_for_signed_in_users(self, client, db):
        assert client.get("/practice/review/").status_code == 302


@pytest.mark.parametrize("rows", [5, 50])
def test_the_queue_runs_the_same_queries_for_5_or_50_due(db, alice, django_assert_num_queries, rows):
    for _ in range(rows):
        grade(alice, QuestionFactory(), "again", NOW() - timedelta(days=3))
    client = Client()
    client.force_login(alice)
    # The session with the user and the header's figures (and the bank's version); settings; the
    # due page; the counts (due now, due today, introduced today, and the next moments a state
    # falls due or comes back, which the page cache keeps the page until); new questions, not
    # asked when the due page is full.
    with django_assert_num_queries(5 if rows < 50 else 4):
        assert client.get("/practice/review/").status_code == 200


@pytest.mark.parametrize("rows", [5, 50])
def test_the_queue_api_runs_the_same_queries_for_5_or_50_due(db, alice, django_assert_max_num_queries, rows):
    for _ in range(rows):
        grade(alice, QuestionFactory(), "again", NOW() - timedelta(days=3))
    QuestionFactory()  # one never seen, for the new part
    client = api_client_for(alice)
    # settings, due page (the questions' content left in the database), the counts, new questions
    # (not asked when the due page is full)
    with django_assert_max_num_queries(4):
        body = client.get("/api/v1/review/queue/").json()
    assert body["due_count"] == rows and len(body["due"]) == min(rows, 50)
    assert all(item["title"] for item in body["due"])


class TestStudySettings:
    def test_defaults_then_saving(self, alice_client, alice):
        form = alice_client.get("/practice/settings/").context["form"]
        assert form.initial["desired_retention"] == 0.9 and form.initial["new_per_day"] == 10
        response = alice_client.post(
            "/practice/settings/", {"desired_retention": "0.85", "new_per_day": "5", "interview_date": "2027-01-15"}
        )
        assert response.status_code == 302
        settings = StudySettings.objects.get(user=alice)
        assert (settings.desired_retention, settings.new_per_day, str(settings.interview_date)) == (
            0.85,
            5,
            "2027-01-15",
        )

    @pytest.mark.parametrize(
        ("data", "message"),
        [({"desired_retention": "1.5", "new_per_day": "5"}, "between 0.7 and 0.99"),
         ({"desired_retention": "0.9", "new_per_day": "500"}, "At most 200"),
         ({"desired_retention": "0.9", "new_per_day": "5", "interview_date": "soon"}, "valid date")],
    )  # fmt: skip
    def test_bad_values_are_explained_and_nothing_is_saved(self, alice_client, alice, data, message):
        response = alice_client.post("/practice/settings/", data)
        assert response.status_code == 200
        assert message in response.content.decode()
        assert StudySettings.objects.get(user=alice).new_per_day == 10

    def test_the_retention_setting_changes_the_schedule(self, alice, bob, small_bank):
        StudySettings.objects.create(user=bob, desired_retention=0.97)
        start = NOW() - timedelta(days=10)
        for user in (alice, bob):
            grade(user, small_bank.bayes, "good", start)
            grade(user, small_bank.bayes, "good", start + timedelta(minutes=10))
            grade(user, small_bank.bayes, "good", start + timedelta(days=2))
        alice_due = ReviewState.objects.get(user=alice).due
        bob_due = ReviewState.objects.get(user=bob).due
        assert bob_due < alice_due


class TestPracticeSession:
    def start(self, client, **filters):
        response = client.post("/practice/sessions/", filters)
        assert response.status_code == 302
        return PracticeSession.objects.latest("id")

    def test_a_session_from_a_filter_walks_through_reveal_and_grade(self, alice_client, alice, small_bank):
        session = self.start(alice_client, category="deep-learning")
        assert session.title == "Deep learning" and session.total == 2
        page = alice_client.get(f"/practice/sessions/{session.pk}/")
        question = page.context["question"]
        assert page.context["revealed"] is False and b"Reveal the answer" in page.content
        question.key_points = ["Weights are shared", "Local receptive fields", "Equivariance to translation"]
        question.save()

        answer = "The same weights slide everywhere; it is equivariant to translation."
        revealed = alice_client.post(
            f"/practice/sessions/{session.pk}/", {"action": "reveal", "answer_text": answer, "started": ""}
        )
        assert revealed.context["revealed"] is True
        assert [m.covered for m in revealed.context["matches"]] == [True, False, True]
        assert revealed.context["suggested_grade"] == "good"
        assert revealed.context["answer_text"] == answer

        alice_client.post(
            f"/practice/sessions/{session.pk}/",
            {"action": "grade", "grade": "good", "answer_text": answer, "covered": ["0", "2"]},
        )
        attempt = Attempt.objects.get()
        assert (attempt.question, attempt.key_points_covered, attempt.session) == (question, [0, 2], session)
        session.refresh_from_db()
        assert session.position == 1

        alice_client.post(f"/practice/sessions/{session.pk}/", {"action": "skip"})
        summary = alice_client.get(f"/practice/sessions/{session.pk}/")
        assert summary.templates[0].name == "practice/session_summary.html"
        assert list(summary.context["attempts"]) == [attempt]

    def test_a_review_session_takes_what_is_due(self, alice_client, alice, small_bank):
        grade(alice, small_bank.bayes, "again", NOW() - timedelta(days=1))
        session = self.start(alice_client, source="due")
        assert session.question_ids[0] == small_bank.bayes.pk

    def test_a_bookmarks_session(self, alice_client, alice, small_bank):
        Bookmark.objects.create(user=alice, question=small_bank.vit)
        session = self.start(alice_client, bookmarked="on")
        assert session.question_ids == [small_bank.vit.pk] and session.title == "bookmarked"

    def test_grading_without_a_grade_keeps_the_answer(self, alice_client, alice, small_bank):
        session = self.start(alice_client, tag="cnn")
        response = alice_client.post(f"/practice/sessions/{session.pk}/", {"action": "grade", "answer_text": "kept"})
        assert "Pick a grade" in response.content.decode() and response.context["answer_text"] == "kept"
        assert Attempt.objects.count() == 0

    def test_another_users_session_is_404(self, alice_client, bob_client, small_bank):
        session = self.start(alice_client, tag="cnn")
        assert bob_client.get(f"/practice/sessions/{session.pk}/").status_code == 404
        assert bob_client.post(f"/practice/sessions/{session.pk}/", {"action": "skip"}).status_code == 404

    def test_nothing_to_practise_says_so(self, alice_client, small_bank):
        response = alice_client.post("/practice/sessions/", {"search": "nothing matches"}, follow=True)
        assert "Nothing to practise there right now." in response.content.decode()
        assert PracticeSession.objects.count() == 0

    def test_anonymous_users_cannot_start_one(self, client, small_bank):
        assert client.post("/practice/sessions/", {}).status_code == 302
        assert PracticeSession.objects.count() == 0


class TestBookmarksAndNotes:
    def test_bookmarking_toggles_and_filters(self, alice_client, alice, small_bank):
        alice_client.post("/practice/questions/bayes-rule/bookmark/")
        assert Bookmark.objects.filter(user=alice).count() == 1
        titles = [q.slug for q in alice_client.get("/questions/?bookmarked=on").context["page"].object_list]
        assert titles == ["bayes-rule"]
        alice_client.post("/practice/questions/bayes-rule/bookmark/")
        assert Bookmark.objects.count() == 0

    def test_the_bookmarked_filter_means_nothing_to_anonymous_visitors(self, client, small_bank):
        assert client.get("/questions/?bookmarked=on").context["page"].paginator.count == 3

    def test_notes_are_private(self, alice_client, bob_client, alice, small_bank):
        alice_client.post("/practice/questions/bayes-rule/note/", {"text": "remember the base rate"})
        assert Note.objects.get(user=alice).text == "remember the base rate"
        assert "remember the base rate" in alice_client.get("/questions/bayes-rule/").content.decode()
        assert "remember the base rate" not in bob_client.get("/questions/bayes-rule/").content.decode()
        alice_client.post("/practice/questions/bayes-rule/note/", {"text": "  "})
        assert Note.objects.count() == 0

    def test_a_draft_cannot_be_bookmarked_or_annotated_by_users(self, alice_client, small_bank):
        assert alice_client.post("/practice/questions/secret-draft/bookmark/").status_code == 404
        assert alice_client.post("/practice/questions/secret-draft/note/", {"text": "x"}).status_code == 404

    def test_anonymous_users_are_sent_to_sign_in(self, client, small_bank):
        assert client.post("/practice/questions/bayes-rule/bookmark/").status_code == 302
        assert Bookmark.objects.count() == 0
