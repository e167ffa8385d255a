from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from teams.models import Membership
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_owner_invites_newcomer_signs_up_practises_a_plan_and_the_coach_sees_it(
    new_page, live_server, alice, small_bank
):
    owner = new_page()
    owner.goto(f"{live_server.url}/accounts/login/")
    owner.get_by_label("Email").fill(alice.email)
    owner.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    owner.get_by_role("button", name="Sign In").click()
    owner.get_by_role("link", name="Teams").click()
    owner.get_by_label("Name").fill("Bootcamp autumn")
    owner.get_by_role("button", name="Create").click()
    expect(owner.get_by_role("heading", name="Bootcamp autumn")).to_be_visible()
    owner.get_by_role("button", name="Make an invitation").click()
    link = owner.locator("code").first.inner_text()
    assert "/teams/invitations/" in link

    newcomer = new_page()
    newcomer.goto(link)
    newcomer.get_by_role("link", name="Create an account to join").click()
    newcomer.get_by_label("Email").fill("frank@example.com")
    newcomer.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    newcomer.get_by_label("Password (again)").fill(PASSWORD)
    newcomer.get_by_role("button", name="Sign Up").click()
    # Signing up through the link is joining: the newcomer lands on the team's page.
    expect(newcomer.get_by_text("Welcome to Bootcamp autumn!")).to_be_visible()
    expect(newcomer.get_by_role("heading", name="Bootcamp autumn")).to_be_visible()

    owner.get_by_role("link", name="Assign a study plan").click()
    owner.get_by_label("Title").fill("Stats basics")
    owner.get_by_label("Due date").fill("2030-01-31")
    owner.get_by_label("Category").fill("statistics")
    owner.get_by_role("button", name="Assign").click()
    expect(owner.get_by_text("Plan assigned.")).to_be_visible()

    newcomer.reload()
    newcomer.get_by_role("button", name="Practise this plan").click()
    newcomer.get_by_label("Your answer").fill("Posterior is prior times likelihood over evidence.")
    newcomer.get_by_role("button", name="Reveal the answer").click()
    newcomer.get_by_role("button", name=re.compile("Good")).click()
    expect(newcomer.get_by_role("heading", name=re.compile("Session done"))).to_be_visible()

    owner.get_by_role("link", name="Coach's dashboard").click()
    row = owner.get_by_role("row").filter(has_text="frank@example.com")
    expect(row).to_contain_text("100%")  # the plan's one question practised
    expect(row.locator("td").nth(2)).to_have_text("1")  # attempts in the last 7 days
    assert Membership.objects.filter(user__email="frank@example.com", role="member").exists()
