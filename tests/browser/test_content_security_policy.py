"""Pages work under their Content-Security-Policy: Chromium reports no refusal, and what the
page needs its scripts for still happens (htmx swaps, Swagger UI draws the API, the admin)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def refusals(page: Page) -> list[str]:
    """Every Content-Security-Policy refusal Chromium logs on this page from now on."""
    refused: list[str] = []

    def note(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            refused.append(message.text)

    page.on("console", note)
    return refused


def test_the_site_runs_its_scripts_and_nothing_is_refused(page, live_server, alice, small_bank):
    refused = refusals(page)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(alice.email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    page.goto(f"{live_server.url}/questions/bayes-rule/")
    page.get_by_role("button", name=re.compile("Bookmark")).click()  # an htmx swap
    expect(page.get_by_role("button", name=re.compile("bookmark", re.IGNORECASE))).to_be_visible()
    page.goto(f"{live_server.url}/practice/progress/")
    assert refused == []


def test_the_api_docs_draw_every_endpoint_under_their_policy(page, live_server, db):
    refused = refusals(page)
    page.goto(f"{live_server.url}/api/docs/")
    # Swagger UI draws once the schema is generated, which takes a few seconds.
    expect(page.locator(".opblock").first).to_be_visible(timeout=30_000)
    expect(page.get_by_text("/api/v1/auth/tokens/", exact=True).first).to_be_visible()
    assert refused == []


def test_the_admin_works_under_its_policy(page, live_server, staff, small_bank):
    refused = refusals(page)
    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.get_by_label("Email address").fill(staff.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Questions").first).to_be_visible()
    page.goto(f"{live_server.url}/admin/questions/question/")
    page.goto(f"{live_server.url}/admin/questions/question/{small_bank.bayes.pk}/change/")
    expect(page.locator("#question_form")).to_be_visible()
    assert refused == []
