from __future__ import annotations

from django import forms

from practice.models import Grade

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
