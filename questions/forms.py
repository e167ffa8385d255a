from __future__ import annotations

from typing import Any

from django import forms

from questions.models import Question


class QuestionFilterForm(forms.Form):
    """The browse filters, shared by the list page and the API so both read them alike."""

    search = forms.CharField(required=False, max_length=200, strip=True)
    category = forms.SlugField(required=False)
    difficulty = forms.ChoiceField(required=False, choices=[("", "Any"), *Question.Difficulty.choices])
    kind = forms.ChoiceField(required=False, choices=[("", "Any"), *Question.Kind.choices])
    tag = forms.SlugField(required=False)
    common = forms.BooleanField(required=False, label="Commonly asked")

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
        }
