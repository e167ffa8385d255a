"""What the pages say about a question's schedule: when each grade would bring it back, when a
graded question returns, and whether it is suspended, buried or a leech. Reads only."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from accounts.models import User
from practice.models import Grade, ReviewState, StudySettings
from practice.scheduling import DEFAULT_LEECH_THRESHOLD, DEFAULT_RULES, Rules, format_interval, new_memory, next_due
from questions.models import Question


@dataclass(frozen=True)
class GradeChoice:
    value: str
    label: str
    due: datetime
    wait: str  # "10m", "4d": how long until the question comes back after this grade


def grade_choices(state: ReviewState | None, now: datetime, rules: Rules) -> list[GradeChoice]:
    """The four grade buttons with the wait each would schedule; computed, nothing saved."""
    memory = state.memory() if state is not None and state.reps else new_memory(now)
    dues = next_due(memory, now, rules=rules)
    return [GradeChoice(g.value, g.label, dues[g.value], format_interval(dues[g.value] - now)) for g in Grade]


@dataclass
class Standing:
    """One question's place in a user's schedule, for its page."""

    state: ReviewState | None
    leech: bool
    leech_threshold: int
    suspended: bool
    buried: bool
    rules: Rules

    @property
    def seen(self) -> bool:
        return self.state is not None and self.state.reps > 0


def rules_and_leech_threshold(user: User) -> tuple[Rules, int]:
    settings = StudySettings.objects.filter(user=user).first()
    if settings is None:
        return DEFAULT_RULES, DEFAULT_LEECH_THRESHOLD
    return settings.rules(), settings.leech_threshold


def standing_of(user: User, question: Question, now: datetime) -> Standing:
    """Two queries: the user's settings and the question's review state."""
    rules, threshold = rules_and_leech_threshold(user)
    state = ReviewState.objects.filter(user=user, question=question).first()
    return Standing(
        state=state,
        leech=state is not None and state.lapses >= threshold,
        leech_threshold=threshold,
        suspended=state is not None and state.suspended_at is not None,
        buried=state is not None and state.is_buried(now),
        rules=rules,
    )


def grade_choices_for_many(user: User, questions: Iterable[Question], now: datetime) -> dict[int, list[GradeChoice]]:
    """Grade buttons for several questions (a mock's grading page): two queries in all."""
    rules, _ = rules_and_leech_threshold(user)
    ids = [q.pk for q in questions]
    states = {s.question_id: s for s in ReviewState.objects.filter(user=user, question_id__in=ids)}
    return {pk: grade_choices(states.get(pk), now, rules) for pk in ids}


def returns_of(user: User, question_ids: Iterable[int]) -> dict[int, ReviewState]:
    """The review states of the questions a summary lists, to say when each comes back (one query)."""
    states = ReviewState.objects.filter(user=user, question_id__in=list(question_ids)).select_related("question")
    return {s.question_id: s for s in states}
