"""A coding question in Chromium: the tests run in the browser (Pyodide in a Web Worker), each
result is shown, the result suggests a grade, and the code is saved with the attempt; the same
page works without JavaScript. A small fixture question, not the shipped bank."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect

from practice.models import Attempt
from tests.browser.test_practice_flows import sign_in
from tests.factories import CategoryFactory, QuestionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STARTER = '''def add(a, b):
    """The sum of two numbers."""
    raise NotImplementedError'''
TESTS = """def test_zero():
    assert add(0, 0) == 0


def test_small_numbers():
    assert add(2, 3) == 5, "2 + 3 should be 5"


def test_negative_numbers():
    assert add(-1, -1) == -2"""
ANSWER = """Add the two numbers.

```python
def add(a, b):
    return a + b
```

Constant time and space."""
FIRST_RUN = 60_000  # ms for the first run, which loads Pyodide (about 12 MB) into the worker


@pytest.fixture
def add_question(db):
    category = CategoryFactory(slug="ml-coding", name="ML coding")
    return QuestionFactory(
        slug="implement-add", title="Implement addition", kind="coding", category=category,
        starter_code=STARTER, tests=TESTS, answer=ANSWER,
    )  # fmt: skip


def refusals(page: Page) -> list[str]:
    refused: list[str] = []

    def note(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            refused.append(message.text)

    page.on("console", note)
    return refused


def write(page: Page, code: str) -> None:
    """Replace the box's code by typing it, as a person would: Enter keeps the indentation."""
    box = page.get_by_label("Your code")
    box.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    for i, line in enumerate(code.split("\n")):
        if i:
            page.keyboard.press("Enter")
        page.keyboard.type(line.lstrip())


def results(page: Page) -> list[tuple[str, str]]:
    rows = page.locator(".test-result")
    return [
        (rows.nth(i).locator("code").inner_text(), rows.nth(i).locator(".badge").inner_text())
        for i in range(rows.count())
    ]


def test_a_wrong_solution_fails_a_fixed_one_passes_and_the_grade_is_saved(page: Page, live_server, alice, add_question):
    refused = refusals(page)
    sign_in(page, live_server, alice.email)
    page.goto(f"{live_server.url}/questions/implement-add/")
    box = page.get_by_label("Your code")
    expect(box).to_have_value(STARTER)

    started = time.monotonic()
    page.get_by_role("button", name="Run tests").click()
    expect(page.get_by_role("status")).to_contain_text("0 of 3 tests pass", timeout=FIRST_RUN)
    expect(page.get_by_text("The tests run in your browser with JavaScript")).to_be_hidden()
    print(f"\nfirst run (loads Pyodide): {time.monotonic() - started:.1f} s")
    assert results(page) == [
        ("test_zero", "error"),
        ("test_small_numbers", "error"),
        ("test_negative_numbers", "error"),
    ]
    expect(page.locator(".test-result").first).to_contain_text("NotImplementedError (your code, line 3)")

    write(page, "def add(a, b):\nreturn a - b")
    expect(box).to_have_value("def add(a, b):\n    return a - b")
    started = time.monotonic()
    page.keyboard.press("Control+Enter")
    expect(page.get_by_role("status")).to_contain_text("1 of 3 tests pass")
    print(f"second run: {time.monotonic() - started:.2f} s")
    assert results(page) == [("test_zero", "pass"), ("test_small_numbers", "fail"), ("test_negative_numbers", "fail")]
    expect(page.locator(".test-fail").first).to_contain_text("2 + 3 should be 5")
    expect(page.locator(".test-fail").nth(1)).to_contain_text("failed: assert add(-1, -1) == -2")
    expect(page.get_by_text("Suggested from the tests: Hard")).to_be_visible()

    page.get_by_role("button", name="Reset to starter code").click()
    expect(box).to_have_value(STARTER)
    write(page, "def add(a, b):\nreturn a + b")
    page.get_by_role("button", name="Run tests").click()
    expect(page.get_by_role("status")).to_contain_text("3 of 3 tests pass")
    assert [status for _, status in results(page)] == ["pass", "pass", "pass"]
    expect(page.get_by_text("Suggested from the tests: Easy")).to_be_visible()
    # The button also says when the question comes back ("Easy 8d"): the grade is its first word.
    expect(page.locator(".grade.suggested")).to_have_text(re.compile(r"^Easy\b"))

    page.locator(".grade.suggested").click()
    expect(page.get_by_text("Attempt saved")).to_be_visible()
    attempt = Attempt.objects.get(user=alice)
    # A form sends line ends as CRLF, as for every typed answer.
    assert (attempt.grade, attempt.answer_text.replace("\r\n", "\n")) == ("easy", "def add(a, b):\n    return a + b")
    assert refused == []


def test_a_run_that_never_ends_is_stopped_and_the_next_run_works(page: Page, live_server, alice, add_question):
    sign_in(page, live_server, alice.email)
    page.goto(f"{live_server.url}/questions/implement-add/")
    write(page, "def add(a, b):\nwhile True:\npass")
    page.get_by_role("button", name="Run tests").click()
    expect(page.get_by_role("status")).to_contain_text("Stopped after 10 s", timeout=FIRST_RUN + 15_000)
    expect(page.locator(".test-error").first).to_contain_text("took longer than 10 s")
    write(page, "def add(a, b):\nreturn a + b")
    page.get_by_role("button", name="Run tests").click()
    expect(page.get_by_role("status")).to_contain_text("3 of 3 tests pass", timeout=FIRST_RUN)


def test_the_code_cannot_reach_the_site_from_the_worker(page: Page, live_server, alice, add_question):
    sign_in(page, live_server, alice.email)
    page.goto(f"{live_server.url}/questions/implement-add/")
    write(
        page,
        "from js import XMLHttpRequest\n"
        "def add(a, b):\n"
        "request = XMLHttpRequest.new()\n"
        'request.open("GET", "/practice/attempts/", False)\n'
        "request.send()\n"
        "return request.responseText",
    )
    page.get_by_role("button", name="Run tests").click()
    expect(page.get_by_role("status")).to_contain_text("0 of 3 tests pass", timeout=FIRST_RUN)
    expect(page.locator(".test-error").first).to_contain_text("NetworkError")


def test_keyboard_users_indent_with_tab_and_leave_the_box_with_escape_then_tab(
    page: Page, live_server, alice, add_question
):
    sign_in(page, live_server, alice.email)
    page.goto(f"{live_server.url}/questions/implement-add/")
    box = page.get_by_label("Your code")
    write(page, "def add(a, b):")
    page.keyboard.press("Enter")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    page.keyboard.type("return b + a")
    expect(box).to_have_value("def add(a, b):\n    return b + a")
    expect(box).to_be_focused()
    page.keyboard.press("Escape")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Run tests")).to_be_focused()


def test_in_a_session_the_tests_decide_the_suggested_grade(page: Page, live_server, alice, add_question):
    sign_in(page, live_server, alice.email)
    page.goto(f"{live_server.url}/questions/?kind=coding")
    page.get_by_role("button", name="Practise these").click()
    expect(page.get_by_label("Your code")).to_have_value(STARTER)
    write(page, "def add(a, b):\nreturn a + b")
    page.keyboard.press("Control+Enter")  # runs the tests here; it does not reveal
    expect(page.get_by_role("status")).to_contain_text("3 of 3 tests pass", timeout=FIRST_RUN)
    page.get_by_role("button", name="Reveal the answer").click()
    expect(page.get_by_text("Suggested from the tests: Easy")).to_be_visible()
    expect(page.get_by_label("Your code")).to_have_value("def add(a, b):\n    return a + b")
    page.locator(".grade.suggested").click()
    expect(page.get_by_role("heading", name=re.compile("Session done"))).to_be_visible()
    assert Attempt.objects.get(user=alice).answer_text.replace("\r\n", "\n") == "def add(a, b):\n    return a + b"


def test_without_javascript_the_page_shows_the_starter_code_tests_and_solution(
    browser: Browser, live_server, alice, add_question
):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1200, "height": 900})
    page = context.new_page()
    try:
        sign_in(page, live_server, alice.email)
        page.goto(f"{live_server.url}/questions/implement-add/")
        expect(page.get_by_label("Your code")).to_have_value(STARTER)
        expect(page.get_by_role("button", name="Run tests")).to_be_hidden()
        expect(page.locator(".tests-source pre")).to_contain_text("def test_negative_numbers():")
        expect(page.get_by_text("The tests run in your browser with JavaScript")).to_be_visible()
        page.get_by_text("Show answer").click()
        expect(page.locator(".model-answer pre")).to_contain_text("return a + b")
        page.get_by_label("Your code").fill("def add(a, b):\n    return a + b")
        page.get_by_role("button", name="Good").click()
        expect(page.get_by_text("Attempt saved")).to_be_visible()
        assert Attempt.objects.get(user=alice).answer_text.replace("\r\n", "\n") == "def add(a, b):\n    return a + b"
    finally:
        context.close()
