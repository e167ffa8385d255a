from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from practice.models import Attempt
from tests.browser.conftest import confirm_address
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_new_candidate_signs_up_finds_a_question_practises_it_and_sees_the_attempt(
    page: Page, live_server, small_bank
):
    page.goto(live_server.url)
    page.get_by_role("link", name="Sign up").first.click()
    page.get_by_label("Email").fill("erin@example.com")
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    confirm_address(page, live_server)
    expect(page.get_by_role("link", name="Review")).to_be_visible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Questions").click()
    filters = page.locator("details.filters")
    filters.get_by_role("link", name="Deep learning").click()
    expect(page.get_by_role("heading", name="2 questions")).to_be_visible()
    filters.get_by_role("link", name="Hard").click()
    expect(page.get_by_role("heading", name="1 question")).to_be_visible()
    page.get_by_role("link", name="Clear all filters").click()
    page.get_by_label("Search questions").fill("transformer")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name=re.compile("1 question matching"))).to_be_visible()
    page.get_by_role("link", name=small_bank.vit.title).click()

    expect(page.get_by_role("heading", name=small_bank.vit.title)).to_be_visible()
    page.get_by_label("Your answer").fill("Cut it into 16x16 patches.\nEmbed each patch linearly.")
    expect(page.locator("[data-line-count]")).to_have_text("2 of 4 lines")
    expect(page.get_by_text("Key points")).to_be_hidden()
    page.get_by_text("Show answer").click()
    expect(page.get_by_role("heading", name="Key points")).to_be_visible()
    expect(page.locator(".model-answer math").first).to_be_visible()
    page.get_by_role("button", name="Good").click()
    expect(page.get_by_text("Attempt saved")).to_be_visible()

    page.get_by_role("link", name="My attempts").first.click()
    row = page.get_by_role("row").filter(has_text=small_bank.vit.title)
    expect(row).to_contain_text("Good")
    expect(row).to_contain_text("Cut it into 16x16 patches.")
    assert Attempt.objects.get().user.email == "erin@example.com"


def test_an_anonymous_answer_survives_signing_in(page: Page, live_server, alice, small_bank):
    page.goto(f"{live_server.url}/questions/bayes-rule/")
    page.get_by_label("Your answer").fill("Posterior equals likelihood times prior over evidence.")
    page.get_by_role("button", name="Hard").click()
    expect(page.get_by_text("Your answer is kept")).to_be_visible()
    page.get_by_label("Email").fill("alice@example.com")
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/questions/bayes-rule/$"))
    expect(page.get_by_label("Your answer")).to_have_value("Posterior equals likelihood times prior over evidence.")
    page.get_by_role("button", name="Hard").click()
    expect(page.get_by_text("Attempt saved")).to_be_visible()
    assert Attempt.objects.get().answer_text == "Posterior equals likelihood times prior over evidence."


def test_the_answer_is_revealed_without_javascript(browser, live_server, small_bank):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/questions/vision-transformer/")
    expect(page.get_by_role("heading", name="Key points")).to_be_hidden()
    page.get_by_text("Show answer").click()
    expect(page.get_by_role("heading", name="Key points")).to_be_visible()
    context.close()
