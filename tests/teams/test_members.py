"""Managing people: who may change whom, the last owner, leaving, through the pages and the API."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from teams.models import Membership
from teams.services import change_role, create_team, remove_member
from tests.conftest import api_client_for, client_for
from tests.factories import UserFactory

NOW = timezone.now


@pytest.fixture
def team(alice, bob):
    """alice owns it, carol and dave coach, bob is a member."""
    team = create_team(user=alice, name="Cohort 7", now=NOW())
    Membership.objects.create(team=team, user=bob, role="member")
    for email in ("carol@example.com", "dave@example.com"):
        Membership.objects.create(team=team, user=UserFactory(email=email), role="coach")
    return team


def member(team, email):
    return team.memberships.get(user__email=email)


def messages_after(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


class TestTheRule:
    """Owners manage everyone; coaches manage members only (teams.services' docstring)."""

    def test_a_coach_removes_a_member(self, team, bob):
        remove_member(team=team, by=member(team, "carol@example.com"), target=member(team, bob.email))
        assert not team.memberships.filter(user=bob).exists()

    @pytest.mark.parametrize(("target", "role"), [("dave", "member"), ("bob", "coach"), ("bob", "owner")])
    def test_a_coach_neither_promotes_nor_demotes_others(self, team, target, role):
        with pytest.raises(PermissionError):
            change_role(
                team=team, by=member(team, "carol@example.com"), target=member(team, f"{target}@example.com"), role=role
            )
        assert member(team, f"{target}@example.com").role == ("coach" if target == "dave" else "member")

    def test_a_coach_does_not_remove_another_coach(self, team):
        with pytest.raises(PermissionError):
            remove_member(team=team, by=member(team, "carol@example.com"), target=member(team, "dave@example.com"))

    def test_a_coach_may_step_down_to_member(self, team):
        carol = member(team, "carol@example.com")
        change_role(team=team, by=carol, target=carol, role="member")
        assert member(team, "carol@example.com").role == "member"

    def test_an_owner_promotes_and_demotes_coaches(self, team, alice, bob):
        owner = member(team, alice.email)
        change_role(team=team, by=owner, target=member(team, bob.email), role="coach")
        change_role(team=team, by=owner, target=member(team, "dave@example.com"), role="member")
        assert (member(team, bob.email).role, member(team, "dave@example.com").role) == ("coach", "member")


class TestThePage:
    def manage(self, client, team, user, **data):
        return client.post(f"/teams/{team.slug}/members/{user.pk}/manage/", data)

    @pytest.mark.parametrize(
        "data", [{"action": "role", "role": "member"}, {"action": "remove"}], ids=["demotes", "removes"]
    )
    def test_the_last_owner_demoting_or_removing_themselves_lands_on_the_team_page_with_one_message(
        self, team, alice, data
    ):
        client = client_for(alice)
        response = self.manage(client, team, alice, **data)
        assert response.status_code == 302 and response["Location"] == team.get_absolute_url()
        page = client.get(response["Location"])
        assert page.status_code == 200
        assert [str(m) for m in page.context["messages"]] == [
            "You are the last owner: make someone else an owner first."
        ]
        assert member(team, alice.email).role == "owner"

    def test_the_last_owner_leaving_stays_with_a_message(self, team, alice):
        client = client_for(alice)
        response = client.post(team.get_absolute_url(), {"action": "leave"})
        assert response["Location"] == team.get_absolute_url()
        assert "last owner" in client.get(team.get_absolute_url()).content.decode()
        assert team.memberships.filter(user=alice).exists()

    def test_a_member_leaves_through_the_page(self, team, bob):
        response = client_for(bob).post(team.get_absolute_url(), {"action": "leave"})
        assert response["Location"] == "/teams/"
        assert messages_after(response) == ["You left Cohort 7."]
        assert not team.memberships.filter(user=bob).exists()

    @pytest.mark.parametrize("role", ["boss", ""])
    def test_an_invalid_role_says_so_and_changes_nothing(self, team, alice, bob, role):
        response = self.manage(client_for(alice), team, bob, action="role", role=role)
        assert response["Location"] == team.get_absolute_url()
        assert messages_after(response) == ["Choose a role: owner, coach or member."]
        assert member(team, bob.email).role == "member"

    def test_a_coach_trying_to_change_an_owner_is_refused(self, team, alice):
        carol = member(team, "carol@example.com").user
        response = self.manage(client_for(carol), team, alice, action="role", role="member")
        assert response.status_code == 403
        assert member(team, alice.email).role == "owner"

    def test_an_owner_promotes_a_member_to_coach(self, team, alice, bob):
        response = self.manage(client_for(alice), team, bob, action="role", role="coach")
        assert messages_after(response) == ["bob@example.com is now coach."]
        assert member(team, bob.email).role == "coach"

    def test_a_coach_sees_controls_only_for_members(self, team, alice, bob):
        page = client_for(member(team, "carol@example.com").user).get(team.get_absolute_url()).content.decode()
        assert f"/members/{bob.pk}/manage/" in page
        assert f"/members/{alice.pk}/manage/" not in page
        assert f"/members/{member(team, 'dave@example.com').user_id}/manage/" not in page

    def test_members_see_display_names_not_email_addresses(self, team, bob):
        dave = member(team, "dave@example.com").user
        dave.display_name = "Dave D."
        dave.save()
        page = client_for(bob).get(team.get_absolute_url()).content.decode()
        assert "Dave D." in page and "dave@example.com" not in page
        assert "carol@example.com" not in page and "carol" in page


class TestTheApi:
    def url(self, team, user):
        return f"/api/v1/teams/{team.slug}/members/{user.pk}/"

    def test_the_last_owner_cannot_demote_remove_or_leave(self, team, alice):
        client = api_client_for(alice)
        demoted = client.patch(self.url(team, alice), {"role": "member"}, format="json")
        removed = client.delete(self.url(team, alice))
        left = client.post(f"/api/v1/teams/{team.slug}/leave/")
        for response in (demoted, removed, left):
            assert response.status_code == 409
            assert "last owner" in response.json()["detail"]
        assert member(team, alice.email).role == "owner"

    def test_an_owner_changes_a_role_and_removes_a_member(self, team, alice, bob):
        client = api_client_for(alice)
        response = client.patch(self.url(team, bob), {"role": "coach"}, format="json")
        assert response.status_code == 200 and response.json()["role"] == "coach"
        assert client.delete(self.url(team, bob)).status_code == 204
        assert not team.memberships.filter(user=bob).exists()

    def test_a_coach_changing_an_owner_or_a_coach_is_403(self, team, alice):
        client = api_client_for(member(team, "carol@example.com").user)
        assert client.patch(self.url(team, alice), {"role": "member"}, format="json").status_code == 403
        assert client.delete(self.url(team, member(team, "dave@example.com").user)).status_code == 403

    def test_a_bad_role_is_400_and_an_unknown_member_404(self, team, alice):
        client = api_client_for(alice)
        response = client.patch(self.url(team, alice), {"role": "boss"}, format="json")
        assert response.status_code == 400 and set(response.json()) == {"role"}
        assert client.delete(f"/api/v1/teams/{team.slug}/members/999999/").status_code == 404

    def test_a_member_leaves(self, team, bob):
        assert api_client_for(bob).post(f"/api/v1/teams/{team.slug}/leave/").status_code == 204
        assert not team.memberships.filter(user=bob).exists()

    def test_the_team_detail_and_answer_sharing(self, team, bob):
        client = api_client_for(bob)
        detail = client.get(f"/api/v1/teams/{team.slug}/").json()
        assert (detail["role"], detail["share_answers"], detail["members"]) == ("member", False, 4)
        assert client.patch(f"/api/v1/teams/{team.slug}/", {"share_answers": True}, format="json").json()[
            "share_answers"
        ]
        assert member(team, bob.email).share_answers

    def test_members_get_names_coaches_get_emails(self, team, alice, bob):
        as_member = api_client_for(bob).get(f"/api/v1/teams/{team.slug}/members/").json()
        assert all("email" not in row for row in as_member)
        assert "alice@example.com" not in str(as_member) and {"alice", "bob"} <= {r["name"] for r in as_member}
        as_owner = api_client_for(alice).get(f"/api/v1/teams/{team.slug}/members/").json()
        assert {r["email"] for r in as_owner} >= {"alice@example.com", "bob@example.com"}
