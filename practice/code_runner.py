"""Running a coding question's tests in the candidate's browser: the files the page's Web Worker
loads, each served by the site so that it comes with the worker's own Content-Security-Policy.

Nothing a candidate writes runs on the server. The page (static/js/code_exercise.js) starts a
worker from `code_worker`; the worker loads Pyodide from static/vendor/ (requirements/pyodide.json)
and the runner from `runner_source`, which is questions/coding/runner.py itself, the very file the
test suite runs the bank's reference solutions with.

A worker's policy is the one its own script is served with. This one may compile WebAssembly
('wasm-unsafe-eval', which Pyodide needs) and may fetch only Pyodide's folder and the runner: the
code it runs (the candidate's, and the question's tests) cannot read the site's pages with the
candidate's cookies, nor send anything anywhere. The pages themselves need no WebAssembly.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.templatetags.static import PrefixNode
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition, require_GET

from interviewprep.csp import HEADER, header_value
from practice.coverage import grades_by_tests_passed
from questions.coding import runner
from questions.models import Question

RUNNER_FILE = Path(runner.__file__)
WORKER_FILE = "js/code_worker.js"


def pyodide_url() -> str:
    """Where Pyodide's files are served: the pinned version's folder under the static files."""
    return f"{PrefixNode.handle_simple('STATIC_URL')}vendor/pyodide-{settings.PYODIDE_VERSION}/"


def worker_policy(request: HttpRequest) -> str:
    """The worker's Content-Security-Policy. connect-src names the two places it reads, as full
    addresses: 'self' cannot carry a path, and all of the site is what the code must not reach."""
    origin = f"{request.scheme}://{request.get_host()}"

    def full(url: str) -> str:
        return url if "://" in url else origin + url

    pyodide = full(pyodide_url())
    return header_value(
        {
            "default-src": "'none'",
            "script-src": f"'wasm-unsafe-eval' {pyodide}",
            "connect-src": f"{pyodide} {full(reverse('practice:code-runner'))}",
        }
    )


@cache
def _file(path: str) -> tuple[bytes, str]:
    content = Path(path).read_bytes()
    return content, hashlib.sha256(content).hexdigest()[:16]


def _worker_path() -> str:
    found = finders.find(WORKER_FILE)
    assert isinstance(found, str), f"static/{WORKER_FILE} is missing"
    return found


@require_GET
@cache_control(max_age=300)
@condition(etag_func=lambda request: _file(_worker_path())[1])
def code_worker(request: HttpRequest) -> HttpResponse:
    content, _ = _file(_worker_path())
    response = HttpResponse(content, content_type="text/javascript; charset=utf-8")
    response.headers[HEADER] = worker_policy(request)
    return response


@require_GET
@cache_control(max_age=300)
@condition(etag_func=lambda request: _file(str(RUNNER_FILE))[1])
def runner_source(request: HttpRequest) -> HttpResponse:
    content, _ = _file(str(RUNNER_FILE))
    return HttpResponse(content, content_type="text/x-python; charset=utf-8")


def exercise_context(question: Question) -> dict[str, str] | None:
    """What a page needs to show a coding question's code box (templates/practice/_code_exercise.html);
    None for other kinds. The grade each count of passing tests suggests comes from
    practice/coverage.py, so the page's JavaScript holds no copy of the rule."""
    if question.kind != Question.Kind.CODING:
        return None
    return {
        "pyodide": pyodide_url(),
        "test_names": ",".join(question.test_names),
        "grades": ",".join(grades_by_tests_passed(len(question.test_names))),
    }
