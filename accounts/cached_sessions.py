"""Sessions read from the cache (Redis) first and kept in accounts.Session too: Django's
`cached_db` backend on the model of accounts/sessions.py. The engine when REDIS_URL is set."""

from __future__ import annotations

from django.contrib.sessions.backends import cached_db

from accounts import sessions


class SessionStore(sessions.SessionStore, cached_db.SessionStore):
    # Not Django's prefix: sessions cached before accounts.Session held them are not read again.
    cache_key_prefix = "accounts.cached_sessions"
