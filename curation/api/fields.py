"""The answer-format-2 fields of a question as the API takes them: follow-ups and pitfalls, checked
by the same rules (questions.rules) as bank files, forms and the admin, and worded as a 400 per
field, nested like the input (`{"follow_ups": {"1": ["Follow-up 2 needs an answer."]}}`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from questions import rules


class FollowUpShape(serializers.Serializer):
    question = serializers.CharField(max_length=rules.MAX_FOLLOW_UP_QUESTION, help_text="What the interviewer asks")
    answer = serializers.CharField(
        max_length=rules.MAX_FOLLOW_UP_ANSWER, help_text="A brief model answer, 2 to 5 sentences (Markdown)"
    )


def _checked(clean: Callable[..., Any], data: Any) -> Any:
    cleaned, problems = rules.problems_of(clean, data)
    if not problems:
        return cleaned
    whole = [message for index, message in problems if index is None]
    items: dict[str, list[str]] = {}
    for index, message in problems:
        if index is not None:
            items.setdefault(str(index), []).append(message)
    if not items:
        raise serializers.ValidationError(whole)
    raise serializers.ValidationError({**items, **({"non_field_errors": whole} if whole else {})})


@extend_schema_field(FollowUpShape(many=True))
class FollowUpsField(serializers.Field):
    """`[{question, answer}, ...]`: 3 to 5, or none."""

    def to_internal_value(self, data: Any) -> list[dict[str, str]]:
        return _checked(rules.clean_follow_ups, data)

    def to_representation(self, value: Any) -> Any:
        return value


@extend_schema_field(serializers.ListField(child=serializers.CharField(max_length=rules.MAX_PITFALL)))
class PitfallsField(serializers.Field):
    """`["a common wrong answer, and why", ...]`: 2 to 4, or none."""

    def to_internal_value(self, data: Any) -> list[str]:
        return _checked(rules.clean_pitfalls, data)

    def to_representation(self, value: Any) -> Any:
        return value
