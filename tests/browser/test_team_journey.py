from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from teams.models import Membership
from tests.browser.conftest import confirm_address
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page: Page, url: str, email: str) -> None:
    page.goto(url)
    page.get_by_label("Email").fill(email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_owner_invites_promotes_a_coach_who_assigns_a_plan_the_member_practises_and_the_coach_sees_it(
    new_page, live_server, alice, bob, small_bank
):
    owner = new_page()
    log_in(owner, f"{live_server.url}/accounts/login/", alice.email)
    owner.get_by_role("link", name="Teams").click()
    owner.get_by_label("Name").fill("Bootcamp autumn")
    owner.get_by_role("button", name="Create").click()
    expect(owner.get_by_role("heading", name="Bootcamp autumn")).to_be_visible()
    owner.get_by_role("button", name="Make an invitation").click()
    link = owner.locator("input.invite-link").first.input_value()
    assert "/teams/invitations/" in link
    expect(owner.get_by_role("button", name="Copy link").first).to_be_visible()  # site.js shows it

    # A newcomer signs up through the link and lands in the team.
    newcomer = new_page()
    newcomer.goto(link)
    newcomer.get_by_role("link", name="Create an account to join").click()
    newcomer.get_by_label("Email").fill("frank@example.com")
    newcomer.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    newcomer.get_by_label("Password (again)").fill(PASSWORD)
    newcomer.get_by_role("button", name="Sign up").click()
    # Joined at sign-up, told so on the "verify your address" page; the link leads to the team.
    expect(newcomer.get_by_text("Welcome to Bootcamp autumn!")).to_be_visible()
    confirm_address(newcomer, live_server)
    expect(newcomer.get_by_role("heading", name="Bootcamp autumn")).to_be_visible()

    # Bob, who has an account, logs in from the link and joins.
    coach = new_page()
    coach.goto(link)
    coach.get_by_role("link", name="log in", exact=True).click()
    coach.get_by_label("Email").fill(bob.email)
    coach.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    coach.get_by_role("button", name="Log in").click()
    coach.get_by_role("button", name="Join the team").click()
    expect(coach.get_by_text("Welcome to Bootcamp autumn!")).to_be_visible()
    expect(coach.get_by_role("link", name="Coach's dashboard")).to_have_count(0)

    # The owner makes Bob a coach.
    owner.reload()
    owner.get_by_label("Role of bob@example.com").select_option("coach")
    owner.get_by_role("row").filter(has_text="bob@example.com").get_by_role("button", name="Change").click()
    expect(owner.get_by_text("bob@example.com is now coach.")).to_be_visible()

    # The coach assigns a plan by a filter: statistics, medium and hard.
    coach.reload()
    coach.get_by_role("link", name="Assign a study plan").click()
    coach.get_by_label("Title").fill("Stats basics")
    coach.get_by_label("Due date").fill("2030-01-31")
    coach.get_by_label("Category").select_option("statistics")
    coach.get_by_label("Medium").check()
    coach.get_by_label("Hard").check()
    coach.get_by_role("button", name="Assign").click()
    expect(coach.get_by_text("Plan assigned.")).to_be_visible()
    expect(coach.get_by_text("Statistics, medium and hard")).to_be_visible()

    # The member sees it on their progress dashboard and practises it from there.
    newcomer.get_by_role("link", name="Progress").click()
    plan = newcomer.get_by_role("listitem").filter(has_text="Stats basics")
    expect(plan).to_contain_text("0 of 1 practised")
    plan.get_by_role("button", name="Practise").click()
    newcomer.get_by_label("Your answer").fill("Posterior is prior times likelihood over evidence.")
    newcomer.get_by_role("button", name="Reveal the answer").click()
    newcomer.get_by_role("button", name=re.compile("Good")).click()
    expect(newcomer.get_by_role("heading", name=re.compile("Session done"))).to_be_visible()

    # The coach reads the dashboard.
    coach.get_by_role("link", name="Coach's dashboard").click()
    row = coach.get_by_role("row").filter(has_text="frank@example.com")
    expect(row).to_contain_text("100%")  # the plan's one question practised
    expect(row.locator("td").nth(2)).to_have_text("1")  # attempts in the last 7 days
    assert Membership.objects.filter(user__email="frank@example.com", role="member").exists()
    assert Membership.objects.filter(user=bob, role="coach").exists()
