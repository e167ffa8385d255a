"""Neither the sign-up page nor the API tells whether an address has an account, as the
password reset page does not: the answer is the same either way, and only the mailbox learns
which (a confirmation link for a new address, an "you already have an account" note for a
registered one)."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from rest_framework.test import APIClient

from accounts.models import User
from tests.factories import PASSWORD


def sign_up(email: str):
    client = Client()
    response = client.post("/accounts/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD})
    page = client.get(response["Location"]) if response.status_code == 302 else response
    # The page may repeat the address that was typed; anything else must be the same.
    body = re.sub(re.escape(email), "EMAIL", page.content.decode(), flags=re.IGNORECASE)
    return response, re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)


@pytest.mark.parametrize("registered", ["alice@example.com", "ALICE@example.com"])
def test_signing_up_with_a_registered_address_answers_as_a_new_one_does(alice, registered):
    taken, taken_page = sign_up(registered)
    new, new_page = sign_up("dana@example.com")
    assert (
        (taken.status_code, taken.get("Location"))
        == (new.status_code, new.get("Location"))
        == (
            302,
            "/accounts/confirm-email/",
        )
    )
    assert taken_page == new_page
    assert "already" not in taken_page
    assert User.objects.filter(email__iexact="alice@example.com").count() == 1


def test_only_the_mailbox_learns_whether_the_address_was_registered(alice):
    sign_up(alice.email)
    sign_up("dana@example.com")
    to_alice, to_dana = mail.outbox
    assert to_alice.to == [alice.email] and "already" in to_alice.body.lower()
    assert to_dana.to == ["dana@example.com"] and "/accounts/confirm-email/" in to_dana.body


def test_a_new_account_is_signed_in_once_its_address_is_confirmed(db):
    client = Client()
    client.post("/accounts/signup/", {"email": "dana@example.com", "password1": PASSWORD, "password2": PASSWORD})
    assert client.get("/practice/attempts/").status_code == 302
    link = re.search(r"http://testserver(/accounts/confirm-email/\S+)", mail.outbox[0].body).group(1)
    client.post(link)
    assert client.get("/practice/attempts/").status_code == 200


def test_the_token_endpoint_answers_an_unknown_address_as_a_wrong_password(alice):
    token = "/api/v1/auth/token/"
    unknown = APIClient().post(token, {"email": "nobody@example.com", "password": PASSWORD}, format="json")
    wrong = APIClient().post(token, {"email": alice.email, "password": "wrong"}, format="json")
    assert (unknown.status_code, unknown.json()) == (wrong.status_code, wrong.json())


def test_the_password_reset_page_answers_an_unknown_address_as_a_registered_one(alice):
    unknown = Client().post("/accounts/password/reset/", {"email": "nobody@example.com"})
    known = Client().post("/accounts/password/reset/", {"email": alice.email})
    assert (unknown.status_code, unknown.get("Location")) == (known.status_code, known.get("Location"))
