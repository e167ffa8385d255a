"""Django's database sessions, kept in accounts.Session with the user signed in on each.

Everything (reading, saving, creating, expiry, `clearsessions`) is Django's own `db` backend;
what is added is the `user` column, written from the session's data whenever it is saved, and
`preload` for a session read by a query that brought more along (practice/signed_in.py reads
the session, its user and the header in one). With REDIS_URL set, sessions are read from Redis
first (accounts/cached_sessions.py).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends import db
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.exceptions import ValidationError

from accounts.models import Session, User


def user_id_of(data: dict[str, Any]) -> int | None:
    """The signed-in user's id in a session's data, or None."""
    try:
        return User._meta.pk.to_python(data.get(SESSION_KEY))
    except ValidationError:
        return None


class SessionStore(db.SessionStore):
    """The `db` backend on accounts.Session."""

    @classmethod
    def get_model_class(cls) -> type[Session]:
        return Session

    def create_model_instance(self, data: dict[str, Any]) -> AbstractBaseSession:
        session = super().create_model_instance(data)
        session.user_id = user_id_of(data)  # type: ignore[attr-defined]
        return session

    @property
    def loaded(self) -> bool:
        return hasattr(self, "_session_cache")

    def preload(self, session_data: str | None) -> None:
        """Take the stored `session_data` of this session's key, read by the caller's own query
        (None: no such session, or expired), as `load` would have read it."""
        self.accessed = True  # as reading it does: the response then varies on the cookie
        if session_data is None:
            self._session_key = None
            self._session_cache = {}
        else:
            self._session_cache = self.decode(session_data)
