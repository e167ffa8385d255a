"""Running coding questions' tests in the browser: the files the worker loads, the policies they
come with, the page's code box, and the grade that test results suggest."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from interviewprep.csp import HEADER
from practice.coverage import grades_by_tests_passed, suggest_grade_for_tests
from practice.models import PracticeSession
from questions.coding import runner
from tests.factories import QuestionFactory

STARTER = "def double(x):\n    raise NotImplementedError"
TESTS = "def test_one():\n    assert double(1) == 2\n\n\ndef test_two():\n    assert double(2) == 4"


@pytest.fixture
def coding(db):
    return QuestionFactory(
        slug="implement-double", title="Implement doubling", kind="coding", starter_code=STARTER, tests=TESTS,
        answer="```python\ndef double(x):\n    return 2 * x\n```",
    )  # fmt: skip


def policy(response) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in response.headers[HEADER].split(";"))


def test_the_runner_is_served_as_the_very_file_the_suite_runs(client, db):
    response = client.get("/practice/code/runner.py")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/x-python")
    assert response.content == Path(runner.__file__).read_bytes()
    assert client.get("/practice/code/runner.py", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_the_worker_may_compile_webassembly_and_reach_only_pyodide_and_the_runner(client, db):
    response = client.get("/practice/code/worker.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    pyodide = f"http://testserver/static/vendor/pyodide-{settings.PYODIDE_VERSION}/"
    assert policy(response) == {
        "default-src": "'none'",
        "script-src": f"'wasm-unsafe-eval' {pyodide}",
        "connect-src": f"{pyodide} http://testserver/practice/code/runner.py",
    }


def test_pages_may_start_a_worker_of_the_site_and_compile_no_webassembly(client, coding):
    page = policy(client.get("/questions/implement-double/"))
    assert page["worker-src"] == "'self'"
    assert page["script-src"] == "'self'"
    assert "wasm" not in client.get("/questions/implement-double/").headers[HEADER]


def test_the_worker_files_are_read_only(client, db):
    assert client.post("/practice/code/worker.js").status_code == 405
    assert client.post("/practice/code/runner.py").status_code == 405


def test_the_pinned_pyodide_is_the_one_the_pages_load(client, coding):
    html = client.get("/questions/implement-double/").content.decode()
    assert f'data-pyodide="/static/vendor/pyodide-{settings.PYODIDE_VERSION}/"' in html


def test_a_coding_question_page_has_the_starter_code_in_its_box_and_shows_the_tests(client, coding):
    html = client.get("/questions/implement-double/").content.decode()
    assert 'name="answer_text" class="code-box"' in html
    assert "raise NotImplementedError</textarea>" in html
    assert "assert double(2) == 4" in html  # the tests, readable without JavaScript
    assert 'data-test-names="test_one,test_two"' in html
    assert 'data-grades="again,good,easy"' in html


def test_other_questions_keep_the_plain_answer_box(client, db):
    QuestionFactory(slug="plain", kind="concept")
    html = client.get("/questions/plain/").content.decode()
    assert "data-code-exercise" not in html and "code_exercise.js" not in html


def test_test_results_suggest_a_grade_on_the_scale_key_points_use():
    assert [suggest_grade_for_tests(n, 4) for n in range(5)] == ["again", "hard", "good", "good", "easy"]
    assert suggest_grade_for_tests(9, 4) == "easy"  # more than there are counts as all
    assert suggest_grade_for_tests(0, 0) == "again"
    assert grades_by_tests_passed(2) == ["again", "good", "easy"]


@pytest.fixture
def session(alice, coding):
    return PracticeSession.objects.create(user=alice, title="Coding", question_ids=[coding.pk])


def test_a_session_reveal_takes_its_suggestion_from_the_tests_run_in_the_browser(alice_client, session):
    url = f"/practice/sessions/{session.pk}/"
    html = alice_client.get(url).content.decode()
    assert "raise NotImplementedError</textarea>" in html
    form = {"action": "reveal", "position": 0, "answer_text": "def double(x):\n    return x + x"}
    revealed = alice_client.post(url, {**form, "tests_passed": "1"}).content.decode()
    assert "Suggested from the tests: Good" in revealed
    revealed = alice_client.post(url, {**form, "tests_passed": "2"}).content.decode()
    assert "Suggested from the tests: Easy" in revealed
    not_run = alice_client.post(url, form).content.decode()
    assert "Suggested from the tests" not in not_run and "Suggested:" in not_run


def test_a_nonsense_test_count_is_an_error_not_a_suggestion(alice_client, session):
    url = f"/practice/sessions/{session.pk}/"
    html = alice_client.post(url, {"action": "reveal", "position": 0, "answer_text": "x", "tests_passed": "99"})
    assert "Ensure this value is less than or equal to 30." in html.content.decode()
    assert "Suggested from the tests" not in html.content.decode()


def test_the_session_api_reveal_suggests_from_the_tests_too(alice, session):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(alice)
    state = api.get(f"/api/v1/sessions/{session.pk}/").json()
    assert (state["question"]["starter_code"], state["question"]["tests"]) == (STARTER, TESTS)
    reveal = api.post(f"/api/v1/sessions/{session.pk}/reveal/", {"answer_text": "x", "tests_passed": 2}, format="json")
    assert reveal.status_code == 200
    assert (reveal.json()["suggested_grade"], reveal.json()["suggested_from_tests"]) == ("easy", True)
    bad = api.post(f"/api/v1/sessions/{session.pk}/reveal/", {"answer_text": "x", "tests_passed": -1}, format="json")
    assert bad.status_code == 400 and "tests_passed" in bad.json()
