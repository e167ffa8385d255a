"""Django's database sessions, read with one statement of plain SQL.

Every signed-in request reads its session first. The ORM takes longer to build that query than
the database takes to answer it, so the read is written out here; everything else (saving,
creating, expiry, `clearsessions`) is Django's own `db` backend. With REDIS_URL set, sessions
are read from Redis instead (`cached_db`, interviewprep/settings.py) and this is not used.
"""

from __future__ import annotations

from django.contrib.sessions.backends import db
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import connections, router
from django.utils import timezone


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> AbstractBaseSession | None:
        key = self.session_key  # None when the cookie's value is no valid key
        if key is not None:
            alias = router.db_for_read(self.model)
            connection = connections[alias]
            expiry = self.model._meta.get_field("expire_date")
            now = expiry.get_db_prep_value(timezone.now(), connection)
            table = connection.ops.quote_name(self.model._meta.db_table)
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT session_data FROM {table} WHERE session_key = %s AND expire_date > %s",  # noqa: S608
                    [key, now],
                )
                row = cursor.fetchone()
            if row is not None:
                return self.model(session_key=key, session_data=row[0])
        self._session_key = None
        return None
