from __future__ import annotations

from rest_framework import serializers

from practice.forms import MAX_ANSWER_CHARS
from practice.models import MAX_SECONDS_TAKEN, Attempt, Grade
from questions.api.serializers import CategoryRefSerializer


class AttemptQuestionSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()
    category = CategoryRefSerializer()


class AttemptSerializer(serializers.ModelSerializer):
    """An attempt as the API returns it."""

    question = AttemptQuestionSerializer(read_only=True)

    class Meta:
        model = Attempt
        fields = ["id", "question", "answer_text", "grade", "seconds_taken", "created_at"]
        read_only_fields = fields


class AttemptInputSerializer(serializers.Serializer):
    """What a client sends to record an attempt."""

    question = serializers.SlugField(help_text="Slug of a question the caller may see")
    answer_text = serializers.CharField(allow_blank=True, required=False, default="", max_length=MAX_ANSWER_CHARS)
    grade = serializers.ChoiceField(choices=Grade.choices)
    seconds_taken = serializers.IntegerField(min_value=0, max_value=MAX_SECONDS_TAKEN)
