"""How the site looks and reads, in a real browser: at 390 × 844 (a phone) and 1280 × 800, in
the light and the dark theme. No page scrolls sideways on a phone; axe-core finds no violation
on the main pages in either theme; the grade buttons stay in a sticky bar after reveal; the
header folds into a menu; the theme toggle is remembered. Screenshots land in test-artifacts/.

axe-core (MPL-2.0) is vendored under tests/browser/vendor for the tests only: it is never
served by the site. Playwright evaluates it in the page through the DevTools protocol, which the
site's Content-Security-Policy (no inline script) does not stop.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, expect

from practice.models import Export
from practice.services import record_attempt
from teams.models import Membership
from teams.services import create_plan, create_team
from tests.browser.conftest import ARTIFACTS
from tests.factories import CategoryFactory, QuestionFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = (Path(__file__).parent / "vendor" / "axe-4.14.1.min.js").read_text()
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
THEMES = ["light", "dark"]


@pytest.fixture
def world(small_bank):
    """A candidate with some history, in a team whose owner set a plan; more questions so that
    the list, the progress charts and the dashboard have something to show."""
    now = timezone.now()
    erin = UserFactory(email="erin@example.com", display_name="Erin")
    coach = UserFactory(email="coach@example.com", display_name="Coach")
    extra = CategoryFactory(slug="recommender-systems", name="Recommender systems", position=3)
    more = [QuestionFactory(category=extra, title=f"How would you rank items for user cohort {i}?") for i in range(6)]
    for days, question in enumerate([small_bank.convolution, small_bank.bayes, *more[:3]]):
        record_attempt(user=erin, question=question, grade=("good", "again", "hard")[days % 3],
                       answer_text="A short answer with a longwordthatcouldoverflowthephonelayoutifnotwrapped",
                       seconds_taken=40, now=now - timedelta(days=days + 1))  # fmt: skip
    team = create_team(user=coach, name="Autumn cohort", now=now)
    Membership.objects.create(team=team, user=erin, role="member")
    create_plan(team=team, by=coach, title="Recommenders by Friday", due_date=(now + timedelta(days=3)).date(),
                questions=more, now=now)  # fmt: skip
    Export.objects.create(owner=erin, kind="anki", title="All questions", status="ready", data=b"x" * 70_000,
                          size=70_000, filename="interviewprep.apkg", finished_at=now,
                          expires_at=now + timedelta(days=7))  # fmt: skip
    Export.objects.create(owner=erin, kind="attempts", title="All your attempts", status="failed", finished_at=now,
                          error="Preparing it failed 5 times; the error is logged for the site's admins.",
                          expires_at=now + timedelta(days=7))  # fmt: skip
    return {"erin": erin, "coach": coach, "team": team}


def signed_in(browser: Browser, live_server, user, *, viewport: str, theme: str) -> BrowserContext:
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport=VIEWPORTS[viewport], color_scheme=theme)
    host = live_server.url.split("//")[1].split(":")[0]
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "domain": host, "path": "/"}])
    return context


@pytest.fixture(params=[(v, t) for v in VIEWPORTS for t in THEMES], ids=lambda p: f"{p[0]}-{p[1]}")
def look(request, browser, live_server, world) -> Iterator[tuple[Page, str, str]]:
    viewport, theme = request.param
    context = signed_in(browser, live_server, world["erin"], viewport=viewport, theme=theme)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page, viewport, theme
    context.close()


def axe_violations(page: Page) -> list[dict]:
    page.evaluate(AXE + "\n;true")
    found = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [{"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:5]} for v in found]


def shoot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"looks-{name}.png", full_page=True)


def sideways(page: Page) -> int:
    """How many CSS pixels the page is wider than the window (0 when it does not scroll sideways)."""
    return page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")


def main_pages(live_server, world) -> dict[str, str]:
    team = world["team"].slug
    return {
        "home": "/",
        "list": "/questions/",
        "search": "/questions/?search=convolution",
        "question": "/questions/bayes-rule/",
        "progress": "/practice/progress/",
        "attempts": "/practice/attempts/",
        "exports": "/practice/exports/",
        "review": "/practice/review/",
        "mocks": "/practice/mocks/",
        "settings": "/practice/settings/",
        "teams": "/teams/",
        "team": f"/teams/{team}/",
        "profile": "/accounts/profile/",
        "inbox": "/accounts/notifications/",
        "submit": "/questions/submit/",
        "projects": "/practice/projects/",
        "delete": "/accounts/delete/",
        "submissions": "/questions/submissions/",
    }


def test_no_page_scrolls_sideways_and_axe_finds_nothing(look, live_server, world):
    page, viewport, theme = look
    problems = {}
    for name, path in main_pages(live_server, world).items():
        page.goto(live_server.url + path)
        expect(page.locator("main")).to_be_visible()
        assert page.evaluate("document.documentElement.matches(':root')")
        if viewport == "phone":
            assert sideways(page) <= 0, f"{path} scrolls {sideways(page)} px sideways at 390 px"
        violations = axe_violations(page)
        if violations:
            problems[path] = violations
        if name in {"home", "list", "progress", "attempts", "question"}:
            shoot(page, f"{name}-{viewport}-{theme}")
    assert problems == {}, json.dumps(problems, indent=1)


def test_the_coachs_pages_read_on_a_phone_and_pass_axe(browser, live_server, world):
    for viewport in VIEWPORTS:
        for theme in THEMES:
            context = signed_in(browser, live_server, world["coach"], viewport=viewport, theme=theme)
            page = context.new_page()
            page.goto(f"{live_server.url}/teams/{world['team'].slug}/dashboard/")
            expect(page.get_by_role("heading", name="Coach's dashboard")).to_be_visible()
            if viewport == "phone":
                assert sideways(page) <= 0
            assert axe_violations(page) == []
            shoot(page, f"dashboard-{viewport}-{theme}")
            for path in (f"members/{world['erin'].pk}/", "plans/new/"):
                page.goto(f"{live_server.url}/teams/{world['team'].slug}/{path}")
                if viewport == "phone":
                    assert sideways(page) <= 0, path
                assert axe_violations(page) == [], path
            context.close()


def test_a_session_keeps_the_grade_buttons_in_a_sticky_bar_after_reveal(look, live_server, world):
    page, viewport, theme = look
    page.goto(f"{live_server.url}/questions/?category=recommender-systems")
    page.get_by_role("button", name="Practise these").click()
    page.get_by_label("Your answer").fill("Rank by predicted engagement, then re-rank for diversity.")
    page.get_by_role("button", name="Reveal the answer").click()
    bar = page.locator("fieldset.grades")
    expect(bar).to_be_visible()
    assert bar.evaluate("el => getComputedStyle(el).position") == "sticky"
    page.evaluate("window.scrollTo(0, 0)")
    # Stuck to the bottom of the window while the model answer is still above it.
    box = bar.bounding_box()
    height = VIEWPORTS[viewport]["height"]
    assert box is not None and box["y"] + box["height"] <= height + 1 and box["y"] >= height - box["height"] - 2
    if viewport == "phone":
        assert sideways(page) <= 0
    assert axe_violations(page) == []
    shoot(page, f"session-{viewport}-{theme}")
    page.get_by_role("button", name=re.compile("Good")).click()
    expect(page.locator(".session-progress")).to_contain_text("question 2 of")


def test_the_theme_toggle_is_remembered_across_pages(browser, live_server, world):
    context = signed_in(browser, live_server, world["erin"], viewport="desktop", theme="light")
    page = context.new_page()
    page.goto(live_server.url + "/")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    toggle = page.get_by_role("button", name="Dark theme")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    toggle.click()
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != background
    assert page.evaluate("localStorage.getItem('theme')") == "dark"
    page.goto(live_server.url + "/questions/")
    # Drawn dark by the server from the cookie: no flash of the light theme.
    assert 'data-theme="dark"' in page.content()[:200]
    page.get_by_role("button", name="Dark theme").click()
    page.reload()
    expect(page.locator("html")).to_have_attribute("data-theme", "light")
    context.close()


def test_the_focus_ring_has_3_to_1_contrast_in_both_themes(browser, live_server, world):
    for theme in THEMES:
        context = signed_in(browser, live_server, world["erin"], viewport="desktop", theme=theme)
        page = context.new_page()
        page.goto(live_server.url + "/questions/")
        page.keyboard.press("Tab")  # the skip link
        page.keyboard.press("Tab")  # the brand
        ring, behind = page.evaluate(
            "() => [getComputedStyle(document.activeElement).outlineColor,"
            " getComputedStyle(document.querySelector('.site-header')).backgroundColor]"
        )
        assert contrast(ring, behind) >= 3, (theme, ring, behind)
        assert contrast(ring, page.evaluate("getComputedStyle(document.body).backgroundColor")) >= 3
        context.close()


def test_the_search_box_comes_before_the_filters_in_tab_order(browser, live_server, world):
    context = signed_in(browser, live_server, world["erin"], viewport="desktop", theme="light")
    page = context.new_page()
    page.goto(live_server.url + "/questions/")
    presses = 0
    while page.evaluate("document.activeElement.id") != "id_search":
        page.keyboard.press("Tab")
        presses += 1
        assert presses < 30, "the search box is not among the first 30 tab stops"
    assert page.evaluate(
        "document.getElementById('id_search').compareDocumentPosition(document.querySelector('.filters'))"
        " & Node.DOCUMENT_POSITION_FOLLOWING"
    )
    print(f"Tab presses to reach the search box: {presses}")
    context.close()


def test_on_a_phone_the_header_is_a_menu_and_the_filters_a_drawer(browser, live_server, world):
    context = signed_in(browser, live_server, world["erin"], viewport="phone", theme="light")
    page = context.new_page()
    page.goto(live_server.url + "/questions/")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Progress")).to_be_hidden()
    nav.get_by_text("Menu").click()
    expect(nav.get_by_role("link", name="Progress")).to_be_visible()
    filters = page.locator("details.filters")
    expect(filters.get_by_role("link", name="Statistics")).to_be_hidden()
    filters.get_by_text("Filters").click()
    filters.get_by_role("link", name="Statistics").click()
    expect(page.get_by_role("heading", name="1 question")).to_be_visible()
    # Above the results, and still open after choosing one (a filter is chosen).
    assert filters.bounding_box()["y"] < page.get_by_role("heading", name="1 question").bounding_box()["y"]
    context.close()


def contrast(first: str, second: str) -> float:
    def luminance(css: str) -> float:
        r, g, b = (int(v) / 255 for v in re.findall(r"[\d.]+", css)[:3])
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_a_coach_picks_plan_questions_by_searching_as_they_type(browser, live_server, world, small_bank):
    context = signed_in(browser, live_server, world["coach"], viewport="phone", theme="dark")
    page = context.new_page()
    page.goto(f"{live_server.url}/teams/{world['team'].slug}/plans/new/")
    page.get_by_label("Title").fill("Convolutions and Bayes")
    page.get_by_label("Due date").fill((timezone.now() + timedelta(days=2)).date().isoformat())
    page.get_by_label("Search the bank").fill("convolution")
    page.get_by_label(small_bank.convolution.title).check()  # appeared without a reload (htmx)
    page.get_by_label("Search the bank").fill("bayes")
    page.get_by_label(small_bank.bayes.title).check()
    expect(page.get_by_label(small_bank.convolution.title)).to_be_checked()  # kept while searching again
    assert sideways(page) <= 0 and axe_violations(page) == []
    shoot(page, "plan-picker-phone-dark")
    page.get_by_role("button", name="Assign").click()
    expect(page.get_by_text("Plan assigned.")).to_be_visible()
    assert sorted(world["team"].plans.get(title="Convolutions and Bayes").questions.values_list("slug", flat=True)) == [
        "bayes-rule", "what-is-a-convolution"
    ]  # fmt: skip
    context.close()


def test_the_curators_pages_read_on_a_phone_and_pass_axe(browser, live_server, world, small_bank):
    curator = UserFactory(email="curator@example.com", is_staff=True)
    slug = small_bank.bayes.slug
    problems = {}
    for theme in THEMES:
        context = signed_in(browser, live_server, curator, viewport="phone", theme=theme)
        page = context.new_page()
        for path in (
            "/curation/",
            "/curation/insight/",
            f"/curation/questions/{slug}/edit/",
            f"/curation/questions/{slug}/history/",
        ):
            page.goto(live_server.url + path)
            assert sideways(page) <= 0, path
            if found := axe_violations(page):
                problems[f"{theme} {path}"] = found
        context.close()
    assert problems == {}, json.dumps(problems, indent=1)
