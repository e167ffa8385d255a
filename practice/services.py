"""The write paths of practice: pages, the API and commands all call these."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from accounts.models import User
from practice.models import Attempt, Grade
from questions.models import Question


@transaction.atomic
def record_attempt(
    *,
    user: User,
    question: Question,
    grade: Grade | str,
    answer_text: str,
    seconds_taken: int,
    now: datetime,
) -> Attempt:
    """Store one attempt at `question` by `user`.

    The caller has already checked that `user` may see `question` (questions.access).
    Later work (review scheduling) hangs off this one function, inside its transaction.
    """
    return Attempt.objects.create(
        user=user,
        question=question,
        grade=Grade(grade),
        answer_text=answer_text,
        seconds_taken=seconds_taken,
        created_at=now,
    )
