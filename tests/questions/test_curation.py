"""Submissions through review, problem reports, revisions and the curator pages."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from accounts.models import Notification
from practice.services import record_attempt
from questions.bank import import_bank
from questions.curation import (
    Content,
    IllegalTransition,
    SubmissionLimit,
    approve_submission,
    edit_question,
    edit_submission,
    reject_submission,
    report_problem,
    request_changes,
    resolve_report,
    revert_question,
    similar_questions,
    submit_question,
    withdraw_submission,
)
from questions.curation_forms import QuestionEditForm, SubmissionForm
from questions.curation_views import revisions
from questions.models import Question, Report, Submission
from tests.conftest import api_client_for
from tests.factories import QuestionFactory, UserFactory

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
        with pytest.raises(IllegalTransition, match="message is required"):
            request_changes(submission=submission, curator=carol, message="  ", now=NOW())
        with pytest.raises(IllegalTransition, match="reason is required"):
            reject_submission(submission=submission, curator=carol, reason="", now=NOW())
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
        with pytest.raises(IllegalTransition, match="resolution is required"):
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

    @pytest.mark.parametrize("rows", [5, 50])
    def test_the_page_runs_the_same_queries_as_the_bank_grows(self, staff_client, django_assert_num_queries, db, rows):
        user = UserFactory()
        for _ in range(rows):
            question = QuestionFactory()
            record_attempt(user=user, question=question, grade="hard", answer_text="", seconds_taken=1, now=NOW())
        # session, user, count, page; the header (due, unread, curator) in one query
        with django_assert_num_queries(5):
            staff_client.get("/curation/insight/?signal=oldest")


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
            edit_question(question=small_bank.bayes, curator=alice, content=content, reason="why not")
        with pytest.raises(IllegalTransition, match="a reason is required"):
            edit_question(question=small_bank.bayes, curator=carol, content=content, reason="  ")
        small_bank.bayes.refresh_from_db()
        assert small_bank.bayes.title.startswith("State Bayes")

    def test_a_submission_in_review_is_edited_on_its_moderation_page_instead(self, submission, carol):
        with pytest.raises(IllegalTransition, match="moderation page"):
            edit_question(question=submission.question, curator=carol, content=content_for(submission), reason="x")

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


class TestRevisionsAreComplete:
    def test_a_related_only_change_is_a_revision_and_revert_restores_links(self, small_bank, carol):
        question = small_bank.bayes
        first = question.history.latest("history_id")
        edit_question(question=question, curator=carol, reason="Linked",
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
        return {**SubmissionForm.initial_for(submission.question), **changes}

    @pytest.mark.parametrize(("action", "status"), [("request_changes", "changes_requested"), ("reject", "rejected")])
    def test_edits_are_saved_with_every_decision(self, curator, submission, action, status):
        data = self.form(submission, answer="Fixed by the curator.", action=action, message="See my fix.")
        response = curator.post(f"/curation/submissions/{submission.pk}/", data, follow=True)
        assert "Your edits are saved." in response.content.decode()
        submission.refresh_from_db()
        assert (submission.status, submission.question.answer) == (status, "Fixed by the curator.")

    def test_a_refused_decision_saves_no_edit_and_keeps_the_text_on_the_page(self, curator, submission):
        data = self.form(submission, answer="Fixed by the curator.", action="request_changes", message="")
        response = curator.post(f"/curation/submissions/{submission.pk}/", data)
        body = response.content.decode()
        assert response.status_code == 409 and "a message is required" in body and "Fixed by the curator." in body
        submission.refresh_from_db()
        assert (submission.status, submission.question.answer) == ("in_review", "It adds $\\lambda\\|w\\|^2$.")

    def test_invalid_edits_block_the_decision_with_the_field_errors(self, curator, submission):
        data = self.form(submission, key_points="only one", action="approve")
        response = curator.post(f"/curation/submissions/{submission.pk}/", data)
        assert response.status_code == 400 and "3 to 6 key points" in response.content.decode()
        submission.refresh_from_db()
        assert submission.status == "in_review"

    def test_the_moderate_page_shows_the_rendered_question(self, curator, submission):
        assert "<math" in curator.get(f"/curation/submissions/{submission.pk}/").content.decode()
