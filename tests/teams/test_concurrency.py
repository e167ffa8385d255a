"""Teams created at the same moment (PostgreSQL): every one gets an address, none a 500."""

from __future__ import annotations

from functools import partial

import pytest
from django.utils import timezone

from teams.models import Team
from teams.services import TeamError, create_team
from tests.factories import UserFactory
from tests.threads import at_once, require_postgresql

pytestmark = pytest.mark.django_db(transaction=True)


def test_teams_of_the_same_name_created_at_once_get_an_address_each():
    require_postgresql()
    users = [UserFactory() for _ in range(8)]
    results = at_once(*(partial(create_team, user=user, name="Study group", now=timezone.now()) for user in users))
    assert all(isinstance(r, Team) for r in results), results
    slugs = sorted(Team.objects.values_list("slug", flat=True))
    assert slugs == sorted(["study-group", *(f"study-group-{n}" for n in range(2, 9))])
    assert all(team.memberships.filter(role="owner").count() == 1 for team in Team.objects.all())


def test_one_address_asked_for_at_once_goes_to_one_team_and_the_others_are_told_it_is_taken():
    require_postgresql()
    users = [UserFactory() for _ in range(5)]
    results = at_once(
        *(partial(create_team, user=u, name="ML club", slug="ml-club", now=timezone.now()) for u in users)
    )
    assert sum(isinstance(r, Team) for r in results) == 1, results
    refused = [r for r in results if not isinstance(r, Team)]
    assert all(isinstance(r, TeamError) and "is taken" in str(r) for r in refused), refused
    assert Team.objects.count() == 1
