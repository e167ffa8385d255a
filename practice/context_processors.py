from __future__ import annotations

from functools import cache
from typing import Any

from django.contrib.auth.models import Group
from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from accounts.models import Notification, User
from practice.models import ReviewState
from questions.access import CURATOR_GROUP


def _count(queryset: Any) -> Coalesce:
    """A correlated COUNT(*) subquery, 0 when nothing matches."""
    counted = queryset.order_by().values("user").annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def header_figures(user: User) -> dict[str, Any]:
    """Due reviews, unread notifications and curator rights for the header, in one query."""
    row = (
        User.objects.filter(pk=user.pk)
        .values("is_staff")
        .annotate(
            due=_count(ReviewState.objects.due_for(OuterRef("pk"), timezone.now())),  # type: ignore[arg-type]
            unread=_count(Notification.objects.filter(user=OuterRef("pk"), read_at__isnull=True)),
            in_curator_group=Exists(Group.objects.filter(name=CURATOR_GROUP, user=OuterRef("pk"))),
        )
        .get()
    )
    # is_curator() reads this, so views that check curator rights later do not ask again.
    user._is_curator = row["is_staff"] or row["in_curator_group"]  # type: ignore[attr-defined]
    return {"due": row["due"], "unread": row["unread"], "curator": user._is_curator}  # type: ignore[attr-defined]


def header(request: HttpRequest) -> dict[str, Any]:
    """The signed-in header's figures; one query, run only if the page shows any of them."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    figures = cache(lambda: header_figures(user))
    return {
        "due_count": SimpleLazyObject(lambda: figures()["due"]),
        "unread_count": SimpleLazyObject(lambda: figures()["unread"]),
        "is_curator": SimpleLazyObject(lambda: figures()["curator"]),
    }
