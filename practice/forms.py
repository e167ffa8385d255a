from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.http import QueryDict

from accounts.models import User
from practice.coverage import key_point_index_errors
from practice.models import Grade, StudySettings
from practice.scheduling import MAX_RETENTION, MIN_RETENTION
from questions.access import categories_for_user
from questions.models import Category
from questions.rules import MAX_TESTS

MAX_ANSWER_CHARS = 20_000


class AttemptForm(forms.Form):
    answer_text = forms.CharField(
        required=False,
        max_length=MAX_ANSWER_CHARS,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 6, "placeholder": "Answer as you would out loud: about four lines."}),
        label="Your answer",
    )
    grade = forms.ChoiceField(choices=Grade.choices, error_messages={"required": "Pick a grade to save the attempt."})
    started = forms.CharField(required=False, widget=forms.HiddenInput)


class StudySettingsForm(forms.ModelForm):
    class Meta:
        model = StudySettings
        fields = ["desired_retention", "new_per_day", "interview_date"]
        widgets = {
            "desired_retention": forms.NumberInput(attrs={"step": "0.01", "min": MIN_RETENTION, "max": MAX_RETENTION}),
            "new_per_day": forms.NumberInput(attrs={"min": 0, "max": 200}),
            "interview_date": forms.DateInput(attrs={"type": "date"}),
        }

    def clean_desired_retention(self) -> float:
        value = self.cleaned_data["desired_retention"]
        if not MIN_RETENTION <= value <= MAX_RETENTION:
            raise forms.ValidationError(f"Choose a retention between {MIN_RETENTION} and {MAX_RETENTION}.")
        return value

    def clean_new_per_day(self) -> int:
        value = self.cleaned_data["new_per_day"]
        if value > 200:
            raise forms.ValidationError("At most 200 new questions a day.")
        return value


class NoteForm(forms.Form):
    text = forms.CharField(
        required=False, max_length=10_000, widget=forms.Textarea(attrs={"rows": 3}), label="Private note"
    )


class SessionStepForm(forms.Form):
    """One step of a practice session: reveal, grade or skip the current question."""

    action = forms.ChoiceField(choices=[("reveal", "Reveal"), ("grade", "Grade"), ("skip", "Skip"), ("end", "End")])
    answer_text = forms.CharField(required=False, max_length=MAX_ANSWER_CHARS, strip=False)
    grade = forms.ChoiceField(choices=Grade.choices, required=False)
    covered = forms.TypedMultipleChoiceField(coerce=int, required=False, choices=[])
    position = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    # How many of a coding question's tests passed when the browser last ran them (empty: not run).
    tests_passed = forms.IntegerField(required=False, min_value=0, max_value=MAX_TESTS, widget=forms.HiddenInput)

    def __init__(self, *args: Any, key_points: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.key_points = key_points
        # Any integer passes the field; clean_covered names what is wrong with it.
        covered = cast(forms.MultipleChoiceField, self.fields["covered"])
        covered.choices = [(str(v), v) for v in cast(QueryDict, self.data).getlist("covered")] if self.data else []

    def clean_covered(self) -> list[int]:
        covered = self.cleaned_data["covered"]
        errors = key_point_index_errors(covered, self.key_points)
        if errors:
            raise forms.ValidationError(errors)
        return covered

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == "grade" and not data.get("grade"):
            self.add_error("grade", "Pick a grade to save the attempt.")
        return data


class MockForm(forms.Form):
    size = forms.IntegerField(min_value=3, max_value=10, initial=5, label="Questions")
    minutes = forms.IntegerField(min_value=1, max_value=60, initial=4, label="Minutes per question")
    category = forms.ChoiceField(required=False, choices=[])

    def __init__(self, *args: Any, user: User | AnonymousUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only what the user may see, in the one query categories_for_user makes: a category of
        # drafts alone would name what the drafts are about.
        self.categories = {c.slug: c for c in categories_for_user(user)}
        cast(forms.ChoiceField, self.fields["category"]).choices = [("", "Any category")] + [
            (s, str(c)) for s, c in self.categories.items()
        ]

    def clean_category(self) -> Category | None:
        return self.categories.get(self.cleaned_data["category"])


class ProjectForm(forms.Form):
    title = forms.CharField(max_length=200)
    summary = forms.CharField(
        required=False, max_length=5_000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Two or three sentences, as you would open the conversation.",
    )  # fmt: skip
