"""The display name: one rule (accounts.services), the profile page, the account API, and teammates seeing it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.services import set_display_name
from teams.models import Membership
from teams.services import create_team
from tests.conftest import api_client_for, client_for


class TestTheRule:
    def test_a_name_is_saved_trimmed(self, alice):
        set_display_name(user=alice, display_name="  Alice Liddell \t")
        alice.refresh_from_db()
        assert alice.display_name == "Alice Liddell"

    @pytest.mark.parametrize("cleared", ["", "   "])
    def test_an_empty_name_clears_it(self, alice, cleared):
        alice.display_name = "Alice"
        alice.save()
        set_display_name(user=alice, display_name=cleared)
        alice.refresh_from_db()
        assert alice.display_name == ""
        assert alice.get_short_name() == "alice"

    def test_sixty_characters_are_allowed_and_sixty_one_are_not(self, alice):
        set_display_name(user=alice, display_name="a" * 60)
        with pytest.raises(ValidationError, match="at most 60 characters"):
            set_display_name(user=alice, display_name="b" * 61)
        alice.refresh_from_db()
        assert alice.display_name == "a" * 60

    @pytest.mark.parametrize(
        "name",
        ["Ali\nce", "Ali\tce", "Al\x00ice", "Al\x7fice", "Al\x85ice", "Al\u2028ice", "Al\u202eecila", "Al\u2066ice"],
    )
    def test_control_characters_are_refused(self, alice, name):
        with pytest.raises(ValidationError, match="control characters"):
            set_display_name(user=alice, display_name=name)
        alice.refresh_from_db()
        assert alice.display_name == ""

    @pytest.mark.parametrize("name", ["Zoë Ødegård", "李小龍", "👩\u200d💻 Ada", "O'Brien-Smith, Jr."])
    def test_letters_of_any_script_and_emoji_are_fine(self, alice, name):
        set_display_name(user=alice, display_name=name)
        alice.refresh_from_db()
        assert alice.display_name == name

    def test_the_admin_form_applies_the_same_rule(self, alice):
        alice.display_name = "x" * 61
        with pytest.raises(ValidationError) as caught:
            alice.full_clean()
        assert "display_name" in caught.value.message_dict


class TestTheProfilePage:
    def test_it_shows_the_name_and_the_email_and_saves_a_new_name(self, alice_client, alice):
        page = alice_client.get("/accounts/profile/")
        body = page.content.decode()
        assert page.status_code == 200
        assert "alice@example.com" in body and 'name="display_name"' in body
        assert 'name="email"' not in body  # the address changes on the email page, not here
        response = alice_client.post("/accounts/profile/", {"display_name": "  Alice L. "}, follow=True)
        assert response.redirect_chain[-1][0] == "/accounts/profile/"
        assert "Saved." in response.content.decode()
        alice.refresh_from_db()
        assert alice.display_name == "Alice L."

    def test_a_bad_name_is_shown_next_to_the_field_and_nothing_is_saved(self, alice_client, alice):
        response = alice_client.post("/accounts/profile/", {"display_name": "x" * 61})
        assert response.status_code == 200
        assert "at most 60 characters" in response.content.decode()
        response = alice_client.post("/accounts/profile/", {"display_name": "bad\x07bell"})
        assert "control characters" in response.content.decode()
        alice.refresh_from_db()
        assert alice.display_name == ""

    def test_it_needs_an_account(self, client, db):
        assert client.get("/accounts/profile/")["Location"].startswith("/accounts/login/")

    def test_the_header_and_the_account_pages_link_to_it(self, alice_client, alice):
        for url in ("/", "/accounts/email/", "/practice/settings/", "/accounts/notifications/"):
            assert 'href="/accounts/profile/"' in alice_client.get(url).content.decode(), url

    def test_the_header_shows_the_display_name_once_set(self, alice_client, alice):
        set_display_name(user=alice, display_name="Alice L.")
        header = alice_client.get("/").content.decode().split("</header>")[0]
        assert "Alice L." in header


class TestTheApi:
    def test_get_gives_the_account(self, alice):
        body = api_client_for(alice).get("/api/v1/account/").json()
        assert body == {
            "id": alice.pk,
            "email": "alice@example.com",
            "display_name": "",
            "date_joined": body["date_joined"],
        }

    def test_patch_sets_the_name_and_leaves_the_email_alone(self, alice):
        client = api_client_for(alice)
        response = client.patch(
            "/api/v1/account/", {"display_name": " Alice L. ", "email": "mallory@example.com"}, format="json"
        )
        assert response.status_code == 200
        assert (response.json()["display_name"], response.json()["email"]) == ("Alice L.", "alice@example.com")
        alice.refresh_from_db()
        assert (alice.display_name, alice.email) == ("Alice L.", "alice@example.com")
        assert client.patch("/api/v1/account/", {"display_name": ""}, format="json").json()["display_name"] == ""

    @pytest.mark.parametrize(
        ("name", "message"), [("x" * 61, "at most 60 characters"), ("a\x1bb", "control characters"), (None, "null")]
    )
    def test_a_bad_name_is_a_400_on_the_field(self, alice, name, message):
        response = api_client_for(alice).patch("/api/v1/account/", {"display_name": name}, format="json")
        assert response.status_code == 400
        assert list(response.json()) == ["display_name"]
        assert message in response.json()["display_name"][0]

    def test_it_needs_credentials(self, api, db):
        assert api.get("/api/v1/account/").status_code == 401
        assert api.patch("/api/v1/account/", {"display_name": "x"}, format="json").status_code == 401


class TestTeammatesSeeIt:
    def test_a_member_sees_the_name_on_the_team_page_in_the_api_and_the_coach_on_the_dashboard(self, alice, bob):
        team = create_team(user=alice, name="Readers", now=timezone.now())
        Membership.objects.create(team=team, user=bob, role="member")
        assert "alice" in client_for(bob).get(team.get_absolute_url()).content.decode()  # the fallback, as before
        set_display_name(user=alice, display_name="Professor A.")
        set_display_name(user=bob, display_name="Bob the Builder")
        page = client_for(bob).get(team.get_absolute_url()).content.decode()
        assert "Professor A." in page and "alice@example.com" not in page
        names = {row["name"] for row in api_client_for(bob).get(f"/api/v1/teams/{team.slug}/members/").json()}
        assert names == {"Professor A.", "Bob the Builder"}
        dashboard = client_for(alice).get(f"/teams/{team.slug}/dashboard/").content.decode()
        assert "Bob the Builder" in dashboard
