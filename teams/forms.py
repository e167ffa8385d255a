from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms

from questions.access import categories_for_user
from teams.models import RESERVED_SLUGS, Membership, Role
from teams.plan_filters import PlanFilterForm


class TeamForm(forms.Form):
    name = forms.CharField(max_length=100)
    slug = forms.SlugField(max_length=60, required=False, help_text="The team's address; made from the name if empty.")
    description = forms.CharField(required=False, max_length=2_000, widget=forms.Textarea(attrs={"rows": 3}))

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(f"The address “{slug}” is used by the site itself; choose another.")
        return slug


class InvitationForm(forms.Form):
    email = forms.EmailField(required=False, help_text="Optional: we email the link. Empty: just make a link to share.")
    days = forms.IntegerField(min_value=1, max_value=90, initial=14, label="Valid for (days)")
    max_uses = forms.IntegerField(
        min_value=1, required=False, label="Use limit",
        help_text="Empty: no limit for a link; one use for an emailed invitation (only that address can use it).",
    )  # fmt: skip


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)


class PlanForm(forms.Form):
    """A plan's title, due date, note, hand-picked slugs and members; the filter is PlanFilterForm."""

    title = forms.CharField(max_length=200)
    due_date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(required=False, max_length=2_000, widget=forms.Textarea(attrs={"rows": 2}))
    slugs = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Or pick questions",
        help_text="Question slugs, one per line or comma-separated; used instead of the filter when given.",
    )  # fmt: skip
    members = forms.MultipleChoiceField(required=False, help_text="Nobody ticked: the whole team.")

    def __init__(self, *args: Any, memberships: Iterable[Membership] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = cast(forms.MultipleChoiceField, self.fields["members"])
        members.choices = [(str(m.user_id), str(m.user)) for m in memberships]
        members.widget = forms.CheckboxSelectMultiple(choices=members.choices)

    def slug_list(self) -> list[str]:
        return [s for s in (part.strip() for part in self.cleaned_data["slugs"].replace(",", "\n").splitlines()) if s]


class PlanFilterPageForm(PlanFilterForm):
    """The plan filter on the page: the category is a select over the categories the coach may see.

    It still sends and stores the slug, so a saved filter reads the same as one made over the API
    (which keeps taking a slug).
    """

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # str(category) is its place in the tree ("Machine learning › Trees and ensembles").
        choices = [("", "Any category"), *((c.slug, str(c)) for c in categories_for_user(user))]
        self.fields["category"] = forms.ChoiceField(
            required=False, choices=choices, help_text="Its sub-categories come along.",
            error_messages={"invalid_choice": "Choose a category from the list."},
        )  # fmt: skip
