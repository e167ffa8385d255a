"""FSRS maths, without a database; the clock is always passed in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from practice.scheduling import StateCode, new_memory, replay, retrievability, review

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def test_a_new_memory_is_due_at_once_and_unrecallable():
    memory = new_memory(T0)
    assert (memory.state, memory.due, memory.reps) == (StateCode.NEW, T0, 0)
    assert retrievability(memory, T0) == 0.0


def test_good_grades_push_the_next_review_further_out_each_time():
    memory, gaps, now = new_memory(T0), [], T0
    for _ in range(5):
        memory = review(memory, "good", now)
        gaps.append(memory.due - now)
        now = memory.due
    assert gaps == sorted(gaps) and gaps[-1] > timedelta(days=7)
    assert memory.state == StateCode.REVIEW and memory.reps == 5


def test_easy_schedules_later_than_good_and_good_later_than_hard():
    first = review(new_memory(T0), "good", T0)
    later = first.due + timedelta(days=1)
    dues = {g: review(first, g, later).due for g in ("hard", "good", "easy")}
    assert dues["hard"] < dues["good"] < dues["easy"]


def test_forgetting_a_learnt_card_is_a_lapse_and_brings_it_back_soon():
    memory = replay([("good", T0), ("good", T0 + timedelta(minutes=10)), ("good", T0 + timedelta(days=3))])
    assert memory.state == StateCode.REVIEW
    forgot = review(memory, "again", memory.due)
    assert forgot.lapses == 1 and forgot.state == StateCode.RELEARNING
    assert forgot.due - memory.due < timedelta(hours=1)
    assert forgot.stability < memory.stability


def test_again_while_still_learning_is_not_a_lapse():
    assert review(new_memory(T0), "again", T0).lapses == 0


def test_retrievability_decays_with_time_and_is_near_the_target_when_due():
    memory = replay([("good", T0), ("good", T0 + timedelta(minutes=10)), ("good", T0 + timedelta(days=2))])
    at_review = retrievability(memory, memory.last_review)
    at_due = retrievability(memory, memory.due)
    much_later = retrievability(memory, memory.due + timedelta(days=60))
    assert at_review == pytest.approx(1.0)
    assert at_due == pytest.approx(0.9, abs=0.02)
    assert much_later < at_due


def test_a_higher_desired_retention_means_earlier_reviews():
    first = replay([("good", T0), ("good", T0 + timedelta(minutes=10))])
    relaxed = review(first, "good", T0 + timedelta(days=1), desired_retention=0.8)
    strict = review(first, "good", T0 + timedelta(days=1), desired_retention=0.97)
    assert strict.due < relaxed.due


def test_replay_is_deterministic():
    grades = [("good", T0), ("hard", T0 + timedelta(hours=1)), ("easy", T0 + timedelta(days=4))]
    assert replay(grades) == replay(grades)


def test_a_retention_outside_the_range_is_refused():
    with pytest.raises(ValueError, match="desired retention"):
        review(new_memory(T0), "good", T0, desired_retention=0.5)


def test_retrievability_is_what_the_fsrs_scheduler_says_for_the_same_card():
    from fsrs import Card, Scheduler, State

    from practice.scheduling import recall_probability

    memory = replay([("good", T0), ("good", T0 + timedelta(days=3))])
    card = Card(card_id=7, state=State(memory.state), step=memory.step, stability=memory.stability,
                difficulty=memory.difficulty, due=memory.due, last_review=memory.last_review)  # fmt: skip
    scheduler = Scheduler(enable_fuzzing=False)
    for days in (0, 1, 10, 100):
        at = memory.last_review + timedelta(days=days, hours=5)
        assert retrievability(memory, at) == scheduler.get_card_retrievability(card, current_datetime=at)
        assert recall_probability(memory.stability, memory.last_review, at) == retrievability(memory, at)
