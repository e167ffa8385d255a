from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from practice.models import Attempt
from tests.conftest import api_client_for
from tests.factories import PASSWORD, AttemptFactory, QuestionFactory

ATTEMPTS = "/api/v1/attempts/"
GOOD = {"question": "bayes-rule", "answer_text": "prior × likelihood", "grade": "good", "seconds_taken": 61}


class TestToken:
    def test_email_and_password_give_a_token_that_authenticates(self, api, alice, small_bank):
        response = api.post("/api/v1/auth/token/", {"email": "alice@example.com", "password": PASSWORD}, format="json")
        assert response.status_code == 200
        token = response.json()["token"]
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        assert client.post(ATTEMPTS, GOOD, format="json").status_code == 201
        assert Attempt.objects.get().user == alice

    def test_the_email_is_matched_without_regard_to_case(self, api, alice):
        response = api.post("/api/v1/auth/token/", {"email": "ALICE@Example.com", "password": PASSWORD}, format="json")
        assert response.status_code == 200

    @pytest.mark.parametrize(
        ("payload", "fields"),
        [
            ({"email": "alice@example.com", "password": "wrong"}, {"non_field_errors"}),
            ({"email": "nobody@example.com", "password": PASSWORD}, {"non_field_errors"}),
            ({"email": "not an email"}, {"email", "password"}),
            ({}, {"email", "password"}),
        ],
    )
    def test_bad_credentials_are_a_400_with_errors(self, api, alice, payload, fields):
        response = api.post("/api/v1/auth/token/", payload, format="json")
        assert response.status_code == 400
        assert set(response.json()) == fields

    def test_an_inactive_user_gets_no_token(self, api, alice):
        alice.is_active = False
        alice.save()
        assert (
            api.post("/api/v1/auth/token/", {"email": alice.email, "password": PASSWORD}, format="json").status_code
            == 400
        )

    def test_a_bad_token_is_a_401(self, db):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
        assert client.get(ATTEMPTS).status_code == 401


class TestRecordingAttempts:
    def test_it_returns_201_with_the_stored_attempt(self, alice, small_bank):
        response = api_client_for(alice).post(ATTEMPTS, GOOD, format="json")
        assert response.status_code == 201
        body = response.json()
        attempt = Attempt.objects.get()
        assert body["id"] == attempt.pk
        assert body["question"] == {
            "slug": "bayes-rule",
            "title": small_bank.bayes.title,
            "category": {"slug": "statistics", "name": "Statistics"},
        }
        assert (body["grade"], body["seconds_taken"], body["answer_text"]) == ("good", 61, "prior × likelihood")

    def test_anonymous_callers_get_401_and_nothing_is_stored(self, api, small_bank):
        assert api.post(ATTEMPTS, GOOD, format="json").status_code == 401
        assert api.get(ATTEMPTS).status_code == 401
        assert Attempt.objects.count() == 0

    @pytest.mark.parametrize(
        ("change", "fields"),
        [
            ({"grade": "perfect"}, {"grade"}),
            ({"seconds_taken": -1}, {"seconds_taken"}),
            ({"seconds_taken": "soon"}, {"seconds_taken"}),
            ({"seconds_taken": 10**7}, {"seconds_taken"}),
            ({"question": "no-such-question"}, {"question"}),
            ({"question": "secret-draft"}, {"question"}),
            ({"grade": None, "seconds_taken": None}, {"grade", "seconds_taken"}),
        ],
    )
    def test_bad_input_is_a_400_with_an_error_per_field(self, alice, small_bank, change, fields):
        payload = {k: v for k, v in {**GOOD, **change}.items() if v is not None}
        response = api_client_for(alice).post(ATTEMPTS, payload, format="json")
        assert response.status_code == 400
        assert set(response.json()) == fields
        assert Attempt.objects.count() == 0

    def test_staff_may_record_an_attempt_on_a_draft(self, staff, small_bank):
        response = api_client_for(staff).post(ATTEMPTS, {**GOOD, "question": "secret-draft"}, format="json")
        assert response.status_code == 201

    def test_session_auth_needs_the_csrf_token(self, alice, small_bank):
        client = APIClient(enforce_csrf_checks=True)
        client.force_login(alice)
        assert client.post(ATTEMPTS, GOOD, format="json").status_code == 403
        client.get("/questions/bayes-rule/")  # sets the csrftoken cookie
        csrf = client.cookies["csrftoken"].value
        assert client.post(ATTEMPTS, GOOD, format="json", HTTP_X_CSRFTOKEN=csrf).status_code == 201


class TestListingAttempts:
    def test_callers_see_only_their_own_newest_first(self, alice, bob, small_bank):
        AttemptFactory(user=bob, question=small_bank.bayes)
        older = AttemptFactory(user=alice, question=small_bank.bayes)
        newer = AttemptFactory(user=alice, question=small_bank.vit)
        body = api_client_for(alice).get(ATTEMPTS).json()
        assert body["count"] == 2
        assert [row["id"] for row in body["results"]] == [newer.pk, older.pk]

    def test_staff_also_see_only_their_own(self, staff, alice, small_bank):
        AttemptFactory(user=alice, question=small_bank.bayes)
        assert api_client_for(staff).get(ATTEMPTS).json()["count"] == 0

    def test_another_users_attempt_is_404(self, alice, bob, small_bank):
        theirs = AttemptFactory(user=bob, question=small_bank.bayes)
        assert api_client_for(alice).get(f"{ATTEMPTS}{theirs.pk}/").status_code == 404
        assert api_client_for(bob).get(f"{ATTEMPTS}{theirs.pk}/").status_code == 200


@pytest.mark.parametrize("rows", [5, 50])
def test_the_attempt_list_runs_the_same_queries_for_5_or_50_rows(alice, django_assert_num_queries, rows):
    question = QuestionFactory()
    for _ in range(rows):
        AttemptFactory(user=alice, question=question)
    client = api_client_for(alice)
    with django_assert_num_queries(2):  # count, page with question and category joined
        assert client.get(ATTEMPTS).status_code == 200
