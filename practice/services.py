"""The write paths of practice: pages, the API and commands all call these."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from django.db import models, transaction
from django.db.models import QuerySet

from accounts.models import User
from practice.coverage import PointMatch, match_key_points, suggest_grade, suggest_grade_for_tests
from practice.marks import least_recently_practised, session_order, with_review_of
from practice.models import (
    MAX_SECONDS_TAKEN,
    Attempt,
    Bookmark,
    Grade,
    Note,
    PracticeSession,
    Project,
    ReviewState,
    StudySettings,
    set_aside_by,
)
from practice.queue import build_queue
from practice.scheduling import DEFAULT_RULES, Rules, bury_until, new_memory, review
from questions.models import Question, QuestionQuerySet, visible_questions


class SessionError(Exception):
    """A step that does not fit the practice session's state; the message says why."""


def seconds_since(shown_at: datetime | None, now: datetime) -> int:
    """Whole seconds from when a question was first shown to `now`, within the stored range."""
    if shown_at is None:
        return 0
    return max(0, min(int((now - shown_at).total_seconds()), MAX_SECONDS_TAKEN))


def settings_for(user: User) -> StudySettings:
    settings, _ = StudySettings.objects.get_or_create(user=user)
    return settings


USER_SETTINGS = ("timezone", "day_starts_at")
STUDY_SETTINGS = (
    "desired_retention",
    "new_per_day",
    "interview_date",
    "learning_steps",
    "relearning_steps",
    "leech_threshold",
    "reminders",
)


@transaction.atomic
def update_study_settings(*, user: User, changes: Mapping[str, Any]) -> StudySettings:
    """Save the settings in `changes` (already validated by the page's form or the API's
    serializer); a name left out keeps its value. The time zone and the day start are the
    user's own (accounts.days) and go on the user."""
    settings, _ = StudySettings.objects.select_for_update().get_or_create(user=user)
    unknown = set(changes) - set(USER_SETTINGS) - set(STUDY_SETTINGS)
    if unknown:
        raise ValueError(f"not a setting: {', '.join(sorted(unknown))}")
    _save_fields(settings, STUDY_SETTINGS, changes)
    _save_fields(user, USER_SETTINGS, changes)
    return settings


def _save_fields(row: models.Model, names: Iterable[str], changes: Mapping[str, Any]) -> None:
    """Set the fields of `names` that `changes` holds, check just those, and save just those."""
    changed = [name for name in names if name in changes]
    if not changed:
        return
    for name in changed:
        setattr(row, name, changes[name])
    row.clean_fields(exclude=[f.name for f in row._meta.fields if f.name not in changed])
    row.save(update_fields=changed)


def rules_for(user: User) -> Rules:
    """How `user`'s questions are scheduled (one query; the defaults before any setting is saved)."""
    settings = StudySettings.objects.filter(user=user).first()
    return settings.rules() if settings else DEFAULT_RULES


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
    state = _state_row(user, question, now)
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
    if not state.reps:
        # A question suspended or buried before it was ever graded is introduced now.
        state.introduced_at = now
    state.remember(review(memory, grade.value, now, rules=rules_for(user)))
    # Graded, it has been seen today: no longer buried. A suspension stays until lifted.
    state.buried_until = None
    state.save()
    return attempt


def _state_row(user: User, question: Question, now: datetime) -> ReviewState:
    """The user's review state of `question`, locked; created (as new) when there is none."""
    ReviewState.objects.bulk_create(
        [ReviewState(user=user, question=question, due=now, introduced_at=now)], ignore_conflicts=True
    )
    return ReviewState.objects.select_for_update().get(user=user, question=question)


@transaction.atomic
def suspend_question(*, user: User, question: Question, now: datetime) -> ReviewState:
    """Take the question out of every queue of `user`'s (due, new, sessions, mocks, plans)
    until it is unsuspended; its memory is kept. Suspending it again changes nothing."""
    state = _state_row(user, question, now)
    if state.suspended_at is None:
        state.suspended_at = now
        state.save(update_fields=["suspended_at"])
    return state


@transaction.atomic
def unsuspend_question(*, user: User, question: Question, now: datetime) -> ReviewState | None:
    """Put a suspended question back where its schedule says; None when there is no state."""
    state = ReviewState.objects.select_for_update().filter(user=user, question=question).first()
    if state is not None and state.suspended_at is not None:
        state.suspended_at = None
        state.save(update_fields=["suspended_at"])
    return state


@transaction.atomic
def bury_question(*, user: User, question: Question, now: datetime) -> ReviewState:
    """Leave the question out of every queue until `user`'s next day starts (accounts.days)."""
    state = _state_row(user, question, now)
    state.buried_until = bury_until(now, lambda at: user.day_clock().bounds(at)[1])
    state.save(update_fields=["buried_until"])
    return state


def toggle_bookmark(*, user: User, question: Question) -> bool:
    """Bookmark the question, or remove the bookmark; returns whether it is now bookmarked."""
    deleted, _ = Bookmark.objects.filter(user=user, question=question).delete()
    if deleted:
        return False
    Bookmark.objects.get_or_create(user=user, question=question)
    return True


def add_bookmark(*, user: User, question: Question, now: datetime) -> Bookmark:
    """Bookmark the question; bookmarking it again changes nothing."""
    bookmark, _ = Bookmark.objects.get_or_create(user=user, question=question, defaults={"created_at": now})
    return bookmark


def remove_bookmark(*, user: User, question_slug: str) -> bool:
    """Remove the user's bookmark of the question `question_slug`; returns whether there was one."""
    deleted, _ = Bookmark.objects.filter(user=user, question__slug=question_slug).delete()
    return bool(deleted)


def save_note(*, user: User, question: Question, text: str, now: datetime) -> Note | None:
    """Keep the user's private note on the question; an empty text deletes it."""
    if not text.strip():
        Note.objects.filter(user=user, question=question).delete()
        return None
    note, _ = Note.objects.update_or_create(user=user, question=question, defaults={"text": text, "updated_at": now})
    return note


def create_project(*, user: User, title: str, summary: str = "", now: datetime) -> Project:
    """Describe a project of the user's own for the deep-dive."""
    return Project.objects.create(user=user, title=title[:200], summary=summary, created_at=now, updated_at=now)


def update_project(*, project: Project, now: datetime, title: str | None = None, summary: str | None = None) -> Project:
    if title is not None:
        project.title = title[:200]
    if summary is not None:
        project.summary = summary
    project.updated_at = now
    project.save(update_fields=["title", "summary", "updated_at"])
    return project


class NothingToPractise(Exception):
    """The source a session was asked for holds no question the user may practise now."""


class UnknownSource(LookupError):
    """The session source names something that is not the user's (`field` says which input)."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field


# Another app may add a source of session questions, so the API starts sessions from it
# without practice importing that app: teams adds "assignment" (a study plan) when it loads.
# A source takes the user, the id it was given and the time, and returns (questions, title),
# or raises UnknownSource.
SessionSource = Callable[[User, int, datetime], tuple[Sequence[Question], str]]
SESSION_SOURCES: dict[str, SessionSource] = {}


# Questions kept for background but rarely asked now (capsule networks, memory networks, ...).
HISTORY_TAG = "history"


def skip_history(questions: QuerySet[Question], *, include_history: bool, tag: str = "") -> QuerySet[Question]:
    """The one rule for history questions: practice sessions and mock interviews leave out those
    tagged `history` unless asked for them, by the "include history questions" option or by
    filtering on the tag itself. The browse page and search still list them."""
    if include_history or tag == HISTORY_TAG:
        return questions
    return questions.exclude(tags__slug=HISTORY_TAG)


def session_questions(
    *, user: User, questions: QuerySet[Question], now: datetime, sort: str = "", seed: int | None = None
) -> list[Question]:
    """The one rule for what a session built from a set of questions holds: those `user` may see
    and has not suspended or buried, at most PracticeSession.MAX_QUESTIONS, in the list's own
    order when it was ordered on purpose (a sort chosen on the list page, or a search's
    relevance), else by practice.marks.session_order: due first, then unseen questions shuffled,
    then the rest, least recently reviewed first."""
    if "search_rank" in questions.query.annotations and not sort:
        sort = "relevance"  # a search keeps its best matches first
    if sort:
        if sort == "relevance":
            listed = cast(QuestionQuerySet, questions.filter(visible_questions(user)))
        else:
            listed = Question.objects.visible_to(user).filter(pk__in=questions.values("pk"))
        listed = listed.exclude(set_aside_by(user, now))
        marked = with_review_of(listed.for_list_page().sorted_for_list(sort, seed=seed), user, now)
        if sort == "practised":
            marked = least_recently_practised(marked)
        return list(marked[: PracticeSession.MAX_QUESTIONS])
    visible = Question.objects.visible_to(user).filter(pk__in=questions.values("pk")).exclude(set_aside_by(user, now))
    # Order every candidate from a few columns, then read only the chosen ones in full.
    candidates = with_review_of(visible.order_by().only("id", "commonly_asked", "title"), user, now)
    chosen = [q.pk for q in session_order(list(candidates), now, rng=random.Random())][: PracticeSession.MAX_QUESTIONS]
    found = visible.for_list_page().in_bulk(chosen)
    return [found[pk] for pk in chosen if pk in found]


def choose_session_questions(
    *,
    user: User,
    source: str,
    filters: Mapping[str, Any],
    title: str,
    now: datetime,
    ref: int | None = None,
    sort: str = "",
    seed: int | None = None,
    include_history: bool = False,
) -> tuple[list[Question], str]:
    """The questions and title a session from `source` starts with: "filter" and "bookmarks" take
    the bank's filters (as QuestionFilterForm.filters() gives them), the list's sort and `title`,
    without history questions unless `include_history` (skip_history); "due" the review queue
    and a source another app registered in SESSION_SOURCES the object `ref` names, as they are
    (those were chosen)."""
    if source == "due":
        return list(build_queue(user, now, limit=PracticeSession.MAX_QUESTIONS).questions), "Review"
    if source in SESSION_SOURCES:
        if ref is None:
            raise UnknownSource(f"Name the {source} to practise.", field=source)
        questions, title = SESSION_SOURCES[source](user, ref, now)
        return list(questions), title
    if source == "bookmarks":
        filters = {**filters, "bookmarked_by": user}
    picked = skip_history(
        Question.objects.matching(**filters), include_history=include_history, tag=filters.get("tag", "")
    )
    return session_questions(user=user, questions=picked, now=now, sort=sort, seed=seed), title


def start_session(*, user: User, title: str, questions: Sequence[Question], now: datetime) -> PracticeSession:
    """Start a session over `questions` (chosen by choose_session_questions or session_questions);
    NothingToPractise when there are none."""
    ids = [q.pk for q in questions[: PracticeSession.MAX_QUESTIONS]]
    if not ids:
        raise NothingToPractise("Nothing to practise there right now.")
    return PracticeSession.objects.create(user=user, title=title[:200], question_ids=ids, created_at=now)


def advance_session(*, session: PracticeSession, now: datetime) -> PracticeSession:
    """Move to the next question; the session ends after the last one."""
    session.position = min(session.position + 1, session.total)
    session.shown_at = None
    if session.position >= session.total and session.finished_at is None:
        session.finished_at = now
    session.save(update_fields=["position", "shown_at", "finished_at"])
    return session


def current_session_question(*, session: PracticeSession, user: User, now: datetime) -> Question | None:
    """The question the session is on, as `user` may see it, or None once it is over.

    Questions deleted, archived or sent back to draft since the session started are skipped
    (one query for the rest of the list); the session ends when none is left. The first time a
    question is shown is kept, so reloading the page does not reset its clock.
    """
    if session.finished_at is not None:
        return None
    remaining = session.question_ids[session.position :]
    found = Question.objects.visible_to(user).select_related("category").prefetch_related("tags").in_bulk(remaining)
    for offset, pk in enumerate(remaining):
        if pk in found:
            if offset or session.shown_at is None:
                session.position += offset
                session.shown_at = now
                session.save(update_fields=["position", "shown_at"])
            return found[pk]
    session.position, session.shown_at, session.finished_at = session.total, None, now
    session.save(update_fields=["position", "shown_at", "finished_at"])
    return None


def _question_at(session: PracticeSession, user: User, now: datetime, position: int | None) -> Question:
    question = current_session_question(session=session, user=user, now=now)
    if question is None:
        raise SessionError("This practice session is over.")
    if position is not None and position != session.position:
        raise SessionError("That question is no longer the current one; here is the next.")
    return question


@dataclass(frozen=True)
class Revealed:
    question: Question
    matches: list[PointMatch]
    suggested_grade: str
    from_tests: bool = False  # suggested from a coding question's tests, not from key points


def reveal_session_question(
    *,
    session: PracticeSession,
    user: User,
    answer_text: str,
    now: datetime,
    position: int | None = None,
    tests_passed: int | None = None,
) -> Revealed:
    """The model answer of the current question, with the key points `answer_text` seems to
    cover pre-ticked and a suggested grade. Writes nothing but the time it was first shown.

    `tests_passed` is how many of a coding question's tests the candidate's code passed when the
    browser last ran them; given, it decides the suggestion (suggest_grade_for_tests), since
    passing tests says more about code than matching key-point words does."""
    question = _question_at(session, user, now, position)
    matches = match_key_points(
        answer_text, question.key_points, [t.slug for t in question.tags.all()], question=question.title
    )
    if question.kind == Question.Kind.CODING and tests_passed is not None and question.test_names:
        grade = suggest_grade_for_tests(tests_passed, len(question.test_names))
        return Revealed(question, matches, grade, from_tests=True)
    return Revealed(question, matches, suggest_grade(matches, answer=answer_text))


@transaction.atomic
def grade_session_question(
    *,
    session: PracticeSession,
    user: User,
    grade: Grade | str,
    answer_text: str,
    now: datetime,
    key_points_covered: Sequence[int] | None = None,
    position: int | None = None,
) -> Attempt:
    """Record the attempt at the current question, timed from when it was first shown, and move on.

    `position` is the one the user saw: a question hidden in the meantime is not graded."""
    session = PracticeSession.objects.select_for_update().get(pk=session.pk)
    question = _question_at(session, user, now, position)
    attempt = record_attempt(
        user=user,
        question=question,
        grade=grade,
        answer_text=answer_text,
        seconds_taken=seconds_since(session.shown_at, now),
        now=now,
        key_points_covered=key_points_covered,
        session=session,
    )
    advance_session(session=session, now=now)
    return attempt


def skip_session_question(
    *, session: PracticeSession, user: User, now: datetime, position: int | None = None
) -> PracticeSession:
    _question_at(session, user, now, position)
    return advance_session(session=session, now=now)


def finish_session(*, session: PracticeSession, now: datetime) -> PracticeSession:
    if session.finished_at is None:
        session.finished_at = now
        session.save(update_fields=["finished_at"])
    return session
