"""ReviewState.category follows its question's category while the question is published, on every
path a state is made or its question changes (practice/state_categories.py)."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practice.models import ReviewState
from practice.services import record_attempt
from questions.models import Question
from tests.factories import CategoryFactory, QuestionFactory, UserFactory

NOW = datetime(2026, 5, 6, 7, 8, 9, tzinfo=UTC)


def categories_of(*questions):
    return {q.pk: set(ReviewState.objects.filter(question=q).values_list("category_id", flat=True)) for q in questions}


def state(user, question, **fields):
    return ReviewState.objects.create(user=user, question=question, due=NOW, **fields)


def states_updated(captured):
    return [q["sql"] for q in captured if q["sql"].startswith('UPDATE "practice_reviewstate"')]


@pytest.fixture
def people(db):
    return UserFactory.create_batch(2)


def test_a_new_state_takes_its_questions_category_and_none_while_unpublished(people):
    alice, bob = people
    published, draft = QuestionFactory(), QuestionFactory(status=Question.Status.DRAFT)
    record_attempt(
        user=alice, question=published, grade="good", answer_text="", seconds_taken=30, now=NOW
    )  # made in bulk
    state(bob, published)
    state(bob, draft)
    # Only the question's id known: the state reads the question.
    ReviewState.objects.create(user=alice, question_id=draft.pk, due=NOW)
    assert categories_of(published, draft) == {published.pk: {published.category_id}, draft.pk: {None}}


def test_states_made_in_bulk_read_the_questions_not_loaded_once(people):
    alice, bob = people
    loaded, unloaded = QuestionFactory(), QuestionFactory()
    with CaptureQueriesContext(connection) as captured:
        ReviewState.objects.bulk_create(
            [
                ReviewState(user=alice, question=loaded, due=NOW),
                ReviewState(user=alice, question_id=unloaded.pk, due=NOW),
                ReviewState(user=bob, question_id=unloaded.pk, due=NOW),
            ]
        )
    assert len(captured) == 2  # the unloaded question, then the insert
    assert categories_of(loaded, unloaded) == {loaded.pk: {loaded.category_id}, unloaded.pk: {unloaded.category_id}}


def test_saving_a_question_moves_its_states_only_when_its_status_or_category_changes(people):
    alice, bob = people
    question, other = QuestionFactory(), QuestionFactory()
    for user in people:
        state(user, question)
    state(alice, other)

    question.title = "Reworded"
    with CaptureQueriesContext(connection) as captured:
        question.save()
    assert states_updated(captured) == []

    question.status = Question.Status.ARCHIVED
    question.save()
    assert categories_of(question, other) == {question.pk: {None}, other.pk: {other.category_id}}

    moved_to = CategoryFactory()
    question.category = moved_to
    question.save()  # archived still: counts nowhere
    assert categories_of(question) == {question.pk: {None}}

    question.status = Question.Status.PUBLISHED
    question.save()
    assert categories_of(question, other) == {question.pk: {moved_to.pk}, other.pk: {other.category_id}}


def test_an_update_of_many_questions_moves_their_states_even_out_of_its_own_filter(people):
    alice, _ = people
    first, second, untouched = QuestionFactory(), QuestionFactory(), QuestionFactory()
    for question in (first, second, untouched):
        state(alice, question)
    # The filter no longer matches once the update is made: the ids are read before it.
    Question.objects.filter(pk__in=[first.pk, second.pk], status=Question.Status.PUBLISHED).update(
        status=Question.Status.ARCHIVED
    )
    assert categories_of(first, second, untouched) == {
        first.pk: {None},
        second.pk: {None},
        untouched.pk: {untouched.category_id},
    }
    elsewhere = CategoryFactory()
    Question.objects.filter(pk=first.pk).update(status=Question.Status.PUBLISHED, category=elsewhere)
    assert categories_of(first) == {first.pk: {elsewhere.pk}}
    with CaptureQueriesContext(connection) as captured:
        Question.objects.filter(pk=second.pk).update(title="Only the title")
    assert states_updated(captured) == []
