from __future__ import annotations

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from practice.models import Attempt
from practice.question_pages import STARTED_SALT
from tests.factories import PASSWORD, AttemptFactory, QuestionFactory, confirm_signup

ATTEMPTS = reverse("practice:attempts")


def attempt_url(slug: str) -> str:
    return reverse("practice:attempt-create", args=[slug])


def started(seconds_ago: int) -> str:
    return signing.dumps(timezone.now().timestamp() - seconds_ago, salt=STARTED_SALT)


class TestSavingAnAttempt:
    def test_a_signed_in_user_saves_answer_grade_and_time(self, alice_client, alice, small_bank):
        response = alice_client.post(
            attempt_url("bayes-rule"),
            {"answer_text": "P(A|B) = P(B|A)P(A)/P(B)", "grade": "good", "started": started(90)},
        )
        assert response.status_code == 302
        assert response["Location"] == "/questions/bayes-rule/"
        attempt = Attempt.objects.get()
        assert (attempt.user, attempt.question, attempt.grade) == (alice, small_bank.bayes, "good")
        assert attempt.answer_text == "P(A|B) = P(B|A)P(A)/P(B)"
        assert 90 <= attempt.seconds_taken <= 95

    def test_a_forged_start_stamp_counts_as_zero_seconds(self, alice_client, small_bank):
        alice_client.post(attempt_url("bayes-rule"), {"grade": "easy", "started": "12345"})
        assert Attempt.objects.get().seconds_taken == 0

    def test_a_missing_grade_keeps_the_typed_answer_and_says_why(self, alice_client, small_bank):
        response = alice_client.post(attempt_url("bayes-rule"), {"answer_text": "half done"}, follow=True)
        assert Attempt.objects.count() == 0
        assert "Pick a grade to save the attempt." in response.content.decode()
        assert response.context["form"].initial["answer_text"] == "half done"

    def test_nobody_but_staff_can_attempt_a_draft(self, alice_client, staff_client, small_bank):
        assert alice_client.post(attempt_url("secret-draft"), {"grade": "good"}).status_code == 404
        assert staff_client.post(attempt_url("secret-draft"), {"grade": "good"}).status_code == 302
        assert Attempt.objects.count() == 1

    def test_get_is_not_allowed(self, alice_client, small_bank):
        assert alice_client.get(attempt_url("bayes-rule")).status_code == 405

    def test_anonymous_users_are_asked_to_sign_in_and_get_their_answer_back(self, client, alice, small_bank):
        response = client.post(attempt_url("bayes-rule"), {"answer_text": "prior times likelihood", "grade": "hard"})
        assert response.status_code == 302
        assert response["Location"] == "/accounts/login/?next=%2Fquestions%2Fbayes-rule%2F"
        assert Attempt.objects.count() == 0

        login = client.post(
            "/accounts/login/", {"login": "alice@example.com", "password": PASSWORD, "next": "/questions/bayes-rule/"}
        )
        assert login["Location"] == "/questions/bayes-rule/"
        page = client.get("/questions/bayes-rule/")
        assert page.context["form"].initial["answer_text"] == "prior times likelihood"
        assert "prior times likelihood</textarea>" in page.content.decode()
        # Shown once; the next visit starts blank.
        assert client.get("/questions/bayes-rule/").context["form"].initial["answer_text"] == ""

    def test_the_answer_survives_signing_up_too(self, client, small_bank):
        client.post(attempt_url("bayes-rule"), {"answer_text": "kept through sign-up", "grade": "good"})
        response = client.post(
            "/accounts/signup/",
            {
                "email": "new@example.com",
                "password1": PASSWORD,
                "password2": PASSWORD,
                "next": "/questions/bayes-rule/",
            },
        )
        assert response["Location"] == "/accounts/confirm-email/"
        assert confirm_signup(client)["Location"] == "/questions/bayes-rule/"
        assert client.get("/questions/bayes-rule/").context["form"].initial["answer_text"] == "kept through sign-up"


class TestMyAttempts:
    def test_anonymous_users_are_sent_to_sign_in(self, client, db):
        response = client.get(ATTEMPTS)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")

    def test_it_lists_only_my_own_attempts_newest_first(self, alice_client, alice, bob, small_bank):
        old = AttemptFactory(
            user=alice, question=small_bank.bayes, created_at=timezone.now() - timezone.timedelta(days=1)
        )
        new = AttemptFactory(user=alice, question=small_bank.vit)
        AttemptFactory(user=bob, question=small_bank.bayes, answer_text="bob's secret")
        response = alice_client.get(ATTEMPTS)
        assert list(response.context["page"].object_list) == [new, old]
        assert "bob&#x27;s secret" not in response.content.decode()

    def test_staff_see_only_their_own_attempts_here_too(self, staff_client, alice, small_bank):
        AttemptFactory(user=alice, question=small_bank.bayes)
        assert list(staff_client.get(ATTEMPTS).context["page"].object_list) == []

    def test_it_is_paginated(self, alice_client, alice, settings, small_bank):
        settings.ATTEMPTS_PER_PAGE = 2
        for _ in range(3):
            AttemptFactory(user=alice, question=small_bank.bayes)
        assert alice_client.get(ATTEMPTS + "?page=2").context["page"].object_list.__len__() == 1


@pytest.mark.parametrize("rows", [5, 50])
def test_my_attempts_runs_the_same_queries_for_5_or_50_rows(db, alice, django_assert_num_queries, rows):
    client = Client()
    client.force_login(alice)
    question = QuestionFactory()
    for _ in range(rows):
        AttemptFactory(user=alice, question=question)
    # the session with the user and the header (due count, unread notifications, curator group);
    # count, page (question and category joined)
    with django_assert_num_queries(3):
        assert client.get(ATTEMPTS).status_code == 200


def test_the_question_page_shows_my_recent_attempts_but_not_others(alice_client, alice, bob, small_bank):
    AttemptFactory(user=bob, question=small_bank.bayes, grade="again")
    AttemptFactory(user=alice, question=small_bank.bayes, grade="easy")
    recent = alice_client.get("/questions/bayes-rule/").context["recent_attempts"]
    assert [a.grade for a in recent] == ["easy"]
