from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.http import Http404
from rest_framework import serializers

import interviewprep.api_input as strict
from accounts.days import UnknownTimeZone, zone
from interviewprep.paths import ID_MAX
from practice.coverage import key_point_index_errors
from practice.forms import MAX_ANSWER_CHARS
from practice.models import MAX_PROBES_PER_QUESTION, MAX_SECONDS_TAKEN, Attempt, Grade, ProbeGrade, StudySettings
from practice.scheduling import MAX_LEECH_THRESHOLD, MAX_RETENTION, MIN_RETENTION, format_steps, parse_steps
from questions.access import get_question_for_user
from questions.api.serializers import CategoryRefSerializer, FollowUpSerializer
from questions.models import Question


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


class NextDueSerializer(serializers.Serializer):
    again = serializers.DateTimeField()
    hard = serializers.DateTimeField()
    good = serializers.DateTimeField()
    easy = serializers.DateTimeField()


class ReviewStateDetailSerializer(ReviewStateSerializer):
    next_due = NextDueSerializer(
        help_text="When the question would come back after each grade given now (computed, nothing saved)"
    )
    suspended = serializers.BooleanField(help_text="Out of every queue until unsuspended")
    buried_until = serializers.DateTimeField(
        allow_null=True, help_text="Out of every queue until then (the start of your next day)"
    )
    leech = serializers.BooleanField(help_text="Forgotten at least your leech threshold of times")


class CategoryProgressSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    total = serializers.IntegerField()
    seen = serializers.IntegerField()
    readiness = serializers.FloatField()
    readiness_on_date = serializers.FloatField(allow_null=True)
    counted = serializers.IntegerField(help_text="Questions reviewed twice or more: the readiness rests on these")
    reviews = serializers.IntegerField(help_text="The reviews behind the readiness")


class ForecastDaySerializer(serializers.Serializer):
    day = serializers.DateField()
    due = serializers.IntegerField()


class RetentionWeekSerializer(serializers.Serializer):
    week = serializers.DateField(help_text="The week's first day (your days)")
    reviews = serializers.IntegerField()
    recalled = serializers.IntegerField()


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
    readiness_questions = serializers.IntegerField(help_text="Questions reviewed twice or more, which readiness counts")
    readiness_reviews = serializers.IntegerField(help_text="The reviews behind the readiness")
    forecast = ForecastDaySerializer(many=True, help_text="Reviews falling due each of the next 30 days; overdue today")
    retention_weeks = RetentionWeekSerializer(many=True, help_text="The last 12 weeks, oldest first")


class BookmarkSerializer(serializers.Serializer):
    question = QuestionRefSerializer(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)


class BookmarkInputSerializer(serializers.Serializer):
    question = strict.SlugField()


class NoteSerializer(serializers.Serializer):
    question = QuestionRefSerializer(read_only=True)
    text = strict.CharField(max_length=10_000, allow_blank=True)
    updated_at = serializers.DateTimeField(read_only=True)


class StepsField(strict.CharField):
    """Steps as Anki writes them, "10m 1h" (empty for none); answered in the same form."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(allow_blank=True, max_length=100, required=False, **kwargs)

    def run_validation(self, data: object = serializers.empty) -> list[int]:
        # CharField answers "" for a blank value before to_internal_value; parse after it.
        text = super().run_validation(data)
        try:
            return [int(step.total_seconds() // 60) for step in parse_steps(text)]
        except ValueError as exc:
            raise serializers.ValidationError(str(exc)) from None

    def to_representation(self, value: list[int]) -> str:  # type: ignore[override]
        return format_steps([timedelta(minutes=m) for m in value or ()])


class TimeZoneField(strict.CharField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=64, required=False, **kwargs)

    def to_internal_value(self, data: object) -> str:
        name = super().to_internal_value(data)
        try:
            zone(name)
        except UnknownTimeZone as exc:
            raise serializers.ValidationError(str(exc)) from None
        return name


class StudySettingsSerializer(serializers.Serializer):
    """Your study settings; PATCH any of them (the others keep their values)."""

    desired_retention = serializers.FloatField(min_value=MIN_RETENTION, max_value=MAX_RETENTION, required=False)
    new_per_day = strict.IntegerField(min_value=0, max_value=200, required=False)
    interview_date = serializers.DateField(allow_null=True, required=False)
    learning_steps = StepsField(
        help_text="Waits within the day before a new question's first interval, as “10m 1h”; empty (the default) "
        "for none: a first grade brings it back a day or more later"
    )
    relearning_steps = StepsField(help_text="The same after a learnt question is forgotten; empty by default")
    leech_threshold = strict.IntegerField(
        min_value=1, max_value=MAX_LEECH_THRESHOLD, required=False,
        help_text="Forgotten this many times, a question is flagged as a leech (default 8)",
    )  # fmt: skip
    reminders = serializers.ChoiceField(
        choices=StudySettings.Reminders.choices, required=False,
        help_text="off, daily or weekly (Mondays): an email with what is due and the study plans due soon",
    )  # fmt: skip
    timezone = TimeZoneField(help_text="An IANA time zone name, e.g. Europe/London (default UTC)")
    day_starts_at = strict.IntegerField(
        min_value=0, max_value=23, required=False,
        help_text="The hour (0-23, your time) your day starts at; streaks and new per day count from it (default 4)",
    )  # fmt: skip


class ParameterFitSerializer(serializers.Serializer):
    personal = serializers.BooleanField(help_text="Your own fitted parameters schedule your questions")
    reviews = serializers.IntegerField(help_text="Your reviews so far")
    min_reviews = serializers.IntegerField(help_text="Reviews needed before a fit is tried")
    status = serializers.ChoiceField(
        choices=["none", "queued", "running", "done", "not_enough", "failed"], help_text="Of the last fit"
    )
    requested_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    log_loss_before = serializers.FloatField(allow_null=True, help_text="Parameters in use, on your reviews")
    log_loss_after = serializers.FloatField(allow_null=True, help_text="Fitted parameters, on the same reviews")
    kept = serializers.BooleanField(help_text="The fitted parameters predicted better and were kept")
    recommended_retention = serializers.FloatField(allow_null=True)
    message = serializers.CharField(allow_blank=True)


class MockCreateSerializer(serializers.Serializer):
    size = strict.IntegerField(min_value=3, max_value=10, default=5)
    seconds_per_question = strict.IntegerField(min_value=30, max_value=3600, default=240)
    category = strict.SlugField(required=False, help_text="Only questions from this category (and its children)")
    include_history = serializers.BooleanField(
        required=False, default=False, help_text="Also questions tagged `history` (background, rarely asked now)"
    )
    follow_ups = strict.IntegerField(
        min_value=0, max_value=MAX_PROBES_PER_QUESTION, default=1,
        help_text="How many of each question's follow-ups the interviewer asks after its answer (those it has)",
    )  # fmt: skip


class MockQuestionSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()
    kind = serializers.CharField()
    body_html = serializers.CharField()


class ProjectRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class MockProbeSerializer(serializers.Serializer):
    position = serializers.IntegerField(help_text="Its rung on the question's ladder: 0 is asked first")
    question = serializers.CharField(
        allow_null=True, help_text="What the interviewer asks; null until it is asked (the mock reached it)"
    )
    answered = serializers.BooleanField()
    answer_text = serializers.CharField()
    seconds_taken = serializers.IntegerField(allow_null=True)
    over_time = serializers.BooleanField()
    answer = serializers.CharField(allow_null=True, help_text="The brief model answer; null until the mock is finished")
    answer_html = serializers.CharField(allow_null=True)
    grade = serializers.ChoiceField(choices=ProbeGrade.choices, allow_null=True, help_text="null until graded")


class LadderSerializer(serializers.Serializer):
    asked = serializers.IntegerField(help_text="Follow-ups asked after this question")
    held = serializers.IntegerField(help_text="How many, from the first, were held before one was not")
    stopped = serializers.ChoiceField(
        choices=["partly", "missed"], allow_null=True, help_text="How the first one not held went; null if all held"
    )
    grades = serializers.ListField(child=serializers.ChoiceField(choices=ProbeGrade.choices))
    text = serializers.CharField()


class MockLadderSummarySerializer(serializers.Serializer):
    questions_probed = serializers.IntegerField()
    held_to_the_end = serializers.IntegerField(help_text="Questions on which every follow-up was held")
    follow_ups_asked = serializers.IntegerField()
    follow_ups_held = serializers.IntegerField()
    follow_ups_partly = serializers.IntegerField()
    follow_ups_missed = serializers.IntegerField()


class MockCurrentSerializer(serializers.Serializer):
    position = serializers.IntegerField(help_text="The item being asked")
    follow_up = serializers.IntegerField(
        allow_null=True, help_text="The follow-up being asked (its position), or null for the question itself"
    )


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
    follow_ups = MockProbeSerializer(many=True, help_text="The follow-ups the interviewer asks after this question")
    ladder = LadderSerializer(allow_null=True, help_text="How far down the follow-ups you held up; null until graded")


class MockSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=["answering", "grading", "graded"])
    seconds_per_question = serializers.IntegerField()
    follow_ups_per_question = serializers.IntegerField()
    current = MockCurrentSerializer(
        allow_null=True, help_text="What to answer next (send it to answer/); null once the answers are in"
    )
    follow_ups_summary = MockLadderSummarySerializer(allow_null=True, help_text="null until graded")
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    graded_at = serializers.DateTimeField(allow_null=True)
    items = MockItemSerializer(many=True)


class MockAnswerSerializer(serializers.Serializer):
    position = strict.IntegerField(min_value=0)
    follow_up = strict.IntegerField(
        min_value=0, max_value=MAX_PROBES_PER_QUESTION, required=False, allow_null=True,
        help_text="Answering a follow-up: its position (`current.follow_up`); left out for the question itself",
    )  # fmt: skip
    answer_text = strict.CharField(allow_blank=True, max_length=MAX_ANSWER_CHARS)
    seconds_taken = strict.IntegerField(
        min_value=0, max_value=MAX_SECONDS_TAKEN, required=False,
        help_text="Ignored: the server times each question from when it was first shown to you",
    )  # fmt: skip


class MockProbeGradeSerializer(serializers.Serializer):
    position = strict.IntegerField(min_value=0, max_value=MAX_PROBES_PER_QUESTION)
    grade = serializers.ChoiceField(choices=ProbeGrade.choices)


class MockItemGradeSerializer(serializers.Serializer):
    position = strict.IntegerField(min_value=0)
    grade = serializers.ChoiceField(choices=Grade.choices)
    key_points_covered = serializers.ListField(child=strict.IntegerField(), required=False, default=list)
    follow_ups = MockProbeGradeSerializer(
        many=True, required=False, default=list, help_text="A grade for every follow-up asked after this question"
    )


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
    include_history = serializers.BooleanField(
        required=False, default=False,
        help_text="filter and bookmarks: also questions tagged `history` (left out unless asked for, or filtered on)",
    )  # fmt: skip
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
    essential_points = serializers.ListField(
        child=serializers.IntegerField(), help_text="Indexes of the key points a strong answer must contain"
    )
    answer_html = serializers.CharField()
    follow_ups = FollowUpSerializer(many=True, help_text="What the interviewer may ask next")
    pitfalls = serializers.ListField(child=serializers.CharField(), help_text="Red flags")
    suggested_key_points = serializers.ListField(
        child=serializers.IntegerField(), help_text="Indexes of the key points the answer seems to cover"
    )
    suggested_grade = serializers.CharField(help_text="again, hard, good or easy")


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
    due_today = serializers.IntegerField(help_text="Due before your day ends (accounts.days), those due now included")
    new_left_today = serializers.IntegerField(help_text="New questions you may still start today")
    due = QuestionRefSerializer(many=True, help_text="Due reviews, most overdue first")
    new = QuestionRefSerializer(many=True, help_text="Today's share of new questions")
