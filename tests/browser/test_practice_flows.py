from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from practice.models import Attempt, MockInterview, ReviewState
from tests.factories import PASSWORD, QuestionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page: Page, live_server, email: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_label(re.compile(r"^Password:?$")).press("Enter")
    expect(page.get_by_role("link", name="Log out").or_(page.get_by_role("button", name="Log out"))).to_be_visible()


def tab_to(page: Page, name: str, limit: int = 80) -> None:
    """Press Tab until the focused element's text is `name`, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.textContent.trim()") == name:
            return
    raise AssertionError(f"{name!r} never took the focus")


def test_a_practice_session_driven_only_by_the_keyboard(page: Page, live_server, alice, small_bank):
    sign_in(page, live_server, alice.email)
    page.goto(f"{live_server.url}/questions/?tag=cnn")
    # From here on, only the keyboard: tab to the start button, then the session's shortcuts.
    tab_to(page, "Practise these")
    page.keyboard.press("Enter")
    expect(page.get_by_text("question 1 of 2")).to_be_visible()
    expect(page.locator("#shortcuts")).to_contain_text("reveal")

    # The answer box has focus: type, then Ctrl+Enter reveals.
    page.keyboard.type("It is shared weights everywhere.")
    page.keyboard.press("Control+Enter")
    expect(page.get_by_text("Key points: tick what you covered")).to_be_visible()
    page.keyboard.press("3")  # good
    expect(page.get_by_text("question 2 of 2")).to_be_visible()

    page.keyboard.type("no idea")
    page.keyboard.press("Escape")
    page.keyboard.press("r")
    expect(page.get_by_text("Suggested:")).to_be_visible()
    page.keyboard.press("1")  # again
    expect(page.get_by_role("heading", name=re.compile("Session done"))).to_be_visible()

    grades = list(Attempt.objects.filter(user=alice).order_by("id").values_list("grade", flat=True))
    assert grades == ["good", "again"]
    assert ReviewState.objects.filter(user=alice).count() == 2


def mock_bank(small_bank) -> None:
    for kind in ("concept", "concept", "scenario", "design", "behavioural"):
        QuestionFactory(kind=kind, category=small_bank.stats)
    QuestionFactory(slug="project-deep-dive", title="Walk me through a project", kind="behavioural",
                    category=small_bank.stats)  # fmt: skip


def test_a_full_mock_interview(page: Page, live_server, alice, small_bank):
    mock_bank(small_bank)
    sign_in(page, live_server, alice.email)
    page.get_by_role("link", name="Mock interview").click()
    page.get_by_label("Questions").fill("5")
    page.get_by_label("Minutes per question").fill("2")
    page.get_by_role("button", name="Start a mock interview").click()

    for n in range(1, 6):
        expect(page.get_by_text(f"question {n} of 5")).to_be_visible()
        expect(page.locator("[data-countdown]")).to_contain_text("left")
        expect(page.get_by_text("Model answer")).to_have_count(0)
        if n == 4:  # the design question
            design = MockInterview.objects.get(user=alice).items.get(position=3).question
            expect(page.get_by_role("heading", level=1)).to_have_text(design.title)
        if n == 5:
            expect(page.get_by_text("Project deep-dive")).to_be_visible()
        page.get_by_label("Your answer").fill(f"My answer number {n}, with one and two.")
        page.get_by_role("button", name=re.compile("Next question|Submit and finish")).click()

    expect(page.get_by_role("heading", name="Grade your answers")).to_be_visible()
    page.get_by_role("button", name="Save grades and see the summary").click()
    expect(page.get_by_role("heading", name="Mock interview summary")).to_be_visible()
    expect(page.get_by_role("row")).to_have_count(6)
    mock = MockInterview.objects.get(user=alice)
    kinds = [item.question.kind for item in mock.items.select_related("question")]
    assert kinds[3] == "design" and mock.items.get(position=4).is_deep_dive
    assert mock.status == "graded" and Attempt.objects.filter(user=alice).count() == 5


def test_a_practice_session_and_a_mock_work_without_javascript(browser, live_server, alice, small_bank):
    mock_bank(small_bank)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(alice.email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    # A practice session: reveal, tick, grade, then skip to the end.
    page.goto(f"{live_server.url}/questions/?tag=cnn")
    page.get_by_role("button", name="Practise these").click()
    expect(page.get_by_text("question 1 of 2")).to_be_visible()
    page.get_by_label("Your answer").fill("The same weights are shared everywhere.")
    page.get_by_role("button", name="Reveal the answer").click()
    expect(page.get_by_text("Key points: tick what you covered")).to_be_visible()
    page.locator("input[name=covered]").first.check()
    page.get_by_role("button", name="3 · Good").click()
    expect(page.get_by_text("question 2 of 2")).to_be_visible()
    page.get_by_role("button", name="Skip").click()
    expect(page.get_by_role("heading", name=re.compile("Session done"))).to_be_visible()
    attempt = Attempt.objects.get(user=alice)
    assert (attempt.grade, attempt.key_points_covered) == ("good", [0])

    # A mock interview: five answers, then grades (pre-filled with the suggestions), then the summary.
    page.goto(f"{live_server.url}/practice/mocks/")
    page.get_by_label("Questions").fill("5")
    page.get_by_role("button", name="Start a mock interview").click()
    for n in range(1, 6):
        expect(page.get_by_text(f"question {n} of 5")).to_be_visible()
        page.get_by_label("Your answer").fill(f"Answer {n}.")
        page.get_by_role("button", name=re.compile("Next question|Submit and finish")).click()
    expect(page.get_by_role("heading", name="Grade your answers")).to_be_visible()
    page.get_by_role("button", name="Save grades and see the summary").click()
    expect(page.get_by_role("heading", name="Mock interview summary")).to_be_visible()
    expect(page.get_by_role("row")).to_have_count(6)
    assert MockInterview.objects.get(user=alice).status == "graded"
    context.close()
