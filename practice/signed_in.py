"""The signed-in user, their session and their header, read in one query.

Every signed-in page reads the session, then the person (Django's AuthenticationMiddleware asks
for them by primary key through the ORM), then the header's figures: due reviews, unread
messages, curator rights, and the bank's version for the page cache
(practice/context_processors.py). That was three round trips to the database, one of them an
ORM query built afresh each time; on a page served from the cache (interviewprep/page_cache.py)
they were most of its cost. Here the session's row (accounts.Session knows its user) is joined
to the user and the header in one statement compiled once per database. With sessions in Redis
(accounts/cached_sessions.py) the session comes from there and the rest in one query.

Only the plain case is taken this way: a session that names a backend using ModelBackend's own
`get_user`, whose user exists, may sign in and carries the hash of their current password.
Anything else (no such user, a password changed elsewhere, a hash made with a SECRET_KEY_FALLBACKS
key, a backend of another kind) goes through `django.contrib.auth.get_user`, which signs out,
cycles the session key or loads the user its own way, exactly as without this module.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject
from django.utils.module_loading import import_string

from accounts.models import User
from accounts.sessions import SessionStore
from practice.context_processors import session_with_user, user_with_header


@cache
def _plain_backend(path: str) -> ModelBackend | None:
    """The backend at `path` when it loads users as ModelBackend does, else None."""
    if path not in settings.AUTHENTICATION_BACKENDS:
        return None
    backend = import_string(path)()
    if not isinstance(backend, ModelBackend) or type(backend).get_user is not ModelBackend.get_user:
        return None
    return backend


def _read_with_session(request: HttpRequest) -> tuple[User, dict[str, Any]] | None:
    """With the database's sessions not yet read, read this request's session, its user and the
    header in one query; the user and figures, or None."""
    session = request.session
    if type(session) is not SessionStore or session.loaded or session.session_key is None:
        return None
    found = session_with_user(session.session_key)
    session.preload(found[0] if found else None)
    return found[1] if found else None


def get_user(request: HttpRequest) -> AbstractBaseUser | AnonymousUser:
    """The signed-in user of `request`, with the header's figures kept on the request for
    practice.context_processors.header_figures_of (GET and HEAD only: a write may change them)."""
    read = _read_with_session(request)
    session = request.session
    try:
        user_id = User._meta.pk.to_python(session[SESSION_KEY])
        backend = _plain_backend(session[BACKEND_SESSION_KEY])
    except (KeyError, ValidationError):  # signed out, or a user id Django never wrote (it signs sessions)
        return AnonymousUser()
    session_hash = session.get(HASH_SESSION_KEY)
    if backend is not None and session_hash:
        if read is None or read[0].pk != user_id:
            read = user_with_header(user_id)
        if read is not None:
            user, figures = read
            if backend.user_can_authenticate(user) and constant_time_compare(
                session_hash, user.get_session_auth_hash()
            ):
                if request.method in ("GET", "HEAD"):
                    request._header_figures = figures  # type: ignore[attr-defined]
                return user
    return auth.get_user(request)


class SignedInMiddleware(AuthenticationMiddleware):
    """Django's AuthenticationMiddleware, with the user loaded by `get_user` above."""

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)

        def load() -> Any:
            if not hasattr(request, "_cached_user"):
                request._cached_user = get_user(request)  # type: ignore[attr-defined]
            return request._cached_user  # type: ignore[attr-defined]

        request.user = SimpleLazyObject(load)  # type: ignore[assignment]  # as Django's own does
