from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import User
from teams.models import Membership
from teams.services import create_team
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page: Page, url: str, email: str) -> None:
    page.goto(url)
    page.get_by_label("Email").fill(email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_deleting_an_account_warns_about_the_team_needs_the_password_and_hands_the_team_on(
    page, live_server, alice, bob
):
    team = create_team(user=alice, name="Readers", now=timezone.now())
    Membership.objects.create(team=team, user=bob, role="member")
    log_in(page, f"{live_server.url}/accounts/login/", alice.email)

    # From the header to the profile, and from the account pages to deleting.
    page.get_by_role("link", name="alice@example.com").click()
    expect(page.get_by_role("heading", name="Profile")).to_be_visible()
    page.get_by_role("navigation", name="Account").get_by_role("link", name="Delete account").click()
    expect(page.get_by_role("heading", name="Delete your account")).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text="Readers")).to_contain_text(
        "bob@example.com (member) becomes its owner"
    )

    page.get_by_label("Your password").fill("not my password")
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_text("That is not your password.")).to_be_visible()
    assert User.objects.filter(email=alice.email).exists()

    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_text("Your account and your data are deleted.")).to_be_visible()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    assert not User.objects.filter(email=alice.email).exists()
    assert list(team.memberships.values_list("user__email", "role")) == [("bob@example.com", "owner")]

    # The old password no longer signs anyone in.
    log_in(page, f"{live_server.url}/accounts/login/", alice.email)
    expect(page.get_by_text(re.compile("not correct"))).to_be_visible()
