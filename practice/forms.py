from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.http import QueryDict

from accounts.days import timezone_names
from accounts.models import User
from practice.coverage import key_point_index_errors
from practice.models import Grade, StudySettings
from practice.scheduling import MAX_LEECH_THRESHOLD, MAX_RETENTION, MIN_RETENTION, format_steps, parse_steps
from questions.access import categories_for_user
from questions.models import Category

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


class StepsField(forms.CharField):
    """Steps as Anki writes them ("10m 1h"), cleaned to a list of minutes; empty for none."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, max_length=100, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return format_steps([timedelta(minutes=m) for m in value])
        return value

    def clean(self, value: Any) -> list[int]:
        text = super().clean(value)
        try:
            return [int(step.total_seconds() // 60) for step in parse_steps(text)]
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None


def timezone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(timezone_names())]


class StudySettingsForm(forms.ModelForm):
    learning_steps = StepsField(
        label="Learning steps",
        help_text="Waits within the day before a new question's first interval, e.g. “10m 1h”. "
        "Empty (the default): a first grade brings it back a day or more later.",
    )
    relearning_steps = StepsField(
        label="Relearning steps", help_text="The same after a question you knew is forgotten. Empty by default."
    )
    leech_threshold = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_LEECH_THRESHOLD, label="Leech threshold",
        help_text="Forgotten this many times, a question is flagged so you can rewrite, annotate or suspend it.",
    )  # fmt: skip
    reminders = forms.ChoiceField(
        required=False, choices=StudySettings.Reminders.choices, label="Reminder emails",
        help_text="What is due and which study plans are due soon, by email; each has a link to stop them.",
    )  # fmt: skip
    timezone = forms.ChoiceField(required=False, choices=timezone_choices, label="Time zone")
    day_starts_at = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, label="A new day starts at",
        choices=[(h, f"{h:02d}:00") for h in range(24)],
        help_text="Streaks, new questions per day and reminders count days from this hour, your time.",
    )  # fmt: skip

    class Meta:
        model = StudySettings
        fields = ["desired_retention", "new_per_day", "interview_date"]
        widgets = {
            "desired_retention": forms.NumberInput(attrs={"step": "0.01", "min": MIN_RETENTION, "max": MAX_RETENTION}),
            "new_per_day": forms.NumberInput(attrs={"min": 0, "max": 200}),
            # A date input reads and writes ISO dates whatever the site's language.
            "interview_date": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.update(
            learning_steps=self.instance.learning_steps,
            relearning_steps=self.instance.relearning_steps,
            leech_threshold=self.instance.leech_threshold,
            reminders=self.instance.reminders,
            timezone=user.timezone,
            day_starts_at=user.day_starts_at,
        )

    def changes(self) -> dict[str, Any]:
        """What to save, for practice.services.update_study_settings; a left-out field keeps its value."""
        data = dict(self.cleaned_data)
        return {k: v for k, v in data.items() if v is not None and v != "" or k == "interview_date"}

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
    follow_ups = forms.TypedChoiceField(
        coerce=int, initial=1, required=False, empty_value=1,  # type: ignore[arg-type]  # stubs: str only
        label="Follow-ups per question",
        choices=[(0, "None"), (1, "One"), (2, "Two")],
        help_text="After each answer the interviewer probes with the question's next questions, timed like the rest.",
    )  # fmt: skip
    include_history = forms.BooleanField(
        required=False, label="Include history topics",
        help_text="Background topics rarely asked now (capsule networks, memory networks, ...).",
    )  # fmt: skip

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
