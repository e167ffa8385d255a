"""With JavaScript on, htmx updates bookmarks, notes and session steps in place: a marker set on
`window` survives, which a full page load would wipe."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from practice.models import Attempt, Bookmark, Note
from tests.browser.test_practice_flows import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def mark(page: Page) -> None:
    page.evaluate("window.__marker = 1")


def assert_no_full_navigation(page: Page) -> None:
    assert page.evaluate("window.__marker") == 1


def test_a_bookmark_and_a_note_are_saved_in_place(page: Page, live_server, alice, small_bank):
    sign_in(page, live_server, alice.email)
    page.goto(f"{live_server.url}/questions/bayes-rule/")
    mark(page)

    page.get_by_role("button", name="☆ Bookmark").click()
    expect(page.get_by_role("button", name="★ Bookmarked")).to_have_attribute("aria-pressed", "true")
    assert Bookmark.objects.filter(user=alice, question=small_bank.bayes).exists()
    assert_no_full_navigation(page)
    # The focus stays on the button, so a keyboard user can toggle it back.
    expect(page.get_by_role("button", name="★ Bookmarked")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="☆ Bookmark")).to_have_attribute("aria-pressed", "false")
    assert not Bookmark.objects.exists()
    assert_no_full_navigation(page)

    page.get_by_label("Private note").fill("Start from the base rate.")
    page.get_by_role("button", name="Save note").click()
    expect(page.get_by_role("status").filter(has_text="Note saved.")).to_be_visible()
    expect(page.get_by_label("Private note")).to_have_value("Start from the base rate.")
    assert Note.objects.get(user=alice).text == "Start from the base rate."
    assert_no_full_navigation(page)

    # And a full reload shows what was saved, with no message left over for it.
    page.reload()
    expect(page.get_by_label("Private note")).to_have_value("Start from the base rate.")
    expect(page.locator(".messages")).to_have_count(0)


def test_a_session_steps_in_place_and_its_shortcuts_survive_each_swap(page: Page, live_server, alice, small_bank):
    sign_in(page, live_server, alice.email)
    page.goto(f"{live_server.url}/questions/?tag=cnn")
    page.get_by_role("button", name="Practise these").click()
    expect(page.get_by_text("question 1 of 2")).to_be_visible()
    mark(page)
    first_title = page.title()

    box = page.get_by_label("Your answer")
    expect(box).to_be_focused()
    page.keyboard.type("Shared weights\nslide over the input")
    expect(page.locator("[data-line-count]")).to_have_text("2 of 4 lines")
    page.keyboard.press("Control+Enter")  # reveal
    expect(page.get_by_text("Key points: tick what you covered")).to_be_visible()
    expect(box).to_have_value("Shared weights\nslide over the input")
    expect(box).not_to_be_focused()
    expect(page.locator("[data-timer]")).to_have_text(re.compile(r"^\d+:\d\d$"))
    assert_no_full_navigation(page)

    page.keyboard.press("3")  # good
    expect(page.get_by_text("question 2 of 2")).to_be_visible()
    assert_no_full_navigation(page)
    assert page.title() != first_title  # the new question's title came with the fragment
    # A new question: the focus is back in an empty box, and the counter and timer run on the new one.
    expect(box).to_be_focused()
    expect(box).to_have_value("")
    page.keyboard.type("one line")
    expect(page.locator("[data-line-count]")).to_have_text("1 of 4 lines")
    expect(page.locator("[data-timer]")).to_have_text(re.compile(r"^\d+:\d\d$"))

    page.keyboard.press("Escape")
    page.keyboard.press("r")  # reveal, after the swap
    expect(page.get_by_text("Suggested:")).to_be_visible()
    assert_no_full_navigation(page)
    page.keyboard.press("Enter")  # the suggested grade ends the session: a full page of its own
    expect(page.get_by_role("heading", name=re.compile("Session done"))).to_be_visible()

    # One attempt per grade: no shortcut fired twice.
    attempts = list(Attempt.objects.filter(user=alice).order_by("id").values_list("grade", "answer_text"))
    assert len(attempts) == 2
    assert attempts[0] == ("good", "Shared weights\nslide over the input")
    assert attempts[1][1] == "one line"


def test_a_skip_steps_in_place_too(page: Page, live_server, alice, small_bank):
    sign_in(page, live_server, alice.email)
    page.goto(f"{live_server.url}/questions/?tag=cnn")
    page.get_by_role("button", name="Practise these").click()
    expect(page.get_by_text("question 1 of 2")).to_be_visible()
    mark(page)
    page.get_by_role("button", name="Skip").click()
    expect(page.get_by_text("question 2 of 2")).to_be_visible()
    assert_no_full_navigation(page)
    page.keyboard.press("Escape")
    page.keyboard.press("n")
    expect(page.get_by_role("heading", name=re.compile("Session done"))).to_be_visible()
    assert not Attempt.objects.exists()
