from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from practice.models import ReviewState
from questions.curation import is_curator


def review_count(request: HttpRequest) -> dict[str, Any]:
    """How many reviews are due, for the header; one indexed count, and only if a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"due_count": SimpleLazyObject(lambda: ReviewState.objects.due_for(user, timezone.now()).count())}


def curation(request: HttpRequest) -> dict[str, Any]:
    """Whether to show curator links, and how many notifications are unread (lazily counted)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "is_curator": SimpleLazyObject(lambda: is_curator(user)),
        "unread_count": SimpleLazyObject(lambda: user.notifications.filter(read_at__isnull=True).count()),
    }
