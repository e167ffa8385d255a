"""ReviewState.category: the category a state counts towards, its question's while the question
is published, else none.

The team dashboard groups its members' states by it and reads one index, no questions: joining
the questions to learn each state's category and status cost that pass half its time. It is
kept here, on every path by which a state is made or its question changes:

- a new state takes its question's (ReviewStateQuerySet.bulk_create, which record_attempt uses,
  and ReviewState.save when adding);
- a question saved with another status or category moves its states (pre_save reads what it
  was; post_save moves them in one UPDATE, only then);
- QuestionQuerySet.update of status or category sends questions_moved with the ids, and their
  states follow in one UPDATE.

A question's states go with it when it is deleted, and a category with questions cannot be.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import OuterRef, Subquery
from django.db.models.signals import post_save, pre_save

from accounts.id_lists import OneOf
from questions.models import Question, questions_moved


def counted_category(status: str, category_id: int | None) -> int | None:
    return category_id if status == Question.Status.PUBLISHED else None


def _question_loaded(state: Any) -> bool:
    return bool(state._meta.get_field("question").is_cached(state))


def fill(states: Iterable[Any], using: str) -> None:
    """Set each new state's category from its question (read once for those not loaded)."""
    states = list(states)
    unread = {s.question_id for s in states if not _question_loaded(s)}
    read = {
        pk: counted_category(status, category_id)
        for pk, status, category_id in Question.objects.using(using)
        .filter(OneOf("pk", unread))
        .values_list("pk", "status", "category_id")
    }
    for state in states:
        if _question_loaded(state):
            state.category_id = counted_category(state.question.status, state.question.category_id)
        else:
            state.category_id = read.get(state.question_id)


def move(question_ids: Iterable[int], using: str) -> None:
    """The states of these questions set to what their questions say now, in one UPDATE."""
    from practice.models import ReviewState  # practice.models calls fill() from here

    now_counted = Question.objects.filter(pk=OuterRef("question_id"), status=Question.Status.PUBLISHED)
    ReviewState.objects.using(using).filter(OneOf("question_id", question_ids)).update(
        category=Subquery(now_counted.values("category_id")[:1])
    )


def _before_save(sender: Any, instance: Question, raw: bool = False, using: str = "default", **kwargs: Any) -> None:
    if raw or instance.pk is None:
        return
    was = Question.objects.using(using).filter(pk=instance.pk).values_list("status", "category_id").first()
    instance._counted_was = None if was is None else counted_category(*was)  # type: ignore[attr-defined]


def _after_save(
    sender: Any, instance: Question, created: bool, raw: bool = False, using: str = "default", **kwargs: Any
) -> None:
    if raw or created:
        return  # loaddata writes states as they were; a new question has no states
    counted = counted_category(instance.status, instance.category_id)
    if getattr(instance, "_counted_was", counted) != counted:
        move([instance.pk], using)
    instance._counted_was = counted  # type: ignore[attr-defined]


def _moved(sender: Any, ids: list[int], using: str = "default", **kwargs: Any) -> None:
    move(ids, using)


def connect_signals() -> None:
    pre_save.connect(_before_save, sender=Question, dispatch_uid="state_categories.before_save")
    post_save.connect(_after_save, sender=Question, dispatch_uid="state_categories.after_save")
    questions_moved.connect(_moved, sender=Question, dispatch_uid="state_categories.moved")
