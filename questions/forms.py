from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import AnonymousUser

from questions.models import Category, Question, Tag


class QuestionFilterForm(forms.Form):
    """The browse filters, shared by the list page, practice sessions and the API."""

    search = forms.CharField(required=False, max_length=200, strip=True)
    category = forms.SlugField(required=False)
    difficulty = forms.ChoiceField(required=False, choices=[("", "Any"), *Question.Difficulty.choices])
    kind = forms.ChoiceField(required=False, choices=[("", "Any"), *Question.Kind.choices])
    tag = forms.SlugField(required=False)
    common = forms.BooleanField(required=False, label="Commonly asked")
    bookmarked = forms.BooleanField(required=False, label="Bookmarked")

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user or AnonymousUser()

    def filters(self) -> dict[str, Any]:
        """Cleaned values, ready for QuestionQuerySet.matching()."""
        data = self.cleaned_data
        return {
            "search": data.get("search") or "",
            "category": data.get("category") or "",
            "difficulty": data.get("difficulty") or "",
            "kind": data.get("kind") or "",
            "tag": data.get("tag") or "",
            "common": bool(data.get("common")),
            # Bookmarks are per user; for anonymous visitors the filter means nothing.
            "bookmarked_by": self.user if data.get("bookmarked") and self.user.is_authenticated else None,
        }

    def describe(self) -> str:
        """A short human title for what the filters pick, e.g. "Trees and ensembles · hard"."""
        data = self.cleaned_data
        parts = []
        if data.get("category"):
            parts.append(Category.objects.filter(slug=data["category"]).values_list("name", flat=True).first() or "")
        if data.get("difficulty"):
            parts.append(data["difficulty"])
        if data.get("kind"):
            parts.append(data["kind"])
        if data.get("tag"):
            parts.append(Tag.objects.filter(slug=data["tag"]).values_list("name", flat=True).first() or data["tag"])
        if data.get("common"):
            parts.append("commonly asked")
        if data.get("bookmarked"):
            parts.append("bookmarked")
        if data.get("search"):
            parts.append(f"“{data['search']}”")
        return " · ".join(p for p in parts if p) or "All questions"
