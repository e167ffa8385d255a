"""API tokens (knox): they expire, only their hash is kept, their owner lists and revokes them,
and every one of them ends when the password changes, whichever way it is changed."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from rest_framework.test import APIClient

from accounts.models import ApiToken, User
from tests.conftest import client_for
from tests.factories import PASSWORD

TOKEN = "/api/v1/auth/token/"
TOKENS = "/api/v1/auth/tokens/"
ME = "/api/v1/settings/"  # any endpoint that needs an account
NEW_PASSWORD = "another long passphrase 42"


def new_token(email: str, password: str = PASSWORD) -> str:
    response = APIClient().post(TOKEN, {"email": email, "password": password}, format="json")
    assert response.status_code == 200, response.content
    return response.json()["token"]


def with_token(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def opens_the_api(token: str) -> bool:
    status = with_token(token).get(ME).status_code
    assert status in {200, 401}
    return status == 200


class TestIssuing:
    def test_a_token_expires_after_the_configured_days_and_says_when(self, alice, settings):
        before = timezone.now()
        response = APIClient().post(TOKEN, {"email": alice.email, "password": PASSWORD}, format="json")
        assert set(response.json()) == {"token", "expiry"}
        expiry = parse_datetime(response.json()["expiry"])
        assert before + timedelta(days=30) <= expiry <= timezone.now() + timedelta(days=30)

    def test_an_expired_token_is_a_401(self, alice):
        token = new_token(alice.email)
        assert opens_the_api(token)
        ApiToken.objects.filter(user=alice).update(expiry=timezone.now() - timedelta(seconds=1))
        assert not opens_the_api(token)

    def test_only_a_hash_of_the_token_is_stored(self, alice):
        token = new_token(alice.email)
        row = ApiToken.objects.values().get(user=alice)
        assert not any(token in str(value) for value in row.values())

    def test_asking_twice_gives_two_tokens_that_both_work(self, alice):
        first, second = new_token(alice.email), new_token(alice.email)
        assert first != second
        assert opens_the_api(first) and opens_the_api(second)

    def test_a_stale_token_in_the_header_does_not_stop_you_asking_for_a_new_one(self, alice):
        response = with_token("not-a-real-token").post(
            TOKEN, {"email": alice.email, "password": PASSWORD}, format="json"
        )
        assert response.status_code == 200

    def test_asking_clears_out_your_dead_tokens(self, alice):
        old = new_token(alice.email)
        ApiToken.objects.filter(user=alice).update(expiry=timezone.now() - timedelta(days=1))
        new_token(alice.email)
        assert ApiToken.objects.filter(user=alice).count() == 1
        assert not opens_the_api(old)


class TestListing:
    def test_you_see_your_tokens_without_their_secret(self, alice, bob):
        mine = new_token(alice.email)
        new_token(alice.email)
        new_token(bob.email)
        with_token(mine).get(ME)
        body = with_token(mine).get(TOKENS).json()
        assert len(body) == 2
        assert all(set(row) == {"id", "prefix", "created", "expiry", "last_used", "current"} for row in body)
        current = next(row for row in body if row["current"])
        assert mine.startswith(current["prefix"]) and len(current["prefix"]) < len(mine)
        assert current["last_used"] is not None
        assert mine not in str(body)
        assert [row["current"] for row in body].count(True) == 1

    def test_a_session_sees_the_same_list_with_none_current(self, alice):
        new_token(alice.email)
        body = client_for(alice).get(TOKENS).json()
        assert [row["current"] for row in body] == [False]

    def test_tokens_ended_by_a_password_change_are_not_listed(self, alice):
        new_token(alice.email)
        alice.set_password(NEW_PASSWORD)
        alice.save()
        assert client_for(alice).get(TOKENS).json() == []

    def test_without_credentials_it_is_a_401(self, api, db):
        assert api.get(TOKENS).status_code == 401

    @pytest.mark.parametrize("count", [1, 5])
    def test_the_list_takes_the_same_queries_however_many_tokens(self, alice, count, django_assert_num_queries):
        tokens = [new_token(alice.email) for _ in range(count)]
        client = with_token(tokens[0])
        client.get(ME)  # the use is recorded once; the list below does not write
        # The token and its user, the owner's other tokens (knox clears expired ones), the list.
        with django_assert_num_queries(3):
            assert len(client.get(TOKENS).json()) == count


class TestRevoking:
    def test_you_revoke_one_of_your_tokens_by_its_id(self, alice):
        keep, drop = new_token(alice.email), new_token(alice.email)
        rows = with_token(keep).get(TOKENS).json()
        drop_id = next(row["id"] for row in rows if not row["current"])
        assert with_token(keep).delete(f"{TOKENS}{drop_id}/").status_code == 204
        assert not opens_the_api(drop)
        assert opens_the_api(keep)

    def test_another_users_token_is_a_404_and_stays(self, alice, bob):
        bobs = new_token(bob.email)
        bobs_id = ApiToken.objects.get(user=bob).pk
        assert with_token(new_token(alice.email)).delete(f"{TOKENS}{bobs_id}/").status_code == 404
        assert opens_the_api(bobs)

    def test_revoking_without_credentials_is_a_401(self, api, alice):
        new_token(alice.email)
        assert api.delete(f"{TOKENS}{ApiToken.objects.get().pk}/").status_code == 401
        assert ApiToken.objects.count() == 1

    def test_deleting_the_token_endpoint_revokes_the_token_in_use_only(self, alice):
        used, other = new_token(alice.email), new_token(alice.email)
        assert with_token(used).delete(TOKEN).status_code == 204
        assert not opens_the_api(used)
        assert opens_the_api(other)
        assert with_token(used).delete(TOKEN).status_code == 401

    def test_deleting_the_token_endpoint_from_a_session_is_a_409(self, alice):
        new_token(alice.email)
        response = client_for(alice).delete(TOKEN)
        assert response.status_code == 409
        assert set(response.json()) == {"detail"}
        assert ApiToken.objects.count() == 1


class TestAPasswordChangeEndsEveryToken:
    @pytest.fixture
    def tokens(self, alice) -> list[str]:
        tokens = [new_token(alice.email), new_token(alice.email)]
        assert all(opens_the_api(token) for token in tokens)
        return tokens

    def ends(self, tokens: list[str], user: User, password: str = NEW_PASSWORD) -> None:
        assert not any(opens_the_api(token) for token in tokens)
        assert opens_the_api(new_token(user.email, password))

    def test_through_the_change_password_page(self, alice, tokens):
        response = client_for(alice).post(
            "/accounts/password/change/",
            {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        )
        assert response.status_code == 302
        self.ends(tokens, alice)

    def test_through_a_password_reset_link(self, alice, tokens):
        client = Client()
        client.post("/accounts/password/reset/", {"email": alice.email})
        link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", mail.outbox[0].body).group(1)
        form_page = client.get(link, follow=True)
        action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
        assert client.post(action, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}).status_code == 302
        self.ends(tokens, alice)

    def test_through_the_admin(self, alice, staff, tokens):
        response = client_for(staff).post(
            f"/admin/accounts/user/{alice.pk}/password/",
            {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        self.ends(tokens, alice)

    def test_through_set_password_anywhere(self, alice, tokens):
        alice.set_password(NEW_PASSWORD)
        alice.save()
        self.ends(tokens, alice)

    def test_saving_the_user_without_a_new_password_keeps_them(self, alice, tokens):
        alice.display_name = "Alice"
        alice.save()
        assert all(opens_the_api(token) for token in tokens)


@pytest.mark.django_db(transaction=True)
def test_the_migration_drops_drf_tokens_of_an_older_install():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django.db.migrations.recorder import MigrationRecorder

    executor = MigrationExecutor(connection)
    executor.migrate([("accounts", "0003_apitoken")])
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, user_id bigint NOT NULL)")
        cursor.execute("INSERT INTO authtoken_token VALUES ('0123456789abcdef0123456789abcdef01234567', 1)")
    MigrationRecorder(connection).record_applied("authtoken", "0004_alter_tokenproxy_options")

    executor = MigrationExecutor(connection)
    try:
        executor.migrate([("accounts", "0004_drop_drf_authtoken")])
        assert "authtoken_token" not in connection.introspection.table_names()
        assert not MigrationRecorder(connection).migration_qs.filter(app="authtoken").exists()
    finally:
        # Back to the latest schema: the tests after this one share the database.
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


def test_the_schema_documents_the_token_endpoints_and_their_errors(api, db):
    paths = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()["paths"]
    assert {"200", "400", "429"} <= set(paths["/api/v1/auth/token/"]["post"]["responses"])
    assert {"204", "401", "409"} <= set(paths["/api/v1/auth/token/"]["delete"]["responses"])
    assert {"200", "401"} <= set(paths["/api/v1/auth/tokens/"]["get"]["responses"])
    assert {"204", "401", "404"} <= set(paths["/api/v1/auth/tokens/{id}/"]["delete"]["responses"])


def test_staff_see_tokens_in_the_admin_and_can_revoke_one(staff, alice):
    token = new_token(alice.email)
    client = client_for(staff)
    listing = client.get("/admin/accounts/apitoken/").content.decode()
    assert token[:15] in listing and token not in listing
    row = ApiToken.objects.get(user=alice)
    assert client.get("/admin/accounts/apitoken/add/").status_code == 403
    response = client.post(f"/admin/accounts/apitoken/{row.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not opens_the_api(token)
