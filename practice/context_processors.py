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

from accounts.models import Notification, User
from practice.models import ReviewState
from questions.access import CURATOR_GROUP
from questions.models import BankVersion


def _count(queryset: Any) -> Coalesce:
    """A correlated COUNT(*) subquery, 0 when nothing matches."""
    counted = queryset.order_by().values("user").annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _header_query(user_id: int, now: datetime) -> Any:
    return (
        User.objects.filter(pk=user_id)
        .values("is_staff")
        .annotate(
            due=_count(ReviewState.objects.due_for(OuterRef("pk"), now)),  # type: ignore[arg-type]
            unread=_count(Notification.objects.filter(user=OuterRef("pk"), read_at__isnull=True)),
            in_curator_group=Exists(Group.objects.filter(name=CURATOR_GROUP, user=OuterRef("pk"))),
            # Asked here too, so that a signed-in page from the cache costs one query less.
            bank_version=Subquery(BankVersion.objects.filter(pk=1).values("number")[:1]),
        )
    )


# Stand-ins the header's SQL is compiled with once per database; each request swaps in its own.
_SOME_USER, _SOME_TIME = -7_310_002, datetime(1901, 2, 3, 4, 5, 6, tzinfo=UTC)


@cache
def _header_sql(alias: str) -> tuple[str, tuple[Any, ...]]:
    """The header's query as SQL and its parameters, with "user" and "now" marking where each
    request's own go. Building the query through the ORM costs some 2 ms, a hundred times what
    the database takes to answer it, and the header is on every signed-in page."""
    sql, params = _header_query(_SOME_USER, _SOME_TIME).query.sql_with_params()
    some_time = ReviewState._meta.get_field("due").get_db_prep_value(_SOME_TIME, connections[alias])
    slots = tuple("user" if p == _SOME_USER else "now" if p == some_time else p for p in params)
    if slots.count("user") != 1 or "now" not in slots:
        raise AssertionError(f"the header's query changed shape: {params!r}")
    return sql, slots


def header_figures(user: User) -> dict[str, Any]:
    """Due reviews, unread notifications and curator rights for the header, and the bank's
    version (questions/bank_version.py) for the page cache, in one query."""
    sql, slots = _header_sql(DEFAULT_DB_ALIAS)
    now = ReviewState._meta.get_field("due").get_db_prep_value(timezone.now(), connection)
    params = [user.pk if slot == "user" else now if slot == "now" else slot for slot in slots]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        is_staff, due, unread, in_curator_group, bank_version = cursor.fetchone()
    # is_curator() reads this, so views that check curator rights later do not ask again.
    user._is_curator = bool(is_staff or in_curator_group)  # type: ignore[attr-defined]
    figures = {"due": due, "unread": unread, "curator": user._is_curator}  # type: ignore[attr-defined]
    return {**figures, "bank_version": bank_version or 0}


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
