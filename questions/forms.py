from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import AnonymousUser

from questions.access import categories_for_user
from questions.models import Question, Tag

# The list's orders. Relevance applies to a search (and is its default); "practised" (least
# recently practised first) needs a signed-in visitor; "shuffle" is repeatable through `seed`.
SORTS = [
    ("relevance", "Relevance"),
    ("bank", "Category and title"),
    ("difficulty", "Difficulty, easy first"),
    ("practised", "Least recently practised"),
    ("shuffle", "Shuffled"),
]
SEED_MAX = 999_999

TRUE_WORDS = {"true", "1", "yes", "on"}
FALSE_WORDS = {"false", "0", "no", "off", ""}


def _yes_no(value: Any) -> bool | None:
    """True or False for the words a query string or a checkbox sends; None for anything else."""
    if isinstance(value, bool):
        return value
    text = "" if value is None else str(value).strip().lower()
    if text in TRUE_WORDS:
        return True
    return False if text in FALSE_WORDS else None


class YesNoInput(forms.CheckboxInput):
    """A checkbox that hands its raw value to the field, so "maybe" is an error, not a yes."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, check_test=lambda value: _yes_no(value) is True)

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        return data.get(name)


class YesNoField(forms.BooleanField):
    """true/false, 1/0, yes/no, on/off (a ticked checkbox); anything else is a field error."""

    widget = YesNoInput
    default_error_messages = {"invalid": "Expected true or false (also 1/0, yes/no), not “%(value)s”."}

    def to_python(self, value: Any) -> bool:
        parsed = _yes_no(value)
        if parsed is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid", params={"value": value})
        return parsed


class QuestionFilterForm(forms.Form):
    """The browse filters, shared by the list page, practice sessions and the API."""

    search = forms.CharField(required=False, max_length=200, strip=True)
    category = forms.SlugField(required=False)
    difficulty = forms.ChoiceField(required=False, choices=[("", "Any"), *Question.Difficulty.choices])
    kind = forms.ChoiceField(required=False, choices=[("", "Any"), *Question.Kind.choices])
    tag = forms.SlugField(required=False)
    common = YesNoField(required=False, label="Commonly asked")
    bookmarked = YesNoField(required=False, label="Bookmarked")
    # How the list is ordered; not a filter, so filters() leaves it out.
    sort = forms.ChoiceField(required=False, choices=[("", "Default"), *SORTS])
    seed = forms.IntegerField(required=False, min_value=1, max_value=SEED_MAX)

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

    def order(self) -> tuple[str, int | None]:
        """The cleaned sort and shuffle seed; "" is the default order (relevance, else the bank's)."""
        sort = self.cleaned_data.get("sort") or ""
        if sort == "relevance" and not self.cleaned_data.get("search"):
            sort = ""
        if sort == "practised" and not self.user.is_authenticated:
            sort = ""
        return sort, self.cleaned_data.get("seed")

    def describe(self) -> str:
        """A short human title for what the filters pick, e.g. "Trees and ensembles · hard"."""
        data = self.cleaned_data
        parts = []
        if data.get("category"):
            # Through the visibility check: a guessed slug of a drafts-only category names nothing.
            shown = {c.slug: c.name for c in categories_for_user(self.user)}
            parts.append(shown.get(data["category"], ""))
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
