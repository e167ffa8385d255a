"""The database sessions read in plain SQL (accounts/sessions.py) behave as Django's own."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from accounts.sessions import SessionStore
from tests.conftest import client_for
from tests.factories import UserFactory


def test_it_is_the_session_engine_without_redis(settings):
    assert settings.SESSION_ENGINE == "accounts.sessions"


def test_a_saved_session_reads_back(db):
    store = SessionStore()
    store["draft"] = {"bayes-rule": "Prior times likelihood"}
    store.create()
    again = SessionStore(store.session_key)
    assert again["draft"] == {"bayes-rule": "Prior times likelihood"}
    assert again.session_key == store.session_key


def test_an_expired_or_unknown_or_malformed_key_reads_as_an_empty_new_session(db):
    store = SessionStore()
    store["x"] = 1
    store.create()
    Session.objects.filter(session_key=store.session_key).update(expire_date=timezone.now() - timedelta(seconds=1))
    for key in (store.session_key, "k" * 32, "short", "'; DROP TABLE django_session; --" + "x" * 20):
        read = SessionStore(key)
        assert read.load() == {} and read.session_key is None
    assert Session.objects.exists()  # nothing was dropped


def test_signing_in_and_out_through_the_pages(db):
    user = UserFactory()
    client = client_for(user)
    assert client.get("/accounts/profile/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/accounts/profile/").status_code == 302
    assert Client().get("/accounts/profile/").status_code == 302
