"""Coding questions through submission, moderation, the curator's edit, the API and the exports:
the same code rules (questions/rules.py clean_code) on every path."""

from __future__ import annotations

import io
import sqlite3
import tempfile
import zipfile

import pytest
from django.contrib.auth.models import Group

from questions.models import Question, Submission
from tests.conftest import api_client_for
from tests.factories import QuestionFactory, UserFactory

STARTER = "def double(x):\n    raise NotImplementedError"
TESTS = "def test_one():\n    assert double(1) == 2"
FORM = {"title": "Implement doubling", "category": "statistics", "difficulty": "easy", "kind": "coding",
        "answer": "```python\ndef double(x):\n    return 2 * x\n```", "action": "submit"}  # fmt: skip


def test_a_coding_question_is_submitted_with_its_code(alice_client, small_bank):
    alice_client.post("/questions/submit/", {**FORM, "starter_code": STARTER + "  \r\n", "tests": TESTS})
    question = Submission.objects.get().question
    assert (question.kind, question.starter_code, question.tests) == ("coding", STARTER, TESTS)


@pytest.mark.parametrize(
    ("change", "error"),
    [({"starter_code": "def double(x:\n"}, "Starter code, line 1: not valid Python"),
     ({"tests": "assert True"}, "Tests: define at least one function whose name starts with test_."),
     ({"kind": "concept"}, "only coding questions have starter code and tests")],
)  # fmt: skip
def test_bad_code_is_explained_on_the_form_and_nothing_is_created(alice_client, small_bank, change, error):
    response = alice_client.post("/questions/submit/", {**FORM, "starter_code": STARTER, "tests": TESTS, **change})
    assert response.status_code == 200
    assert error in response.content.decode()
    assert Submission.objects.count() == 0


@pytest.fixture
def carol(db):
    """A curator who is not staff: a member of the curator group."""
    user = UserFactory(email="carol@example.com")
    user.groups.add(Group.objects.get_or_create(name="curator")[0])
    return user


def test_over_the_api_bad_code_is_a_400_on_its_field_and_a_coding_question_without_tests_is_not_approved(
    alice, carol, small_bank
):
    client = api_client_for(alice)
    payload = {k: v for k, v in FORM.items() if k != "action"}
    bad = client.post("/api/v1/submissions/", {**payload, "tests": "def test_a(:\n"}, format="json")
    assert bad.status_code == 400
    assert bad.json() == {"tests": ["Tests, line 1: not valid Python (invalid syntax)."]}
    created = client.post("/api/v1/submissions/", {**payload, "starter_code": STARTER}, format="json")
    assert created.status_code == 201 and created.json()["starter_code"] == STARTER
    pk = created.json()["id"]
    refused = api_client_for(carol).post(f"/api/v1/submissions/{pk}/approve/")
    assert refused.status_code == 409
    assert "a published coding question needs tests" in refused.json()["detail"]
    assert client.patch(f"/api/v1/submissions/{pk}/", {"tests": TESTS}, format="json").status_code == 200
    assert api_client_for(carol).post(f"/api/v1/submissions/{pk}/approve/").status_code == 200
    assert Question.objects.get(slug=created.json()["slug"]).status == "published"


def test_a_curator_edits_the_code_of_a_published_question(carol, small_bank):
    question = QuestionFactory(slug="implement-double", kind="coding", starter_code=STARTER, tests=TESTS)
    client = api_client_for(carol)
    current = client.get("/api/v1/curation/questions/implement-double/").json()
    assert (current["starter_code"], current["tests"]) == (STARTER, TESTS)
    new_tests = TESTS + "\n\n\ndef test_two():\n    assert double(2) == 4"
    edited = client.patch(
        "/api/v1/curation/questions/implement-double/",
        {"tests": new_tests, "reason": "A second test", "revision": current["revision"]},
        format="json",
    )
    assert edited.status_code == 200, edited.json()
    question.refresh_from_db()
    assert question.tests == new_tests


def test_the_api_detail_gives_the_starter_code_and_tests_and_other_kinds_empty(api, small_bank):
    QuestionFactory(slug="implement-double", kind="coding", starter_code=STARTER, tests=TESTS)
    detail = api.get("/api/v1/questions/implement-double/").json()
    assert (detail["kind"], detail["starter_code"], detail["tests"]) == ("coding", STARTER, TESTS)
    other = api.get("/api/v1/questions/bayes-rule/").json()
    assert (other["starter_code"], other["tests"]) == ("", "")


def test_the_anki_card_shows_the_starter_code_in_front_and_the_tests_behind(client, small_bank):
    QuestionFactory(slug="implement-double", kind="coding", starter_code=STARTER, tests=TESTS, answer=FORM["answer"])
    deck = client.get("/practice/export/anki/?kind=coding").content
    with zipfile.ZipFile(io.BytesIO(deck)) as archive, tempfile.NamedTemporaryFile(suffix=".anki2") as file:
        file.write(archive.read("collection.anki2"))
        file.flush()
        (fields,) = sqlite3.connect(file.name).execute("SELECT flds FROM notes").fetchone()
    front, back, _ = fields.split("\x1f")
    assert "raise NotImplementedError" in front
    assert "assert double(1) == 2" in back and "return 2 * x" in back


def test_the_admins_publish_action_leaves_a_coding_question_without_tests_a_draft(staff_client, small_bank):
    ready = QuestionFactory(kind="coding", status="draft", starter_code=STARTER, tests=TESTS)
    unready = QuestionFactory(kind="coding", status="draft", starter_code=STARTER, tests="")
    response = staff_client.post(
        "/admin/questions/question/", {"action": "publish", "_selected_action": [ready.pk, unready.pk]}, follow=True
    )
    assert "was not published: Tests: a published coding question needs tests." in response.content.decode()
    ready.refresh_from_db()
    unready.refresh_from_db()
    assert (ready.status, unready.status) == ("published", "draft")
