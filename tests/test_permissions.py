"""Who may open what: every page and endpoint, for each role, in one table.

Roles: anonymous, the owner of the attempt below (alice), another user (bob), staff.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from practice.models import Export, MockInterview, Note, PracticeSession, Project
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
    "/practice/exports/": (302, 200, 200, 200),
    "/practice/exports/{export}/download/": (302, 200, 404, 404),
    "/accounts/login/": (200, 302, 302, 302),
    "/accounts/signup/": (200, 302, 302, 302),
    "/accounts/password/change/": (302, 200, 200, 200),
    "/accounts/password/reset/": (200, 200, 200, 200),
    "/accounts/logout/": (302, 200, 200, 200),
    "/accounts/email/": (302, 200, 200, 200),
    "/accounts/profile/": (302, 200, 200, 200),
    "/accounts/delete/": (302, 200, 200, 200),
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
    "/api/v1/account/": (401, 200, 200, 200),
    "/api/v1/account/deletion/": (401, 200, 200, 200),
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
    "/api/v1/exports/": (401, 200, 200, 200),
    "/api/v1/exports/{export}/": (401, 200, 404, 404),
    "/api/v1/exports/{export}/download/": (401, 200, 404, 404),
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
        "export": Export.objects.create(
            owner=alice, kind="attempts", title="t", status="ready", data=b"x", expires_at=timezone.now() + timedelta(1)
        ).pk,
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


# Practice writes and the practice endpoints added since: (method, path, payload) -> expected status
# per role, in ROLES order. {mock} is alice's mock being answered, {done} one she has finished.
PRACTICE_WRITES = [
    ("post", "/practice/mocks/{mock}/", {"action": "answer", "position": 0, "answer_text": "a"}, (302, 302, 404, 404)),
    ("post", "/practice/mocks/{mock}/", {"action": "finish"}, (302, 302, 404, 404)),
    ("post", "/practice/mocks/{done}/", {"action": "grade", "grade-0": "good"}, (302, 302, 404, 404)),
    ("post", "/practice/sessions/{session}/", {"action": "skip", "position": 0}, (302, 302, 404, 404)),
    ("post", "/practice/sessions/{session}/", {"action": "grade", "grade": "good"}, (302, 302, 404, 404)),
    ("post", "/practice/projects/", {"title": "Mine"}, (302, 302, 302, 302)),
    ("post", "/practice/projects/{project}/", {"problem": "overwritten"}, (302, 302, 404, 404)),
    ("post", "/practice/questions/bayes-rule/bookmark/", {}, (302, 302, 302, 302)),
    ("post", "/practice/questions/bayes-rule/note/", {"text": "theirs"}, (302, 302, 302, 302)),
    ("post", "/practice/settings/", {"desired_retention": 0.8, "new_per_day": 3}, (302, 302, 302, 302)),
    ("api-post", "/api/v1/mocks/{mock}/answer/", {"position": 0, "answer_text": "a"}, (401, 200, 404, 404)),
    ("api-post", "/api/v1/mocks/{mock}/finish/", {}, (401, 200, 404, 404)),
    ("api-post", "/api/v1/mocks/{done}/grades/", {"grades": [{"position": 0, "grade": "good"}]}, (401, 200, 404, 404)),
    ("api-get", "/api/v1/mocks/{done}/summary/", None, (401, 409, 404, 404)),
    ("api-post", "/api/v1/bookmarks/", {"question": "bayes-rule"}, (401, 201, 201, 201)),
    ("api-delete", "/api/v1/bookmarks/bayes-rule/", None, (401, 204, 404, 404)),
    ("api-put", "/api/v1/notes/bayes-rule/", {"text": "theirs"}, (401, 200, 200, 200)),
    ("api-delete", "/api/v1/notes/bayes-rule/", None, (401, 204, 204, 204)),
    ("api-patch", "/api/v1/settings/", {"new_per_day": 3}, (401, 200, 200, 200)),
    ("api-post", "/api/v1/sessions/", {"tag": "cnn"}, (401, 201, 201, 201)),
    ("api-post", "/api/v1/sessions/{session}/reveal/", {"answer_text": "x"}, (401, 200, 404, 404)),
    ("api-post", "/api/v1/sessions/{session}/grade/", {"grade": "good"}, (401, 201, 404, 404)),
    ("api-post", "/api/v1/sessions/{session}/skip/", {}, (401, 200, 404, 404)),
    ("api-post", "/api/v1/sessions/{session}/end/", {}, (401, 200, 404, 404)),
    ("api-post", "/api/v1/projects/", {"title": "Mine"}, (401, 201, 201, 201)),
    ("api-patch", "/api/v1/projects/{project}/", {"title": "overwritten"}, (401, 200, 404, 404)),
    ("api-put", "/api/v1/projects/{project}/answers/", {"answers": {"problem": "x"}}, (401, 200, 404, 404)),
]
PRACTICE_READS = {
    "/api/v1/sessions/": (401, 200, 200, 200),
    "/api/v1/sessions/{session}/": (401, 200, 404, 404),
    "/api/v1/projects/": (401, 200, 200, 200),
    "/api/v1/projects/{project}/": (401, 200, 404, 404),
    "/api/v1/review/queue/": (401, 200, 200, 200),
    "/api/v1/exports/attempts/": (401, 200, 200, 200),
    "/api/v1/exports/my-data/": (401, 200, 200, 200),
}


@pytest.fixture
def alices_practice(users, small_bank):
    """alice's mock under way, a finished one, a session, a project, a note and a bookmark."""
    from django.utils import timezone

    from practice.models import Bookmark, MockItem

    alice = users["owner"]
    mock = MockInterview.objects.create(user=alice)
    MockItem.objects.create(mock=mock, position=0, question=small_bank.bayes)
    done = MockInterview.objects.create(user=alice, finished_at=timezone.now())
    MockItem.objects.create(mock=done, position=0, question=small_bank.bayes, answered_at=timezone.now())
    Note.objects.create(user=alice, question=small_bank.bayes, text="mine")
    Bookmark.objects.create(user=alice, question=small_bank.bayes)
    return {
        "mock": mock.pk,
        "done": done.pk,
        "session": PracticeSession.objects.create(user=alice, title="s", question_ids=[small_bank.bayes.pk]).pk,
        "project": Project.objects.create(user=alice, title="p").pk,
    }


def alices_state(alice):
    """Everything of alice's the writes above could touch."""
    from practice.models import Attempt, Bookmark, StudySettings

    return (
        list(Note.objects.filter(user=alice).values_list("text", flat=True)),
        Bookmark.objects.filter(user=alice).count(),
        list(MockInterview.objects.filter(user=alice).order_by("pk").values_list("finished_at", "graded_at")),
        list(PracticeSession.objects.filter(user=alice).values_list("position", "finished_at")),
        list(Project.objects.filter(user=alice).values_list("title", flat=True)),
        Attempt.objects.filter(user=alice).count(),
        list(StudySettings.objects.filter(user=alice).values_list("new_per_day", flat=True)),
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "path", "payload", "codes"), PRACTICE_WRITES, ids=lambda v: str(v)[:40])
def test_practice_writes_per_role(users, alices_practice, role, method, path, payload, codes):
    url = path.format(**alices_practice)
    before = alices_state(users["owner"])
    if method.startswith("api-"):
        client = APIClient()
        if users[role]:
            client.force_authenticate(users[role])
        response = getattr(client, method[4:])(url, payload, format="json")
    else:
        client = Client()
        if users[role]:
            client.force_login(users[role])
        response = client.post(url, payload)
    assert response.status_code == codes[ROLES.index(role)]
    if role != "owner":  # nobody else changes anything of alice's
        assert alices_state(users["owner"]) == before
    if role == "anonymous" and not method.startswith("api-"):
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("role", ROLES)
def test_practice_endpoints_added_since_per_role(users, alices_practice, role):
    client = APIClient()
    if users[role]:
        client.force_authenticate(users[role])
    got = {path: client.get(path.format(**alices_practice)).status_code for path in PRACTICE_READS}
    assert got == {path: codes[ROLES.index(role)] for path, codes in PRACTICE_READS.items()}
