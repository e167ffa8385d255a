"""One wording ("Log in") and field errors under their own field, on our forms and allauth's."""

from __future__ import annotations

import pytest

from tests.conftest import client_for


def position(body: str, needle: str) -> int:
    assert needle in body, needle
    return body.index(needle)


def test_a_settings_error_sits_under_its_own_field(alice):
    body = (
        client_for(alice).post("/practice/settings/", {"desired_retention": "5", "new_per_day": "10"}).content.decode()
    )
    field = position(body, 'id="id_desired_retention"')
    error = position(body, 'id="id_desired_retention_errors"')
    assert field < error < position(body, 'id="id_new_per_day"')


@pytest.mark.django_db
def test_the_login_page_says_log_in_and_puts_errors_under_the_field(client):
    body = client.get("/accounts/login/").content.decode()
    assert "<title>Log in" in body and ">Log in</button>" in body.replace("\n", "").replace("  ", "")
    assert "Sign In" not in body and "Sign in" not in body
    body = client.post("/accounts/signup/", {"email": "not-an-address", "password1": "x", "password2": "y"}).content
    body = body.decode()
    assert position(body, 'id="id_email"') < position(body, 'id="id_email_errors"')
