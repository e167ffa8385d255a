"""Who may open what: every page and endpoint, for each role, in one table.

Roles: anonymous, the owner of the attempt below (alice), another user (bob), staff.
"""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.test import APIClient

from practice.models import MockInterview, Note, PracticeSession, Project
from tests.factories import AttemptFactory, CategoryFactory, QuestionFactory, TagFactory

ROLES = ["anonymous", "owner", "other", "staff"]

# path: expected status per role, in ROLES order. {attempt} is alice's attempt.
PAGES = {
    "/": (200, 200, 200, 200),
    "/questions/": (200, 200, 200, 200),
    "/questions/bayes-rule/": (200, 200, 200, 200),
    "/questions/secret-draft/": (404, 404, 404, 200),
    "/questions/old-archived/": (404, 404, 404, 200),
    "/practice/attempts/": (302, 200, 200, 200),
    "/practice/review/": (302, 200, 200, 200),
    "/practice/progress/": (302, 200, 200, 200),
    "/practice/settings/": (302, 200, 200, 200),
    "/practice/sessions/{session}/": (302, 200, 404, 404),
    "/practice/mocks/": (302, 200, 200, 200),
    "/practice/mocks/{mock}/": (302, 200, 404, 404),
    "/practice/projects/": (302, 200, 200, 200),
    "/practice/projects/{project}/": (302, 200, 404, 404),
    "/practice/export/anki/": (200, 200, 200, 200),
    "/practice/export/attempts.csv": (302, 200, 200, 200),
    "/practice/export/my-data.json": (302, 200, 200, 200),
    "/accounts/login/": (200, 302, 302, 302),
    "/accounts/signup/": (200, 302, 302, 302),
    "/accounts/password/change/": (302, 200, 200, 200),
    "/accounts/password/reset/": (200, 200, 200, 200),
    "/accounts/logout/": (302, 200, 200, 200),
    "/accounts/email/": (302, 200, 200, 200),
    "/admin/questions/question/": (302, 302, 302, 200),
    "/admin/questions/question/import/": (302, 302, 302, 200),
}
ENDPOINTS = {
    "/api/v1/categories/": (200, 200, 200, 200),
    "/api/v1/tags/": (200, 200, 200, 200),
    "/api/v1/categories/statistics/": (200, 200, 200, 200),
    "/api/v1/categories/{drafts_category}/": (404, 404, 404, 200),
    "/api/v1/tags/probability/": (200, 200, 200, 200),
    "/api/v1/tags/{drafts_tag}/": (404, 404, 404, 200),
    "/api/v1/questions/": (200, 200, 200, 200),
    "/api/v1/questions/bayes-rule/": (200, 200, 200, 200),
    "/api/v1/questions/secret-draft/": (404, 404, 404, 200),
    "/api/v1/attempts/": (401, 200, 200, 200),
    "/api/v1/attempts/{attempt}/": (401, 200, 404, 404),
    "/api/v1/review/due/": (401, 200, 200, 200),
    "/api/v1/review/states/bayes-rule/": (401, 200, 200, 200),
    "/api/v1/review/states/secret-draft/": (401, 404, 404, 200),
    "/api/v1/progress/": (401, 200, 200, 200),
    "/api/v1/bookmarks/": (401, 200, 200, 200),
    "/api/v1/notes/": (401, 200, 200, 200),
    "/api/v1/notes/bayes-rule/": (401, 200, 404, 404),
    "/api/v1/settings/": (401, 200, 200, 200),
    "/api/v1/mocks/": (401, 200, 200, 200),
    "/api/v1/mocks/{mock}/": (401, 200, 404, 404),
    "/api/v1/exports/anki/": (200, 200, 200, 200),
    "/api/schema/": (200, 200, 200, 200),
    "/api/docs/": (200, 200, 200, 200),
}


@pytest.fixture
def users(alice, bob, staff):
    return {"anonymous": None, "owner": alice, "other": bob, "staff": staff}


@pytest.fixture
def owned(users, small_bank):
    """Things of alice's that others must not reach: an attempt, a session, a note."""
    alice = users["owner"]
    Note.objects.create(user=alice, question=small_bank.bayes, text="mine")
    # For staff only: a category and a tag that only a draft uses.
    QuestionFactory(category=CategoryFactory(slug="drafts-only"), tags=[TagFactory(slug="draft-topic")], status="draft")
    return {
        "drafts_category": "drafts-only",
        "drafts_tag": "draft-topic",
        "attempt": AttemptFactory(user=alice, question=small_bank.bayes).pk,
        "session": PracticeSession.objects.create(user=alice, title="s", question_ids=[small_bank.bayes.pk]).pk,
        "mock": MockInterview.objects.create(user=alice).pk,
        "project": Project.objects.create(user=alice, title="p").pk,
    }


@pytest.mark.parametrize("role", ROLES)
def test_pages_per_role(users, owned, role):
    client = Client()
    if users[role]:
        client.force_login(users[role])
    got = {path: client.get(path.format(**owned)).status_code for path in PAGES}
    assert got == {path: codes[ROLES.index(role)] for path, codes in PAGES.items()}


@pytest.mark.parametrize("role", ROLES)
def test_endpoints_per_role(users, owned, role):
    client = APIClient()
    if users[role]:
        client.force_authenticate(users[role])
    got = {path: client.get(path.format(**owned)).status_code for path in ENDPOINTS}
    assert got == {path: codes[ROLES.index(role)] for path, codes in ENDPOINTS.items()}


@pytest.mark.parametrize("role", ROLES)
def test_saving_an_attempt_per_role_redirects_back_or_to_sign_in(users, small_bank, role):
    client = Client()
    if users[role]:
        client.force_login(users[role])
    response = client.post("/practice/questions/bayes-rule/attempt/", {"grade": "good"})
    assert response.status_code == 302
    expected = "/accounts/login/" if role == "anonymous" else "/questions/bayes-rule/"
    assert response["Location"].startswith(expected)
