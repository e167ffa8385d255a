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
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("link", name="Log out").or_(page.get_by_role("button", name="Log out"))).to_be_visible()


def test_a_practice_session_driven_only_by_the_keyboard(page: Page, live_server, alice, small_bank):
    sign_in(page, live_server, alice.email)
    page.goto(f"{live_server.url}/questions/?tag=cnn")
    page.get_by_role("button", name="Practise these").click()
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


def test_a_full_mock_interview(page: Page, live_server, alice, small_bank):
    for kind in ("concept", "concept", "scenario", "design", "behavioural"):
        QuestionFactory(kind=kind, category=small_bank.stats)
    sign_in(page, live_server, alice.email)
    page.get_by_role("link", name="Mock interview").click()
    page.get_by_label("Questions").fill("3")
    page.get_by_label("Minutes per question").fill("2")
    page.get_by_role("button", name="Start a mock interview").click()

    for n in range(1, 4):
        expect(page.get_by_text(f"question {n} of 3")).to_be_visible()
        expect(page.locator("[data-countdown]")).to_contain_text("left")
        expect(page.get_by_text("Model answer")).to_have_count(0)
        page.get_by_label("Your answer").fill(f"My answer number {n}, with one and two.")
        page.get_by_role("button", name=re.compile("Next question|Submit and finish")).click()

    expect(page.get_by_role("heading", name="Grade your answers")).to_be_visible()
    page.get_by_role("button", name="Save grades and see the summary").click()
    expect(page.get_by_role("heading", name="Mock interview summary")).to_be_visible()
    expect(page.get_by_role("row")).to_have_count(4)
    mock = MockInterview.objects.get(user=alice)
    assert mock.status == "graded" and Attempt.objects.filter(user=alice).count() == 3
