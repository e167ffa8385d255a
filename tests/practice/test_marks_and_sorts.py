"""The question list marks each row new / seen / due / mastered from one joined query, sorts by
difficulty, relevance, least recently practised or a repeatable shuffle, finds the next unseen
question, and "Practise these" no longer always starts with the same questions."""

from __future__ import annotations

import random
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from practice.marks import MASTERED_STABILITY_DAYS, Mark, session_order, with_review_of
from practice.models import PracticeSession, ReviewState
from practice.services import choose_session_questions
from questions.models import Question
from tests.conftest import client_for
from tests.factories import CategoryFactory, QuestionFactory

NOW = timezone.now()


def state(user, question, *, due_in_days, stability, reps=1, last_review_days_ago=1):
    return ReviewState.objects.create(
        user=user,
        question=question,
        state=2,
        due=NOW + timedelta(days=due_in_days),
        stability=stability,
        difficulty=5.0,
        reps=reps,
        last_review=NOW - timedelta(days=last_review_days_ago),
        introduced_at=NOW - timedelta(days=30),
    )


@pytest.fixture
def four(alice):
    """One question of each mark for alice (bob has none of them)."""
    category = CategoryFactory(slug="stats", name="Statistics")
    new, seen, due, mastered = (QuestionFactory(category=category, title=f"{name} question") for name in "ABCD")
    state(alice, seen, due_in_days=3, stability=4.0)
    state(alice, due, due_in_days=-1, stability=30.0)  # due wins over a long stability
    state(alice, mastered, due_in_days=40, stability=MASTERED_STABILITY_DAYS)
    return {"new": new, "seen": seen, "due": due, "mastered": mastered}


def test_each_question_gets_the_mark_its_review_state_says(alice, four):
    marks = dict(with_review_of(Question.objects.all(), alice, NOW).values_list("slug", "my_mark"))
    assert {name: marks[q.slug] for name, q in four.items()} == {
        "new": Mark.NEW,
        "seen": Mark.SEEN,
        "due": Mark.DUE,
        "mastered": Mark.MASTERED,
    }


def test_marks_are_the_users_own(alice, bob, four):
    marks = set(with_review_of(Question.objects.all(), bob, NOW).values_list("my_mark", flat=True))
    assert marks == {Mark.NEW}


def test_the_list_page_shows_the_marks(alice, four):
    body = client_for(alice).get("/questions/?category=stats").content.decode()
    for mark in ("New", "Seen", "Due", "Mastered"):
        assert f'class="mark mark-{mark.lower()}">{mark}</span>' in body


def test_visitors_see_no_marks(client, four):
    body = client.get("/questions/?category=stats").content.decode()
    assert 'class="mark ' not in body
    assert "Least recently practised" not in body


@pytest.mark.parametrize("rows", [5, 50])
def test_the_marked_list_costs_the_same_queries_for_5_and_50_rows(alice, django_assert_num_queries, rows, settings):
    settings.QUESTIONS_PER_PAGE = 50
    category = CategoryFactory(slug="many")
    for i in range(rows):
        question = QuestionFactory(category=category)
        if i % 2:
            state(alice, question, due_in_days=i % 5 - 2, stability=float(i))
    client = client_for(alice)
    # the session with the user and the header, the category tree; the count and the page of
    # questions (review state joined in both), their tags; the facets (category totals,
    # categories, tags, common, difficulty, kind: six); how long the page stays true, to cache it
    with django_assert_num_queries(12):
        response = client.get("/questions/?category=many")
    assert response.status_code == 200
    assert response.content.decode().count('class="mark mark-') == rows


def test_it_sorts_by_difficulty_easy_first(alice):
    category = CategoryFactory(slug="d")
    for difficulty, title in [("hard", "A"), ("easy", "B"), ("medium", "C")]:
        QuestionFactory(category=category, difficulty=difficulty, title=f"{title} sorted")
    page = client_for(alice).get("/questions/?category=d&sort=difficulty").context["page"]
    assert [q.difficulty for q in page.object_list] == ["easy", "medium", "hard"]


def test_it_sorts_by_least_recently_practised_with_unpractised_last(alice):
    category = CategoryFactory(slug="p")
    recent, old, never = (QuestionFactory(category=category, title=f"{t} practised") for t in "ABC")
    state(alice, recent, due_in_days=5, stability=5, last_review_days_ago=1)
    state(alice, old, due_in_days=5, stability=5, last_review_days_ago=9)
    page = client_for(alice).get("/questions/?category=p&sort=practised").context["page"]
    assert [q.pk for q in page.object_list] == [old.pk, recent.pk, never.pk]


def titles(response) -> list[str]:
    return re.findall(r"Shuffled \d\d", response.content.decode())


def test_a_shuffle_gets_a_seed_in_the_address_and_keeps_its_order(alice, settings):
    settings.QUESTIONS_PER_PAGE = 5
    category = CategoryFactory(slug="s")
    for i in range(12):
        QuestionFactory(category=category, title=f"Shuffled {i:02d}")
    client = client_for(alice)
    response = client.get("/questions/?category=s&sort=shuffle")
    assert response.status_code == 302 and "seed=" in response["Location"]
    shown = client.get(response["Location"])
    first = [q.pk for q in shown.context["page"].object_list]
    again = client.get(response["Location"])  # the person's cached copy of the same address
    second = [q.pk for q in client.get(response["Location"] + "&page=2").context["page"].object_list]
    assert titles(again) == titles(shown) and not set(first) & set(second)
    orders = {
        tuple(q.pk for q in client.get(f"/questions/?category=s&sort=shuffle&seed={seed}").context["page"].object_list)
        for seed in (11, 222, 3333)
    }
    assert len(orders) > 1


def test_a_nonsense_sort_is_ignored_with_a_note(alice):
    response = client_for(alice).get("/questions/?sort=sideways&seed=-4")
    assert response.status_code == 200
    assert "Ignored a filter value" in response.content.decode()


def test_next_unseen_opens_the_first_question_never_graded(alice, four):
    response = client_for(alice).get("/practice/next-unseen/?category=stats")
    assert response.status_code == 302 and response["Location"] == four["new"].get_absolute_url()


def test_next_unseen_says_so_when_everything_was_seen(alice, four):
    four["new"].delete()
    response = client_for(alice).get("/practice/next-unseen/?category=stats", follow=True)
    assert "You have seen every question of this list." in response.content.decode()


def test_next_unseen_needs_a_signed_in_visitor(client, four):
    response = client.get("/practice/next-unseen/?category=stats")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_next_unseen_never_opens_a_draft(alice):
    QuestionFactory(category=CategoryFactory(slug="dr"), status=Question.Status.DRAFT)
    response = client_for(alice).get("/practice/next-unseen/?category=dr")
    assert response["Location"].startswith("/questions/")
    assert "/questions/?" in response["Location"]


def test_a_session_takes_due_then_unseen_then_the_rest_with_mastered_last(alice, four):
    questions, _ = choose_session_questions(
        user=alice, source="filter", filters={"category": "stats"}, title="t", now=NOW
    )
    assert [q.pk for q in questions] == [four[k].pk for k in ("due", "new", "seen", "mastered")]


def test_sessions_over_a_big_list_do_not_always_start_alike(alice):
    category = CategoryFactory(slug="big")
    QuestionFactory.create_batch(PracticeSession.MAX_QUESTIONS + 20, category=category, commonly_asked=False)
    starts = {
        tuple(
            q.pk
            for q in choose_session_questions(
                user=alice, source="filter", filters={"category": "big"}, title="t", now=NOW
            )[0][:5]
        )
        for _ in range(4)
    }
    assert len(starts) > 1
    filters = {"category": "big"}
    questions, _ = choose_session_questions(user=alice, source="filter", filters=filters, title="t", now=NOW)
    assert len(questions) == PracticeSession.MAX_QUESTIONS == len({q.pk for q in questions})


def test_a_sorted_list_starts_its_session_in_the_lists_order(alice):
    category = CategoryFactory(slug="o")
    hard = QuestionFactory(category=category, difficulty="hard")
    easy = QuestionFactory(category=category, difficulty="easy")
    questions, _ = choose_session_questions(
        user=alice, source="filter", filters={"category": "o"}, title="t", now=NOW, sort="difficulty"
    )
    assert [q.pk for q in questions] == [easy.pk, hard.pk]


def test_a_session_never_holds_a_draft(alice):
    category = CategoryFactory(slug="h")
    shown = QuestionFactory(category=category)
    QuestionFactory(category=category, status=Question.Status.DRAFT)
    for sort in ("", "difficulty", "shuffle"):
        questions, _ = choose_session_questions(
            user=alice, source="filter", filters={"category": "h"}, title="t", now=NOW, sort=sort, seed=5
        )
        assert [q.pk for q in questions] == [shown.pk]


def test_practise_these_from_the_page_follows_the_list_sort(alice):
    category = CategoryFactory(slug="ps")
    hard = QuestionFactory(category=category, difficulty="hard")
    easy = QuestionFactory(category=category, difficulty="easy")
    response = client_for(alice).post("/practice/sessions/", {"category": "ps", "sort": "difficulty"})
    session = PracticeSession.objects.get(user=alice)
    assert response.status_code == 302 and session.question_ids == [easy.pk, hard.pk]


def test_session_order_puts_commonly_asked_unseen_first():
    class Row:
        def __init__(self, pk, mark, common=False):
            self.pk, self.my_mark, self.commonly_asked = pk, mark, common
            self.my_due = self.my_last_review = None

    rows = [Row(1, Mark.NEW), Row(2, Mark.NEW, common=True), Row(3, Mark.NEW)]
    assert session_order(rows, NOW, rng=random.Random(1))[0].pk == 2
