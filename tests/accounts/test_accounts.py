from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from django.core import mail

from accounts.models import User
from tests.factories import PASSWORD, UserFactory

NEW_PASSWORD = "another long passphrase 42"


def test_signing_up_sends_a_link_that_confirms_the_address_and_signs_you_in(client, db):
    response = client.post(
        "/accounts/signup/", {"email": "dana@example.com", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302
    user = User.objects.get(email="dana@example.com")
    assert user.check_password(PASSWORD)
    assert client.get("/practice/attempts/").status_code == 302
    link = re.search(r"http://testserver(/accounts/confirm-email/\S+)", mail.outbox[0].body).group(1)
    client.post(link)
    assert client.get("/practice/attempts/").status_code == 200


def test_an_account_that_never_confirmed_its_address_is_sent_a_link_instead_of_signed_in(client, db):
    UserFactory(email="erin@example.com", verified=False)
    response = client.post("/accounts/login/", {"login": "erin@example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/practice/attempts/").status_code == 302
    assert mail.outbox[0].to == ["erin@example.com"]


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"email": "x@example.com", "password1": PASSWORD, "password2": "different one"}, "same password"),
        ({"email": "x@example.com", "password1": "123", "password2": "123"}, "too short"),
        ({"email": "not-an-email", "password1": PASSWORD, "password2": PASSWORD}, "valid email"),
    ],
)
def test_signing_up_with_bad_input_shows_why_and_creates_nothing(client, alice, data, error):
    response = client.post("/accounts/signup/", data)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert User.objects.count() == 1


def test_logging_in_and_out(client, alice):
    response = client.post("/accounts/login/", {"login": "alice@example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/practice/attempts/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/practice/attempts/").status_code == 302


def test_a_wrong_password_is_refused_with_a_message(client, alice):
    response = client.post("/accounts/login/", {"login": "alice@example.com", "password": "nope"})
    assert response.status_code == 200
    assert "not correct" in response.content.decode()


def test_password_reset_sends_a_link_that_sets_a_new_password(client, alice):
    client.post("/accounts/password/reset/", {"email": "alice@example.com"})
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    response = client.post(action, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)


def test_changing_the_password_needs_the_old_one(alice_client, alice):
    response = alice_client.post(
        "/accounts/password/change/", {"oldpassword": "wrong", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 200
    response = alice_client.post(
        "/accounts/password/change/", {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)


@pytest.mark.parametrize("url", ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"])
def test_account_pages_use_the_site_layout(client, db, url):
    body = client.get(url).content.decode()
    assert 'class="site-header"' in body
    assert "account-form" in body


def test_account_pages_for_signed_in_users_use_the_site_layout(alice_client):
    body = alice_client.get("/accounts/password/change/").content.decode()
    assert 'class="site-header"' in body and "account-nav" in body


def email_settings(**environ: str) -> list[str]:
    """EMAIL_BACKEND, EMAIL_HOST and EMAIL_PORT as a fresh process reads them from `environ`."""
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT)"
    )
    env = {"DJANGO_SETTINGS_MODULE": "interviewprep.settings", "PATH": os.environ["PATH"], **environ}
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.split()


def test_the_console_email_backend_is_the_default_and_smtp_comes_from_the_environment():
    assert email_settings()[0] == "django.core.mail.backends.console.EmailBackend"
    assert email_settings(EMAIL_HOST="smtp.example.com", EMAIL_PORT="2525") == [
        "django.core.mail.backends.smtp.EmailBackend", "smtp.example.com", "2525",
    ]  # fmt: skip
