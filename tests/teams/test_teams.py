"""Teams: people, invitations, roles, plans, the coach's dashboard, privacy, the API."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from practice.models import Note
from practice.services import record_attempt
from teams.models import Invitation, Membership, StudyPlan, Team
from teams.services import (
    TeamError,
    accept_invitation,
    change_role,
    create_invitation,
    create_plan,
    create_team,
    leave_team,
    remove_member,
)
from tests.conftest import api_client_for
from tests.factories import UserFactory, confirm_signup
from tests.jobs import run_queued_jobs

NOW = timezone.now


@pytest.fixture
def team(alice, bob, small_bank):
    """alice owns it, carol coaches, bob is a member."""
    team = create_team(user=alice, name="Cohort 7", now=NOW())
    Membership.objects.create(team=team, user=bob, role="member")
    Membership.objects.create(team=team, user=UserFactory(email="carol@example.com"), role="coach")
    return team


def member(team, email):
    return team.memberships.get(user__email=email)


class TestInvitations:
    def test_a_link_lets_people_join_as_members(self, team, alice):
        invitation = create_invitation(team=team, by=alice, now=NOW())
        dana = UserFactory()
        membership = accept_invitation(invitation=invitation, user=dana, now=NOW())
        assert membership.role == "member"
        invitation.refresh_from_db()
        assert invitation.uses == 1

    @pytest.mark.parametrize(
        ("setup", "message"),
        [
            (lambda inv: setattr(inv, "revoked_at", NOW()), "was revoked"),
            (lambda inv: setattr(inv, "expires_at", NOW() - timedelta(seconds=1)), "has expired"),
            (lambda inv: (setattr(inv, "max_uses", 1), setattr(inv, "uses", 1)), "used as many times"),
        ],
    )
    def test_expired_revoked_and_used_up_links_say_why(self, team, alice, setup, message):
        invitation = create_invitation(team=team, by=alice, now=NOW())
        setup(invitation)
        invitation.save()
        with pytest.raises(TeamError, match=message):
            accept_invitation(invitation=invitation, user=UserFactory(), now=NOW())
        assert team.memberships.count() == 3

    def test_joining_twice_says_you_are_already_in(self, team, alice, bob):
        invitation = create_invitation(team=team, by=alice, now=NOW())
        with pytest.raises(TeamError, match="already in Cohort 7"):
            accept_invitation(invitation=invitation, user=bob, now=NOW())

    def test_an_email_invitation_is_sent_with_the_link(self, team, alice, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            invitation = create_invitation(team=team, by=alice, now=NOW(), email="new@example.com")
        assert mail.outbox == []  # the worker sends it (accounts/mail.py)
        run_queued_jobs()
        assert mail.outbox[0].to == ["new@example.com"]
        assert invitation.get_absolute_url() in mail.outbox[0].body

    def test_someone_without_an_account_signs_up_through_the_link_and_joins(self, team, alice, client):
        invitation = create_invitation(team=team, by=alice, now=NOW())
        url = invitation.get_absolute_url()
        assert "Create an account to join" in client.get(url).content.decode()
        signup = {"email": "eve@example.com", "password1": "a long passphrase 9", "password2": "a long passphrase 9"}
        response = client.post("/accounts/signup/", {**signup, "next": team.get_absolute_url()})
        # Signing up through the link is joining: no second click on the invitation.
        assert team.memberships.filter(user__email="eve@example.com", role="member").exists()
        assert response["Location"] == "/accounts/confirm-email/"
        assert confirm_signup(client)["Location"] == team.get_absolute_url()

    def test_signing_up_from_the_header_on_the_invitation_lands_in_the_team(self, team, alice, client):
        invitation = create_invitation(team=team, by=alice, now=NOW())
        url = invitation.get_absolute_url()
        client.get(url)
        # The header's "Sign up" link comes back to the page it was opened from.
        signup = {"email": "eve@example.com", "password1": "a long passphrase 9", "password2": "a long passphrase 9"}
        client.post("/accounts/signup/", {**signup, "next": url})
        response = confirm_signup(client, follow=True)
        assert response.redirect_chain[-1][0] == team.get_absolute_url()
        page = response.content.decode()
        assert "Welcome to Cohort 7!" in page and "already in" not in page
        assert team.memberships.filter(user__email="eve@example.com").exists()

    def test_a_member_opening_an_invitation_is_sent_to_the_team(self, team, alice, bob):
        invitation = create_invitation(team=team, by=alice, now=NOW())
        client = Client()
        client.force_login(bob)
        response = client.get(invitation.get_absolute_url(), follow=True)
        assert response.redirect_chain[-1][0] == team.get_absolute_url()
        assert "You are already in Cohort 7." in response.content.decode()

    def test_an_unknown_token_is_404_and_a_bad_link_shows_its_problem(self, team, alice, client):
        assert client.get("/teams/invitations/nope/").status_code == 404
        invitation = create_invitation(team=team, by=alice, now=NOW())
        invitation.revoked_at = NOW()
        invitation.save()
        assert "was revoked" in client.get(invitation.get_absolute_url()).content.decode()


class TestRoles:
    def test_a_team_always_keeps_an_owner(self, team, alice):
        owner = member(team, alice.email)
        with pytest.raises(TeamError, match="last owner"):
            leave_team(membership=owner)
        with pytest.raises(TeamError, match="last owner"):
            change_role(team=team, by=owner, target=owner, role="member")
        change_role(team=team, by=owner, target=member(team, "carol@example.com"), role="owner")
        leave_team(membership=owner)
        assert not team.memberships.filter(user=alice).exists()

    def test_coaches_manage_members_but_not_owners(self, team, alice, bob):
        coach = member(team, "carol@example.com")
        remove_member(team=team, by=coach, target=member(team, bob.email))
        with pytest.raises(PermissionError):
            remove_member(team=team, by=coach, target=member(team, alice.email))
        with pytest.raises(PermissionError):
            change_role(team=team, by=coach, target=coach, role="owner")

    def test_members_manage_nobody(self, team, bob):
        with pytest.raises(PermissionError):
            remove_member(team=team, by=member(team, bob.email), target=member(team, "carol@example.com"))


class TestPlansAndDashboard:
    def test_a_plan_from_a_filter_and_its_progress(self, team, alice, bob, small_bank):
        client = Client()
        client.force_login(alice)
        response = client.post(
            f"/teams/{team.slug}/plans/new/",
            {"title": "Vision week", "due_date": "2030-12-01", "category": "deep-learning", "members": [str(bob.pk)]},
        )
        assert response.status_code == 302
        plan = StudyPlan.objects.get()
        assert {q.slug for q in plan.questions.all()} == {"what-is-a-convolution", "vision-transformer"}
        assert list(plan.members.all()) == [bob]
        record_attempt(
            user=bob, question=small_bank.vit, grade="good", answer_text="patches", seconds_taken=9, now=NOW()
        )
        row = next(r for r in client.get(f"/teams/{team.slug}/dashboard/").context["data"].rows if r.user_id == bob.pk)
        assert (row.plans[0].done, row.plans[0].total, row.attempts_7d) == (1, 2, 1)
        assert row.readiness["vision"] == 0  # readiness counts a question from its second review on
        record_attempt(user=bob, question=small_bank.vit, grade="good", answer_text="again", seconds_taken=9, now=NOW())
        row = next(r for r in client.get(f"/teams/{team.slug}/dashboard/").context["data"].rows if r.user_id == bob.pk)
        assert row.readiness["vision"] > 0

    def test_unknown_slugs_in_a_plan_are_named(self, team, alice, small_bank):
        client = Client()
        client.force_login(alice)
        response = client.post(
            f"/teams/{team.slug}/plans/new/", {"title": "x", "due_date": "2030-12-01", "slugs": "bayes-rule, nope"}
        )
        assert "No such published question: nope." in response.content.decode()
        assert StudyPlan.objects.count() == 0

    def test_a_member_practises_a_plan(self, team, bob, alice, small_bank):
        plan = create_plan(
            team=team, by=alice, title="Stats", due_date=date(2030, 12, 1), questions=[small_bank.bayes], now=NOW()
        )
        client = Client()
        client.force_login(bob)
        response = client.post(f"/teams/{team.slug}/plans/{plan.pk}/practise/")
        assert response.status_code == 302 and "/practice/sessions/" in response["Location"]

    def test_members_see_their_plans_with_progress(self, team, alice, bob, small_bank):
        create_plan(
            team=team,
            by=alice,
            title="Stats",
            due_date=date(2030, 12, 1),
            questions=[small_bank.bayes, small_bank.vit],
            now=NOW(),
        )
        record_attempt(user=bob, question=small_bank.bayes, grade="good", answer_text="", seconds_taken=2, now=NOW())
        client = Client()
        client.force_login(bob)
        assert "1 of 2 practised" in client.get("/practice/progress/").content.decode()
        assert "1 of 2 practised" in client.get("/teams/").content.decode()

    def test_the_dashboard_exports_csv(self, team, alice):
        client = Client()
        client.force_login(alice)
        body = client.get(f"/teams/{team.slug}/dashboard/?format=csv").content.decode()
        rows = list(csv.reader(io.StringIO(body, newline="")))
        assert rows[0][:3] == ["member", "role", "plan completion"]
        assert len(rows) == 4
        assert body.startswith('"member","role"')  # every cell quoted (interviewprep.spreadsheets)


class TestPrivacy:
    def test_answers_only_with_consent_and_notes_never(self, team, alice, bob, small_bank):
        record_attempt(
            user=bob,
            question=small_bank.bayes,
            grade="hard",
            answer_text="bob's typed answer",
            seconds_taken=3,
            now=NOW(),
        )
        Note.objects.create(user=bob, question=small_bank.bayes, text="bob's private note")
        coach = Client()
        coach.force_login(alice)
        page = coach.get(f"/teams/{team.slug}/members/{bob.pk}/").content.decode()
        assert "bob&#x27;s typed answer" not in page and "Hard" in page
        bob_client = Client()
        bob_client.force_login(bob)
        bob_client.post(team.get_absolute_url(), {"action": "share", "share": "on"})
        page = coach.get(f"/teams/{team.slug}/members/{bob.pk}/").content.decode()
        assert "bob&#x27;s typed answer" in page
        assert "private note" not in page

    def test_a_coach_of_another_team_sees_nothing(self, team, bob):
        other_coach = UserFactory()
        create_team(user=other_coach, name="Other", now=NOW())
        client = Client()
        client.force_login(other_coach)
        assert client.get(f"/teams/{team.slug}/dashboard/").status_code == 404
        assert client.get(f"/teams/{team.slug}/members/{bob.pk}/").status_code == 404


class TestApi:
    def test_the_contract(self, alice, small_bank):
        client = api_client_for(alice)
        created = client.post("/api/v1/teams/", {"name": "Study group"}, format="json")
        assert created.status_code == 201
        slug = created.json()["slug"]
        assert [t["slug"] for t in client.get("/api/v1/teams/").json()] == [slug]
        invitation = client.post(f"/api/v1/teams/{slug}/invitations/", {}, format="json").json()
        assert set(invitation) >= {"token", "url", "expires_at"}
        newcomer = UserFactory()
        assert api_client_for(newcomer).post(f"/api/v1/invitations/{invitation['token']}/accept/").status_code == 200
        assert api_client_for(newcomer).post(f"/api/v1/invitations/{invitation['token']}/accept/").status_code == 409
        members = client.get(f"/api/v1/teams/{slug}/members/").json()
        assert {m["role"] for m in members} == {"owner", "member"}
        plan = client.post(
            f"/api/v1/teams/{slug}/plans/",
            {"title": "Bayes", "questions": ["bayes-rule"], "due_date": "2030-12-24"},
            format="json",
        )
        assert plan.status_code == 201
        by_filter = client.post(
            f"/api/v1/teams/{slug}/plans/",
            {
                "title": "Deep",
                "filter": {"category": "deep-learning"},
                "due_date": "2030-12-24",
                "members": [newcomer.email],
            },
            format="json",
        )
        assert by_filter.status_code == 201 and len(by_filter.json()["questions"]) == 2
        dashboard = client.get(f"/api/v1/teams/{slug}/dashboard/").json()
        row = dashboard["members"][0]
        assert set(row) >= {
            "email",
            "attempts_7d",
            "attempts_30d",
            "due",
            "retention",
            "readiness",
            "last_active",
            "plans",
        }

    def test_bad_input_is_400(self, alice, small_bank):
        client = api_client_for(alice)
        assert client.post("/api/v1/teams/", {}, format="json").status_code == 400
        slug = client.post("/api/v1/teams/", {"name": "T"}, format="json").json()["slug"]
        plans = f"/api/v1/teams/{slug}/plans/"
        response = client.post(plans, {"title": "x", "questions": ["bayes-rule"], "due_date": "soon"}, format="json")
        assert response.status_code == 400 and set(response.json()) == {"due_date"}
        bad = {"title": "x", "questions": ["nope"], "due_date": "2030-12-01", "members": ["x@example.com"]}
        response = client.post(plans, bad, format="json")
        assert response.status_code == 400 and set(response.json()) == {"questions", "members"}
        assert client.post("/api/v1/invitations/nope/accept/").status_code == 404
        assert Team.objects.count() == 1 and Invitation.objects.count() == 0
