from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Self

from django.conf import settings
from django.db import models, router
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from accounts.day_numbers import EpochMicroseconds
from accounts.models import User
from practice import state_categories
from practice.scheduling import (
    DEFAULT_LEECH_THRESHOLD,
    DEFAULT_RETENTION,
    MAX_LEECH_THRESHOLD,
    MAX_RETENTION,
    MIN_RETENTION,
    Memory,
    Rules,
    StateCode,
    is_leech,
    out_of_queues,
)
from questions.models import Category, Question, visible_questions

# The bank's project deep-dive question: the last slot of every mock interview.
DEEP_DIVE_SLUG = "project-deep-dive"

# A day is a generous ceiling for one answer; anything longer is a client bug.
MAX_SECONDS_TAKEN = 24 * 60 * 60


class Grade(models.TextChoices):
    AGAIN = "again", "Again"
    HARD = "hard", "Hard"
    GOOD = "good", "Good"
    EASY = "easy", "Easy"


class OwnedQuerySet(models.QuerySet[Any]):
    """Rows that belong to a user and point at a question."""

    def owned_by(self, user: User) -> Self:
        """`user`'s rows whose question `user` may still see: drafts and archived questions are
        invisible to non-staff everywhere, their own attempts and bookmarks of them included."""
        return self.filter(visible_questions(user, "question__"), user=user)


class AttemptQuerySet(OwnedQuerySet):
    def for_user(self, user: User) -> AttemptQuerySet:
        return self.filter(user=user)

    def for_list_page(self) -> AttemptQuerySet:
        """Newest first, with the question and its category joined in the same query."""
        return self.select_related("question", "question__category").order_by("-created_at", "-id")


class PracticeSession(models.Model):
    """A run through a list of questions picked by a filter, one at a time."""

    MAX_QUESTIONS = 50

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_sessions")
    title = models.CharField(max_length=200)
    question_ids = models.JSONField(default=list)
    position = models.PositiveSmallIntegerField(default=0)
    shown_at = models.DateTimeField(
        null=True, blank=True, help_text="When the current question was first shown; time taken counts from it."
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def current_question_id(self) -> int | None:
        return self.question_ids[self.position] if self.position < len(self.question_ids) else None

    @property
    def total(self) -> int:
        return len(self.question_ids)


class Attempt(models.Model):
    """One go at a question: what the user typed, how they graded themselves, how long it took."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attempts")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="attempts")
    session = models.ForeignKey(
        PracticeSession, null=True, blank=True, on_delete=models.SET_NULL, related_name="attempts"
    )
    answer_text = models.TextField(blank=True)
    key_points_covered = models.JSONField(default=list, blank=True, help_text="Indexes of the key points ticked.")
    coverage = models.FloatField(
        null=True, blank=True, help_text="Share of the key points ticked, when the user went through the checklist."
    )
    grade = models.CharField(max_length=5, choices=Grade.choices)
    seconds_taken = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    objects = AttemptQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(grade__in=[g.value for g in Grade]), name="attempt_grade_valid"),
            models.CheckConstraint(
                condition=Q(seconds_taken__gte=0, seconds_taken__lte=MAX_SECONDS_TAKEN), name="attempt_seconds_in_range"
            ),
        ]
        indexes = [models.Index(fields=["user", "-created_at"], name="attempt_user_recent")]

    def __str__(self) -> str:
        return f"{self.user} · {self.question} · {self.grade}"


def set_aside(now: datetime, prefix: str = "") -> Q:
    """Review states taken out of every queue at `now`: suspended, or buried until later."""
    return Q(**{f"{prefix}suspended_at__isnull": False}) | Q(**{f"{prefix}buried_until__gt": now})


def set_aside_by(user: User, now: datetime) -> Exists:
    """For a Question queryset: the questions `user` has suspended or buried at `now`."""
    return Exists(ReviewState.objects.filter(set_aside(now), user=user, question=OuterRef("pk")))


class ReviewStateQuerySet(models.QuerySet["ReviewState"]):
    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list[ReviewState]:
        """As Django's, with each state's category filled from its question (practice/state_categories.py)."""
        objs = list(objs)
        state_categories.fill(objs, self.db)
        return super().bulk_create(objs, *args, **kwargs)

    def due_for(self, user: User, now: datetime) -> ReviewStateQuerySet:
        """What `user` should review at `now`, most overdue first (uses review_due_lookup):
        never a suspended question, nor one buried until later."""
        return (
            self.in_queue(now)
            .filter(user=user, due__lte=now, question__status=Question.Status.PUBLISHED)
            .order_by("due")
        )

    def in_queue(self, now: datetime) -> ReviewStateQuerySet:
        """Neither suspended nor buried at `now`."""
        return self.exclude(set_aside(now))

    def seen(self) -> ReviewStateQuerySet:
        """Questions graded at least once (a suspended or buried question may never have been)."""
        return self.filter(reps__gt=0)


class ReviewState(models.Model):
    """What FSRS knows about one user's memory of one question. Written only by record_attempt."""

    STATE_CHOICES = [(code, name) for code, name in StateCode.NAMES.items()]

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_states")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="review_states")
    # The category whose readiness the state counts towards: its question's while the question is
    # published, else none. The team dashboard groups its members' states by it without reading
    # the questions; practice/state_categories.py keeps it.
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False, editable=False
    )
    state = models.PositiveSmallIntegerField(choices=STATE_CHOICES, default=StateCode.NEW)
    step = models.PositiveSmallIntegerField(null=True, blank=True)
    stability = models.FloatField(null=True, blank=True)
    difficulty = models.FloatField(null=True, blank=True)
    due = models.DateTimeField()
    last_review = models.DateTimeField(null=True, blank=True)
    # last_review as a number, for whole days by integer division (practice.recall).
    last_review_micros = models.GeneratedField(
        expression=EpochMicroseconds("last_review"), output_field=models.BigIntegerField(), db_persist=True
    )
    reps = models.PositiveIntegerField(default=0)
    lapses = models.PositiveIntegerField(default=0)
    introduced_at = models.DateTimeField(default=timezone.now, help_text="When the user first graded it.")
    suspended_at = models.DateTimeField(null=True, blank=True, help_text="Out of every queue until unsuspended.")
    buried_until = models.DateTimeField(null=True, blank=True, help_text="Out of every queue until then.")

    objects = ReviewStateQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "question"], name="review_state_one_per_question")]
        indexes = [
            models.Index(fields=["user", "due"], name="review_due_lookup"),
            # Every column the team dashboard's pass over its members' states reads (teams.dashboard),
            # in the order it groups them: that pass reads the index alone and aggregates as it
            # goes. A 200-member team is 20 000 states and more.
            # (Key columns, not INCLUDE: Django leaves an index with INCLUDE out on SQLite.)
            models.Index(
                fields=[
                    "user",
                    "category",
                    "reps",
                    "stability",
                    "last_review_micros",
                    "due",
                    "suspended_at",
                    "buried_until",
                ],
                name="review_dashboard",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.question} · due {self.due:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self._state.adding:
            state_categories.fill([self], kwargs.get("using") or router.db_for_write(ReviewState, instance=self))
        super().save(*args, **kwargs)

    @property
    def state_name(self) -> str:
        return StateCode.NAMES[self.state] if self.reps else "new"

    def is_buried(self, now: datetime) -> bool:
        return out_of_queues(suspended_at=None, buried_until=self.buried_until, now=now)

    def memory(self) -> Memory:
        return Memory(
            state=self.state,
            due=self.due,
            step=self.step,
            stability=self.stability,
            difficulty=self.difficulty,
            last_review=self.last_review,
            reps=self.reps,
            lapses=self.lapses,
        )

    def remember(self, memory: Memory) -> None:
        for name in ("state", "due", "step", "stability", "difficulty", "last_review", "reps", "lapses"):
            setattr(self, name, getattr(memory, name))


class StudySettings(models.Model):
    """A user's study preferences; created with defaults on first use."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="study_settings")
    desired_retention = models.FloatField(
        default=DEFAULT_RETENTION,
        help_text=f"Share of reviews you want to recall ({MIN_RETENTION}-{MAX_RETENTION}); higher means more reviews.",
    )
    new_per_day = models.PositiveSmallIntegerField(default=10, help_text="New questions to introduce per day.")
    interview_date = models.DateField(null=True, blank=True)
    # Minutes, as FSRS's learning steps (none by default: a first grade schedules days ahead).
    learning_steps = models.JSONField(default=list, blank=True)
    relearning_steps = models.JSONField(default=list, blank=True)
    leech_threshold = models.PositiveSmallIntegerField(
        default=DEFAULT_LEECH_THRESHOLD, help_text="Forgotten this many times, a question is flagged as a leech."
    )
    # Personal FSRS parameters (practice.fitting); None schedules with the defaults.
    fsrs_parameters = models.JSONField(null=True, blank=True)

    class Reminders(models.TextChoices):
        OFF = "off", "No reminders"
        DAILY = "daily", "Every day"
        WEEKLY = "weekly", "Every Monday"

    reminders = models.CharField(
        max_length=6, choices=Reminders.choices, default=Reminders.OFF,
        help_text="An email saying what is due and which study plans are due soon (interviewprep.reminders).",
    )  # fmt: skip
    reminder_sent_on = models.DateField(null=True, blank=True, help_text="The user's day the last reminder went.")

    class Meta:
        verbose_name_plural = "study settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(leech_threshold__gte=1, leech_threshold__lte=MAX_LEECH_THRESHOLD),
                name="study_settings_leech_threshold_range",
            ),
            models.CheckConstraint(
                condition=Q(desired_retention__gte=MIN_RETENTION, desired_retention__lte=MAX_RETENTION),
                name="study_settings_retention_range",
            ),
            models.CheckConstraint(condition=Q(new_per_day__lte=200), name="study_settings_new_per_day_max"),
        ]

    def __str__(self) -> str:
        return f"Study settings of {self.user}"

    def rules(self) -> Rules:
        return Rules(
            desired_retention=self.desired_retention,
            learning_steps=tuple(timedelta(minutes=m) for m in self.learning_steps or ()),
            relearning_steps=tuple(timedelta(minutes=m) for m in self.relearning_steps or ()),
            parameters=tuple(self.fsrs_parameters) if self.fsrs_parameters else None,
        )

    def is_leech(self, state: ReviewState | None) -> bool:
        return state is not None and is_leech(state.lapses, self.leech_threshold)


class Bookmark(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmarks")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="bookmarks")
    created_at = models.DateTimeField(default=timezone.now)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "question"], name="bookmark_once")]

    def __str__(self) -> str:
        return f"{self.user} ★ {self.question}"


class Note(models.Model):
    """A private note on a question: only its author ever sees it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notes")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(max_length=10_000)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "question"], name="note_one_per_question")]

    def __str__(self) -> str:
        return f"Note by {self.user} on {self.question}"


class MockInterviewQuerySet(models.QuerySet["MockInterview"]):
    def for_list(self, user: User) -> MockInterviewQuerySet:
        """`user`'s mock interviews, newest first, with how many questions of each they may see."""
        visible = visible_questions(user, "items__question__")
        return self.filter(user=user).annotate(n_items=models.Count("items", filter=visible)).order_by("-created_at")


MAX_PROBES_PER_QUESTION = 2


class MockInterview(models.Model):
    """A timed set of questions answered blind, then graded together at the end."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mock_interviews")
    seconds_per_question = models.PositiveIntegerField(default=240)
    probes_per_question = models.PositiveSmallIntegerField(
        default=0, help_text="How many of each question's follow-ups the interviewer asks after its answer."
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True, help_text="When the last answer was in.")
    graded_at = models.DateTimeField(null=True, blank=True)

    objects = MockInterviewQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(seconds_per_question__gte=30, seconds_per_question__lte=3600), name="mock_time_range"
            ),
            models.CheckConstraint(
                condition=Q(probes_per_question__lte=MAX_PROBES_PER_QUESTION), name="mock_probes_range"
            ),
        ]

    def __str__(self) -> str:
        return f"Mock interview of {self.user} on {self.created_at:%Y-%m-%d}"

    @property
    def status(self) -> str:
        if self.graded_at:
            return "graded"
        return "grading" if self.finished_at else "answering"


class MockItem(models.Model):
    mock = models.ForeignKey(MockInterview, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    # The project deep-dive item asks one prompt about the user's own project; its question is
    # the bank's deep-dive question, whose key points and review state it shares.
    project = models.ForeignKey("Project", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    prompt = models.SlugField(max_length=40, blank=True)
    answer_text = models.TextField(blank=True)
    seconds_taken = models.PositiveIntegerField(null=True, blank=True)
    shown_at = models.DateTimeField(null=True, blank=True, help_text="When the question was first shown.")
    answered_at = models.DateTimeField(null=True, blank=True)
    attempt = models.OneToOneField(Attempt, null=True, blank=True, on_delete=models.SET_NULL, related_name="mock_item")

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["mock", "position"], name="mock_item_position_unique")]

    def __str__(self) -> str:
        return f"{self.mock} #{self.position + 1}"

    @property
    def title(self) -> str:
        """What the interviewer asks: the deep-dive prompt about the user's project, or the question."""
        if self.prompt:
            from practice.mocks import prompt_text  # the prompts live with the deep-dive service

            return prompt_text(self.prompt) or self.question.title
        return self.question.title

    @property
    def is_deep_dive(self) -> bool:
        return bool(self.prompt) or self.question.slug == DEEP_DIVE_SLUG

    @property
    def over_time(self) -> bool:
        return self.seconds_taken is not None and self.seconds_taken > self.mock.seconds_per_question


class ProbeGrade(models.TextChoices):
    HELD = "held", "Held"
    PARTLY = "partly", "Partly"
    MISSED = "missed", "Missed"


class MockProbe(models.Model):
    """A follow-up the interviewer asks after a mock question is answered, timed like the question.

    The probe and its brief answer are copied from the question when the mock starts, so an edit
    to the bank during the interview changes nothing the candidate is asked or graded against.
    `position` is its rung on the question's ladder: 0 is the first follow-up asked.
    """

    item = models.ForeignKey(MockItem, on_delete=models.CASCADE, related_name="probes")
    position = models.PositiveSmallIntegerField()
    question = models.TextField()
    answer = models.TextField(help_text="The brief model answer, shown once the interview is over.")
    answer_text = models.TextField(blank=True)
    seconds_taken = models.PositiveIntegerField(null=True, blank=True)
    shown_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    grade = models.CharField(max_length=6, choices=ProbeGrade.choices, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["item", "position"], name="mock_probe_position_unique"),
            models.CheckConstraint(condition=Q(grade__in=["", *ProbeGrade.values]), name="mock_probe_grade_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.item} follow-up {self.position + 1}"


class Project(models.Model):
    """A project of the user's own, described once and rehearsed for the deep-dive."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="projects")
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True, max_length=5_000)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class ProjectAnswer(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="answers")
    prompt = models.SlugField(max_length=40)
    text = models.TextField(max_length=10_000)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "prompt"], name="project_answer_per_prompt")]

    def __str__(self) -> str:
        return f"{self.project} · {self.prompt}"


class ParameterFit(models.Model):
    """The last time FSRS was fitted to a user's reviews (practice.fitting), run as a background
    job: what it found and whether the fitted parameters were kept (StudySettings.fsrs_parameters)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        NOT_ENOUGH = "not_enough", "Not enough reviews yet"
        FAILED = "failed", "Failed"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="parameter_fit")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    requested_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    reviews = models.PositiveIntegerField(default=0)
    log_loss_before = models.FloatField(null=True, blank=True, help_text="Of the parameters in use, on your reviews.")
    log_loss_after = models.FloatField(null=True, blank=True, help_text="Of the fitted parameters, on your reviews.")
    kept = models.BooleanField(default=False, help_text="The fitted parameters predict better and now schedule.")
    parameters = models.JSONField(null=True, blank=True, help_text="What the optimiser found (kept or not).")
    recommended_retention = models.FloatField(null=True, blank=True)
    seconds = models.FloatField(null=True, blank=True, help_text="How long the fit took.")
    message = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return f"FSRS fit of {self.user}: {self.status}"

    @property
    def pending(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}


class ExportQuerySet(models.QuerySet["Export"]):
    def for_list_page(self, user: User) -> ExportQuerySet:
        """`user`'s exports, newest first, without their files: the bytes are read only to download one."""
        return self.filter(owner=user).defer("data").order_by("-created_at", "-id")

    def pending(self) -> ExportQuerySet:
        return self.filter(status__in=[Export.Status.QUEUED, Export.Status.RUNNING])

    def expired(self, now: datetime) -> ExportQuerySet:
        return self.filter(expires_at__lte=now)


class Export(models.Model):
    """A file prepared for its owner by a background job (practice.export_jobs). The bytes are
    kept in the database, so any web replica can serve them, until `expires_at`; the hourly
    `manage.py purge_exports` deletes it then. Small exports never get a row: they are built in
    the request."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Being prepared"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exports")
    # A name in practice.export_jobs.EXPORT_KINDS; no choices here, since teams and interviewprep
    # register kinds of their own.
    kind = models.CharField(max_length=30)
    parameters = models.JSONField(default=dict, blank=True)
    title = models.CharField(max_length=200, help_text="What it holds, e.g. “Transformers · hard”.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    tries = models.PositiveSmallIntegerField(default=0, help_text="Builds started, retries included.")
    data = models.BinaryField(null=True, blank=True)
    filename = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0, help_text="Bytes.")
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()
    error = models.CharField(max_length=300, blank=True)

    objects = ExportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["owner", "-created_at"], name="export_owner_newest"),
            models.Index(fields=["expires_at"], name="export_expiry"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(status="ready") | Q(data__isnull=False), name="export_ready_has_file")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.status})"

    @property
    def pending(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}

    def downloadable(self, now: datetime) -> bool:
        return self.status == self.Status.READY and self.expires_at > now
