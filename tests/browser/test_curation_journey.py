from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import Page, expect

from questions.models import Submission
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in(new_page, live_server, email: str) -> Page:
    page = new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    return page


@pytest.fixture
def carol(db):
    """A curator by group membership, with no admin rights at all."""
    user = UserFactory(email="carol@example.com")
    user.groups.add(Group.objects.get_or_create(name="curator")[0])
    return user


def test_submit_request_changes_edit_approve_and_see_the_history(new_page, live_server, alice, carol, small_bank):
    user = signed_in(new_page, live_server, alice.email)
    user.get_by_role("link", name="Submit a question").click()
    user.get_by_label("Title").fill("Why does batch size change the best learning rate?")
    user.get_by_label("Category").select_option("statistics")
    user.get_by_label("Difficulty").select_option("medium")
    user.get_by_label("Kind").select_option("concept")
    user.get_by_label("Model answer").fill("Larger batches give less noisy gradients, so a larger step is safe.")
    expect(user.locator("#live-preview")).to_contain_text("Larger batches give less noisy gradients")  # as you type
    user.get_by_role("button", name="Preview and check for duplicates").click()
    expect(user.locator(".preview")).to_contain_text("Larger batches give less noisy gradients")
    user.get_by_role("button", name="Submit for review").click()
    expect(user.get_by_text("In review", exact=True)).to_be_visible()

    curator = signed_in(new_page, live_server, carol.email)
    curator.get_by_role("link", name="Curate").click()
    curator.get_by_role("link", name="Why does batch size change the best learning rate?").click()
    curator.get_by_label("Message to the submitter").fill("Mention the linear scaling rule.")
    curator.get_by_role("button", name="Request changes").click()
    expect(curator.get_by_text("Sent back to the submitter.")).to_be_visible()

    user.goto(f"{live_server.url}/accounts/notifications/")
    user.get_by_role("link", name=re.compile("asked for changes")).click()
    expect(user.get_by_text("Mention the linear scaling rule.")).to_be_visible()
    user.get_by_label("Model answer").fill(
        "Larger batches give less noisy gradients, so a larger step is safe: the linear scaling rule."
    )
    user.get_by_role("button", name=re.compile("Save")).click()
    expect(user.get_by_text("back in review")).to_be_visible()

    curator.goto(f"{live_server.url}/curation/")
    curator.get_by_role("link", name="Why does batch size change the best learning rate?").click()
    curator.get_by_role("button", name="Approve and publish").click()
    expect(curator.get_by_role("heading", name="Why does batch size change the best learning rate?")).to_be_visible()
    expect(curator.get_by_text("Published.")).to_be_visible()

    # A curator who is not a superuser edits the live question on the site, with a reason.
    curator.get_by_role("link", name="Edit", exact=True).click()
    expect(curator.locator("#live-preview")).to_contain_text("the linear scaling rule")
    curator.get_by_label("Model answer").fill(
        "Larger batches give less noisy gradients, so a larger step is safe: the linear scaling rule (Goyal et al.)."
    )
    expect(curator.locator("#live-preview")).to_contain_text("Goyal et al.")  # the live preview, as you type
    curator.get_by_label("Why this edit").fill("Credited the linear scaling rule")
    curator.get_by_role("button", name="Save the edit").click()
    expect(curator.get_by_text("Saved as a new revision.")).to_be_visible()

    revisions = curator.locator(".revisions > li")
    expect(revisions.first).to_contain_text("Credited the linear scaling rule")
    expect(revisions.nth(1)).to_contain_text("Approved and published")
    expect(curator.locator(".revisions")).to_contain_text("Changes requested")
    expect(curator.locator(".revisions")).to_contain_text("Edited by the submitter")
    expect(curator.locator(".revisions")).to_contain_text("Submitted by")
    curator.screenshot(path="test-artifacts/curation_history.png", full_page=True)
    assert Submission.objects.get().status == "published"
    assert Submission.objects.get().question.answer.endswith("(Goyal et al.).")
