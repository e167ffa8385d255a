from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from questions.models import Question

# A day is a generous ceiling for one answer; anything longer is a client bug.
MAX_SECONDS_TAKEN = 24 * 60 * 60


class Grade(models.TextChoices):
    AGAIN = "again", "Again"
    HARD = "hard", "Hard"
    GOOD = "good", "Good"
    EASY = "easy", "Easy"


class AttemptQuerySet(models.QuerySet["Attempt"]):
    def for_user(self, user: settings.AUTH_USER_MODEL) -> AttemptQuerySet:  # type: ignore[valid-type]
        return self.filter(user=user)

    def for_list_page(self) -> AttemptQuerySet:
        """Newest first, with the question and its category joined in the same query."""
        return self.select_related("question", "question__category").order_by("-created_at", "-id")


class Attempt(models.Model):
    """One go at a question: what the user typed, how they graded themselves, how long it took."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attempts")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="attempts")
    answer_text = models.TextField(blank=True)
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
