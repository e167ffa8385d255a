"""Mock interviews and project deep-dives: the services pages, the API and tests call."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models import Prefetch, QuerySet

from accounts.models import User
from practice.coverage import PointMatch, key_point_index_errors, match_key_points, suggest_grade
from practice.models import (
    DEEP_DIVE_SLUG,
    MAX_PROBES_PER_QUESTION,
    MockInterview,
    MockItem,
    MockProbe,
    ProbeGrade,
    Project,
    ProjectAnswer,
    set_aside_by,
)
from practice.services import record_attempt, seconds_since, skip_history
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


def pick_questions(
    *, user: User, size: int, now: datetime, category: Category | None = None, include_history: bool = False
) -> list[Slot]:
    """`size` slots: published questions by PRIORITY (random within each kind), then one deep-dive.

    Kinds the bank (or the category) lacks are filled with concept or math questions; history
    questions only when asked for (skip_history); questions the user has suspended or buried are
    never picked.
    """
    pool = skip_history(
        Question.objects.published().exclude(slug=DEEP_DIVE_SLUG).exclude(set_aside_by(user, now)),
        include_history=include_history,
    )
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
    *,
    user: User,
    size: int = 5,
    seconds_per_question: int = 240,
    category: Category | None = None,
    include_history: bool = False,
    probes_per_question: int = 1,
    now: datetime,
) -> MockInterview:
    """A mock interview of `size` questions (pick_questions). After each answer the interviewer
    asks the first `probes_per_question` follow-ups of that question (those it has), one at a
    time and timed like the question; a prompt about the user's own project has none."""
    if not MIN_SIZE <= size <= MAX_SIZE:
        raise MockError(f"A mock interview has {MIN_SIZE} to {MAX_SIZE} questions.")
    if not 0 <= probes_per_question <= MAX_PROBES_PER_QUESTION:
        raise MockError(f"The interviewer asks 0 to {MAX_PROBES_PER_QUESTION} follow-ups per question.")
    # The same rule as the browse page's: a category holding only drafts is not offered, and
    # naming one (by id through the API, say) must not tell that it exists.
    if category is not None and category.pk not in {c.pk for c in categories_for_user(user)}:
        raise UnknownCategory("No such category.")
    slots = pick_questions(user=user, size=size, category=category, include_history=include_history, now=now)
    if len(slots) < MIN_SIZE:
        raise MockError("Not enough published questions for a mock interview here.")
    mock = MockInterview.objects.create(
        user=user, seconds_per_question=seconds_per_question, probes_per_question=probes_per_question, created_at=now
    )
    items = MockItem.objects.bulk_create(
        MockItem(mock=mock, position=i, question=slot.question, project=slot.project, prompt=slot.prompt)
        for i, slot in enumerate(slots)
    )
    MockProbe.objects.bulk_create(
        MockProbe(item=item, position=rung, question=follow_up["question"], answer=follow_up["answer"])
        for item in items
        if not item.prompt
        for rung, follow_up in enumerate(item.question.follow_ups[:probes_per_question])
    )
    return mock


def visible_item_rows(user: User) -> QuerySet[MockItem]:
    """Mock items whose question `user` may still see: one archived or sent back to draft since
    the mock began is left out everywhere (answering, grading, summary, API); a deleted one is gone."""
    return MockItem.objects.filter(visible_questions(user, "question__"))


def visible_items(mock: MockInterview, user: User) -> QuerySet[MockItem]:
    return visible_item_rows(user).filter(mock=mock).order_by("position")


@dataclass(frozen=True)
class Step:
    """What the interviewer is on: a question (`probe` None), or one of its follow-ups."""

    item: MockItem
    probe: MockProbe | None = None

    @property
    def shown_at(self) -> datetime | None:
        return (self.probe or self.item).shown_at

    @property
    def follow_up(self) -> int | None:
        return None if self.probe is None else self.probe.position


def with_probes(items: QuerySet[MockItem]) -> QuerySet[MockItem]:
    """Items with their follow-ups in ladder order, in one more query."""
    return items.prefetch_related(Prefetch("probes", queryset=MockProbe.objects.order_by("position")))


def steps(items: Sequence[MockItem]) -> list[Step]:
    """The interview in the order it is asked: each question, then its follow-ups."""
    return [step for item in items for step in (Step(item), *(Step(item, p) for p in item.probes.all()))]


def current_step(mock: MockInterview, user: User) -> Step | None:
    """The first question or follow-up not answered yet (of the questions `user` may still see)."""
    items = with_probes(visible_items(mock, user).select_related("question", "project"))
    return next((step for step in steps(list(items)) if (step.probe or step.item).answered_at is None), None)


def show_step(*, step: Step, now: datetime) -> Step:
    """Note when the question or follow-up is first shown: its time counts from then, however
    often the page reloads."""
    shown = step.probe or step.item
    if shown.shown_at is None:
        type(shown).objects.filter(pk=shown.pk, shown_at__isnull=True).update(shown_at=now)
        shown.refresh_from_db(fields=["shown_at"])
    return step


@transaction.atomic
def answer_item(
    *,
    mock: MockInterview,
    user: User,
    position: int,
    answer_text: str,
    now: datetime,
    follow_up: int | None = None,
) -> Step:
    """Keep the answer to the current question (`follow_up` None) or to its current follow-up
    (`follow_up` its rung, from 0); the mock finishes with the last one.

    The time taken is the server's: from when it was first shown (show_step) to `now`; no
    client figure is trusted."""
    mock = MockInterview.objects.select_for_update().get(pk=mock.pk)
    if mock.finished_at:
        raise MockError("This mock interview is over; its answers can no longer change.")
    step = current_step(mock, user)
    if step is None or step.item.position != position or step.follow_up != follow_up:
        raise MockError("Answer the questions in order: that is not the current question.")
    answered = step.probe or step.item
    answered.answer_text, answered.answered_at = answer_text, now
    answered.seconds_taken = seconds_since(answered.shown_at, now)
    answered.save(update_fields=["answer_text", "seconds_taken", "answered_at"])
    following = current_step(mock, user)
    if following is None:
        mock.finished_at = now
        mock.save(update_fields=["finished_at"])
    else:
        show_step(step=following, now=now)
    return step


@transaction.atomic
def finish_mock(*, mock: MockInterview, now: datetime) -> MockInterview:
    """End early: unanswered questions stay blank and are graded like the rest."""
    mock = MockInterview.objects.select_for_update().get(pk=mock.pk)
    if not mock.finished_at:
        mock.items.filter(answered_at__isnull=True).update(answered_at=now, seconds_taken=0)
        MockProbe.objects.filter(item__mock=mock, answered_at__isnull=True).update(answered_at=now, seconds_taken=0)
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
    matches = match_key_points(item.answer_text, item.question.key_points, tags, question=item.question.title)
    missed = None
    if item.attempt_id and item.attempt:
        covered = set(item.attempt.key_points_covered)
        missed = [p for i, p in enumerate(item.question.key_points) if i not in covered]
    return ItemReveal(matches, suggest_grade(matches, answer=item.answer_text), missed)


@dataclass(frozen=True)
class ItemGrade:
    grade: str
    key_points_covered: Sequence[int] = ()
    # Each follow-up asked, by its rung: held, partly or missed.
    follow_ups: Mapping[int, str] = field(default_factory=dict)


@transaction.atomic
def grade_mock(*, mock: MockInterview, user: User, grades: Mapping[int, ItemGrade], now: datetime) -> MockInterview:
    """Grade every answer at once; each grade is an attempt and moves the review state.

    Only the questions the user may still see are graded (visible_items)."""
    mock = MockInterview.objects.select_for_update().get(pk=mock.pk)
    if not mock.finished_at:
        raise MockError("Finish the mock interview before grading it.")
    if mock.graded_at:
        raise MockError("This mock interview is already graded.")
    items = list(with_probes(visible_items(mock, user).select_related("question")))
    missing = [item.position + 1 for item in items if item.position not in grades]
    if missing:
        raise MockError(f"Grade every question; missing: {', '.join(map(str, missing))}.")
    for item in items:
        errors = key_point_index_errors(list(grades[item.position].key_points_covered), len(item.question.key_points))
        if errors:
            raise MockError(f"Question {item.position + 1}: {' '.join(errors)}")
    unknown = [
        f"{item.position + 1}.{rung + 1}"
        for item in items
        for rung in grades[item.position].follow_ups
        if rung not in {p.position for p in item.probes.all()}
    ]
    if unknown:
        raise MockError(f"No such follow-up was asked: {', '.join(unknown)}.")
    ungraded = [
        f"{item.position + 1}.{probe.position + 1}"
        for item in items
        for probe in item.probes.all()
        if grades[item.position].follow_ups.get(probe.position) not in ProbeGrade.values
    ]
    if ungraded:
        raise MockError(f"Grade every follow-up held, partly or missed; missing: {', '.join(ungraded)}.")
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
        for probe in item.probes.all():
            probe.grade = given.follow_ups[probe.position]
            probe.save(update_fields=["grade"])
    mock.graded_at = now
    mock.save(update_fields=["graded_at"])
    return mock


@dataclass(frozen=True)
class Ladder:
    """How far down a question's follow-ups the candidate held up: `held` is how many of the
    `asked` follow-ups, from the first, were held before one was only partly answered or missed
    (`stopped`, None when every one held)."""

    asked: int
    held: int
    stopped: str | None
    grades: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        if not self.asked:
            return "No follow-up asked"
        if self.stopped is None:
            return f"Held all {self.asked}" if self.asked > 1 else "Held the follow-up"
        rung = "first" if self.held == 0 else "second" if self.held == 1 else f"number {self.held + 1}"
        how = "missed" if self.stopped == ProbeGrade.MISSED else "partly held"
        return (
            f"Held {self.held} of {self.asked}, then {how} the {rung}" if self.held else f"{how.capitalize()} the first"
        )


def ladder(grades: Sequence[str]) -> Ladder:
    """The ladder of one question from its follow-ups' grades, in the order they were asked."""
    held = 0
    while held < len(grades) and grades[held] == ProbeGrade.HELD:
        held += 1
    return Ladder(len(grades), held, grades[held] if held < len(grades) else None, tuple(grades))


def ladder_summary(ladders: Sequence[Ladder]) -> dict[str, int]:
    """The whole interview's follow-ups: on how many questions some were asked and every one
    held, how many were asked, and how many were graded held, partly and missed."""
    asked = [ladder for ladder in ladders if ladder.asked]
    return {
        "questions_probed": len(asked),
        "held_to_the_end": sum(ladder.stopped is None for ladder in asked),
        "follow_ups_asked": sum(ladder.asked for ladder in asked),
        **{f"follow_ups_{grade}": sum(ladder.grades.count(grade) for ladder in asked) for grade in ProbeGrade.values},
    }


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
