from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import IntegrityError

from practice.models import Attempt
from practice.services import record_attempt
from tests.factories import AttemptFactory, QuestionFactory, UserFactory

NOW = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)


@pytest.mark.django_db
def test_it_stores_the_attempt_at_the_time_it_is_given():
    user, question = UserFactory(), QuestionFactory()
    attempt = record_attempt(
        user=user, question=question, grade="hard", answer_text="Gradients vanish.", seconds_taken=75, now=NOW
    )
    attempt.refresh_from_db()
    assert (attempt.user, attempt.question, attempt.grade) == (user, question, "hard")
    assert (attempt.answer_text, attempt.seconds_taken, attempt.created_at) == ("Gradients vanish.", 75, NOW)


@pytest.mark.django_db
def test_it_refuses_a_grade_that_is_not_one_of_the_four():
    with pytest.raises(ValueError):
        record_attempt(
            user=UserFactory(), question=QuestionFactory(), grade="perfect", answer_text="", seconds_taken=1, now=NOW
        )
    assert Attempt.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(("field", "value"), [("grade", "great"), ("seconds_taken", 10**6)])
def test_the_database_enforces_grade_and_time_bounds(field, value):
    with pytest.raises(IntegrityError):
        AttemptFactory(**{field: value})
