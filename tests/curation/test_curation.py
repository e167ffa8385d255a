"""Submissions through review, problem reports, revisions and the curator pages."""

from __future__ import annotations

import html
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from accounts.models import Notification
from curation.forms import ModerationForm, QuestionEditForm, SubmissionForm
from curation.history import revisions
from curation.insight import SIGNALS
from curation.services import (
    Content,
    IllegalTransition,
    MessageRequired,
    StaleEdit,
    SubmissionLimit,
    approve_submission,
    edit_question,
    edit_submission,
    latest_revision,
    moderate_edit,
    reject_submission,
    report_problem,
    request_changes,
    resolve_report,
    revert_question,
    similar_questions,
    submit_question,
    withdraw_submission,
)
from practice.services import record_attempt
from questions.bank import import_bank
from questions.models import Question, Report, Submission
from tests.conftest import api_client_for
from tests.factories import QuestionFactory, UserFactory
from tests.jobs import run_queued_jobs

NOW = timezone.now


@pytest.fixture
def carol(db):
    """A curator who is not staff: a member of the curator group."""
    user = UserFactory(email="carol@example.com")
    user.groups.add(Group.objects.get_or_create(name="curator")[0])
    return user


def content(small_bank, **changes) -> Content:
    values = {"title": "What does weight decay do to the loss?", "category": small_bank.stats, "difficulty": "medium",
              "kind": "concept", "answer": "It adds $\\lambda\\|w\\|^2$.", "tags": ["regularisation"]}  # fmt: skip
    return Content(**{**values, **changes})


@pytest.fixture
def submission(alice, small_bank) -> Submission:
    return submit_question(user=alice, content=content(small_bank), now=NOW())


class TestTransitions:
    def test_a_submission_starts_in_review_and_hidden(self, submission, client):
        assert submission.status == "in_review" and submission.question.status == "in_review"
        assert client.get(submission.question.get_absolute_url()).status_code == 404
        assert "<math" in submission.question.answer_html

    def test_request_changes_edit_approve_publishes_and_notifies(self, submission, alice, carol, client):
        request_changes(submission=submission, curator=carol, message="Add the gradient view.", now=NOW())
        edit_submission(
            submission=submission,
            user=alice,
            content=content(
                submission.question.category
                and submission.question.category
                and type("B", (), {"stats": submission.question.category})(),
                answer="Gradient view: shrinks w each step.",
            ),
            now=NOW(),
        )
        submission.refresh_from_db()
        assert submission.status == "in_review"
        question = approve_submission(submission=submission, curator=carol, now=NOW())
        assert question.status == "published"
        assert client.get(question.get_absolute_url()).status_code == 200
        texts = list(Notification.objects.filter(user=alice).values_list("text", flat=True))
        assert any("asked for changes" in t for t in texts) and any("is published" in t for t in texts)

    @pytest.mark.parametrize("first", ["approve", "reject", "withdraw"])
    def test_a_closed_submission_cannot_move_again(self, submission, alice, carol, first):
        actions = {
            "approve": lambda: approve_submission(submission=submission, curator=carol, now=NOW()),
            "reject": lambda: reject_submission(submission=submission, curator=carol, reason="Duplicate", now=NOW()),
            "withdraw": lambda: withdraw_submission(submission=submission, user=alice, now=NOW()),
            "changes": lambda: request_changes(submission=submission, curator=carol, message="x", now=NOW()),
            "edit": lambda: edit_submission(
                submission=submission, user=alice, content=content_for(submission), now=NOW()
            ),
        }
        actions.pop(first)()
        submission.refresh_from_db()
        before = (submission.status, submission.question.status, submission.question.title)
        for _name, action in actions.items():
            with pytest.raises(IllegalTransition, match="can no longer be"):
                action()
        submission.refresh_from_db()
        assert (submission.status, submission.question.status, submission.question.title) == before

    def test_changes_need_a_message_and_rejection_a_reason(self, submission, carol):
        with pytest.raises(MessageRequired, match="message is required") as missing:
            request_changes(submission=submission, curator=carol, message="  ", now=NOW())
        assert missing.value.field == "message"
        with pytest.raises(MessageRequired, match="reason is required") as missing:
            reject_submission(submission=submission, curator=carol, reason="", now=NOW())
        assert missing.value.field == "reason"
        submission.refresh_from_db()
        assert submission.status == "in_review"

    def test_requesting_changes_twice_is_illegal(self, submission, carol):
        request_changes(submission=submission, curator=carol, message="a", now=NOW())
        with pytest.raises(IllegalTransition):
            request_changes(submission=submission, curator=carol, message="b", now=NOW())

    def test_only_the_submitter_edits_or_withdraws(self, submission, bob):
        with pytest.raises(PermissionError):
            withdraw_submission(submission=submission, user=bob, now=NOW())
        with pytest.raises(PermissionError):
            edit_submission(submission=submission, user=bob, content=content_for(submission), now=NOW())

    def test_a_daily_cap_with_a_clear_message(self, alice, small_bank, settings):
        settings.SUBMISSIONS_PER_DAY = 2
        for i in range(2):
            submit_question(user=alice, content=content(small_bank, title=f"Question {i}?"), now=NOW())
        with pytest.raises(SubmissionLimit, match="2 questions a day"):
            submit_question(user=alice, content=content(small_bank, title="One more?"), now=NOW())
        assert Submission.objects.count() == 2

    def test_hostile_markdown_in_a_submission_is_sanitised(self, alice, small_bank):
        s = submit_question(
            user=alice, content=content(small_bank, answer="<script>x</script>[a](javascript:x)"), now=NOW()
        )
        assert "<script" not in s.question.answer_html and 'href="javascript' not in s.question.answer_html

    def test_the_email_goes_out_after_commit(self, submission, carol, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            approve_submission(submission=submission, curator=carol, now=NOW())
        run_queued_jobs()  # the worker sends it
        assert len(mail.outbox) == 1 and "is published" in mail.outbox[0].subject


def content_for(submission: Submission) -> Content:
    q = submission.question
    return Content(title=q.title + " (edited)", category=q.category, difficulty=q.difficulty, kind=q.kind)


class TestHistory:
    def test_every_step_is_a_revision_with_who_and_why(self, submission, alice, carol):
        request_changes(submission=submission, curator=carol, message="More detail", now=NOW())
        edit_submission(submission=submission, user=alice, content=content_for(submission), now=NOW())
        approve_submission(submission=submission, curator=carol, now=NOW())
        reasons = [h.history_change_reason for h in submission.question.history.order_by("history_id")]
        assert reasons[0].startswith("Submitted by")
        assert any(r.startswith("Changes requested by") for r in reasons)
        assert any(r.startswith("Edited by the submitter") for r in reasons)
        assert reasons[-1].startswith("Approved and published by")

    def test_revert_restores_fields_and_tags_as_a_new_revision(self, small_bank, staff):
        question = small_bank.bayes
        first = question.history.latest("history_id")  # as the factory left it, tags included
        question.title, question.answer = "Changed title", "Changed answer"
        question.save()
        question.tags.clear()
        revert_question(question=question, history_id=first.history_id, user=staff)
        question.refresh_from_db()
        assert question.title == "State Bayes' rule and use it on a test result"
        assert question.answer == "Posterior is prior times likelihood."
        assert [t.slug for t in question.tags.all()] == ["probability"]
        assert question.history.latest("history_id").history_change_reason.startswith("Reverted to the revision")

    def test_an_admin_edit_is_recorded_with_its_user(self, staff_client, staff, small_bank):
        staff_client.post(
            "/admin/questions/question/", {"action": "archive", "_selected_action": [small_bank.bayes.pk]}
        )
        latest = small_bank.bayes.history.latest("history_id")
        assert (latest.status, latest.history_user, latest.history_change_reason) == (
            "archived",
            staff,
            "Archived in the admin",
        )

    def test_the_history_page_shows_a_readable_diff(self, staff_client, small_bank):
        small_bank.bayes.answer = "Posterior is prior times likelihood, over the evidence."
        small_bank.bayes.save()
        body = staff_client.get(f"/curation/questions/{small_bank.bayes.slug}/history/").content.decode()
        assert '<span class="diff-removed">-Posterior is prior times likelihood.</span>' in body
        assert '<span class="diff-added">+Posterior is prior times likelihood, over the evidence.</span>' in body


class TestReports:
    def test_report_and_resolve(self, alice_client, alice, carol, small_bank):
        alice_client.post("/questions/bayes-rule/report/", {"kind": "typo", "comment": "“liklihood”"})
        report = Report.objects.get()
        assert (report.reporter, report.kind) == (alice, "typo")
        with pytest.raises(MessageRequired, match="resolution is required"):
            resolve_report(report=report, curator=carol, resolution="", now=NOW())
        resolve_report(report=report, curator=carol, resolution="Fixed the spelling", now=NOW())
        with pytest.raises(IllegalTransition, match="already resolved"):
            resolve_report(report=report, curator=carol, resolution="again", now=NOW())

    def test_anonymous_users_cannot_report_and_drafts_cannot_be_reported(self, client, alice_client, small_bank):
        assert client.post("/questions/bayes-rule/report/", {"kind": "typo"}).status_code == 302
        assert alice_client.post("/questions/secret-draft/report/", {"kind": "typo"}).status_code == 404
        assert Report.objects.count() == 0


def test_similar_questions_share_title_words(small_bank):
    assert similar_questions("How do vision transformers split images into patches?") == [small_bank.vit]
    assert similar_questions("xyzzy") == []


class TestPages:
    def test_the_submit_page_previews_and_warns_about_duplicates_before_submitting(self, alice_client, small_bank):
        data = {"title": "How does a vision transformer split an image?", "category": "vision", "difficulty": "hard",
                "kind": "concept", "answer": "Patches of **16×16**."}  # fmt: skip
        preview = alice_client.post("/questions/submit/", {**data, "action": "preview"})
        assert preview.context["similar"] == [small_bank.vit]
        assert "<strong>16×16</strong>" in preview.content.decode()
        assert Submission.objects.count() == 0
        response = alice_client.post("/questions/submit/", {**data, "action": "submit"})
        assert Submission.objects.get().question.status == "in_review"
        assert response["Location"] == f"/questions/submissions/{Submission.objects.get().pk}/"

    @pytest.mark.parametrize(
        ("change", "error"),
        [({"title": ""}, "This field is required"), ({"short_answer": "1\n2\n3\n4\n5"}, "4 lines"),
         ({"key_points": "only one"}, "3 to 6 key points"), ({"references": "Paper | not a link"}, "neither a URL"),
         ({"category": "nope"}, "Select a valid choice")],
    )  # fmt: skip
    def test_bad_input_is_explained_and_nothing_is_created(self, alice_client, small_bank, change, error):
        data = {
            "title": "A question?",
            "category": "vision",
            "difficulty": "hard",
            "kind": "concept",
            "action": "submit",
        }
        response = alice_client.post("/questions/submit/", {**data, **change})
        assert error.lower() in response.content.decode().lower()
        assert Submission.objects.count() == 0

    def test_the_moderation_page_drives_the_whole_review(self, alice_client, submission, carol):
        curator = Client()
        curator.force_login(carol)
        queue = curator.get("/curation/")
        assert list(queue.context["submissions"]) == [submission]
        url = f"/curation/submissions/{submission.pk}/"
        curator.post(url, {"action": "request_changes", "message": "Cite the paper."})
        submission.refresh_from_db()
        assert submission.status == "changes_requested"
        page = alice_client.get(f"/questions/submissions/{submission.pk}/").content.decode()
        assert "Cite the paper." in page
        curator.post(url, {"action": "approve"})
        submission.refresh_from_db()
        assert submission.status == "published"

    def test_approving_a_withdrawn_submission_says_why_and_changes_nothing(self, alice, submission, carol):
        withdraw_submission(submission=submission, user=alice, now=NOW())
        curator = Client()
        curator.force_login(carol)
        response = curator.post(f"/curation/submissions/{submission.pk}/", {"action": "approve"}, follow=True)
        assert "withdrawn; it can no longer be approved" in response.content.decode()
        submission.refresh_from_db()
        assert submission.status == "withdrawn" and submission.question.status == "archived"

    @pytest.mark.parametrize("url", ["/curation/", "/curation/insight/", "/curation/questions/bayes-rule/history/"])
    def test_curator_pages_refuse_other_users(self, alice_client, client, url, small_bank):
        assert alice_client.get(url).status_code == 403
        assert client.get(url).status_code == 302

    def test_other_users_never_see_a_submission_before_it_is_published(self, bob_client, submission):
        assert bob_client.get(f"/questions/submissions/{submission.pk}/").status_code == 404
        assert bob_client.get(submission.question.get_absolute_url()).status_code == 404
        assert submission.question.title not in bob_client.get("/questions/?search=weight").content.decode()


class TestInsight:
    def test_it_says_grades_count_from_three_attempts_when_none_has_enough(self, staff_client, alice, small_bank):
        for grade in ("again", "again"):
            record_attempt(user=alice, question=small_bank.bayes, grade=grade, answer_text="", seconds_taken=1,
                           now=NOW())  # fmt: skip
        page = staff_client.get("/curation/insight/?signal=confusing").content.decode()
        assert "Shown from 3 attempts on" in page
        assert "No question has 3 attempts yet, so none is ranked by its grades." in page
        assert "No question shows this signal." not in page

    def test_it_ranks_by_each_signal(self, staff_client, alice, bob, small_bank):
        for user in (alice, bob, UserFactory()):
            record_attempt(user=user, question=small_bank.bayes, grade="again", answer_text="", seconds_taken=1,
                           now=NOW(), key_points_covered=[0])  # fmt: skip
            record_attempt(user=user, question=small_bank.vit, grade="good", answer_text="", seconds_taken=1,
                           now=NOW(), key_points_covered=[0, 1, 2])  # fmt: skip
        report_problem(question=small_bank.vit, user=alice, kind="wrong", comment="", now=NOW())

        def slugs(signal):
            return [q.slug for q in staff_client.get(f"/curation/insight/?signal={signal}").context["page"].object_list]

        assert slugs("confusing") == ["bayes-rule", "vision-transformer"]
        assert slugs("low-coverage") == ["bayes-rule", "vision-transformer"]
        assert slugs("reported") == ["vision-transformer"]
        assert slugs("never-attempted") == ["what-is-a-convolution"]

    @pytest.mark.parametrize("signal", list(SIGNALS))
    @pytest.mark.parametrize("rows", [5, 50])
    def test_the_page_runs_the_same_queries_as_the_bank_grows(
        self, staff_client, django_assert_num_queries, db, rows, signal
    ):
        users = [UserFactory() for _ in range(3)]
        for i in range(rows):
            question = QuestionFactory(key_points=["a", "b", "c"])
            report_problem(question=question, user=users[0], kind="typo", comment="", now=NOW())
            report_problem(question=question, user=users[1], kind="unclear", comment="", now=NOW())
            if i % 5 == 0:
                continue  # never attempted
            for user, grade in zip(users, ["again", "hard", "good"], strict=True):
                record_attempt(user=user, question=question, grade=grade, answer_text="", seconds_taken=1,
                               now=NOW(), key_points_covered=[0])  # fmt: skip
        # the session with the user and the header (due, unread, curator); count, the page (attempts
        # joined and aggregated, open reports in a subquery, category joined)
        with django_assert_num_queries(3):
            response = staff_client.get(f"/curation/insight/?signal={signal}")
        never = len(range(0, rows, 5))
        shown = {"never-attempted": never, "confusing": rows - never, "low-coverage": rows - never}.get(signal, rows)
        assert len(response.context["page"].object_list) == shown

    def test_oldest_unrevised_comes_first_and_an_edit_moves_a_question_last(self, staff_client, small_bank, carol):
        for question, days in [(small_bank.vit, 10), (small_bank.bayes, 5), (small_bank.convolution, 1)]:
            Question.objects.filter(pk=question.pk).update(updated_at=NOW() - timedelta(days=days))

        def oldest():
            page = staff_client.get("/curation/insight/?signal=oldest").context["page"]
            return [q.slug for q in page.object_list]

        assert oldest() == ["vision-transformer", "bayes-rule", "what-is-a-convolution"]
        edit_question(question=small_bank.vit, curator=carol, reason="Refreshed", based_on=latest_revision(small_bank.vit),
                      content=edit_content(small_bank.vit, answer="Patches, then a transformer."))  # fmt: skip
        assert oldest() == ["bayes-rule", "what-is-a-convolution", "vision-transformer"]


class TestApi:
    def payload(self, **changes):
        return {"title": "Why does Adam need bias correction?", "category": "statistics", "difficulty": "hard",
                "kind": "math", **changes}  # fmt: skip

    def test_the_contract(self, alice, carol, small_bank):
        client, curator = api_client_for(alice), api_client_for(carol)
        created = client.post("/api/v1/submissions/", self.payload(), format="json")
        assert created.status_code == 201 and created.json()["status"] == "in_review"
        pk = created.json()["id"]
        assert client.post(f"/api/v1/submissions/{pk}/approve/").status_code == 403
        assert curator.post(f"/api/v1/submissions/{pk}/request-changes/", {}, format="json").status_code == 400
        assert (
            curator.post(f"/api/v1/submissions/{pk}/request-changes/", {"message": "Derive it"}, format="json").json()[
                "status"
            ]
            == "changes_requested"
        )
        patched = client.patch(f"/api/v1/submissions/{pk}/", {"answer": "Because $m_0 = 0$."}, format="json")
        assert patched.json()["status"] == "in_review" and patched.json()["title"] == self.payload()["title"]
        approved = curator.post(f"/api/v1/submissions/{pk}/approve/")
        assert approved.json() == {"slug": "why-does-adam-need-bias-correction"}
        assert curator.post(f"/api/v1/submissions/{pk}/reject/", {"reason": "late"}, format="json").status_code == 409
        assert client.post(f"/api/v1/submissions/{pk}/withdraw/").status_code == 409

    def test_listing_is_own_for_users_and_all_for_curators(self, alice, bob, carol, small_bank):
        api_client_for(alice).post("/api/v1/submissions/", self.payload(), format="json")
        assert api_client_for(bob).get("/api/v1/submissions/").json() == {
            "count": 0, "next": None, "previous": None, "results": []
        }  # fmt: skip
        assert api_client_for(carol).get("/api/v1/submissions/?status=in_review").json()["count"] == 1
        bad = api_client_for(carol).get("/api/v1/submissions/?status=done")
        assert bad.status_code == 400 and "Must be one of in_review" in bad.json()["status"][0]
        pk = Submission.objects.get().pk
        assert api_client_for(bob).get(f"/api/v1/submissions/{pk}/").status_code == 404
        assert api_client_for(bob).patch(f"/api/v1/submissions/{pk}/", {"title": "x"}, format="json").status_code == 404

    def test_bad_submissions_are_400_per_field(self, alice, small_bank):
        response = api_client_for(alice).post(
            "/api/v1/submissions/", {"difficulty": "extreme", "category": "nope"}, format="json"
        )
        assert response.status_code == 400 and {"title", "difficulty", "category", "kind"} <= set(response.json())

    def test_reports_and_history(self, alice, bob, carol, small_bank):
        response = api_client_for(bob).post(
            "/api/v1/questions/bayes-rule/reports/", {"kind": "unclear", "comment": "?"}, format="json"
        )
        assert response.status_code == 201
        assert (
            api_client_for(bob)
            .post("/api/v1/questions/bayes-rule/reports/", {"kind": "rude"}, format="json")
            .status_code
            == 400
        )
        assert api_client_for(alice).get("/api/v1/questions/bayes-rule/history/").status_code == 403
        revisions = api_client_for(carol).get("/api/v1/questions/bayes-rule/history/").json()
        assert revisions and revisions[-1]["changed"][0] == "Title"
        reverted = api_client_for(carol).post(f"/api/v1/questions/bayes-rule/history/{revisions[-1]['id']}/revert/")
        assert reverted.status_code == 200
        after = api_client_for(carol).get("/api/v1/questions/bayes-rule/history/").json()
        assert len(after) > len(revisions) and after[0]["reason"].startswith("Reverted to the revision")

    def test_anonymous_callers_get_401(self, api, small_bank):
        assert api.get("/api/v1/submissions/").status_code == 401
        assert api.post("/api/v1/questions/bayes-rule/reports/", {"kind": "typo"}, format="json").status_code == 401


def test_the_live_preview_renders_sanitised_html_and_similar_questions(alice_client, client, small_bank):
    response = alice_client.post(
        "/questions/submit/preview/",
        {"title": "How do vision transformers split images?", "answer": "$x^2$ <script>x</script>"},
    )
    body = response.json()
    assert "<math" in body["answer_html"] and "<script" not in body["answer_html"]
    assert body["similar"] == [{"title": small_bank.vit.title, "url": "/questions/vision-transformer/"}]
    assert client.post("/questions/submit/preview/", {"title": "x"}).status_code == 302


@pytest.fixture
def dave(db):
    """Staff without superuser rights: a curator, and the admin refuses him the question forms."""
    return UserFactory(email="dave@example.com", is_staff=True)


def edit_content(question, **changes) -> Content:
    return Content(**{**vars(Content.of(question)), **changes})


class TestCuratorEdit:
    def test_a_curator_edits_a_published_question_as_one_revision_with_the_reason(self, small_bank, carol):
        before = small_bank.bayes.history.count()
        edited = edit_question(
            question=small_bank.bayes, curator=carol, reason="Named the evidence term",
            based_on=latest_revision(small_bank.bayes),
            content=edit_content(small_bank.bayes, answer="Posterior = prior × likelihood / evidence.",
                                 tags=["probability", "bayes"], related=[small_bank.vit], commonly_asked=True),
        )  # fmt: skip
        assert edited.status == "published" and edited.commonly_asked
        assert [t.slug for t in edited.tags.all()] == ["bayes", "probability"]
        assert list(edited.related.all()) == [small_bank.vit]
        assert edited.history.count() == before + 1
        latest = edited.history.latest("history_id")
        assert (latest.history_change_reason, latest.history_user) == ("Named the evidence term", carol)
        assert [r.to_question_id for r in latest.related.all()] == [small_bank.vit.pk]

    def test_it_needs_a_curator_and_a_reason_and_changes_nothing_otherwise(self, small_bank, alice, carol):
        content = edit_content(small_bank.bayes, title="Vandalised")
        with pytest.raises(PermissionError):
            edit_question(question=small_bank.bayes, curator=alice, content=content, reason="why not", based_on=0)
        with pytest.raises(IllegalTransition, match="a reason is required"):
            edit_question(question=small_bank.bayes, curator=carol, content=content, reason="  ", based_on=0)
        small_bank.bayes.refresh_from_db()
        assert small_bank.bayes.title.startswith("State Bayes")

    def test_a_submission_in_review_is_edited_on_its_moderation_page_instead(self, submission, carol):
        with pytest.raises(IllegalTransition, match="moderation page"):
            edit_question(question=submission.question, curator=carol, content=content_for(submission), reason="x",
                          based_on=latest_revision(submission.question))  # fmt: skip

    @pytest.mark.parametrize("who", ["carol", "dave"])
    def test_group_curators_and_plain_staff_edit_on_the_site(self, request, small_bank, who):
        client = Client()
        client.force_login(request.getfixturevalue(who))
        url = "/curation/questions/bayes-rule/edit/"
        page = client.get(url)
        assert page.status_code == 200 and page.context["form"]["title"].value().startswith("State Bayes")
        data = {**QuestionEditForm.initial_for(small_bank.bayes), "answer": "Use **Bayes**.", "reason": "Bolder"}
        preview = client.post(url, {**data, "action": "preview"})
        assert "<strong>Bayes</strong>" in preview.content.decode()
        assert small_bank.bayes.history.latest("history_id").history_change_reason != "Bolder"
        response = client.post(url, {**data, "action": "save"})
        assert response.status_code == 302 and response["Location"] == "/curation/questions/bayes-rule/history/"
        small_bank.bayes.refresh_from_db()
        assert small_bank.bayes.answer == "Use **Bayes**." and small_bank.bayes.status == "published"
        assert small_bank.bayes.history.latest("history_id").history_change_reason == "Bolder"

    def test_the_edit_page_explains_bad_input_and_saves_nothing(self, small_bank, carol):
        client = Client()
        client.force_login(carol)
        before = small_bank.bayes.history.count()
        data = {**QuestionEditForm.initial_for(small_bank.bayes), "related": "no-such-question", "reason": ""}
        response = client.post("/curation/questions/bayes-rule/edit/", {**data, "action": "save"})
        body = response.content.decode()
        assert response.status_code == 400 and "No other question has the slug no-such-question" in body
        assert "This field is required" in body
        assert small_bank.bayes.history.count() == before

    def test_every_edit_link_points_at_the_site_page(self, small_bank, alice, carol):
        client = Client()
        client.force_login(carol)
        report_problem(question=small_bank.bayes, user=alice, kind="typo", comment="", now=NOW())
        edit_url = 'href="/curation/questions/bayes-rule/edit/"'
        for url in ["/questions/bayes-rule/", "/curation/questions/bayes-rule/history/", "/curation/",
                    "/curation/insight/?signal=never-attempted"]:  # fmt: skip
            body = client.get(url).content.decode()
            assert edit_url in body, url
            assert "/admin/questions/question/" not in body.replace('href="/admin/questions/question/"', ""), url

    def test_the_api_edits_through_the_same_service(self, small_bank, alice, carol):
        url = "/api/v1/curation/questions/bayes-rule/"
        assert api_client_for(alice).patch(url, {"title": "x", "reason": "y"}, format="json").status_code == 403
        missing = api_client_for(carol).patch(url, {"title": "Bayes' rule, stated"}, format="json")
        assert missing.status_code == 400 and set(missing.json()) == {"reason"}
        response = api_client_for(carol).patch(
            url, {"title": "Bayes' rule, stated", "related": ["vision-transformer"], "reason": "Shorter"}, format="json"
        )
        assert response.status_code == 200
        latest = small_bank.bayes.history.latest("history_id")
        assert response.json() == {"slug": "bayes-rule", "status": "published", "revision": latest.history_id}
        assert (latest.title, latest.history_user, latest.history_change_reason) == ("Bayes' rule, stated", carol,
                                                                                    "Shorter")  # fmt: skip
        small_bank.bayes.refresh_from_db()
        assert [t.slug for t in small_bank.bayes.tags.all()] == ["probability"]  # what was not sent stays
        assert api_client_for(carol).patch("/api/v1/curation/questions/nope/", {}, format="json").status_code == 404


class TestEditsThatCross:
    """An edit carries the revision it started from; saved after someone else's, it is a 409 that
    loses nothing (tests/curation/test_concurrency.py has the same with requests at once)."""

    def test_an_edit_from_an_older_revision_is_refused_and_saves_nothing(self, small_bank, carol, dave):
        question = small_bank.bayes
        opened = latest_revision(question)
        edit_question(question=question, curator=dave, reason="Title", based_on=opened,
                      content=edit_content(question, title="Bayes' rule"))  # fmt: skip
        before = question.history.count()
        with pytest.raises(StaleEdit, match="Someone else changed this question since you opened it") as stale:
            edit_question(question=question, curator=carol, reason="Answer", based_on=opened,
                          content=edit_content(small_bank.bayes, answer="Carol's answer"))  # fmt: skip
        assert stale.value.revision == latest_revision(question) != opened
        question.refresh_from_db()
        assert (question.title, question.history.count()) == ("Bayes' rule", before)
        assert question.answer != "Carol's answer"

    def test_a_moderation_edit_from_an_older_revision_is_refused(self, submission, alice, carol):
        opened = latest_revision(submission.question)
        edit_submission(submission=submission, user=alice, content=content_for(submission), now=NOW())
        with pytest.raises(StaleEdit):
            moderate_edit(submission=submission, curator=carol, based_on=opened, now=NOW(),
                          content=Content(**{**vars(Content.of(submission.question)), "title": "Carol's"}))  # fmt: skip
        submission.question.refresh_from_db()
        assert submission.question.title.endswith("(edited)")

    def test_the_edit_page_shows_my_edits_beside_what_was_saved_and_saves_them_when_asked_again(
        self, small_bank, carol, dave
    ):
        client = Client()
        client.force_login(carol)
        url = "/curation/questions/bayes-rule/edit/"
        opened = client.get(url).context["form"].initial
        assert opened["revision"] == latest_revision(small_bank.bayes)
        edit_question(question=small_bank.bayes, curator=dave, reason="Title", based_on=opened["revision"],
                      content=edit_content(small_bank.bayes, title="Bayes' rule, by Dave"))  # fmt: skip
        mine = {**opened, "answer": "Carol's answer", "reason": "Clearer", "action": "save"}
        response = client.post(url, mine)
        body = html.unescape(response.content.decode())
        assert response.status_code == 409
        assert "Someone else changed this question since you opened it; your changes are below, review and save " \
               "again." in body  # fmt: skip
        form = response.context["form"]
        assert form["answer"].value() == "Carol's answer" and form["title"].value().startswith("State Bayes")
        assert form["revision"].value() == latest_revision(small_bank.bayes)
        rows = {row["label"]: row for row in response.context["saved_meanwhile"]}
        assert rows["Title"]["saved"] == "Bayes' rule, by Dave" and rows["Title"]["yours"].startswith("State Bayes")
        assert "Model answer" in rows and "Saved meanwhile" in body
        small_bank.bayes.refresh_from_db()
        assert small_bank.bayes.answer != "Carol's answer"
        # Carol keeps Dave's title and saves her answer from the form she was given back.
        again = {**{name: form[name].value() for name in form.fields}, "title": "Bayes' rule, by Dave"}
        again = {k: v for k, v in again.items() if v not in (None, False)}
        assert client.post(url, {**again, "action": "save"}).status_code == 302
        small_bank.bayes.refresh_from_db()
        assert (small_bank.bayes.title, small_bank.bayes.answer) == ("Bayes' rule, by Dave", "Carol's answer")

    def test_an_edit_page_without_its_revision_is_a_form_error(self, small_bank, carol):
        client = Client()
        client.force_login(carol)
        data = {**QuestionEditForm.initial_for(small_bank.bayes), "reason": "x", "action": "save"}
        del data["revision"]
        response = client.post("/curation/questions/bayes-rule/edit/", data)
        assert response.status_code == 400 and "This page is out of date" in response.content.decode()

    def test_approving_a_submission_changed_since_the_page_was_opened_is_refused(self, submission, alice, carol):
        client = Client()
        client.force_login(carol)
        url = f"/curation/submissions/{submission.pk}/"
        opened = client.get(url).context["form"].initial
        edit_submission(submission=submission, user=alice, content=content_for(submission), now=NOW())
        response = client.post(url, {**opened, "action": "approve"})
        assert response.status_code == 409
        assert [r["label"] for r in response.context["saved_meanwhile"]] == ["Title", "Model answer", "Tags"]
        assert response.context["form"]["title"].value() == opened["title"]
        submission.refresh_from_db()
        assert submission.status == "in_review"

    def test_the_api_gives_the_revision_and_refuses_an_edit_from_an_older_one(self, small_bank, carol, dave):
        url = "/api/v1/curation/questions/bayes-rule/"
        current = api_client_for(carol).get(url).json()
        assert current["revision"] == latest_revision(small_bank.bayes)
        assert (current["slug"], current["title"], current["tags"]) == ("bayes-rule", small_bank.bayes.title,
                                                                       ["probability"])  # fmt: skip
        first = api_client_for(dave).patch(url, {"title": "Dave's", "reason": "r", "revision": current["revision"]},
                                           format="json")  # fmt: skip
        assert first.status_code == 200 and first.json()["revision"] == latest_revision(small_bank.bayes)
        stale = api_client_for(carol).patch(url, {"answer": "Carol's", "reason": "r", "revision": current["revision"]},
                                            format="json")  # fmt: skip
        assert stale.status_code == 409
        assert stale.json()["detail"].startswith(
            f"Someone else changed this question since revision {current['revision']}"
        )
        small_bank.bayes.refresh_from_db()
        assert (small_bank.bayes.title, small_bank.bayes.answer) == ("Dave's", "Posterior is prior times likelihood.")
        again = api_client_for(carol).patch(url, {"answer": "Carol's", "reason": "r", "revision": first.json()["revision"]},
                                            format="json")  # fmt: skip
        assert again.status_code == 200
        small_bank.bayes.refresh_from_db()
        assert (small_bank.bayes.title, small_bank.bayes.answer) == ("Dave's", "Carol's")
        assert api_client_for(carol).get("/api/v1/curation/questions/nope/").status_code == 404


class TestRevisionsAreComplete:
    def test_a_related_only_change_is_a_revision_and_revert_restores_links(self, small_bank, carol):
        question = small_bank.bayes
        first = question.history.latest("history_id")
        edit_question(question=question, curator=carol, reason="Linked", based_on=latest_revision(question),
                      content=edit_content(question, related=[small_bank.vit]))  # fmt: skip
        rows = revisions(question)
        assert [c["label"] for c in rows[0]["changes"]] == ["Related questions"]
        revert_question(question=question, history_id=first.history_id, user=carol)
        assert list(question.related.all()) == []
        assert question.history.latest("history_id").history_user == carol

    def test_revert_leaves_the_status_so_a_submission_and_its_question_agree(self, submission, carol):
        first = submission.question.history.earliest("history_id")
        approve_submission(submission=submission, curator=carol, now=NOW())
        revert_question(question=submission.question, history_id=first.history_id, user=carol)
        submission.refresh_from_db()
        submission.question.refresh_from_db()
        assert (submission.status, submission.question.status) == ("published", "published")

    def test_each_step_of_a_submission_is_exactly_one_revision(self, submission, alice, carol):
        request_changes(submission=submission, curator=carol, message="More", now=NOW())
        edit_submission(submission=submission, user=alice, content=content_for(submission), now=NOW())
        approve_submission(submission=submission, curator=carol, now=NOW())
        users = [h.history_user for h in submission.question.history.order_by("history_id")]
        assert users == [alice, carol, alice, carol]


class TestImportRevisions:
    @pytest.fixture
    def bank(self, tmp_path, small_bank):
        from tests.questions.test_bank import BAYES, CATEGORIES, GOOD, write

        # The small bank already has bayes-rule; the files link the convolution question to it.
        return write(tmp_path / "bank", {"categories.yaml": CATEGORIES, "vision/convolution.md": GOOD,
                                         "statistics/bayes-rule.md": BAYES})  # fmt: skip

    def test_a_new_question_gets_one_revision_with_its_tags_and_links(self, bank):
        import_bank([bank])
        history = Question.objects.get(slug="convolution").history.all()
        assert len(history) == 1
        latest = history[0]
        assert latest.history_type == "+"  # a creation, not a change
        assert latest.history_change_reason == "Imported from convolution.md by manage.py import_bank"
        assert sorted(t.tag.slug for t in latest.tags.all()) == ["cnn", "computer-vision"]
        assert [r.to_question.slug for r in latest.related.all()] == ["bayes-rule"]

    @pytest.mark.parametrize(
        ("old", "new"), [("tags: [cnn, computer-vision]", "tags: [cnn]"), ("related: [bayes-rule]", "related: []")]
    )
    def test_a_tags_or_links_only_change_is_exactly_one_revision_with_the_reason(self, bank, old, new):
        import_bank([bank])
        question = Question.objects.get(slug="convolution")
        before = question.history.count()
        path = bank / "vision/convolution.md"
        path.write_text(path.read_text().replace(old, new))
        assert import_bank([bank]).updated == 1
        assert question.history.count() == before + 1
        assert question.history.latest("history_id").history_change_reason.startswith("Imported from convolution.md")
        assert import_bank([bank]).updated == 0 and question.history.count() == before + 1

    def test_the_command_records_who_imported(self, bank, carol):
        call_command("import_bank", str(bank), "--user", "CAROL@example.com", stdout=io.StringIO())
        latest = Question.objects.get(slug="convolution").history.latest("history_id")
        assert (latest.history_user, latest.history_change_reason) == (carol, "Imported from convolution.md")
        with pytest.raises(CommandError, match="No user with the email nobody@example.com"):
            call_command("import_bank", str(bank), "--user", "nobody@example.com")


class TestModerationKeepsEdits:
    @pytest.fixture
    def curator(self, carol):
        client = Client()
        client.force_login(carol)
        return client

    def form(self, submission, **changes):
        return {**ModerationForm.initial_for(submission.question), **changes}

    @pytest.mark.parametrize(("action", "status"), [("request_changes", "changes_requested"), ("reject", "rejected")])
    def test_edits_are_saved_with_every_decision(self, curator, submission, action, status):
        data = self.form(submission, answer="Fixed by the curator.", action=action, message="See my fix.")
        response = curator.post(f"/curation/submissions/{submission.pk}/", data, follow=True)
        assert "Your edits are saved." in response.content.decode()
        submission.refresh_from_db()
        assert (submission.status, submission.question.answer) == (status, "Fixed by the curator.")

    @pytest.mark.parametrize(("action", "error"), [("request_changes", "a message is required"),
                                                   ("reject", "a reason is required")])  # fmt: skip
    def test_a_missing_message_is_a_form_error_that_saves_no_edit(self, curator, submission, action, error):
        data = self.form(submission, answer="Fixed by the curator.", action=action, message="  ")
        response = curator.post(f"/curation/submissions/{submission.pk}/", data)
        body = response.content.decode()
        assert response.status_code == 400 and error in body and "Fixed by the curator." in body
        assert 'id="id_message_error"' in body
        submission.refresh_from_db()
        assert (submission.status, submission.question.answer) == ("in_review", "It adds $\\lambda\\|w\\|^2$.")

    def test_an_empty_scenario_is_hidden_in_the_previews(self, curator, submission, alice_client):
        # content() gives no scenario: its section would show as a bare accent bar.
        assert submission.question.body_html == ""
        moderate = curator.get(f"/curation/submissions/{submission.pk}/").content.decode()
        assert '<section class="scenario" data-scenario hidden></section>' in moderate
        submit = alice_client.get("/questions/submit/").content.decode()
        assert '<section class="scenario" data-scenario hidden></section>' in submit

    def test_the_key_points_hint_names_how_many(self, curator, submission, alice_client):
        assert (
            "Optional: 3 to 6, one per line." in curator.get(f"/curation/submissions/{submission.pk}/").content.decode()
        )
        assert "Optional: 3 to 6, one per line." in alice_client.get("/questions/submit/").content.decode()

    def test_a_decision_the_status_forbids_is_still_409(self, curator, submission, alice):
        withdraw_submission(submission=submission, user=alice, now=NOW())
        data = {"action": "reject", "message": "Too late."}
        response = curator.post(f"/curation/submissions/{submission.pk}/", data)
        assert response.status_code == 409 and "withdrawn" in response.content.decode()

    def test_invalid_edits_block_the_decision_with_the_field_errors(self, curator, submission):
        data = self.form(submission, key_points="only one", action="approve")
        response = curator.post(f"/curation/submissions/{submission.pk}/", data)
        assert response.status_code == 400 and "3 to 6 key points" in response.content.decode()
        submission.refresh_from_db()
        assert submission.status == "in_review"

    def test_the_moderate_page_shows_the_rendered_question(self, curator, submission):
        assert "<math" in curator.get(f"/curation/submissions/{submission.pk}/").content.decode()


def many_submissions(n: int, small_bank) -> list[Submission]:
    """`n` submissions from different users in a subcategory, each with a report on its question
    and a tag, so that any lazy relation shows up as extra queries."""
    made = []
    for i in range(n):
        user = UserFactory()
        made.append(
            submit_question(
                user=user,
                content=content(
                    small_bank, title=f"Question {i}?", category=small_bank.vision, tags=["cnn", f"t{i % 3}"]
                ),
                now=NOW(),
            )  # fmt: skip
        )
        report_problem(question=small_bank.vit, user=user, kind="typo", comment=str(i), now=NOW())
    return made


class TestQueries:
    @pytest.mark.parametrize("rows", [5, 50])
    def test_the_queue_runs_the_same_queries_as_it_grows(self, carol, small_bank, django_assert_num_queries, rows):
        many_submissions(rows, small_bank)
        client = Client()
        client.force_login(carol)
        # the session with the user and the header (due, unread, curator: the decorator asks no more); the
        # category tree (the filter's subcategories), submissions with question, category, parent
        # and submitter, open reports with question and reporter, categories with parents
        with django_assert_num_queries(5):
            response = client.get("/curation/?category=deep-learning")
        assert len(response.context["submissions"]) == rows and len(response.context["reports"]) == rows

    @pytest.mark.parametrize("rows", [5, 50])
    def test_my_submissions_runs_the_same_queries_as_it_grows(
        self, alice, small_bank, django_assert_num_queries, settings, rows
    ):
        settings.SUBMISSIONS_PER_DAY = rows
        for i in range(rows):
            submit_question(user=alice, content=content(small_bank, title=f"Question {i}?"), now=NOW())
        client = Client()
        client.force_login(alice)
        # the session with the user and the header; submissions with their questions
        with django_assert_num_queries(2):
            response = client.get("/questions/submissions/")
        assert response.content.decode().count('class="badge status-in_review"') == rows

    @pytest.mark.parametrize("rows", [5, 50])
    def test_the_history_page_runs_the_same_queries_as_it_grows(
        self, carol, small_bank, django_assert_num_queries, rows
    ):
        question = small_bank.bayes
        for i in range(rows):
            edit_question(question=question, curator=carol, reason=f"Edit {i}", based_on=latest_revision(question),
                          content=edit_content(question, answer=f"Answer {i}", tags=[f"t{i}"],
                                               related=[small_bank.vit] if i % 2 else []))  # fmt: skip
            report_problem(question=question, user=carol, kind="typo", comment="", now=NOW())
        client = Client()
        client.force_login(carol)
        # the session with the user and the header and curator rights; the question with category and
        # parent, revisions with users, category names, tag slugs, historical tags, historical links
        # with their slugs, reports with reporter and resolver
        with django_assert_num_queries(8):
            response = client.get(f"/curation/questions/{question.slug}/history/")
        assert len(response.context["revisions"]) >= rows and len(response.context["reports"]) == rows

    @pytest.mark.parametrize("rows", [5, 50])
    def test_the_submissions_api_runs_the_same_queries_as_it_grows(
        self, carol, small_bank, django_assert_num_queries, rows
    ):
        many_submissions(rows, small_bank)
        # curator group, count, the page with question, category and submitter, the page's tags
        with django_assert_num_queries(4):
            response = api_client_for(carol).get("/api/v1/submissions/")
        page = response.json()
        assert page["count"] == rows and len(page["results"]) == min(rows, 20)
        assert (page["next"] is None) == (rows <= 20) and page["previous"] is None


ROLES = ["anonymous", "submitter", "another user", "group curator", "staff"]
FORM, EDIT_FORM = "the submission's form", "the question's edit form"
LOGIN = 302  # to the login page; checked below
# (method, url, payload) -> status for: anonymous, the submitter, another user, a group curator, staff
# without superuser rights. {sub}, {report} and {rev} are the submission, an open report and a revision.
PERMISSIONS = [
    ("get", "/questions/submit/", None, (LOGIN, 200, 200, 200, 200)),
    ("post", "/questions/submit/preview/", {"title": "x"}, (LOGIN, 200, 200, 200, 200)),
    ("get", "/questions/submissions/", None, (LOGIN, 200, 200, 200, 200)),
    ("get", "/questions/submissions/{sub}/", None, (LOGIN, 200, 404, 200, 200)),
    ("post", "/questions/submissions/{sub}/", FORM, (LOGIN, 302, 404, 403, 403)),
    ("post", "/questions/submissions/{sub}/", {"action": "withdraw"}, (LOGIN, 302, 404, 403, 403)),
    ("post", "/questions/bayes-rule/report/", {"kind": "typo"}, (LOGIN, 302, 302, 302, 302)),
    ("get", "/curation/", None, (LOGIN, 403, 403, 200, 200)),
    ("get", "/curation/submissions/{sub}/", None, (LOGIN, 403, 403, 200, 200)),
    ("post", "/curation/submissions/{sub}/", {"action": "request_changes", "message": "m"}, (LOGIN, 403, 403, 302, 302)),
    ("post", "/curation/reports/{report}/resolve/", {"resolution": "Fixed"}, (LOGIN, 403, 403, 302, 302)),
    ("get", "/curation/questions/bayes-rule/history/", None, (LOGIN, 403, 403, 200, 200)),
    ("post", "/curation/questions/bayes-rule/history/", {"history_id": "{rev}"}, (LOGIN, 403, 403, 302, 302)),
    ("get", "/curation/insight/", None, (LOGIN, 403, 403, 200, 200)),
    ("get", "/curation/questions/bayes-rule/edit/", None, (LOGIN, 403, 403, 200, 200)),
    ("post", "/curation/questions/bayes-rule/edit/", EDIT_FORM, (LOGIN, 403, 403, 302, 302)),
    ("get", "/api/v1/submissions/", None, (401, 200, 200, 200, 200)),
    ("post", "/api/v1/submissions/", {"title": "Why?", "category": "statistics", "difficulty": "easy",
                                      "kind": "concept"}, (401, 201, 201, 201, 201)),
    ("get", "/api/v1/submissions/{sub}/", None, (401, 200, 404, 200, 200)),
    ("patch", "/api/v1/submissions/{sub}/", {"title": "Edited?"}, (401, 200, 404, 403, 403)),
    ("post", "/api/v1/submissions/{sub}/approve/", None, (401, 403, 403, 200, 200)),
    ("post", "/api/v1/submissions/{sub}/request-changes/", {"message": "m"}, (401, 403, 403, 200, 200)),
    ("post", "/api/v1/submissions/{sub}/reject/", {"reason": "r"}, (401, 403, 403, 200, 200)),
    ("post", "/api/v1/submissions/{sub}/withdraw/", None, (401, 200, 404, 403, 403)),
    ("post", "/api/v1/questions/bayes-rule/reports/", {"kind": "typo"}, (401, 201, 201, 201, 201)),
    ("get", "/api/v1/reports/", None, (401, 403, 403, 200, 200)),
    ("post", "/api/v1/reports/{report}/resolve/", {"resolution": "Fixed"}, (401, 403, 403, 200, 200)),
    ("get", "/api/v1/questions/bayes-rule/history/", None, (401, 403, 403, 200, 200)),
    ("post", "/api/v1/questions/bayes-rule/history/{rev}/revert/", None, (401, 403, 403, 200, 200)),
    ("get", "/api/v1/curation/questions/bayes-rule/", None, (401, 403, 403, 200, 200)),
    ("patch", "/api/v1/curation/questions/bayes-rule/", {"reason": "r"}, (401, 403, 403, 200, 200)),
]  # fmt: skip


@pytest.mark.parametrize("role", range(len(ROLES)), ids=ROLES)
@pytest.mark.parametrize(
    ("method", "url", "payload", "expected"), PERMISSIONS, ids=lambda v: v if isinstance(v, str) else ""
)
def test_every_curation_page_and_endpoint_lets_in_only_whom_it_should(
    request, submission, small_bank, alice, bob, carol, dave, role, method, url, payload, expected
):
    user = [None, alice, bob, carol, dave][role]
    found = Report.objects.create(question=small_bank.bayes, reporter=bob, kind="typo")
    rev = small_bank.bayes.history.earliest("history_id").history_id
    url = url.format(sub=submission.pk, report=found.pk, rev=rev)
    if payload == FORM:
        payload = {**SubmissionForm.initial_for(submission.question), "answer": "Edited", "action": "save"}
    elif payload == EDIT_FORM:
        payload = {**QuestionEditForm.initial_for(small_bank.bayes), "reason": "Typo", "action": "save"}
    elif isinstance(payload, dict):
        payload = {k: v.format(rev=rev) if isinstance(v, str) else v for k, v in payload.items()}
    if url.startswith("/api/"):
        client = api_client_for(user) if user else request.getfixturevalue("api")
        response = getattr(client, method)(url, payload, format="json")
    else:
        client = Client()
        if user:
            client.force_login(user)
        response = getattr(client, method)(url, payload) if payload else getattr(client, method)(url)
    assert response.status_code == expected[role], response.content[:300]
    if user is None and response.status_code == 302:
        assert response["Location"].startswith("/accounts/login/")


def move(submission, action, alice, carol):
    """Take `action` on `submission` as the person allowed to."""
    return {
        "approve": lambda: approve_submission(submission=submission, curator=carol, now=NOW()),
        "request_changes": lambda: request_changes(submission=submission, curator=carol, message="m", now=NOW()),
        "reject": lambda: reject_submission(submission=submission, curator=carol, reason="r", now=NOW()),
        "withdraw": lambda: withdraw_submission(submission=submission, user=alice, now=NOW()),
        "edit": lambda: edit_submission(submission=submission, user=alice, content=content_for(submission), now=NOW()),
        "moderate_edit": lambda: moderate_edit(
            submission=submission,
            curator=carol,
            content=content_for(submission),
            based_on=latest_revision(submission.question),
            now=NOW(),
        ),  # fmt: skip
    }[action]()


VERBS = {"approve": "approved", "request_changes": "sent back for changes", "reject": "rejected",
         "withdraw": "withdrawn", "edit": "edited", "moderate_edit": "edited"}  # fmt: skip
CLOSED = {"approve": "This submission is already published", "reject": "This submission was rejected",
          "withdraw": "This submission was withdrawn"}  # fmt: skip


class TestEveryTransition:
    @pytest.mark.parametrize("action", ["approve", "reject", "withdraw", "edit", "moderate_edit"])
    def test_from_changes_requested_everything_but_asking_again_is_allowed(self, submission, alice, carol, action):
        move(submission, "request_changes", alice, carol)
        move(submission, action, alice, carol)
        submission.refresh_from_db()
        expected = {"approve": "published", "reject": "rejected", "withdraw": "withdrawn", "edit": "in_review",
                    "moderate_edit": "changes_requested"}  # fmt: skip
        assert submission.status == expected[action]

    def test_asking_for_changes_twice_says_so_in_plain_english(self, submission, alice, carol):
        move(submission, "request_changes", alice, carol)
        with pytest.raises(IllegalTransition) as refused:
            move(submission, "request_changes", alice, carol)
        assert str(refused.value) == (
            "Changes have already been requested for this submission; it cannot be sent back for changes "
            "until the submitter edits it."
        )

    @pytest.mark.parametrize("closing", list(CLOSED))
    @pytest.mark.parametrize("action", list(VERBS))
    def test_every_illegal_move_from_a_closed_submission_says_why(self, submission, alice, carol, closing, action):
        move(submission, closing, alice, carol)
        submission.refresh_from_db()
        before = (submission.status, submission.message, submission.question.status, submission.question.title)
        revisions_before = submission.question.history.count()
        with pytest.raises(IllegalTransition) as refused:
            move(submission, action, alice, carol)
        assert str(refused.value) == f"{CLOSED[closing]}; it can no longer be {VERBS[action]}."
        submission.refresh_from_db()
        after = (submission.status, submission.message, submission.question.status, submission.question.title)
        assert after == before and submission.question.history.count() == revisions_before

    def test_approving_a_withdrawn_submission_over_the_api_is_409_and_changes_nothing(self, submission, alice, carol):
        withdraw_submission(submission=submission, user=alice, now=NOW())
        response = api_client_for(carol).post(f"/api/v1/submissions/{submission.pk}/approve/")
        assert response.status_code == 409
        assert response.json() == {"detail": "This submission was withdrawn; it can no longer be approved."}
        submission.refresh_from_db()
        assert (submission.status, submission.question.status, submission.reviewed_by) == (
            "withdrawn", "archived", None
        )  # fmt: skip
        assert not Notification.objects.filter(user=alice).exists()

    def test_withdrawing_hides_the_old_curator_message(self, submission, alice, alice_client, carol):
        move(submission, "request_changes", alice, carol)
        move(submission, "withdraw", alice, carol)
        assert "“m”" not in alice_client.get("/questions/submissions/").content.decode()
        assert "The curator asks" not in alice_client.get(f"/questions/submissions/{submission.pk}/").content.decode()

    def test_a_published_submission_links_straight_to_the_live_question(self, submission, alice_client, carol):
        approve_submission(submission=submission, curator=carol, now=NOW())
        body = alice_client.get("/questions/submissions/").content.decode()
        assert f'href="{submission.question.get_absolute_url()}"' in body


class TestReportsApi:
    def test_curators_list_open_reports_and_resolve_one_with_what_was_done(self, small_bank, alice, bob, carol):
        first = report_problem(question=small_bank.bayes, user=alice, kind="typo", comment="liklihood", now=NOW())
        report_problem(question=small_bank.vit, user=bob, kind="unclear", comment="", now=NOW())
        curator = api_client_for(carol)
        listed = curator.get("/api/v1/reports/").json()
        assert listed["count"] == 2 and [r["question"] for r in listed["results"]] == [
            "bayes-rule",
            "vision-transformer",
        ]
        assert listed["results"][0]["comment"] == "liklihood" and listed["results"][0]["resolved_at"] is None
        assert curator.post(f"/api/v1/reports/{first.pk}/resolve/", {}, format="json").json() == {
            "resolution": ["This field is required."]
        }
        resolved = curator.post(f"/api/v1/reports/{first.pk}/resolve/", {"resolution": "Fixed"}, format="json")
        assert resolved.status_code == 200
        assert (resolved.json()["resolution"], resolved.json()["resolved_by"]) == ("Fixed", "carol@example.com")
        again = curator.post(f"/api/v1/reports/{first.pk}/resolve/", {"resolution": "Again"}, format="json")
        assert again.status_code == 409 and again.json() == {"detail": "This report is already resolved."}
        assert [r["kind"] for r in curator.get("/api/v1/reports/").json()["results"]] == ["unclear"]
        done = curator.get("/api/v1/reports/?resolved=true").json()["results"]
        assert [(r["id"], r["resolution"]) for r in done] == [(first.pk, "Fixed")]
        assert curator.post("/api/v1/reports/999999/resolve/", {"resolution": "x"}, format="json").status_code == 404

    def test_the_history_page_shows_each_report_with_its_resolution(self, small_bank, alice, carol):
        found = report_problem(question=small_bank.bayes, user=alice, kind="wrong", comment="Sign", now=NOW())
        resolve_report(report=found, curator=carol, resolution="Flipped the sign in the answer", now=NOW())
        report_problem(question=small_bank.bayes, user=alice, kind="typo", comment="Still open", now=NOW())
        client = Client()
        client.force_login(carol)
        body = client.get("/curation/questions/bayes-rule/history/").content.decode()
        assert "Problem reports (2)" in body and "Flipped the sign in the answer" in body
        assert "by carol@example.com" in body and "Still open" in body

    def test_the_queue_links_a_report_to_the_edit_page_and_filters_subcategories(self, small_bank, alice, carol):
        report_problem(question=small_bank.vit, user=alice, kind="typo", comment="", now=NOW())
        submit_question(user=alice, content=content(small_bank, category=small_bank.vision), now=NOW())
        client = Client()
        client.force_login(carol)
        page = client.get("/curation/?category=deep-learning")
        assert len(page.context["submissions"]) == 1 and len(page.context["reports"]) == 1
        assert 'href="/curation/questions/vision-transformer/edit/"' in page.content.decode()
        other = client.get("/curation/?category=statistics")
        assert other.context["submissions"] == [] and other.context["reports"] == []


class TestAdmin:
    def test_submissions_and_reports_are_listed_read_only(self, staff_client, submission, small_bank, alice):
        report_problem(question=small_bank.bayes, user=alice, kind="typo", comment="", now=NOW())
        assert submission.question.title in staff_client.get("/admin/questions/submission/").content.decode()
        assert "Typo" in staff_client.get("/admin/questions/report/").content.decode()
        assert staff_client.get("/admin/questions/submission/add/").status_code == 403
        page = staff_client.get(f"/admin/questions/submission/{submission.pk}/change/")
        assert page.status_code == 200 and 'name="_save"' not in page.content.decode()


def test_similar_questions_take_three_queries_whatever_the_banks_size(small_bank, django_assert_num_queries):
    QuestionFactory.create_batch(30)  # "What is concept number N?": no word in common
    similar_questions("warm-up")  # the engine reads the bank into memory once per version
    # The bank's version, the full-text candidates (ranked with a LIMIT), the rows by id.
    with django_assert_num_queries(3):
        found = similar_questions("Vision transformers: how do they split an image?")
    assert found == [small_bank.vit]


def test_an_edit_on_the_site_keeps_the_authors_and_year_of_unchanged_references(small_bank, carol):
    question = small_bank.bayes
    question.references = [
        {"title": "Pattern Recognition and Machine Learning", "url": "https://example.org/prml",
         "authors": "Bishop", "year": 2006},
        {"title": "Old link", "url": "https://example.org/old", "authors": "Someone"},
    ]  # fmt: skip
    question.save()
    lines = "Pattern Recognition and Machine Learning | https://example.org/prml\nOld link | https://example.org/new"
    data = {**QuestionEditForm.initial_for(question), "references": lines, "reason": "New link", "action": "save"}
    client = Client()
    client.force_login(carol)
    assert client.post("/curation/questions/bayes-rule/edit/", data).status_code == 302
    question.refresh_from_db()
    assert question.references == [
        {"title": "Pattern Recognition and Machine Learning", "url": "https://example.org/prml",
         "authors": "Bishop", "year": 2006},
        {"title": "Old link", "url": "https://example.org/new"},
    ]  # fmt: skip
