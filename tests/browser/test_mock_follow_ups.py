"""A mock interview with follow-up probes, start to summary, with JavaScript and without."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect

from practice.models import MockInterview, MockProbe
from tests.browser.test_practice_flows import sign_in
from tests.factories import PASSWORD, CategoryFactory, QuestionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def probed_bank() -> None:
    category = CategoryFactory(slug="models", name="Models")
    for n in range(3):
        follow_ups = [{"question": f"Why does rung {r} of topic {n} hold?", "answer": f"Because of reason {r}."}
                      for r in range(3)]  # fmt: skip
        QuestionFactory(slug=f"topic-{n}", title=f"Explain topic {n}", category=category, follow_ups=follow_ups)


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_a_mock_interview_with_follow_up_probes_from_start_to_summary(browser: Browser, live_server, alice, javascript):
    probed_bank()
    context = browser.new_context(java_script_enabled=javascript, viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    if javascript:
        sign_in(page, live_server, alice.email)
    else:
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Email").fill(alice.email)
        page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/practice/mocks/")
    page.get_by_label("Questions").fill("3")
    page.get_by_label("Follow-ups per question").select_option("2")
    page.get_by_role("button", name="Start a mock interview").click()

    for n in range(1, 4):
        expect(page.get_by_text(f"question {n} of 3", exact=False).first).to_be_visible()
        expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"Explain topic \d"))
        if javascript:
            expect(page.locator("[data-countdown]")).to_contain_text("left")
        page.get_by_label("Your answer").fill(f"My answer to question {n}.")
        page.get_by_role("button", name="Answer, and hear the follow-up").click()
        for rung in (1, 2):
            expect(page.get_by_text(f"question {n} of 3 · follow-up {rung} of 2")).to_be_visible()
            expect(page.get_by_text("The interviewer follows up on")).to_be_visible()
            expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(rf"Why does rung {rung - 1} of topic"))
            expect(page.get_by_text("Because of reason")).to_have_count(0)  # no answer before the end
            page.get_by_label("Your answer").fill(f"Follow-up {rung} of question {n}.")
            last = n == 3 and rung == 2
            page.get_by_role(
                "button", name="Submit and finish" if last else re.compile("Next question|hear the")
            ).click()

    expect(page.get_by_role("heading", name="Grade your answers")).to_be_visible()
    expect(page.get_by_text("Did you hold up?")).to_have_count(6)
    expect(page.get_by_text("Because of reason 1.")).to_have_count(3)  # each brief answer, shown to grade by
    for n in range(3):
        page.locator(f"input[name=probe-{n}-0][value=held]").check()
        page.locator(f"input[name=probe-{n}-1][value={['held', 'partly', 'missed'][n]}]").check()
    page.get_by_role("button", name="Save grades and see the summary").click()

    expect(page.get_by_role("heading", name="Mock interview summary")).to_be_visible()
    expect(page.get_by_role("heading", name="How far you held up under follow-ups")).to_be_visible()
    expect(page.get_by_text("Held every follow-up on 1 of 3 questions probed")).to_be_visible()
    expect(page.get_by_role("cell", name="Held all 2")).to_be_visible()
    expect(page.get_by_role("cell", name="Held 1 of 2, then partly held the second")).to_be_visible()
    expect(page.get_by_role("cell", name="Held 1 of 2, then missed the second")).to_be_visible()
    mock = MockInterview.objects.get(user=alice)
    assert mock.status == "graded"
    assert sorted(MockProbe.objects.filter(item__mock=mock).values_list("grade", flat=True)) == sorted(
        ["held"] * 4 + ["partly", "missed"]
    )
    answers = MockProbe.objects.filter(item__mock=mock).values_list("answer_text", flat=True)
    assert all(a.startswith("Follow-up ") for a in answers)
    context.close()
