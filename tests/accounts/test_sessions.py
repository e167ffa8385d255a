"""The database sessions (accounts/sessions.py, accounts.Session) behave as Django's own, and know
their user."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore
from django.test import Client
from django.utils import timezone

from accounts.cached_sessions import SessionStore as CachedSessionStore
from accounts.models import Session
from accounts.sessions import SessionStore
from tests.conftest import client_for
from tests.factories import UserFactory

PROFILE = "/accounts/profile/"


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


def test_a_session_knows_its_user_from_signing_in_to_signing_out(db):
    user = UserFactory()
    client = Client()
    client.force_login(user)
    key = client.session.session_key
    assert Session.objects.get(session_key=key).user == user
    client.post("/accounts/logout/")
    assert not Session.objects.filter(session_key=key).exists()
    anonymous = SessionStore()
    anonymous["draft"] = "kept across signing in"
    anonymous.create()
    assert Session.objects.get(session_key=anonymous.session_key).user is None


def test_a_deleted_account_takes_its_sessions_with_it(db):
    user, other = UserFactory(), UserFactory()
    client_for(user), client_for(user), client_for(other)
    user.delete()
    assert list(Session.objects.values_list("user", flat=True)) == [other.pk]


def test_a_session_saved_with_no_user_row_left_is_read_as_signed_out(db):
    """No database constraint on the user: a session written as its user is deleted is kept, and
    reads as nobody's."""
    client = client_for(UserFactory())
    store = SessionStore(client.session.session_key)
    store[SESSION_KEY] = "987654"
    store.save()
    assert Session.objects.get(session_key=store.session_key).user_id == 987654
    response = client.get(PROFILE)
    assert response.status_code == 302


def test_the_cached_engine_keeps_its_sessions_in_the_same_table(db):
    """The engine with REDIS_URL (accounts/cached_sessions.py), here on the tests' own cache."""
    store = CachedSessionStore()
    user = UserFactory()
    store[SESSION_KEY] = str(user.pk)
    store.create()
    assert Session.objects.get(session_key=store.session_key).user == user
    assert CachedSessionStore(store.session_key)[SESSION_KEY] == str(user.pk)


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_django_sessions_and_nobody_is_signed_out():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    user = UserFactory()
    executor = MigrationExecutor(connection)
    executor.migrate([("accounts", "0007_page_version")])
    try:
        # Sessions as Django's own database backend wrote them before accounts.Session.
        signed_in, anonymous, expired = DjangoSessionStore(), DjangoSessionStore(), DjangoSessionStore()
        signed_in[SESSION_KEY] = str(user.pk)
        anonymous["draft"] = "an answer"
        expired.set_expiry(-10)
        for store in (signed_in, anonymous, expired):
            store.create()
        executor = MigrationExecutor(connection)
        executor.migrate([("accounts", "0008_session")])
        moved = dict(Session.objects.values_list("session_key", "user"))
        assert moved == {signed_in.session_key: user.pk, anonymous.session_key: None}
        assert SessionStore(signed_in.session_key)[SESSION_KEY] == str(user.pk)
        assert SessionStore(anonymous.session_key)["draft"] == "an answer"
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM django_session")
            assert cursor.fetchone()[0] == 0
    finally:
        # Back to the latest schema: the tests after this one share the database.
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
