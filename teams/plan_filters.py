"""A study plan's saved filter: which keys it takes, which questions it picks, how it reads.

The page (checkboxes) and the API ("difficulty": ["medium", "hard"] or "medium,hard") both
validate through PlanFilterForm, so an empty filter, an unknown key or a filter that matches
more than a plan holds is refused the same way everywhere, with a message, before anything
is written.
"""

from __future__ import annotations

from typing import Any

from django import forms

from questions.models import Category, Question, QuestionQuerySet, Tag

PLAN_QUESTION_CAP = 200
FILTER_KEYS = ("category", "difficulty", "kind", "tag", "common", "search")
LIST_KEYS = ("difficulty", "kind")
TEXT_KEYS = ("category", "tag", "search")


class PlanFilterForm(forms.Form):
    """The filter part of a plan; valid means it picks 1 to PLAN_QUESTION_CAP published questions."""

    category = forms.SlugField(required=False, help_text="A category's slug; its sub-categories come along.")
    difficulty = forms.MultipleChoiceField(
        required=False, choices=Question.Difficulty.choices, widget=forms.CheckboxSelectMultiple
    )
    kind = forms.MultipleChoiceField(required=False, choices=Question.Kind.choices, widget=forms.CheckboxSelectMultiple)
    tag = forms.SlugField(required=False)
    common = forms.BooleanField(required=False, label="Commonly asked only")
    search = forms.CharField(required=False, max_length=200, strip=True, label="Words")

    questions: list[Question]

    def clean_category(self) -> str:
        slug = self.cleaned_data["category"]
        if slug and not Category.objects.filter(slug=slug).exists():
            raise forms.ValidationError(f"No such category: {slug}.")
        return slug

    def clean_tag(self) -> str:
        slug = self.cleaned_data["tag"]
        if slug and not Tag.objects.filter(slug=slug).exists():
            raise forms.ValidationError(f"No such tag: {slug}.")
        return slug

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        saved = self.saved_filter()
        if not saved:
            # An empty filter would quietly assign the whole bank.
            raise forms.ValidationError(
                "Choose at least one filter (a category, a difficulty, a kind, a tag, commonly asked or words), "
                "or pick the questions."
            )
        matching = matching_questions(saved)
        count = matching.count()
        if count == 0:
            raise forms.ValidationError("No published question matches this filter.")
        if count > PLAN_QUESTION_CAP:
            raise forms.ValidationError(
                f"This filter matches {count} questions; a plan holds at most {PLAN_QUESTION_CAP}. "
                "Narrow it (a category, a difficulty) or pick the questions."
            )
        self.questions = list(matching.order_by("title"))
        return data

    def saved_filter(self) -> dict[str, Any]:
        """The filter as the coach gave it, empty values left out: what the plan stores."""
        data = self.cleaned_data
        saved: dict[str, Any] = {}
        for key in FILTER_KEYS:
            value = data.get(key)
            if value:
                saved[key] = list(value) if key in LIST_KEYS else value
        return saved


def api_filter_data(raw: Any) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Form data from the API's filter object, or errors: unknown keys are refused, not ignored."""
    if not isinstance(raw, dict):
        return {}, {"filter": ['Give the filter as an object, e.g. {"category": "statistics"}.']}
    unknown = sorted(set(raw) - set(FILTER_KEYS))
    if unknown:
        return {}, {"filter": [f"Unknown filter key: {', '.join(unknown)}. Use {', '.join(FILTER_KEYS)}."]}
    data = dict(raw)
    for key in LIST_KEYS:
        value = data.get(key)
        if isinstance(value, str):
            data[key] = [part.strip() for part in value.split(",") if part.strip()]
        elif value is not None and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            return {}, {"filter": [f"{key}: give a list of strings or a comma-separated string."]}
    # The form would read ["a", "b"] or 12 as the text "['a', 'b']" or "12".
    for key in TEXT_KEYS:
        if data.get(key) is not None and not isinstance(data[key], str):
            return {}, {"filter": [f"{key}: give a string."]}
    if data.get("common") is not None and not isinstance(data["common"], bool | str):
        return {}, {"filter": ["common: give true or false."]}
    return data, {}


def matching_questions(saved: dict[str, Any]) -> QuestionQuerySet:
    """The published questions a saved filter picks (several difficulties or kinds mean any of them)."""
    questions = Question.objects.published().matching(
        category=saved.get("category", ""),
        tag=saved.get("tag", ""),
        common=bool(saved.get("common")),
        search=saved.get("search", ""),
    )
    if saved.get("difficulty"):
        questions = questions.filter(difficulty__in=saved["difficulty"])
    if saved.get("kind"):
        questions = questions.filter(kind__in=saved["kind"])
    return questions


def _words(values: list[str]) -> str:
    return values[0] if len(values) == 1 else f"{', '.join(values[:-1])} and {values[-1]}"


def describe_filter(saved: dict[str, Any]) -> str:
    """The filter in words, e.g. "Trees and ensembles, medium and hard"."""
    parts = []
    if saved.get("category"):
        name = Category.objects.filter(slug=saved["category"]).values_list("name", flat=True).first()
        parts.append(name or saved["category"])
    for key, choices in (("difficulty", Question.Difficulty), ("kind", Question.Kind)):
        if saved.get(key):
            labels = dict(choices.choices)
            parts.append(_words([str(labels.get(v, v)).lower() for v in saved[key]]))
    if saved.get("tag"):
        parts.append(f"tagged {saved['tag']}")
    if saved.get("common"):
        parts.append("commonly asked")
    if saved.get("search"):
        parts.append(f"“{saved['search']}”")
    text = ", ".join(parts)
    return text[:1].upper() + text[1:]
