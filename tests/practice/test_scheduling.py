"""FSRS maths, without a database; the clock is always passed in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from practice.scheduling import (
    Rules,
    StateCode,
    bury_until,
    format_interval,
    format_steps,
    is_leech,
    new_memory,
    next_due,
    out_of_queues,
    parse_steps,
    replay,
    retrievability,
    review,
)

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
# FSRS's (and Anki's) own steps, for the tests that are about them.
ANKI_STEPS = Rules(
    learning_steps=(timedelta(minutes=1), timedelta(minutes=10)), relearning_steps=(timedelta(minutes=10),)
)


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


def test_forgetting_a_learnt_card_is_a_lapse_and_with_relearning_steps_brings_it_back_soon():
    grades = [("good", T0), ("good", T0 + timedelta(minutes=10)), ("good", T0 + timedelta(days=3))]
    memory = replay(grades, rules=ANKI_STEPS)
    assert memory.state == StateCode.REVIEW
    forgot = review(memory, "again", memory.due, rules=ANKI_STEPS)
    assert forgot.lapses == 1 and forgot.state == StateCode.RELEARNING
    assert forgot.due - memory.due < timedelta(hours=1)
    assert forgot.stability < memory.stability


def test_by_default_a_forgotten_question_comes_back_the_next_day_not_within_the_hour():
    memory = replay([("good", T0), ("good", T0 + timedelta(days=3))])
    forgot = review(memory, "again", memory.due)
    assert forgot.lapses == 1 and forgot.state == StateCode.REVIEW
    assert timedelta(days=1) <= forgot.due - memory.due <= timedelta(days=3)


def test_by_default_there_are_no_same_day_steps_every_first_grade_is_a_day_or_more():
    for grade in ("again", "hard", "good", "easy"):
        memory = review(new_memory(T0), grade, T0)
        assert memory.due - T0 >= timedelta(days=1), grade
        assert memory.state == StateCode.REVIEW


def test_with_anki_steps_a_first_good_comes_back_in_ten_minutes():
    memory = review(new_memory(T0), "good", T0, rules=ANKI_STEPS)
    assert (memory.state, memory.due - T0) == (StateCode.LEARNING, timedelta(minutes=10))


def test_learning_steps_of_the_users_own_are_followed_then_fsrs_takes_over():
    rules = Rules(learning_steps=parse_steps("30m 4h"))
    first = review(new_memory(T0), "again", T0, rules=rules)
    assert first.due - T0 == timedelta(minutes=30)
    second = review(first, "good", first.due, rules=rules)
    assert second.due - first.due == timedelta(hours=4)
    third = review(second, "good", second.due, rules=rules)
    assert third.state == StateCode.REVIEW and third.due - second.due >= timedelta(days=1)


def test_a_question_left_mid_steps_goes_on_to_days_once_the_steps_are_removed():
    mid_steps = review(new_memory(T0), "good", T0, rules=ANKI_STEPS)
    later = review(mid_steps, "good", mid_steps.due)
    assert later.state == StateCode.REVIEW and later.due - mid_steps.due >= timedelta(days=1)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("", []), ("10m", [10]), ("10m 1h", [10, 60]), (" 5M,  2h ", [5, 120]), ("90m", [90]), ("23h", [1380])],
)
def test_steps_are_read_as_anki_writes_them(text, minutes):
    steps = parse_steps(text)
    assert [int(s.total_seconds() // 60) for s in steps] == minutes
    assert parse_steps(format_steps(steps)) == steps


@pytest.mark.parametrize(
    ("text", "message"),
    [("10", "not a step"), ("ten minutes", "not a step"), ("0m", "from 1 minute"), ("1d", "from 1 minute"),
     ("25h", "from 1 minute"), ("1m 2m 3m 4m 5m 6m", "At most 5"), ("-5m", "not a step")],
)  # fmt: skip
def test_steps_that_do_not_read_are_refused_with_a_reason(text, message):
    with pytest.raises(ValueError, match=message):
        parse_steps(text)


def test_next_due_previews_every_grade_without_changing_the_memory():
    memory = replay([("good", T0), ("good", T0 + timedelta(days=2))])
    now = memory.due
    preview = next_due(memory, now)
    assert list(preview) == ["again", "hard", "good", "easy"]
    assert preview["again"] < preview["hard"] < preview["good"] < preview["easy"]
    assert preview == {g: review(memory, g, now).due for g in preview}
    assert next_due(memory, now) == preview  # the memory is a frozen value: nothing moved


def test_next_due_of_a_new_question_under_anki_steps_reads_like_anki():
    preview = next_due(new_memory(T0), T0, rules=ANKI_STEPS)
    labels = [format_interval(due - T0) for due in preview.values()]
    assert labels[:3] == ["1m", "6m", "10m"] and labels[3].endswith("d")


def test_next_due_of_a_new_question_by_default_is_all_days():
    labels = [format_interval(due - T0) for due in next_due(new_memory(T0), T0).values()]
    assert all(label.endswith("d") for label in labels), labels


@pytest.mark.parametrize(
    ("delta", "label"),
    [(timedelta(seconds=20), "1m"), (timedelta(minutes=10), "10m"), (timedelta(hours=3), "3h"),
     (timedelta(days=4), "4d"), (timedelta(days=45), "1.5mo"), (timedelta(days=800), "2.2y")],
)  # fmt: skip
def test_intervals_are_labelled_briefly(delta, label):
    assert format_interval(delta) == label


def test_a_leech_is_a_question_forgotten_the_threshold_number_of_times():
    assert not is_leech(7, 8) and is_leech(8, 8) and is_leech(9, 8) and is_leech(1, 1)


def test_lapses_count_up_to_the_leech_threshold_with_the_clock_passed_in():
    memory, now = replay([("good", T0)]), T0
    for _ in range(8):
        now = memory.due
        memory = review(review(memory, "again", now), "good", now + timedelta(days=1))
    assert memory.lapses == 8 and is_leech(memory.lapses, 8)


def test_again_while_still_learning_is_not_a_lapse():
    assert review(new_memory(T0), "again", T0).lapses == 0


def test_retrievability_decays_with_time_and_is_near_the_target_when_due():
    memory = replay([("good", T0), ("good", T0 + timedelta(days=2))])
    at_review = retrievability(memory, memory.last_review)
    at_due = retrievability(memory, memory.due)
    much_later = retrievability(memory, memory.due + timedelta(days=60))
    assert at_review == pytest.approx(1.0)
    assert at_due == pytest.approx(0.9, abs=0.02)
    assert much_later < at_due


def test_a_higher_desired_retention_means_earlier_reviews():
    first = replay([("good", T0)])
    relaxed = review(first, "good", T0 + timedelta(days=1), rules=Rules(desired_retention=0.8))
    strict = review(first, "good", T0 + timedelta(days=1), rules=Rules(desired_retention=0.97))
    assert strict.due < relaxed.due


def test_replay_is_deterministic():
    grades = [("good", T0), ("hard", T0 + timedelta(hours=1)), ("easy", T0 + timedelta(days=4))]
    assert replay(grades) == replay(grades)


def test_a_retention_outside_the_range_is_refused():
    with pytest.raises(ValueError, match="desired retention"):
        review(new_memory(T0), "good", T0, rules=Rules(desired_retention=0.5))


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


def test_a_buried_question_comes_back_when_the_next_day_starts_across_a_dst_change():
    from accounts.days import DayClock

    clock = DayClock("Europe/London", 4)
    # Buried at 23:30 BST on Saturday 24 October 2026; the clocks go back that night.
    buried_at = datetime(2026, 10, 24, 22, 30, tzinfo=UTC)
    until = bury_until(buried_at, lambda at: clock.bounds(at)[1])
    assert until == datetime(2026, 10, 25, 4, tzinfo=UTC)  # 04:00 GMT on Sunday
    assert out_of_queues(suspended_at=None, buried_until=until, now=until - timedelta(seconds=1))
    assert not out_of_queues(suspended_at=None, buried_until=until, now=until)


def test_a_suspended_question_stays_out_whatever_the_time_until_unsuspended():
    later = T0 + timedelta(days=400)
    assert out_of_queues(suspended_at=T0, buried_until=None, now=later)
    assert out_of_queues(suspended_at=T0, buried_until=T0, now=later)
    assert not out_of_queues(suspended_at=None, buried_until=None, now=later)
