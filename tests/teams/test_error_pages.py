"""The 403, 404 and 500 pages: inside the site's layout, with the view's own sentence when it gave one.

pytest-django runs with DEBUG off, so these are the pages visitors get.
"""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.utils import timezone

from teams.services import create_team
from tests.conftest import client_for


@pytest.fixture
def team(alice, bob):
    from teams.models import Membership

    team = create_team(user=alice, name="Vision group", now=timezone.now())
    Membership.objects.create(team=team, user=bob, role="member")
    return team


def test_a_member_opening_the_dashboard_reads_why_inside_the_layout(team, bob):
    response = client_for(bob).get(f"/teams/{team.slug}/dashboard/")
    page = response.content.decode()
    assert response.status_code == 403
    assert "Only the team&#x27;s owners and coaches can do this." in page
    assert 'class="site-header"' in page and "bob@example.com" in page
    assert 'href="/teams/"' in page


def test_an_unknown_team_names_what_is_missing(alice):
    response = client_for(alice).get("/teams/no-such-team/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "No such team" in page and 'class="site-header"' in page


def test_an_unknown_address_gets_a_plain_sentence_not_a_class_name(db):
    response = Client().get("/nothing-here/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "There is nothing at this address." in page and "Resolver404" not in page
    assert 'class="site-header"' in page


def test_the_server_error_page_needs_no_context():
    page = render_to_string("500.html")
    assert "Something went wrong" in page and 'href="/"' in page
