"""Curation under requests that arrive together (PostgreSQL): the daily cap, slugs, crossing edits."""

from __future__ import annotations

from functools import partial

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from curation.forms import ModerationForm, QuestionEditForm
from curation.services import Content, SubmissionLimit, submit_question
from questions.models import Question, Submission
from tests.conftest import api_client_for
from tests.factories import UserFactory
from tests.threads import at_once, require_postgresql

pytestmark = pytest.mark.django_db(transaction=True)
ROUNDS = 10
EDITS = {"title": "Title {n}?", "answer": "Answer {n}."}  # what each curator writes in round n


def content(small_bank, title: str = "What does weight decay do to the loss?") -> Content:
    return Content(title=title, category=small_bank.stats, difficulty="medium", kind="concept", answer="Shrinks w.")


def curator(email: str):
    user = UserFactory(email=email)
    user.groups.add(Group.objects.get_or_create(name="curator")[0])
    return user


def test_thirty_submissions_at_once_store_no_more_than_the_daily_cap(alice, small_bank, settings):
    require_postgresql()
    settings.SUBMISSIONS_PER_DAY = 10
    now = timezone.now()
    calls = [partial(submit_question, user=alice, content=content(small_bank, f"Question {i}?"), now=now)
             for i in range(30)]  # fmt: skip
    results = at_once(*calls)
    others = [r for r in results if not isinstance(r, Submission | SubmissionLimit)]
    assert others == []
    assert Submission.objects.filter(submitter=alice).count() == 10
    assert sum(isinstance(r, SubmissionLimit) for r in results) == 20


def test_the_same_title_submitted_at_once_gets_a_slug_each(small_bank):
    require_postgresql()
    users = [UserFactory() for _ in range(8)]
    results = at_once(
        *(partial(submit_question, user=u, content=content(small_bank), now=timezone.now()) for u in users)
    )
    assert all(isinstance(r, Submission) for r in results), results
    slugs = sorted(Question.objects.filter(title=content(small_bank).title).values_list("slug", flat=True))
    base = "what-does-weight-decay-do-to-the-loss"
    assert slugs == sorted([base, *(f"{base}-{n}" for n in range(2, 9))])


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def crossing_edits(post_first, post_second, read) -> list[tuple[str, str]]:
    """ROUNDS rounds of two curators saving, at the same moment, an edit of a different field
    (the title, the answer), each from the question as it was when they opened it; what became
    of the two edits in each round: "saved", "lost" (answered as saved, but not there) or the
    status of a refusal ("409", or "409 but saved" if it was there all the same)."""
    rounds = []
    for n in range(ROUNDS):
        first, second = at_once(partial(post_first, n), partial(post_second, n))
        title, answer = read()
        outcome = []
        for response, landed in ((first, title == EDITS["title"].format(n=n)),
                                 (second, answer == EDITS["answer"].format(n=n))):  # fmt: skip
            if response.status_code in {200, 302}:
                outcome.append("saved" if landed else "lost")
            else:
                outcome.append(f"{response.status_code}{' but saved' if landed else ''}")
        rounds.append(tuple(outcome))
    return rounds


def losing(rounds: list[tuple[str, str]]) -> str:
    lost = sum("lost" in outcome for outcome in rounds)
    return f"{lost} of {len(rounds)} rounds lost an edit silently: {rounds}"


def test_two_curators_saving_different_fields_of_the_edit_page_at_once_lose_nothing(small_bank):
    require_postgresql()
    clients = signed_in(curator("carol@example.com")), signed_in(curator("dave@example.com"))
    url = f"/curation/questions/{small_bank.bayes.slug}/edit/"
    opened: dict[int, dict] = {}

    def post(who: int, field: str, n: int):
        data = {**opened[n], field: EDITS[field].format(n=n), "reason": f"round {n}", "action": "save"}
        return clients[who].post(url, data)

    def read() -> tuple[str, str]:
        question = Question.objects.get(pk=small_bank.bayes.pk)
        opened[len(opened)] = QuestionEditForm.initial_for(question)  # what both see when they open the next round
        return question.title, question.answer

    read()
    rounds = crossing_edits(partial(post, 0, "title"), partial(post, 1, "answer"), read)
    # One of the two is saved; the other started from a revision that is no longer the latest.
    assert all(sorted(outcome) == ["409", "saved"] for outcome in rounds), losing(rounds)


@pytest.mark.parametrize("send_revision", [True, False], ids=["with its revision", "without a revision"])
def test_two_curators_patching_different_fields_over_the_api_at_once_lose_nothing(small_bank, send_revision):
    require_postgresql()
    clients = api_client_for(curator("carol@example.com")), api_client_for(curator("dave@example.com"))
    url = f"/api/v1/curation/questions/{small_bank.bayes.slug}/"
    opened: dict[int, int] = {}

    def patch(who: int, field: str, n: int):
        body = {field: EDITS[field].format(n=n), "reason": f"round {n}"} | (
            {"revision": opened[n]} if send_revision else {}
        )
        return clients[who].patch(url, body, format="json")

    def read() -> tuple[str, str]:
        question = Question.objects.get(pk=small_bank.bayes.pk)
        opened[len(opened)] = question.history.latest("history_id").history_id
        return question.title, question.answer

    read()
    rounds = crossing_edits(partial(patch, 0, "title"), partial(patch, 1, "answer"), read)
    if send_revision:
        assert all(sorted(outcome) == ["409", "saved"] for outcome in rounds), losing(rounds)
    else:
        # Each edit is merged into the question as the request found it; if the other one was saved
        # meanwhile, that is a 409 too, never a silent loss (and both land when they do not cross).
        assert all(set(outcome) <= {"409", "saved"} and "saved" in outcome for outcome in rounds), losing(rounds)


def test_two_curators_moderating_one_submission_at_once_lose_nothing(alice, small_bank):
    require_postgresql()
    submission = submit_question(user=alice, content=content(small_bank), now=timezone.now())
    clients = signed_in(curator("carol@example.com")), signed_in(curator("dave@example.com"))
    url = f"/curation/submissions/{submission.pk}/"
    opened: dict[int, dict] = {}

    def post(who: int, field: str, n: int):
        return clients[who].post(url, {**opened[n], field: EDITS[field].format(n=n), "action": "save"})

    def read() -> tuple[str, str]:
        question = Question.objects.get(pk=submission.question_id)
        opened[len(opened)] = ModerationForm.initial_for(question)
        return question.title, question.answer

    read()
    rounds = crossing_edits(partial(post, 0, "title"), partial(post, 1, "answer"), read)
    assert all(sorted(outcome) == ["409", "saved"] for outcome in rounds), losing(rounds)
