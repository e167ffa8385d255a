"""Permission-checked fetches: every page and endpoint gets questions through here."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from accounts.models import User
from questions.models import Question


def get_question_for_user(user: User | AnonymousUser, slug: str) -> Question:
    """The question `slug` if `user` may see it; 404 otherwise, so drafts stay unguessable."""
    try:
        return Question.objects.visible_to(user).select_related("category", "category__parent").get(slug=slug)
    except Question.DoesNotExist:
        raise Http404("No such question") from None
