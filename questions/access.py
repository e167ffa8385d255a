"""Permission-checked fetches: every page and endpoint gets questions through here."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef
from django.http import Http404

from accounts.models import User
from questions.models import Category, Question

CURATOR_GROUP = "curator"


def is_curator(user: User | AnonymousUser) -> bool:
    """Staff and members of the curator group moderate. Cached on the user for the request."""
    if not user.is_authenticated:
        return False
    if not hasattr(user, "_is_curator"):
        user._is_curator = user.is_staff or user.groups.filter(name=CURATOR_GROUP).exists()  # type: ignore[attr-defined]
    return user._is_curator  # type: ignore[attr-defined]


def get_question_for_user(user: User | AnonymousUser, slug: str) -> Question:
    """The question `slug` if `user` may see it; 404 otherwise, so drafts stay unguessable."""
    try:
        return Question.objects.visible_to(user).select_related("category", "category__parent").get(slug=slug)
    except Question.DoesNotExist:
        raise Http404("No such question") from None


def categories_for_user(user: User | AnonymousUser) -> list[Category]:
    """The category tree as `user` may see it, parents first, in one query.

    Staff see every category. Everyone else sees the categories holding a question they may
    see, and the ancestors of those: a category with only drafts would tell what the drafts are
    about (the browse page hides them too).
    """
    visible = Question.objects.visible_to(user).filter(category=OuterRef("pk"))
    rows: list[Category] = list(
        Category.objects.select_related("parent")
        .annotate(has_visible=Exists(visible))
        .order_by("parent_id", "position", "name")
    )
    if user.is_staff:
        return rows
    parents = {c.pk: c.parent_id for c in rows}
    shown: set[int] = set()
    for category in rows:
        pk: int | None = category.pk if category.has_visible else None  # type: ignore[attr-defined]
        while pk is not None and pk not in shown:
            shown.add(pk)
            pk = parents.get(pk)
    return [c for c in rows if c.pk in shown]


def get_category_for_user(user: User | AnonymousUser, slug: str) -> Category:
    """The category `slug` if `user` may see it (see categories_for_user); 404 otherwise."""
    for category in categories_for_user(user):
        if category.slug == slug:
            return category
    raise Http404("No such category")
