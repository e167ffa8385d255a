from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from typing import Any

from django.contrib.auth.models import Group
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from accounts.models import Notification, Session, User
from practice.models import ReviewState
from questions.access import CURATOR_GROUP
from questions.models import BankVersion


def _count(queryset: Any) -> Coalesce:
    """A correlated COUNT(*) subquery, 0 when nothing matches."""
    counted = queryset.order_by().values("user").annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


# The user's own columns, read in the same statement as the header so that a signed-in request
# loads its user and header in one round trip (practice/signed_in.py).
USER_COLUMNS = tuple(field.attname for field in User._meta.concrete_fields)
_PASSWORD = USER_COLUMNS.index("password")  # never null: null means no user was joined


def _signed_in_query(by: str, key: Any, now: datetime) -> Any:
    """The user and the header's figures, found by the user's id (`by` "user") or, with the
    session's data too, by the key of a live session (`by` "session")."""
    if by == "session":
        rows = Session.objects.filter(session_key=key, expire_date__gt=now).values(
            "session_data", *(f"user__{column}" for column in USER_COLUMNS)
        )
        user = OuterRef("user")
    else:
        rows = User.objects.filter(pk=key).values(*USER_COLUMNS)
        user = OuterRef("pk")
    return rows.annotate(
        due=_count(ReviewState.objects.due_for(user, now)),  # type: ignore[arg-type]
        unread=_count(Notification.objects.filter(user=user, read_at__isnull=True)),
        in_curator_group=Exists(Group.objects.filter(name=CURATOR_GROUP, user=user)),
        # Asked here too, so that a signed-in page from the cache costs one query less.
        bank_version=Subquery(BankVersion.objects.filter(pk=1).values("number")[:1]),
    )


# Stand-ins the queries are compiled with once per database; each request swaps in its own.
_SOME_KEY = {"user": -7_310_002, "session": "\x00some session key\x00"}
_SOME_TIME = datetime(1901, 2, 3, 4, 5, 6, tzinfo=UTC)


@cache
def _signed_in_sql(alias: str, by: str) -> tuple[str, tuple[Any, ...]]:
    """`_signed_in_query` as SQL and its parameters, with "key" and "now" marking where each
    request's own go. Building the query through the ORM costs some 2 ms, a hundred times what
    the database takes to answer it, and it runs for every signed-in request."""
    sql, params = _signed_in_query(by, _SOME_KEY[by], _SOME_TIME).query.sql_with_params()
    some_time = ReviewState._meta.get_field("due").get_db_prep_value(_SOME_TIME, connections[alias])
    slots = tuple("key" if p == _SOME_KEY[by] else "now" if p == some_time else p for p in params)
    if slots.count("key") != 1 or "now" not in slots:
        raise AssertionError(f"the signed-in query changed shape: {params!r}")
    return sql, slots


def _fetch(by: str, key: Any) -> tuple[Any, ...] | None:
    sql, slots = _signed_in_sql(DEFAULT_DB_ALIAS, by)
    now = ReviewState._meta.get_field("due").get_db_prep_value(timezone.now(), connection)
    params = [key if slot == "key" else now if slot == "now" else slot for slot in slots]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row: tuple[Any, ...] | None = cursor.fetchone()
        return row


@cache
def _user_converters(alias: str) -> list[tuple[int, list[Any], Any]]:
    """What the ORM would do to each of the user's columns as it reads them (SQLite's dates are
    text, its booleans integers), as SQLCompiler.apply_converters does."""
    connection = connections[alias]
    found = []
    for i, field in enumerate(User._meta.concrete_fields):
        column = field.get_col(User._meta.db_table)
        converters = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if converters:
            found.append((i, converters, column))
    return found


def _user_and_figures(row: tuple[Any, ...]) -> tuple[User, dict[str, Any]] | None:
    """The user and header figures of a row of `_signed_in_query` (without the session's data);
    None when the row has no user (a session whose user has gone)."""
    columns = len(USER_COLUMNS)
    values = list(row[:columns])
    if values[_PASSWORD] is None:
        return None
    for i, converters, column in _user_converters(DEFAULT_DB_ALIAS):
        for convert in converters:
            values[i] = convert(values[i], column, connection)
    user = User.from_db(DEFAULT_DB_ALIAS, USER_COLUMNS, values)
    due, unread, in_curator_group, bank_version = row[columns:]
    # is_curator() reads this, so views that check curator rights later do not ask again.
    user._is_curator = bool(user.is_staff or in_curator_group)  # type: ignore[attr-defined]
    figures = {"due": due, "unread": unread, "curator": user._is_curator}  # type: ignore[attr-defined]
    return user, {**figures, "bank_version": bank_version or 0}


def user_with_header(user_id: Any) -> tuple[User, dict[str, Any]] | None:
    """The user `user_id` and their header's figures (header_figures), in one query; None when
    no such user is left."""
    row = _fetch("user", user_id)
    return None if row is None else _user_and_figures(row)


def session_with_user(session_key: str) -> tuple[str, tuple[User, dict[str, Any]] | None] | None:
    """The stored data of the live session `session_key`, with its user and their header's
    figures when it has a user, in one query; None when there is no such session."""
    row = _fetch("session", session_key)
    return None if row is None else (row[0], _user_and_figures(row[1:]))


def header_figures(user: User) -> dict[str, Any]:
    """Due reviews, unread notifications and curator rights for the header, and the bank's
    version (questions/bank_version.py) for the page cache, in one query."""
    found = user_with_header(user.pk)
    if found is None:  # deleted while this request ran: what the header shows no longer matters
        return {"due": 0, "unread": 0, "curator": False, "bank_version": 0}
    user._is_curator = found[0]._is_curator  # type: ignore[attr-defined]
    return found[1]


def header_figures_of(request: HttpRequest) -> dict[str, Any]:
    """header_figures of the signed-in user of `request`, asked once per request."""
    if not hasattr(request, "_header_figures"):
        request._header_figures = header_figures(request.user)  # type: ignore[arg-type,attr-defined]
    return request._header_figures  # type: ignore[attr-defined]


def header(request: HttpRequest) -> dict[str, Any]:
    """The signed-in header's figures; one query, run only if the page shows any of them."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    figures = cache(lambda: header_figures_of(request))
    return {
        "due_count": SimpleLazyObject(lambda: figures()["due"]),
        "unread_count": SimpleLazyObject(lambda: figures()["unread"]),
        "is_curator": SimpleLazyObject(lambda: figures()["curator"]),
    }
