"""Mock interviews and project deep-dives: the services pages, the API and tests call."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from accounts.models import User
from practice.models import MockInterview, MockItem, Project, ProjectAnswer
from practice.services import record_attempt
from questions.models import Category, Question, category_with_descendants

# The shape of a real interview: concepts, a scenario, a design question, then your project.
MIX = ("concept", "concept", "scenario", "design", "behavioural")
MIN_SIZE, MAX_SIZE = 3, 10


class MockError(Exception):
    """An action that does not fit the mock interview's state; the message says why."""


def pick_questions(*, size: int, category: Category | None = None) -> list[Question]:
    """Published questions following MIX (repeated for longer mocks), random within each kind.

    Kinds the bank (or the category) lacks are filled with concept or math questions.
    """
    pool = Question.objects.published()
    if category is not None:
        pool = pool.filter(category_id__in=category_with_descendants(category.slug))
    wanted = [MIX[i % len(MIX)] for i in range(size)]
    # Behavioural prompts come from the whole bank: a project deep-dive fits any topic.
    chosen: list[Question] = []
    for kind in wanted:
        source = Question.objects.published() if kind == "behavioural" else pool
        question = source.filter(kind=kind).exclude(pk__in=[q.pk for q in chosen]).order_by("?").first()
        if question is None:
            question = (
                pool.filter(kind__in=["concept", "math"]).exclude(pk__in=[q.pk for q in chosen]).order_by("?").first()
            )
        if question is not None:
            chosen.append(question)
    return chosen


@transaction.atomic
def create_mock(
    *, user: User, size: int = 5, seconds_per_question: int = 240, category: Category | None = None, now: datetime
) -> MockInterview:
    if not MIN_SIZE <= size <= MAX_SIZE:
        raise MockError(f"A mock interview has {MIN_SIZE} to {MAX_SIZE} questions.")
    questions = pick_questions(size=size, category=category)
    if len(questions) < MIN_SIZE:
        raise MockError("Not enough published questions for a mock interview here.")
    mock = MockInterview.objects.create(user=user, seconds_per_question=seconds_per_question, created_at=now)
    MockItem.objects.bulk_create(MockItem(mock=mock, position=i, question=q) for i, q in enumerate(questions))
    return mock


def current_item(mock: MockInterview) -> MockItem | None:
    return mock.items.filter(answered_at__isnull=True).select_related("question").order_by("position").first()


@transaction.atomic
def answer_item(*, mock: MockInterview, position: int, answer_text: str, seconds_taken: int, now: datetime) -> MockItem:
    """Keep the answer to the current question; the mock finishes with the last one."""
    mock = MockInterview.objects.select_for_update().get(pk=mock.pk)
    if mock.finished_at:
        raise MockError("This mock interview is over; its answers can no longer change.")
    item = current_item(mock)
    if item is None or item.position != position:
        raise MockError("Answer the questions in order: that is not the current question.")
    item.answer_text, item.seconds_taken, item.answered_at = answer_text, seconds_taken, now
    item.save(update_fields=["answer_text", "seconds_taken", "answered_at"])
    if current_item(mock) is None:
        mock.finished_at = now
        mock.save(update_fields=["finished_at"])
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
class ItemGrade:
    grade: str
    key_points_covered: Sequence[int] = ()


@transaction.atomic
def grade_mock(*, mock: MockInterview, grades: Mapping[int, ItemGrade], now: datetime) -> MockInterview:
    """Grade every answer at once; each grade is an attempt and moves the review state."""
    mock = MockInterview.objects.select_for_update().get(pk=mock.pk)
    if not mock.finished_at:
        raise MockError("Finish the mock interview before grading it.")
    if mock.graded_at:
        raise MockError("This mock interview is already graded.")
    items = list(mock.items.select_related("question"))
    missing = [item.position + 1 for item in items if item.position not in grades]
    if missing:
        raise MockError(f"Grade every question; missing: {', '.join(map(str, missing))}.")
    for item in items:
        given = grades[item.position]
        item.attempt = record_attempt(
            user=mock.user,
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
    return project.answers.count()
