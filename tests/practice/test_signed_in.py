"""The session, the signed-in user and the header in one query (practice/signed_in.py): the same
user, the same sign-outs and the same session handling as Django's AuthenticationMiddleware."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone

from accounts.models import Notification, Session, User
from practice.context_processors import session_with_user, user_with_header
from practice.signed_in import get_user
from questions.access import CURATOR_GROUP
from tests.conftest import client_for
from tests.factories import QuestionFactory, UserFactory
from tests.practice.test_marks_and_sorts import state

PROFILE = "/accounts/profile/"


def signed_in_as(client: Client) -> User | None:
    response = client.get(PROFILE)
    user = response.wsgi_request.user
    return user if user.is_authenticated else None  # type: ignore[return-value]


def test_the_user_reads_back_as_the_orm_reads_it(db):
    made = UserFactory(display_name="Ada", timezone="Europe/London", day_starts_at=5)
    made.last_login = timezone.now() - timedelta(days=2)
    made.save()
    found = user_with_header(made.pk)
    assert found is not None
    user, figures = found
    orm = User.objects.get(pk=made.pk)
    for field in User._meta.concrete_fields:
        assert getattr(user, field.attname) == getattr(orm, field.attname), field.name
        assert type(getattr(user, field.attname)) is type(getattr(orm, field.attname)), field.name
    assert user._state.adding is False and user._state.db == "default"
    assert figures == {"due": 0, "unread": 0, "curator": False, "bank_version": figures["bank_version"]}


def test_the_header_figures_come_with_the_user(db):
    user = UserFactory()
    state(user, QuestionFactory(), due_in_days=-1, stability=2.0)
    state(user, QuestionFactory(), due_in_days=3, stability=2.0)
    Notification.objects.create(user=user, text="You were mentioned")
    Group.objects.get_or_create(name=CURATOR_GROUP)[0].user_set.add(user)
    found = user_with_header(user.pk)
    assert found is not None
    assert {key: found[1][key] for key in ("due", "unread", "curator")} == {"due": 1, "unread": 1, "curator": True}
    assert user_with_header(user.pk + 1000) is None


def test_a_signed_in_page_reads_its_session_user_and_header_in_one_query(db, django_assert_num_queries):
    client = client_for(UserFactory())
    client.get("/practice/projects/")
    # the session with the user and the header; the projects
    with django_assert_num_queries(2):
        assert client.get("/practice/projects/").status_code == 200


def test_a_password_changed_elsewhere_signs_this_session_out(db):
    user = UserFactory()
    client = client_for(user)
    assert signed_in_as(client) == user
    user.set_password("a new one, chosen on another device")
    user.save()
    assert signed_in_as(client) is None
    assert SESSION_KEY not in client.session  # flushed, as Django does


def test_a_deactivated_or_deleted_user_is_signed_out(db):
    kept, gone = UserFactory(), UserFactory()
    kept_client, gone_client = client_for(kept), client_for(gone)
    User.objects.filter(pk=kept.pk).update(is_active=False)
    gone.delete()
    assert signed_in_as(kept_client) is None
    assert signed_in_as(gone_client) is None


@pytest.mark.parametrize("value", ["not a number", "", "987654"])
def test_a_malformed_or_unknown_user_id_in_the_session_reads_as_anonymous(db, value):
    client = client_for(UserFactory())
    session = client.session
    session[SESSION_KEY] = value
    session.save()
    assert signed_in_as(client) is None


def test_a_session_naming_a_backend_no_longer_configured_reads_as_anonymous(db):
    client = client_for(UserFactory())
    session = client.session
    session[BACKEND_SESSION_KEY] = "somewhere.else.Backend"
    session.save()
    assert signed_in_as(client) is None


def test_a_session_signed_with_a_fallback_key_stays_signed_in_under_a_new_key(db, settings):
    user = UserFactory()
    with override_settings(SECRET_KEY="the-old-key-" + "o" * 40):
        client = client_for(user)
    before = client.cookies[settings.SESSION_COOKIE_NAME].value
    settings.SECRET_KEY_FALLBACKS = ["the-old-key-" + "o" * 40]
    assert signed_in_as(client) == user
    assert client.cookies[settings.SESSION_COOKIE_NAME].value != before  # cycled, as Django does
    assert signed_in_as(client) == user


@pytest.mark.parametrize(("method", "kept"), [("get", True), ("head", True), ("post", False), ("delete", False)])
def test_the_figures_are_kept_for_reads_only(db, rf, method, kept):
    """A write may change what the header shows (a grade, a message read): for those the header
    is asked again when the page is drawn, after the write."""
    user = UserFactory()
    client = client_for(user)
    request = getattr(rf, method)("/")
    request.session = client.session
    assert get_user(request) == user
    assert hasattr(request, "_header_figures") is kept


def test_a_visitors_session_read_with_the_query_keeps_its_data_and_varies_on_the_cookie(db):
    client = Client()
    session = client.session
    session["draft"] = "kept across signing in"
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    response = client.get(PROFILE)
    assert response.status_code == 302 and not response.wsgi_request.user.is_authenticated
    assert response.wsgi_request.session["draft"] == "kept across signing in"
    assert "Cookie" in response.headers["Vary"]


def test_an_expired_session_is_signed_out_and_forgotten(db):
    client = client_for(UserFactory())
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(PROFILE)
    assert response.status_code == 302
    assert response.wsgi_request.session.session_key != Session.objects.get().session_key


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")
def test_on_postgresql_the_query_is_prepared_once_per_connection(db):
    user = UserFactory()
    client = client_for(user)
    key = client.session.session_key
    for _ in range(7):
        found = session_with_user(key)
        assert found is not None and found[1] is not None and found[1][0] == user
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ['SELECT "accounts_session"."session_data"%'],
        )
        assert cursor.fetchone()[0] == 1
