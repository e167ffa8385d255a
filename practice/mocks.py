"""Mock interviews and project deep-dives: the services pages, the API and tests call."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet

from accounts.models import User
from practice.coverage import PointMatch, key_point_index_errors, match_key_points, suggest_grade
from practice.models import DEEP_DIVE_SLUG, MockInterview, MockItem, Project, ProjectAnswer, set_aside_by
from practice.services import record_attempt, seconds_since
from questions.access import categories_for_user
from questions.models import Category, Question, category_with_descendants, visible_questions

# The shape of a real interview: concepts, a scenario, a design question, then your project.
# Slots are filled in this order of priority, then shown in ORDER; the deep-dive is always last.
PRIORITY = ("concept", "scenario", "design", "concept", "concept", "scenario", "design", "math", "concept")
ORDER = {"concept": 0, "math": 1, "scenario": 2, "design": 3}
MIN_SIZE, MAX_SIZE = 3, 10


class MockError(Exception):
    """An action that does not fit the mock interview's state; the message says why."""


class UnknownCategory(MockError):
    """The category does not exist, or holds nothing the user may see (the same answer)."""


@dataclass(frozen=True)
class Slot:
    question: Question
    project: Project | None = None
    prompt: str = ""


def deep_dive_slot(user: User) -> Slot | None:
    """The one project deep-dive of a mock: a prompt about the user's latest project when they
    have described one (a prompt they have answered, to rehearse it, when there is one), else the
    bank's deep-dive question. Both hang on that question, for its key points and review state."""
    anchor = Question.objects.published().filter(slug=DEEP_DIVE_SLUG).first()
    if anchor is None:  # a bank without it: any behavioural question will do
        anchor = Question.objects.published().filter(kind="behavioural").order_by("?").first()
    if anchor is None:
        return None
    project = Project.objects.filter(user=user).order_by("-created_at").first()
    if project is None:
        return Slot(anchor)
    answered = list(project.answers.values_list("prompt", flat=True))
    return Slot(anchor, project, random.choice(answered or PROMPT_KEYS))


def pick_questions(*, user: User, size: int, now: datetime, category: Category | None = None) -> list[Slot]:
    """`size` slots: published questions by PRIORITY (random within each kind), then one deep-dive.

    Kinds the bank (or the category) lacks are filled with concept or math questions; questions
    the user has suspended or buried are never picked.
    """
    pool = Question.objects.published().exclude(slug=DEEP_DIVE_SLUG).exclude(set_aside_by(user, now))
    if category is not None:
        pool = pool.filter(category_id__in=category_with_descendants(category.slug))
    deep_dive = deep_dive_slot(user)
    wanted = [PRIORITY[i % len(PRIORITY)] for i in range(size - (deep_dive is not None))]
    chosen: list[Question] = []
    taken = [deep_dive.question.pk] if deep_dive else []
    for kind in wanted:
        question = pool.filter(kind=kind).exclude(pk__in=taken).order_by("?").first()
        if question is None:
            question = pool.filter(kind__in=["concept", "math"]).exclude(pk__in=taken).order_by("?").first()
        if question is not None:
            chosen.append(question)
            taken.append(question.pk)
    chosen.sort(key=lambda q: ORDER.get(q.kind, len(ORDER)))
    return [Slot(q) for q in chosen] + ([deep_dive] if deep_dive else [])


@transaction.atomic
def create_mock(
    *, user: User, size: int = 5, seconds_per_question: int = 240, category: Category | None = None, now: datetime
) -> MockInterview:
    if not MIN_SIZE <= size <= MAX_SIZE:
        raise MockError(f"A mock interview has {MIN_SIZE} to {MAX_SIZE} questions.")
    # The same rule as the browse page's: a category holding only drafts is not offered, and
    # naming one (by id through the API, say) must not tell that it exists.
    if category is not None and category.pk not in {c.pk for c in categories_for_user(user)}:
        raise UnknownCategory("No such category.")
    slots = pick_questions(user=user, size=size, category=category, now=now)
    if len(slots) < MIN_SIZE:
        raise MockError("Not enough published questions for a mock interview here.")
    mock = MockInterview.objects.create(user=user, seconds_per_question=seconds_per_question, created_at=now)
    MockItem.objects.bulk_create(
        MockItem(mock=mock, position=i, question=slot.question, project=slot.project, prompt=slot.prompt)
        for i, slot in enumerate(slots)
    )
    return mock


def visible_item_rows(user: User) -> QuerySet[MockItem]:
    """Mock items whose question `user` may still see: one archived or sent back to draft since
    the mock began is left out everywhere (answering, grading, summary, API); a deleted one is gone."""
    return MockItem.objects.filter(visible_questions(user, "question__"))


def visible_items(mock: MockInterview, user: User) -> QuerySet[MockItem]:
    return visible_item_rows(user).filter(mock=mock).order_by("position")


def current_item(mock: MockInterview, user: User) -> MockItem | None:
    return (
        visible_items(mock, user)
        .filter(answered_at__isnull=True)
        .select_related("question", "project")
        .order_by("position")
        .first()
    )


def show_item(*, item: MockItem, now: datetime) -> MockItem:
    """Note when the item is first shown: its time counts from then, however often it reloads."""
    if item.shown_at is None:
        MockItem.objects.filter(pk=item.pk, shown_at__isnull=True).update(shown_at=now)
        item.refresh_from_db(fields=["shown_at"])
    return item


@transaction.atomic
def answer_item(*, mock: MockInterview, user: User, position: int, answer_text: str, now: datetime) -> MockItem:
    """Keep the answer to the current question; the mock finishes with the last one.

    The time taken is the server's: from when the question was first shown (show_item) to `now`;
    no client figure is trusted."""
    mock = MockInterview.objects.select_for_update().get(pk=mock.pk)
    if mock.finished_at:
        raise MockError("This mock interview is over; its answers can no longer change.")
    item = current_item(mock, user)
    if item is None or item.position != position:
        raise MockError("Answer the questions in order: that is not the current question.")
    item.answer_text, item.seconds_taken, item.answered_at = answer_text, seconds_since(item.shown_at, now), now
    item.save(update_fields=["answer_text", "seconds_taken", "answered_at"])
    following = current_item(mock, user)
    if following is None:
        mock.finished_at = now
        mock.save(update_fields=["finished_at"])
    else:
        show_item(item=following, now=now)
    return item


@transaction.atomic
def finish_mock(*, mock: MockInterview, now: datetime) -> MockInterview:
    """End early: unanswered questions stay blank and are graded like the rest."""
    mock = MockInterview.objects.select_for_update().get(pk=mock.pk)
    if not mock.finished_at:
        mock.items.filter(answered_at__isnull=True).update(answered_at=now, seconds_taken=0)
        mock.finished_at = now
        mock.save(update_fields=["finished_at"])
    return mock


@dataclass(frozen=True)
class ItemReveal:
    matches: list[PointMatch]
    suggested_grade: str
    missed: list[str] | None  # once graded: the key points not ticked


def reveal_item(item: MockItem) -> ItemReveal:
    """What the grading page and the API show once the answers are in: the key points the answer
    seems to cover, pre-ticked, a suggested grade, and after grading the points missed."""
    tags = [t.slug for t in item.question.tags.all()]
    matches = match_key_points(item.answer_text, item.question.key_points, tags)
    missed = None
    if item.attempt_id and item.attempt:
        covered = set(item.attempt.key_points_covered)
        missed = [p for i, p in enumerate(item.question.key_points) if i not in covered]
    return ItemReveal(matches, suggest_grade(matches, answer=item.answer_text), missed)


@dataclass(frozen=True)
class ItemGrade:
    grade: str
    key_points_covered: Sequence[int] = ()


@transaction.atomic
def grade_mock(*, mock: MockInterview, user: User, grades: Mapping[int, ItemGrade], now: datetime) -> MockInterview:
    """Grade every answer at once; each grade is an attempt and moves the review state.

    Only the questions the user may still see are graded (visible_items)."""
    mock = MockInterview.objects.select_for_update().get(pk=mock.pk)
    if not mock.finished_at:
        raise MockError("Finish the mock interview before grading it.")
    if mock.graded_at:
        raise MockError("This mock interview is already graded.")
    items = list(visible_items(mock, user).select_related("question"))
    missing = [item.position + 1 for item in items if item.position not in grades]
    if missing:
        raise MockError(f"Grade every question; missing: {', '.join(map(str, missing))}.")
    for item in items:
        errors = key_point_index_errors(list(grades[item.position].key_points_covered), len(item.question.key_points))
        if errors:
            raise MockError(f"Question {item.position + 1}: {' '.join(errors)}")
    for item in items:
        given = grades[item.position]
        item.attempt = record_attempt(
            user=user,
            question=item.question,
            grade=given.grade,
            answer_text=item.answer_text,
            seconds_taken=item.seconds_taken or 0,
            now=now,
            key_points_covered=given.key_points_covered,
        )
        item.save(update_fields=["attempt"])
    mock.graded_at = now
    mock.save(update_fields=["graded_at"])
    return mock


# Project deep-dive -------------------------------------------------------------------------

PROMPTS: list[tuple[str, str, str]] = [
    (
        "problem",
        "What problem did the project solve, and for whom?",
        "The user, the decision it informs, why it mattered.",
    ),
    ("data", "What data did you have, and what was wrong with it?", "Size, labels, leakage, bias, how you cleaned it."),
    (
        "approach",
        "What did you build, and why that and not something simpler?",
        "The baseline first, then each step up.",
    ),
    ("evaluation", "How did you evaluate it, offline and online?", "Metrics tied to the goal, splits, experiments."),
    (
        "state-of-the-art",
        "How does it compare to the state of the art?",
        "Published results, strong baselines, the gap.",
    ),
    ("decisions", "Which decision would you defend hardest, and which would you change?", "Trade-offs, costs."),
    ("concepts", "Which ML concepts does it rest on? Explain one in depth.", "Be ready to derive or draw it."),
    ("impact", "What changed because of it, in numbers?", "Impact, adoption, what you learnt."),
]
PROMPT_KEYS = [key for key, _, _ in PROMPTS]


def prompt_text(key: str) -> str:
    return next((text for k, text, _ in PROMPTS if k == key), "")


def save_project_answers(*, project: Project, answers: Mapping[str, str], now: datetime) -> int:
    """Keep the answers to the deep-dive prompts; empty answers are removed. Returns how many are kept."""
    for key, text in answers.items():
        if key not in PROMPT_KEYS:
            raise MockError(f"Unknown prompt '{key}'.")
        if text.strip():
            ProjectAnswer.objects.update_or_create(
                project=project, prompt=key, defaults={"text": text, "updated_at": now}
            )
        else:
            ProjectAnswer.objects.filter(project=project, prompt=key).delete()
    Project.objects.filter(pk=project.pk).update(updated_at=now)
    return project.answers.count()
