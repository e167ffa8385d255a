from __future__ import annotations

from django.http import Http404
from rest_framework import serializers

import interviewprep.api_input as strict
from interviewprep.paths import ID_MAX
from practice.coverage import key_point_index_errors
from practice.forms import MAX_ANSWER_CHARS
from practice.models import MAX_SECONDS_TAKEN, Attempt, Grade, StudySettings
from practice.scheduling import MAX_RETENTION, MIN_RETENTION
from questions.access import get_question_for_user
from questions.api.serializers import CategoryRefSerializer
from questions.models import Question
from questions.rules import MAX_TESTS


class AttemptQuestionSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()
    category = CategoryRefSerializer()


class AttemptSerializer(serializers.ModelSerializer):
    """An attempt as the API returns it."""

    question = AttemptQuestionSerializer(read_only=True)

    class Meta:
        model = Attempt
        fields = ["id", "question", "answer_text", "key_points_covered", "grade", "seconds_taken", "created_at"]
        read_only_fields = fields


def validate_key_points(indices: list[int] | None, question: Question) -> None:
    """Raise a field error when the ticked indexes do not fit the question's key points."""
    errors = key_point_index_errors(indices or [], len(question.key_points))
    if errors:
        raise serializers.ValidationError({"key_points_covered": errors})


class QuestionSlugField(strict.SlugField):
    """A question slug, resolved to the question the caller (context["user"]) may see."""

    def run_validation(self, data: object = serializers.empty) -> Question:
        slug = super().run_validation(data)
        try:
            return get_question_for_user(self.context["user"], slug)
        except Http404:
            raise serializers.ValidationError("No such question.") from None

    def to_representation(self, value: Question) -> str:  # type: ignore[override]
        return value.slug


class AttemptInputSerializer(serializers.Serializer):
    """What a client sends to record an attempt; needs context={"user": ...}."""

    question = QuestionSlugField(help_text="Slug of a question the caller may see")
    answer_text = strict.CharField(allow_blank=True, required=False, default="", max_length=MAX_ANSWER_CHARS)
    grade = serializers.ChoiceField(choices=Grade.choices)
    seconds_taken = strict.IntegerField(min_value=0, max_value=MAX_SECONDS_TAKEN)
    key_points_covered = serializers.ListField(
        child=strict.IntegerField(), required=False,
        help_text="Indexes (from 0) of the key points the answer covered, each once; leave out if not assessed",
    )  # fmt: skip

    def validate(self, data: dict) -> dict:
        if "key_points_covered" in data:
            validate_key_points(data["key_points_covered"], data["question"])
        return data


class QuestionRefSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()


class ReviewStateSerializer(serializers.Serializer):
    question = QuestionRefSerializer()
    due = serializers.DateTimeField(allow_null=True)
    stability = serializers.FloatField(allow_null=True)
    difficulty = serializers.FloatField(allow_null=True)
    state = serializers.CharField(help_text="new, learning, review or relearning")
    reps = serializers.IntegerField()
    lapses = serializers.IntegerField()
    last_review = serializers.DateTimeField(allow_null=True)
    retrievability = serializers.FloatField(help_text="Chance of recall now (FSRS), 0 for a question never reviewed")


class CategoryProgressSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    total = serializers.IntegerField()
    seen = serializers.IntegerField()
    readiness = serializers.FloatField()
    readiness_on_date = serializers.FloatField(allow_null=True)


class ProgressSerializer(serializers.Serializer):
    seen = serializers.IntegerField()
    total = serializers.IntegerField()
    reviews = serializers.IntegerField()
    recalled = serializers.IntegerField()
    retention = serializers.FloatField(allow_null=True)
    streak = serializers.IntegerField()
    overall_readiness = serializers.FloatField()
    overall_readiness_on_date = serializers.FloatField(allow_null=True)
    interview_date = serializers.DateField(allow_null=True)
    categories = CategoryProgressSerializer(many=True)
    activity = serializers.DictField(child=serializers.IntegerField(), help_text="Attempts per day (ISO date)")
    due_this_week = serializers.ListField(child=serializers.SlugField())


class BookmarkSerializer(serializers.Serializer):
    question = QuestionRefSerializer(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)


class BookmarkInputSerializer(serializers.Serializer):
    question = strict.SlugField()


class NoteSerializer(serializers.Serializer):
    question = QuestionRefSerializer(read_only=True)
    text = strict.CharField(max_length=10_000, allow_blank=True)
    updated_at = serializers.DateTimeField(read_only=True)


class StudySettingsSerializer(strict.ModelSerializer):
    class Meta:
        model = StudySettings
        fields = ["desired_retention", "new_per_day", "interview_date"]
        extra_kwargs = {
            "desired_retention": {"min_value": MIN_RETENTION, "max_value": MAX_RETENTION},
            "new_per_day": {"min_value": 0, "max_value": 200},
        }


class MockCreateSerializer(serializers.Serializer):
    size = strict.IntegerField(min_value=3, max_value=10, default=5)
    seconds_per_question = strict.IntegerField(min_value=30, max_value=3600, default=240)
    category = strict.SlugField(required=False, help_text="Only questions from this category (and its children)")


class MockQuestionSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()
    kind = serializers.CharField()
    body_html = serializers.CharField()


class ProjectRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class MockItemSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    title = serializers.CharField(help_text="What is asked: the question, or the deep-dive prompt about your project")
    deep_dive = serializers.BooleanField(help_text="The mock's one project deep-dive item")
    project = ProjectRefSerializer(allow_null=True, help_text="Your project the deep-dive prompt is about, if any")
    question = MockQuestionSerializer()
    answer_text = serializers.CharField()
    seconds_taken = serializers.IntegerField(allow_null=True)
    answered = serializers.BooleanField()
    answer_html = serializers.CharField(allow_null=True, help_text="The model answer; null until the mock is finished")
    key_points = serializers.ListField(child=serializers.CharField(), allow_null=True)
    suggested_key_points = serializers.ListField(
        child=serializers.IntegerField(), allow_null=True,
        help_text="Indexes of the key points the answer seems to cover (pre-ticked); null until the mock is finished",
    )  # fmt: skip
    suggested_grade = serializers.CharField(allow_null=True, help_text="null until the mock is finished")
    grade = serializers.CharField(allow_null=True)
    key_points_missed = serializers.ListField(child=serializers.CharField(), allow_null=True)
    over_time = serializers.BooleanField()


class MockSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=["answering", "grading", "graded"])
    seconds_per_question = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    graded_at = serializers.DateTimeField(allow_null=True)
    items = MockItemSerializer(many=True)


class MockAnswerSerializer(serializers.Serializer):
    position = strict.IntegerField(min_value=0)
    answer_text = strict.CharField(allow_blank=True, max_length=MAX_ANSWER_CHARS)
    seconds_taken = strict.IntegerField(
        min_value=0, max_value=MAX_SECONDS_TAKEN, required=False,
        help_text="Ignored: the server times each question from when it was first shown to you",
    )  # fmt: skip


class MockItemGradeSerializer(serializers.Serializer):
    position = strict.IntegerField(min_value=0)
    grade = serializers.ChoiceField(choices=Grade.choices)
    key_points_covered = serializers.ListField(child=strict.IntegerField(), required=False, default=list)


class MockGradesSerializer(serializers.Serializer):
    grades = MockItemGradeSerializer(many=True)


# Practice sessions -------------------------------------------------------------------------


class SessionStartSerializer(serializers.Serializer):
    source = serializers.ChoiceField(  # type: ignore[assignment]  # a field named like Field.source
        choices=["filter", "bookmarks", "due", "assignment"], default="filter",
        help_text="filter: the browse filters below; bookmarks: your bookmarks (filters apply too); "
        "due: your review queue; assignment: a team assignment (study plan) of yours",
    )  # fmt: skip
    search = strict.CharField(required=False, allow_blank=True, max_length=200)
    category = strict.SlugField(required=False, allow_blank=True, help_text="Includes its children")
    difficulty = serializers.ChoiceField(choices=Question.Difficulty.choices, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=Question.Kind.choices, required=False, allow_blank=True)
    tag = strict.SlugField(required=False, allow_blank=True)
    common = serializers.BooleanField(required=False, help_text="Only commonly asked questions")
    assignment = strict.IntegerField(
        min_value=1, max_value=ID_MAX, required=False, help_text="The assignment's id, with source=assignment"
    )

    def validate(self, data: dict) -> dict:
        if data.get("source") == "assignment" and data.get("assignment") is None:
            raise serializers.ValidationError({"assignment": ["Name the assignment to practise."]})
        return data


class SessionQuestionSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()
    kind = serializers.CharField()
    difficulty = serializers.CharField()
    body_html = serializers.CharField()
    starter_code = serializers.CharField(help_text="Coding questions: the code to start from (else empty)")
    tests = serializers.CharField(help_text="Coding questions: the tests to run in your own Python (else empty)")


class SessionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    position = serializers.IntegerField(help_text="Index of the current question, from 0")
    total = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    question = SessionQuestionSerializer(allow_null=True, help_text="The current question; null once it is over")
    seconds_so_far = serializers.IntegerField(
        allow_null=True, required=False, help_text="Since the current question was first shown"
    )


class SessionStepSerializer(serializers.Serializer):
    answer_text = strict.CharField(allow_blank=True, required=False, default="", max_length=MAX_ANSWER_CHARS)
    position = strict.IntegerField(
        min_value=0, required=False, help_text="The position you saw; a 409 if it is no longer the current one"
    )


class SessionRevealInput(SessionStepSerializer):
    tests_passed = strict.IntegerField(
        min_value=0, max_value=MAX_TESTS, required=False,
        help_text="Coding questions: how many of its tests your code passed; given, it decides the suggested grade",
    )  # fmt: skip


class SessionGradeSerializer(SessionStepSerializer):
    grade = serializers.ChoiceField(choices=Grade.choices)
    key_points_covered = serializers.ListField(
        child=strict.IntegerField(), required=False, help_text="Indexes from 0, each once"
    )


class RevealSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    question = SessionQuestionSerializer()
    short_answer = serializers.CharField()
    key_points = serializers.ListField(child=serializers.CharField())
    answer_html = serializers.CharField()
    suggested_key_points = serializers.ListField(
        child=serializers.IntegerField(), help_text="Indexes of the key points the answer seems to cover"
    )
    suggested_grade = serializers.CharField(help_text="again, hard, good or easy")
    suggested_from_tests = serializers.BooleanField(
        help_text="true when the grade comes from `tests_passed` (a coding question), not from the key points"
    )


# Projects (the deep-dive) -------------------------------------------------------------------


class ProjectPromptSerializer(serializers.Serializer):
    key = serializers.SlugField()
    prompt = serializers.CharField()
    hint = serializers.CharField()
    answer = serializers.CharField(allow_blank=True, help_text="Your saved answer; empty if none")


class ProjectSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    summary = serializers.CharField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)
    answered = serializers.IntegerField(read_only=True, help_text="How many prompts you have answered")


class ProjectDetailSerializer(ProjectSerializer):
    prompts = ProjectPromptSerializer(many=True, read_only=True)


class ProjectInputSerializer(serializers.Serializer):
    title = strict.CharField(max_length=200)
    summary = strict.CharField(max_length=5_000, required=False, allow_blank=True, default="")


class ProjectAnswersInputSerializer(serializers.Serializer):
    answers = serializers.DictField(
        child=strict.CharField(max_length=10_000, allow_blank=True),
        help_text="Prompt key → your answer; an empty answer removes it. Keys: the prompts' `key`s",
    )

    def validate_answers(self, answers: dict[str, str]) -> dict[str, str]:
        from practice.mocks import PROMPT_KEYS

        unknown = sorted(set(answers) - set(PROMPT_KEYS))
        if unknown:
            raise serializers.ValidationError(f"Unknown prompt: {', '.join(unknown)}. Known: {', '.join(PROMPT_KEYS)}.")
        return answers


# The review queue -----------------------------------------------------------------------------


class QueueSerializer(serializers.Serializer):
    due_count = serializers.IntegerField()
    new_left_today = serializers.IntegerField(help_text="New questions you may still start today")
    due = QuestionRefSerializer(many=True, help_text="Due reviews, most overdue first")
    new = QuestionRefSerializer(many=True, help_text="Today's share of new questions")
