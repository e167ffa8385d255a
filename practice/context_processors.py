from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from practice.models import ReviewState


def review_count(request: HttpRequest) -> dict[str, Any]:
    """How many reviews are due, for the header; one indexed count, and only if a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"due_count": SimpleLazyObject(lambda: ReviewState.objects.due_for(user, timezone.now()).count())}
