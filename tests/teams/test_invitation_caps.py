"""Emailed invitations are capped per team and per inviter over any 24 hours; links are not."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from teams.models import Invitation, Membership
from teams.services import InvitationLimit, create_invitation, create_team
from tests.conftest import api_client_for, client_for
from tests.factories import UserFactory
from tests.jobs import run_queued_jobs

NOW = timezone.now


@pytest.fixture
def caps(settings):
    settings.INVITATION_EMAILS_PER_TEAM_PER_DAY = 3
    settings.INVITATION_EMAILS_PER_INVITER_PER_DAY = 5


@pytest.fixture
def team(alice, bob):
    """alice owns it, bob coaches."""
    team = create_team(user=alice, name="Cohort 7", now=NOW())
    Membership.objects.create(team=team, user=bob, role="coach")
    return team


def invite(team, by, n, *, now=None, start=0):
    for i in range(start, start + n):
        create_invitation(team=team, by=by, now=now or NOW(), email=f"guest{i}@example.com")


class TestTheRule:
    def test_the_defaults_are_sensible(self):
        from django.conf import settings

        assert settings.INVITATION_EMAILS_PER_TEAM_PER_DAY == 50
        assert settings.INVITATION_EMAILS_PER_INVITER_PER_DAY == 50

    def test_a_team_sends_at_most_its_daily_cap_whoever_sends(self, caps, team, alice, bob):
        invite(team, alice, 2)
        invite(team, bob, 1, start=2)
        with pytest.raises(InvitationLimit, match="Cohort 7 has sent 3 email invitations in the last 24 hours"):
            create_invitation(team=team, by=bob, now=NOW(), email="one-too-many@example.com")
        assert Invitation.objects.filter(team=team).count() == 3

    def test_an_inviter_sends_at_most_their_daily_cap_across_teams(self, caps, alice):
        first = create_team(user=alice, name="First", now=NOW())
        second = create_team(user=alice, name="Second", now=NOW())
        invite(first, alice, 3)
        invite(second, alice, 2, start=3)
        third = create_team(user=alice, name="Third", now=NOW())
        with pytest.raises(InvitationLimit, match="You have sent 5 email invitations in the last 24 hours"):
            create_invitation(team=third, by=alice, now=NOW(), email="x@example.com")
        assert not third.invitations.exists()

    def test_links_without_an_email_are_not_counted_nor_capped(self, caps, team, alice):
        invite(team, alice, 3)
        for _ in range(10):
            create_invitation(team=team, by=alice, now=NOW())
        assert team.invitations.filter(email="").count() == 10

    def test_revoked_invitations_still_count_since_their_email_went_out(self, caps, team, alice):
        invite(team, alice, 3)
        for invitation in team.invitations.all():
            invitation.revoked_at = NOW()
            invitation.save()
        with pytest.raises(InvitationLimit):
            create_invitation(team=team, by=alice, now=NOW(), email="x@example.com")

    def test_the_window_is_the_last_24_hours(self, caps, team, alice):
        now = NOW()
        invite(team, alice, 3, now=now - timedelta(hours=24, minutes=1))
        create_invitation(team=team, by=alice, now=now, email="fresh@example.com")
        invite(team, alice, 2, now=now, start=10)
        with pytest.raises(InvitationLimit) as refused:
            create_invitation(team=team, by=alice, now=now, email="late@example.com")
        # The oldest invitation in the window leaves it in 24 hours: that is when to try again.
        assert refused.value.retry_at == now + timedelta(days=1)

    def test_a_refused_invitation_sends_no_email(self, caps, team, alice, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            invite(team, alice, 3)
            with pytest.raises(InvitationLimit):
                create_invitation(team=team, by=alice, now=NOW(), email="x@example.com")
        run_queued_jobs()  # the worker sends them
        assert len(mail.outbox) == 3


class TestThePageAndTheApi:
    def test_the_page_says_why_and_makes_nothing(self, caps, team, alice):
        invite(team, alice, 3)
        response = client_for(alice).post(
            f"/teams/{team.slug}/invitations/", {"email": "x@example.com", "days": 14}, follow=True
        )
        assert response.redirect_chain[-1][0] == team.get_absolute_url()
        assert "Cohort 7 has sent 3 email invitations in the last 24 hours" in response.content.decode()
        assert team.invitations.count() == 3

    def test_the_api_answers_429_with_the_reason_and_when_to_retry(self, caps, team, alice):
        invite(team, alice, 3)
        response = api_client_for(alice).post(
            f"/api/v1/teams/{team.slug}/invitations/", {"email": "x@example.com"}, format="json"
        )
        assert response.status_code == 429
        assert "Cohort 7 has sent 3 email invitations" in response.json()["detail"]
        assert 86_000 < int(response["Retry-After"]) <= 86_400
        assert team.invitations.count() == 3

    def test_the_api_still_makes_links_past_the_cap(self, caps, team, alice):
        invite(team, alice, 3)
        response = api_client_for(alice).post(f"/api/v1/teams/{team.slug}/invitations/", {}, format="json")
        assert response.status_code == 201

    def test_another_coach_is_capped_by_the_team_not_by_alice(self, caps, team, alice):
        other = create_team(user=alice, name="Other", now=NOW())
        invite(other, alice, 3)
        carol = UserFactory(email="carol@example.com")
        Membership.objects.create(team=team, user=carol, role="coach")
        response = api_client_for(carol).post(
            f"/api/v1/teams/{team.slug}/invitations/", {"email": "y@example.com"}, format="json"
        )
        assert response.status_code == 201


def test_a_cap_below_one_stops_start_up(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from interviewprep.settings import envint

    monkeypatch.setenv("INVITATION_EMAILS_PER_TEAM_PER_DAY", "0")
    with pytest.raises(ImproperlyConfigured, match="INVITATION_EMAILS_PER_TEAM_PER_DAY must be at least 1"):
        envint("INVITATION_EMAILS_PER_TEAM_PER_DAY", 50, minimum=1)


@pytest.mark.django_db(transaction=True)
def test_invitations_sent_at_once_never_pass_the_cap(settings):
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; CI runs this on PostgreSQL")
    settings.INVITATION_EMAILS_PER_TEAM_PER_DAY = 3
    owner = UserFactory()
    team = create_team(user=owner, name="Busy", now=NOW())
    coaches = [UserFactory() for _ in range(8)]
    Membership.objects.bulk_create(Membership(team=team, user=c, role="coach") for c in coaches)
    start = threading.Barrier(len(coaches))
    refused: list[InvitationLimit] = []
    errors: list[BaseException] = []

    def send(i: int) -> None:
        try:
            start.wait()
            create_invitation(team=team, by=coaches[i], now=NOW(), email=f"guest{i}@example.com")
        except InvitationLimit as exc:
            refused.append(exc)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(coaches))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert (team.invitations.count(), len(refused)) == (3, 5)
