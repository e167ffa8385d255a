"""Follow-ups, pitfalls, essential key points and last_reviewed through every path that edits a
question: the admin, the curator's edit page and its history, submissions and the API, all by
the rules in questions/rules.py."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from curation.forms import QuestionEditForm
from curation.history import revisions
from curation.services import latest_revision, revert_question
from questions.models import Question, Submission
from questions.rules import follow_ups_as_text, follow_ups_from_text
from tests.conftest import api_client_for
from tests.factories import UserFactory

FOLLOW_UPS = [
    {"question": "Why divide by the evidence?", "answer": "So the posterior sums to one over the hypotheses."},
    {"question": "What if the prior is $0$?", "answer": "Then no evidence can move it:\nthe posterior stays $0$."},
    {"question": "When is the evidence hard to compute?", "answer": "When it is an integral over many parameters."},
]
PITFALLS = ["Confusing the likelihood with the posterior.", "Forgetting the base rate when it is tiny."]
TYPED_FOLLOW_UPS = follow_ups_as_text(FOLLOW_UPS)


@pytest.fixture
def carol(db):
    user = UserFactory(email="carol@example.com")
    user.groups.add(Group.objects.get_or_create(name="curator")[0])
    return user


@pytest.fixture
def carol_client(carol) -> Client:
    client = Client()
    client.force_login(carol)
    return client


def edit_data(question: Question, **changes: str) -> dict[str, str]:
    return {**QuestionEditForm.initial_for(question), "reason": "Probes", "action": "save", **changes}


class TestTheTypedFormat:
    def test_follow_ups_typed_on_a_form_come_back_as_they_were_written(self):
        assert follow_ups_from_text(TYPED_FOLLOW_UPS) == FOLLOW_UPS

    def test_an_answer_runs_over_lines_and_paragraphs_until_the_next_question(self):
        typed = "Q: One?\nA: First line.\n\n    code line\nSecond paragraph.\nQ: Two\ncontinued?\nA: Yes."
        assert follow_ups_from_text(typed) == [
            {"question": "One?", "answer": "First line.\n\n    code line\nSecond paragraph."},
            {"question": "Two continued?", "answer": "Yes."},
        ]

    def test_text_before_the_first_question_is_refused(self):
        with pytest.raises(ValueError, match="Line 1: start each follow-up with “Q:”"):
            follow_ups_from_text("Why?\nBecause.")


class TestTheCuratorEditPage:
    def test_it_saves_follow_ups_pitfalls_essential_points_and_the_date_as_one_revision(self, carol_client, small_bank):
        bayes = small_bank.bayes
        before = bayes.history.count()
        data = edit_data(bayes, follow_ups=TYPED_FOLLOW_UPS, pitfalls="\n".join(f"- {p}" for p in PITFALLS),
                         key_points="Prior\n! Likelihood\n!Evidence", last_reviewed="2026-12-02")  # fmt: skip
        response = carol_client.post("/curation/questions/bayes-rule/edit/", data)
        assert response.status_code == 302
        bayes.refresh_from_db()
        assert (bayes.follow_ups, bayes.pitfalls) == (FOLLOW_UPS, PITFALLS)
        assert (bayes.key_points, bayes.essential_points) == (["Prior", "Likelihood", "Evidence"], [1, 2])
        assert bayes.last_reviewed == datetime.date(2026, 12, 2)
        assert bayes.history.count() == before + 1
        # The form shows what is saved in the shape it was typed in.
        initial = QuestionEditForm.initial_for(bayes)
        assert initial["key_points"] == "Prior\n! Likelihood\n! Evidence"
        assert initial["follow_ups"] == TYPED_FOLLOW_UPS and initial["last_reviewed"] == "2026-12-02"

    @pytest.mark.parametrize(
        ("change", "error"),
        [
            ({"follow_ups": "Q: Only one?\nA: Yes."}, "Give 3 to 5 follow-ups, not 1."),
            ({"follow_ups": TYPED_FOLLOW_UPS.replace("A: So the posterior sums to one over the hypotheses.", "")},
             "Follow-up 1 needs an answer."),
            ({"follow_ups": "Why?\n" + TYPED_FOLLOW_UPS}, "Line 1: start each follow-up with “Q:”"),
            ({"follow_ups": TYPED_FOLLOW_UPS.replace("Why divide", "W" * 300)}, "keep the question to 300 characters"),
            ({"pitfalls": "Just one."}, "Give 2 to 4 pitfalls, not 1."),
            ({"pitfalls": "a\nb\n" + "c" * 601}, "Pitfall 3: keep it to 600 characters"),
            ({"last_reviewed": "last week"}, "Enter a valid date."),
        ],
    )  # fmt: skip
    def test_bad_input_is_a_form_error_and_saves_nothing(self, carol_client, small_bank, change, error):
        before = small_bank.bayes.history.count()
        response = carol_client.post("/curation/questions/bayes-rule/edit/", edit_data(small_bank.bayes, **change))
        assert response.status_code == 400
        assert error in response.content.decode()
        assert small_bank.bayes.history.count() == before

    def test_the_preview_shows_the_probes_and_red_flags_without_javascript(self, carol_client, small_bank):
        data = edit_data(small_bank.bayes, follow_ups=TYPED_FOLLOW_UPS, pitfalls="\n".join(PITFALLS), action="preview")
        body = carol_client.post("/curation/questions/bayes-rule/edit/", data).content.decode()
        assert "The interviewer may ask next" in body and "Red flags" in body
        assert "Confusing the likelihood with the posterior." in body and "<math" in body

    def test_the_history_diffs_the_new_fields_and_a_revert_brings_them_back(self, carol_client, carol, small_bank):
        bayes = small_bank.bayes
        first = latest_revision(bayes)
        data = edit_data(bayes, follow_ups=TYPED_FOLLOW_UPS, pitfalls="\n".join(PITFALLS),
                         key_points="Prior\n! Likelihood\nEvidence", last_reviewed="2026-12-02")  # fmt: skip
        carol_client.post("/curation/questions/bayes-rule/edit/", data)
        changes = {c["label"]: str(c["diff"]) for c in revisions(bayes)[0]["changes"]}
        assert {"Follow-ups", "Pitfalls", "Essential key points", "Last reviewed"} <= set(changes)
        assert '<span class="diff-added">+Q: Why divide by the evidence?</span>' in changes["Follow-ups"]
        assert '<span class="diff-added">+key point 2</span>' in changes["Essential key points"]
        page = carol_client.get("/curation/questions/bayes-rule/history/").content.decode()
        assert "+Forgetting the base rate when it is tiny." in page
        revert_question(question=bayes, history_id=first, user=carol)
        bayes.refresh_from_db()
        assert (bayes.follow_ups, bayes.pitfalls, bayes.essential_points, bayes.last_reviewed) == ([], [], [], None)


class TestSubmissions:
    def test_a_contributor_proposes_follow_ups_and_pitfalls(self, alice_client, small_bank):
        data = {"title": "Why does Bayes' rule need a prior?", "category": small_bank.stats.slug,
                "difficulty": "medium", "kind": "concept", "key_points": "Prior\n! Likelihood\nEvidence",
                "follow_ups": TYPED_FOLLOW_UPS, "pitfalls": "\n".join(PITFALLS), "action": "submit"}  # fmt: skip
        response = alice_client.post("/questions/submit/", data)
        assert response.status_code == 302
        question = Submission.objects.get().question
        assert (question.follow_ups, question.pitfalls, question.essential_points) == (FOLLOW_UPS, PITFALLS, [1])
        form = alice_client.get(response["Location"]).context["form"]
        assert form["follow_ups"].value() == TYPED_FOLLOW_UPS  # to edit while it is in review
        assert form["key_points"].value() == "Prior\n! Likelihood\nEvidence"

    def test_a_bad_follow_up_is_explained_and_nothing_is_submitted(self, alice_client, small_bank):
        data = {"title": "Why does Bayes' rule need a prior?", "category": small_bank.stats.slug,
                "difficulty": "medium", "kind": "concept", "follow_ups": "Q: Only?\nA: One.",
                "action": "submit"}  # fmt: skip
        response = alice_client.post("/questions/submit/", data)
        assert "Give 3 to 5 follow-ups, not 1." in response.content.decode()
        assert not Submission.objects.exists()


SUBMISSION = {"title": "Why does Bayes' rule need a prior?", "category": "statistics", "difficulty": "medium",
              "kind": "concept", "key_points": ["Prior", "Likelihood", "Evidence"]}  # fmt: skip


NOT_A_LIST = "Follow-ups must be a list of questions with their answers."
ONE_FOLLOW_UP = "Give 3 to 5 follow-ups, not 1."
POINT_4_MISSING = "Key point 4 is marked essential, but there are only 3 key points."


class TestTheApi:
    def test_a_submission_carries_its_follow_ups_pitfalls_and_essential_points(self, alice, small_bank):
        body = {**SUBMISSION, "follow_ups": FOLLOW_UPS, "pitfalls": PITFALLS, "essential_points": [0, 2]}
        response = api_client_for(alice).post("/api/v1/submissions/", body, format="json")
        assert response.status_code == 201, response.json()
        out = response.json()
        assert (out["follow_ups"], out["pitfalls"], out["essential_points"]) == (FOLLOW_UPS, PITFALLS, [0, 2])
        patched = api_client_for(alice).patch(f"/api/v1/submissions/{out['id']}/", {"pitfalls": []}, format="json")
        assert patched.status_code == 200 and patched.json()["pitfalls"] == []
        assert patched.json()["follow_ups"] == FOLLOW_UPS  # what was not sent stays

    @pytest.mark.parametrize(
        ("change", "errors"),
        [
            ({"follow_ups": "three probes"}, {"follow_ups": [NOT_A_LIST]}),
            ({"follow_ups": FOLLOW_UPS[:2]}, {"follow_ups": ["Give 3 to 5 follow-ups, not 2."]}),
            ({"follow_ups": [*FOLLOW_UPS[:2], {"question": "Why?"}]},
             {"follow_ups": {"2": ["Follow-up 3 needs an answer."]}}),
            ({"follow_ups": [*FOLLOW_UPS[:2], "Why?"]},
             {"follow_ups": {"2": ["Follow-up 3 must have a question and an answer."]}}),
            ({"follow_ups": [*FOLLOW_UPS[:2], {**FOLLOW_UPS[2], "hint": "x"}]},
             {"follow_ups": {"2": ["Follow-up 3 has an unknown field 'hint' (known: question, answer)."]}}),
            ({"follow_ups": [{"question": 7, "answer": "x"}]},
             {"follow_ups": {"0": ["Follow-up 1 needs a question."], "non_field_errors": [ONE_FOLLOW_UP]}}),
            ({"pitfalls": ["One only."]}, {"pitfalls": ["Give 2 to 4 pitfalls, not 1."]}),
            ({"pitfalls": ["Fine.", 12]}, {"pitfalls": {"1": ["Pitfall 2 must be text."]}}),
            ({"pitfalls": {"a": "b"}}, {"pitfalls": ["Pitfalls must be a list of text."]}),
            ({"essential_points": [3]}, {"essential_points": [POINT_4_MISSING]}),
            ({"essential_points": [1, 1]}, {"essential_points": ["Mark each essential key point once."]}),
            ({"essential_points": ["first"]}, {"essential_points": {"0": ["A valid integer is required."]}}),
        ],
    )  # fmt: skip
    def test_bad_shapes_are_400s_naming_the_field_and_nothing_is_saved(self, alice, small_bank, change, errors):
        response = api_client_for(alice).post("/api/v1/submissions/", {**SUBMISSION, **change}, format="json")
        assert (response.status_code, response.json()) == (400, errors)
        assert not Submission.objects.exists()

    def test_a_curator_reads_and_edits_the_new_fields(self, carol, small_bank):
        url = "/api/v1/curation/questions/bayes-rule/"
        client = api_client_for(carol)
        body = {"follow_ups": FOLLOW_UPS, "pitfalls": PITFALLS, "essential_points": [0], "last_reviewed": "2026-12-02",
                "reason": "Probes"}  # fmt: skip
        assert client.patch(url, body, format="json").status_code == 200
        got = client.get(url).json()
        assert (got["follow_ups"], got["pitfalls"], got["essential_points"], got["last_reviewed"]) == (
            FOLLOW_UPS, PITFALLS, [0], "2026-12-02",
        )  # fmt: skip
        cleared = client.patch(url, {"last_reviewed": None, "reason": "Not checked", "revision": got["revision"]},
                               format="json")  # fmt: skip
        assert cleared.status_code == 200
        small_bank.bayes.refresh_from_db()
        assert small_bank.bayes.last_reviewed is None and small_bank.bayes.follow_ups == FOLLOW_UPS

    @pytest.mark.parametrize(
        ("change", "field"),
        [({"last_reviewed": "last week"}, "last_reviewed"), ({"last_reviewed": 20261202}, "last_reviewed"),
         ({"follow_ups": [1, 2, 3]}, "follow_ups"), ({"pitfalls": "none"}, "pitfalls"),
         ({"essential_points": [9]}, "essential_points")],
    )  # fmt: skip
    def test_a_bad_curator_edit_is_a_400_on_its_field(self, carol, small_bank, change, field):
        before = small_bank.bayes.history.count()
        response = api_client_for(carol).patch(
            "/api/v1/curation/questions/bayes-rule/", {**change, "reason": "x"}, format="json"
        )
        assert response.status_code == 400 and set(response.json()) == {field}
        assert small_bank.bayes.history.count() == before

    def test_the_question_detail_has_follow_ups_pitfalls_and_essential_points(self, alice, small_bank):
        bayes = small_bank.bayes
        bayes.follow_ups, bayes.pitfalls, bayes.essential_points = FOLLOW_UPS, PITFALLS, [1]
        bayes.last_reviewed = datetime.date(2026, 12, 2)
        bayes.save()
        got = api_client_for(alice).get("/api/v1/questions/bayes-rule/").json()
        assert [{"question": f["question"], "answer": f["answer"]} for f in got["follow_ups"]] == FOLLOW_UPS
        assert "<math" in got["follow_ups"][1]["answer_html"]
        assert (got["pitfalls"], got["essential_points"], got["last_reviewed"]) == (PITFALLS, [1], "2026-12-02")


class TestTheAdmin:
    def change(self, question: Question, **fields: str) -> dict[str, object]:
        return {
            "title": question.title, "slug": question.slug, "status": question.status,
            "category": question.category_id, "difficulty": question.difficulty, "kind": question.kind,
            "body": question.body, "short_answer": question.short_answer, "answer": question.answer,
            "key_points": '["Prior", "Likelihood", "Evidence"]', "essential_points": "[]",
            "references": "[]", "follow_ups": "[]", "pitfalls": "[]", "last_reviewed": "",
            "created_at_0": timezone.now().date().isoformat(), "created_at_1": "10:00:00",
            **fields,
        }  # fmt: skip

    def test_the_admin_saves_the_new_fields(self, staff_client, small_bank):
        import json

        url = f"/admin/questions/question/{small_bank.bayes.pk}/change/"
        data = self.change(small_bank.bayes, follow_ups=json.dumps(FOLLOW_UPS), pitfalls=json.dumps(PITFALLS),
                           essential_points="[2]", last_reviewed="2026-12-02")  # fmt: skip
        response = staff_client.post(url, data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        small_bank.bayes.refresh_from_db()
        assert (small_bank.bayes.follow_ups, small_bank.bayes.essential_points) == (FOLLOW_UPS, [2])

    @pytest.mark.parametrize(
        ("field", "value", "error"),
        [
            ("follow_ups", '[{"question": "Why?", "answer": "So."}]', "Give 3 to 5 follow-ups, not 1."),
            ("follow_ups", '"why"', "Follow-ups must be a list of questions with their answers."),
            ("pitfalls", '["one", ""]', "Pitfall 2 is empty."),
            ("essential_points", "[5]", "Key point 6 is marked essential"),
        ],
    )
    def test_the_admin_refuses_bad_shapes_with_the_same_messages(self, staff_client, small_bank, field, value, error):
        url = f"/admin/questions/question/{small_bank.bayes.pk}/change/"
        response = staff_client.post(url, self.change(small_bank.bayes, **{field: value}))
        assert response.status_code == 200
        assert error in str(response.context["adminform"].form.errors[field])
        small_bank.bayes.refresh_from_db()
        assert small_bank.bayes.follow_ups == [] and small_bank.bayes.essential_points == []
