from __future__ import annotations

from django import forms

from questions.forms import QuestionFilterForm
from teams.models import Role


class TeamForm(forms.Form):
    name = forms.CharField(max_length=100)
    slug = forms.SlugField(max_length=60, required=False, help_text="The team's address; made from the name if empty.")
    description = forms.CharField(required=False, max_length=2_000, widget=forms.Textarea(attrs={"rows": 3}))


class InvitationForm(forms.Form):
    email = forms.EmailField(required=False, help_text="Optional: we email the link. Empty: just make a link to share.")
    days = forms.IntegerField(min_value=1, max_value=90, initial=14, label="Valid for (days)")
    max_uses = forms.IntegerField(min_value=1, required=False, label="Use limit", help_text="Empty: no limit.")


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)


class PlanForm(QuestionFilterForm):
    """A plan is a saved filter (or hand-picked slugs) plus a title, a due date and who it is for."""

    title = forms.CharField(max_length=200)
    due_date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(required=False, max_length=2_000, widget=forms.Textarea(attrs={"rows": 2}))
    slugs = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Or pick questions",
        help_text="Question slugs, one per line or comma-separated; used instead of the filter when given.",
    )  # fmt: skip
    members = forms.MultipleChoiceField(required=False, help_text="Nobody ticked: the whole team.")

    field_order = ["title", "due_date", "note", "category", "difficulty", "kind", "tag", "common", "search", "slugs"]

    def __init__(self, *args, memberships=(), **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["members"].choices = [(str(m.user_id), str(m.user)) for m in memberships]
        self.fields["members"].widget = forms.CheckboxSelectMultiple(choices=self.fields["members"].choices)
        del self.fields["bookmarked"]

    def slug_list(self) -> list[str]:
        return [s for s in (part.strip() for part in self.cleaned_data["slugs"].replace(",", "\n").splitlines()) if s]
