"""Every team page and endpoint, every method, for each of the issue's seven kinds of caller.

Each case runs on fresh data, so a write allowed for one caller cannot change what the next
one sees. Expected codes are in ROLES order.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from teams.models import Membership
from teams.services import create_invitation, create_plan, create_team
from tests.factories import UserFactory

NOW = timezone.now
ROLES = ("anonymous", "outsider", "member", "coach", "owner", "staff", "other_coach")

PLAN = {"title": "Stats", "due_date": "2030-01-31", "slugs": "bayes-rule"}
API_PLAN = {"title": "Stats", "due_date": "2030-01-31", "questions": ["bayes-rule"]}

# (method, path, payload): codes for anonymous, outsider, member, coach, owner, staff, other_coach.
# {erin} is a plain member the callers act on; the owner is the team's only owner, so their
# leaving is refused (a message on the page, 409 in the API).
PAGES = [
    ("get", "/teams/", None, (302, 200, 200, 200, 200, 200, 200)),
    ("post", "/teams/", {"name": "Another team"}, (302, 302, 302, 302, 302, 302, 302)),
    ("get", "/teams/{slug}/", None, (302, 404, 200, 200, 200, 404, 404)),
    ("post", "/teams/{slug}/", {"action": "share", "share": "on"}, (302, 404, 302, 302, 302, 404, 404)),
    ("post", "/teams/{slug}/", {"action": "leave"}, (302, 404, 302, 302, 302, 404, 404)),
    ("get", "/teams/{slug}/dashboard/", None, (302, 404, 403, 200, 200, 404, 404)),
    ("get", "/teams/{slug}/dashboard/?format=csv", None, (302, 404, 403, 200, 200, 404, 404)),
    ("post", "/teams/{slug}/dashboard/", {}, (405, 405, 405, 405, 405, 405, 405)),
    ("get", "/teams/{slug}/members/{erin}/", None, (302, 404, 403, 200, 200, 404, 404)),
    ("post", "/teams/{slug}/members/{erin}/manage/", {"action": "role", "role": "coach"},
     (302, 404, 403, 403, 302, 404, 404)),
    ("post", "/teams/{slug}/members/{erin}/manage/", {"action": "remove"}, (302, 404, 403, 302, 302, 404, 404)),
    ("get", "/teams/{slug}/members/{erin}/manage/", None, (405, 405, 405, 405, 405, 405, 405)),
    ("post", "/teams/{slug}/invitations/", {"days": "14"}, (302, 404, 403, 302, 302, 404, 404)),
    ("post", "/teams/{slug}/invitations/{invitation}/revoke/", {}, (302, 404, 403, 302, 302, 404, 404)),
    ("get", "/teams/{slug}/plans/new/", None, (302, 404, 403, 200, 200, 404, 404)),
    ("post", "/teams/{slug}/plans/new/", PLAN, (302, 404, 403, 302, 302, 404, 404)),
    ("post", "/teams/{slug}/plans/{plan}/practise/", {}, (302, 404, 302, 302, 302, 404, 404)),
    # Members are sent on to the team; everyone else sees the invitation.
    ("get", "/teams/invitations/{token}/", None, (200, 200, 302, 302, 302, 200, 200)),
    ("post", "/teams/invitations/{token}/", {"action": "accept"}, (200, 302, 302, 302, 302, 302, 302)),
    ("post", "/teams/invitations/{token}/", {"action": "decline"}, (200, 302, 302, 302, 302, 302, 302)),
]  # fmt: skip
ENDPOINTS = [
    ("get", "/api/v1/teams/", None, (401, 200, 200, 200, 200, 200, 200)),
    ("post", "/api/v1/teams/", {"name": "Another team"}, (401, 201, 201, 201, 201, 201, 201)),
    ("get", "/api/v1/teams/{slug}/", None, (401, 404, 200, 200, 200, 404, 404)),
    ("patch", "/api/v1/teams/{slug}/", {"share_answers": True}, (401, 404, 200, 200, 200, 404, 404)),
    ("get", "/api/v1/teams/{slug}/members/", None, (401, 404, 200, 200, 200, 404, 404)),
    ("patch", "/api/v1/teams/{slug}/members/{erin}/", {"role": "coach"}, (401, 404, 403, 403, 200, 404, 404)),
    ("delete", "/api/v1/teams/{slug}/members/{erin}/", None, (401, 404, 403, 204, 204, 404, 404)),
    ("post", "/api/v1/teams/{slug}/leave/", None, (401, 404, 204, 204, 409, 404, 404)),
    ("get", "/api/v1/teams/{slug}/invitations/", None, (401, 404, 403, 200, 200, 404, 404)),
    ("post", "/api/v1/teams/{slug}/invitations/", {}, (401, 404, 403, 201, 201, 404, 404)),
    ("post", "/api/v1/teams/{slug}/invitations/{token}/revoke/", None, (401, 404, 403, 200, 200, 404, 404)),
    ("post", "/api/v1/invitations/{token}/accept/", None, (401, 200, 409, 409, 409, 200, 200)),
    ("post", "/api/v1/invitations/{token}/decline/", None, (401, 200, 200, 200, 200, 200, 200)),
    ("get", "/api/v1/teams/{slug}/plans/", None, (401, 404, 200, 200, 200, 404, 404)),
    ("post", "/api/v1/teams/{slug}/plans/", API_PLAN, (401, 404, 403, 201, 201, 404, 404)),
    ("get", "/api/v1/teams/{slug}/dashboard/", None, (401, 404, 403, 200, 200, 404, 404)),
]  # fmt: skip


@pytest.fixture
def world(alice, bob, staff, small_bank):
    """alice owns Cohort 7, carol coaches it, bob and erin are members; zoe coaches another team."""
    team = create_team(user=alice, name="Cohort 7", now=NOW())
    Membership.objects.create(team=team, user=bob, role="member")
    carol = UserFactory(email="carol@example.com")
    Membership.objects.create(team=team, user=carol, role="coach")
    erin = UserFactory(email="erin@example.com")
    Membership.objects.create(team=team, user=erin, role="member")
    zoe = UserFactory(email="zoe@example.com")
    create_team(user=zoe, name="Elsewhere", now=NOW())
    invitation = create_invitation(team=team, by=alice, now=NOW())
    plan = create_plan(
        team=team, by=alice, title="Stats", due_date=date(2030, 1, 1), questions=[small_bank.bayes], now=NOW()
    )
    cast = {"anonymous": None, "outsider": UserFactory(), "member": bob, "coach": carol, "owner": alice,
            "staff": staff, "other_coach": zoe}  # fmt: skip
    fields = {"slug": team.slug, "erin": erin.pk, "invitation": invitation.pk, "token": invitation.token,
              "plan": plan.pk}  # fmt: skip
    return cast, fields


def cases(rows):
    return [
        pytest.param(method, path, payload, role, codes[i], id=f"{method} {path} {role}")
        for method, path, payload, codes in rows
        for i, role in enumerate(ROLES)
    ]


@pytest.mark.parametrize(("method", "path", "payload", "role", "expected"), cases(PAGES))
def test_pages(world, method, path, payload, role, expected):
    cast, fields = world
    client = Client()
    if cast[role]:
        client.force_login(cast[role])
    response = getattr(client, method)(path.format(**fields), payload or {})
    assert response.status_code == expected


@pytest.mark.parametrize(("method", "path", "payload", "role", "expected"), cases(ENDPOINTS))
def test_endpoints(world, method, path, payload, role, expected):
    cast, fields = world
    client = APIClient()
    if cast[role]:
        client.force_authenticate(cast[role])
    response = getattr(client, method)(path.format(**fields), payload, format="json")
    assert response.status_code == expected, getattr(response, "data", None)
