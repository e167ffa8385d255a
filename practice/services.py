"""The write paths of practice: pages, the API and commands all call these."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from practice.models import Attempt, Bookmark, Grade, Note, PracticeSession, ReviewState, StudySettings
from practice.scheduling import new_memory, review
from questions.models import Question


def settings_for(user: User) -> StudySettings:
    settings, _ = StudySettings.objects.get_or_create(user=user)
    return settings


@transaction.atomic
def record_attempt(
    *,
    user: User,
    question: Question,
    grade: Grade | str,
    answer_text: str,
    seconds_taken: int,
    now: datetime,
    key_points_covered: Sequence[int] | None = None,
    session: PracticeSession | None = None,
) -> Attempt:
    """Store one attempt at `question` by `user` and move its review state on.

    The caller has already checked that `user` may see `question` (questions.access). The
    review-state row is locked before the attempt is written, so concurrent grades of the same
    question queue up, and the order of attempt ids is the order the state saw them.
    """
    grade = Grade(grade)
    total = len(question.key_points)
    covered = sorted({i for i in key_points_covered or () if 0 <= i < total})
    # None when nobody went through the checklist: "no key point ticked" would be a false signal.
    coverage = len(covered) / total if key_points_covered is not None and total else None
    # Make sure the row exists without racing another transaction, then lock it.
    ReviewState.objects.bulk_create(
        [ReviewState(user=user, question=question, due=now, introduced_at=now)], ignore_conflicts=True
    )
    state = ReviewState.objects.select_for_update().get(user=user, question=question)
    attempt = Attempt.objects.create(
        user=user,
        question=question,
        grade=grade,
        answer_text=answer_text,
        key_points_covered=covered,
        coverage=coverage,
        seconds_taken=seconds_taken,
        created_at=now,
        session=session,
    )
    memory = state.memory() if state.reps else new_memory(now)
    retention = StudySettings.objects.filter(user=user).values_list("desired_retention", flat=True).first()
    state.remember(review(memory, grade.value, now, **({"desired_retention": retention} if retention else {})))
    state.save()
    return attempt


def toggle_bookmark(*, user: User, question: Question) -> bool:
    """Bookmark the question, or remove the bookmark; returns whether it is now bookmarked."""
    deleted, _ = Bookmark.objects.filter(user=user, question=question).delete()
    if deleted:
        return False
    Bookmark.objects.get_or_create(user=user, question=question)
    return True


def save_note(*, user: User, question: Question, text: str) -> Note | None:
    """Keep the user's private note on the question; an empty text deletes it."""
    if not text.strip():
        Note.objects.filter(user=user, question=question).delete()
        return None
    note, _ = Note.objects.update_or_create(
        user=user, question=question, defaults={"text": text, "updated_at": timezone.now()}
    )
    return note


def start_session(*, user: User, title: str, questions: Sequence[Question], now: datetime) -> PracticeSession:
    ids = [q.pk for q in questions[: PracticeSession.MAX_QUESTIONS]]
    return PracticeSession.objects.create(user=user, title=title[:200], question_ids=ids, created_at=now)


def advance_session(*, session: PracticeSession, now: datetime) -> PracticeSession:
    """Move to the next question; the session ends after the last one."""
    session.position = min(session.position + 1, session.total)
    if session.position >= session.total and session.finished_at is None:
        session.finished_at = now
    session.save(update_fields=["position", "finished_at"])
    return session


def finish_session(*, session: PracticeSession, now: datetime) -> PracticeSession:
    if session.finished_at is None:
        session.finished_at = now
        session.save(update_fields=["finished_at"])
    return session
