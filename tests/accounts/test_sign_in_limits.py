"""Password guessing is limited the same way on every door: the token endpoint, the login page
and the admin's login, per address and per account, and the address is the one the trusted
proxies saw, never what the client wrote into X-Forwarded-For."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.test import Client
from rest_framework.test import APIClient

from tests.factories import PASSWORD, UserFactory

TOKEN = "/api/v1/auth/token/"


def ask_for_token(client: APIClient, email: str, password: str, **headers: str):
    return client.post(TOKEN, {"email": email, "password": password}, format="json", **headers)


def behind_proxies(settings, count: int) -> None:
    settings.REST_FRAMEWORK = {**django_settings.REST_FRAMEWORK, "NUM_PROXIES": count}
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = count


class TestTheTokenEndpoint:
    def test_rotating_x_forwarded_for_does_not_buy_more_guesses(self, api, alice):
        codes = [
            ask_for_token(api, alice.email, f"guess {n}", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code
            for n in range(30)
        ]
        assert 429 in codes
        right = ask_for_token(api, alice.email, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.200")
        assert right.status_code == 429
        assert "token" not in right.json()

    def test_guesses_at_one_account_from_many_addresses_are_limited_per_account(self, alice):
        codes = [
            ask_for_token(APIClient(REMOTE_ADDR=f"198.51.100.{n}"), alice.email, f"guess {n}").status_code
            for n in range(6)
        ]
        assert codes == [400] * 5 + [429]
        right = ask_for_token(APIClient(REMOTE_ADDR="198.51.100.99"), alice.email, PASSWORD)
        assert right.status_code == 429
        assert set(right.json()) == {"detail"}

    def test_a_request_without_a_client_address_signs_in_and_is_limited_in_one_shared_bucket(self, alice, bob):
        # A server on a Unix socket with no proxy header has no REMOTE_ADDR: allauth would answer
        # every such sign-in with a 403; here they share one address, so the limits still hold.
        nowhere = APIClient(REMOTE_ADDR="")
        assert ask_for_token(nowhere, bob.email, PASSWORD).status_code == 200
        codes = [ask_for_token(nowhere, alice.email, f"guess {n}").status_code for n in range(6)]
        assert codes == [400] * 5 + [429]

    def test_the_account_limit_does_not_lock_out_other_accounts(self, alice, bob):
        for n in range(6):
            ask_for_token(APIClient(REMOTE_ADDR=f"198.51.100.{n}"), alice.email, f"guess {n}")
        assert ask_for_token(APIClient(REMOTE_ADDR="198.51.100.50"), bob.email, PASSWORD).status_code == 200

    def test_a_different_port_in_the_host_header_does_not_reset_the_account_limit(self, alice):
        for n in range(5):
            ask_for_token(
                APIClient(REMOTE_ADDR=f"198.51.100.{n}"), alice.email, f"guess {n}", HTTP_HOST=f"localhost:{8000 + n}"
            )
        right = ask_for_token(APIClient(REMOTE_ADDR="198.51.100.9"), alice.email, PASSWORD, HTTP_HOST="localhost:9999")
        assert right.status_code == 429

    def test_a_right_password_does_not_use_up_the_account_limit(self, api, alice):
        codes = [ask_for_token(api, alice.email, PASSWORD).status_code for _ in range(8)]
        assert codes == [200] * 8

    def test_guesses_on_the_login_page_count_against_the_token_endpoint(self, alice):
        for n in range(5):
            Client(REMOTE_ADDR=f"198.51.100.{n}").post("/accounts/login/", {"login": alice.email, "password": "x"})
        assert ask_for_token(APIClient(REMOTE_ADDR="198.51.100.77"), alice.email, PASSWORD).status_code == 429

    def test_behind_one_trusted_proxy_the_address_the_proxy_saw_is_counted(self, settings, db):
        behind_proxies(settings, 1)
        # Each guess at a different account, so only the per-address limits can stop them.
        users = [UserFactory() for _ in range(30)]
        codes = [
            ask_for_token(
                APIClient(REMOTE_ADDR="10.0.0.2"), user.email, "guess", HTTP_X_FORWARDED_FOR=f"1.2.3.{n}, 203.0.113.5"
            ).status_code
            for n, user in enumerate(users)
        ]
        assert 429 in codes
        # Another client behind the same proxy is not punished for the first one's guesses.
        other = ask_for_token(
            APIClient(REMOTE_ADDR="10.0.0.2"), users[0].email, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.6"
        )
        assert other.status_code == 200


class TestTheAdminLogin:
    def test_after_the_limit_the_right_password_no_longer_signs_in_to_the_admin(self, staff):
        for n in range(5):
            Client(REMOTE_ADDR=f"198.51.100.{n}").post(
                "/admin/login/", {"username": staff.email, "password": f"guess {n}", "next": "/admin/"}
            )
        admin = Client(REMOTE_ADDR="198.51.100.60")
        response = admin.post("/admin/login/", {"username": staff.email, "password": PASSWORD, "next": "/admin/"})
        assert response.status_code == 200
        assert "Too many failed login attempts" in response.content.decode()
        assert admin.get("/admin/").status_code == 302
        site = Client(REMOTE_ADDR="198.51.100.61")
        response = site.post("/accounts/login/", {"login": staff.email, "password": PASSWORD})
        assert response.status_code == 200
        assert site.get("/admin/").status_code == 302

    def test_guesses_on_the_login_page_count_against_the_admin_login(self, staff):
        for n in range(5):
            Client(REMOTE_ADDR=f"198.51.100.{n}").post("/accounts/login/", {"login": staff.email, "password": "x"})
        admin = Client(REMOTE_ADDR="198.51.100.60")
        admin.post("/admin/login/", {"username": staff.email, "password": PASSWORD, "next": "/admin/"})
        assert admin.get("/admin/").status_code == 302

    def test_rotating_x_forwarded_for_does_not_buy_more_guesses_at_the_admin(self, staff):
        client = Client()
        for n in range(12):
            client.post(
                "/admin/login/",
                {"username": f"someone{n}@example.com", "password": "guess"},
                HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
            )
        response = client.post("/admin/login/", {"username": staff.email, "password": PASSWORD})
        assert "Too many failed login attempts" in response.content.decode()

    def test_the_right_password_still_signs_a_curator_in(self, staff):
        admin = Client()
        response = admin.post("/admin/login/", {"username": staff.email, "password": PASSWORD, "next": "/admin/"})
        assert response.status_code == 302
        assert admin.get("/admin/").status_code == 200

    def test_a_user_who_is_not_staff_is_refused_by_the_admin(self, alice):
        admin = Client()
        response = admin.post("/admin/login/", {"username": alice.email, "password": PASSWORD, "next": "/admin/"})
        assert response.status_code == 200
        assert admin.get("/admin/").status_code == 302


def proxy_settings(**environ: str) -> subprocess.CompletedProcess[str]:
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.REST_FRAMEWORK['NUM_PROXIES'], settings.ALLAUTH_TRUSTED_PROXY_COUNT)"
    )
    env = {"DJANGO_SETTINGS_MODULE": "interviewprep.settings", "PATH": os.environ["PATH"], **environ}
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)


def test_trusted_proxies_sets_every_client_address_lookup_and_defaults_to_none():
    assert proxy_settings().stdout.split() == ["0", "0"]
    assert proxy_settings(TRUSTED_PROXIES="1").stdout.split() == ["1", "1"]


@pytest.mark.parametrize("value", ["-1", "one"])
def test_trusted_proxies_refuses_a_value_that_is_not_a_count(value):
    out = proxy_settings(TRUSTED_PROXIES=value)
    assert out.returncode != 0
    assert "TRUSTED_PROXIES" in out.stderr


@pytest.mark.parametrize(
    ("variable", "value"),
    [("API_TOKEN_DAYS", "0"), ("API_TOKEN_DAYS", "soon"), ("ACCOUNT_EMAIL_VERIFICATION", "maybe")],
)
def test_other_account_settings_refuse_a_bad_value(variable, value):
    out = proxy_settings(**{variable: value})
    assert out.returncode != 0
    assert variable in out.stderr
