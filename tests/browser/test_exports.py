"""A large export in the browser: asked for from the question list, prepared by the worker, and
ready on the Exports page without reloading it (htmx polls the list)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_practice_flows import sign_in
from tests.jobs import run_queued_jobs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_large_deck_is_prepared_in_the_background_and_downloaded_from_my_exports(
    page: Page, live_server, alice, small_bank, settings
):
    settings.EXPORT_INLINE_MAX_QUESTIONS = 1  # the small bank's three published questions are "large"
    sign_in(page, live_server, alice.email)
    page.goto(f"{live_server.url}/questions/")
    page.get_by_role("link", name="Download as an Anki deck").click()
    expect(page).to_have_url(f"{live_server.url}/practice/exports/")
    expect(page.get_by_text("Your Anki deck is being prepared; it will be listed here when ready.")).to_be_visible()
    expect(page.locator("#export-rows")).to_contain_text("Queued")

    run_queued_jobs()  # what `manage.py db_worker` does beside the server
    link = page.get_by_role("link", name="Download interviewprep.apkg")
    expect(link).to_be_visible(timeout=15_000)  # the list asks again every 5 s while one is pending
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "interviewprep.apkg"
    expect(page.locator("#export-rows")).not_to_have_attribute("hx-trigger", "every 5s")
