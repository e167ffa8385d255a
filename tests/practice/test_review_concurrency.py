"""Many threads grade the same card at once: no attempt or update is lost."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection

from practice.models import Attempt, ReviewState
from practice.scheduling import replay
from practice.services import record_attempt
from tests.factories import QuestionFactory, UserFactory

THREADS = 12
GRADES = ["again", "hard", "good", "easy"]


@pytest.mark.django_db(transaction=True)
def test_concurrent_grades_of_one_card_are_all_kept_and_replay_to_the_stored_state():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; CI runs this on PostgreSQL")
    user, question = UserFactory(), QuestionFactory()
    start = threading.Barrier(THREADS)
    errors: list[BaseException] = []
    t0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)

    def grade(i: int) -> None:
        try:
            start.wait()
            record_attempt(
                user=user, question=question, grade=GRADES[i % 4], answer_text=f"thread {i}",
                seconds_taken=i, now=t0 + timedelta(minutes=i),
            )  # fmt: skip
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()  # each thread has its own connection; free it for teardown

    threads = [threading.Thread(target=grade, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    attempts = list(Attempt.objects.filter(user=user, question=question).order_by("id"))
    assert len(attempts) == THREADS
    state = ReviewState.objects.get(user=user, question=question)
    expected = replay([(a.grade, a.created_at) for a in attempts])
    assert state.memory() == expected
    assert state.reps == THREADS
