"""What the API does with input it cannot use: a 400 naming the field (or a 404 for an id in the
address), never a server error. The cases of the security review (issue 11, finding 4) first,
then a sweep of every write endpoint in the schema with each malformed shape."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.api_world import World, build_world
from tests.conftest import api_client_for, client_for

DEEP = "[" * 2000 + "]" * 2000
TOO_BIG_FOR_SQLITE = 99999999999999999999
SUBMISSION = {"title": "Why?", "category": "vision", "difficulty": "easy", "kind": "concept"}


@pytest.fixture
def world(db) -> World:
    return build_world()


def send(client: APIClient, method: str, path: str, raw: str) -> object:
    return getattr(client, method)(path, raw, content_type="application/json")


def field_errors(response) -> dict:  # type: ignore[no-untyped-def]
    assert response.status_code == 400, (response.status_code, response.content[:300])
    body = response.json()
    assert isinstance(body, dict) and body, body
    assert all(isinstance(messages, (list, dict)) for messages in body.values()), body
    return body


class TestTheReviewsCases:
    def test_json_nested_two_thousand_levels_deep_is_a_400_on_the_anonymous_token_endpoint(self, db):
        response = send(APIClient(), "post", "/api/v1/auth/token/", DEEP)
        assert "nested deeper than" in field_errors(response)["non_field_errors"][0]

    def test_json_nested_two_thousand_levels_deep_is_a_400_where_a_signed_in_user_writes(self, world):
        response = send(api_client_for(world.alice), "post", "/api/v1/teams/", '{"name": ' + DEEP + "}")
        assert "nested deeper than" in field_errors(response)["non_field_errors"][0]

    @pytest.mark.parametrize("raw", ["[]", '"x"', "null", "1"])
    @pytest.mark.parametrize(
        ("who", "method", "path"),
        [
            ("alice", "patch", "/api/v1/submissions/{submission}/"),
            ("carol", "patch", "/api/v1/curation/questions/{question}/"),
            ("carol", "post", "/api/v1/submissions/{submission}/reject/"),
            ("carol", "post", "/api/v1/submissions/{submission}/request-changes/"),
        ],
    )
    def test_a_json_body_that_is_not_an_object_is_a_400(self, world, who, method, path, raw):
        url = path.format(submission=world.submission.pk, question=world.question.slug)
        response = send(api_client_for(getattr(world, who)), method, url, raw)
        assert "Expected a JSON object" in field_errors(response)["non_field_errors"][0]
        world.submission.refresh_from_db()
        assert world.submission.status == "in_review"

    @pytest.mark.parametrize(("action", "field"), [("reject", "reason"), ("request-changes", "message")])
    @pytest.mark.parametrize("value", [["a", "b"], {"a": "b"}, 12, True])
    def test_a_moderation_text_that_is_not_a_string_is_refused_not_stored(self, world, action, field, value):
        client = api_client_for(world.carol)
        response = client.post(f"/api/v1/submissions/{world.submission.pk}/{action}/", {field: value}, format="json")
        assert field_errors(response) == {field: ["Not a valid string."]}
        world.submission.refresh_from_db()
        assert (world.submission.status, world.submission.message) == ("in_review", "")

    def test_a_missing_moderation_text_still_says_what_is_required(self, world):
        client = api_client_for(world.carol)
        response = client.post(f"/api/v1/submissions/{world.submission.pk}/reject/", {"reason": " "}, format="json")
        assert field_errors(response) == {"reason": ["A reason is required."]}

    @pytest.mark.parametrize(("path", "body", "field"), [
        ("/api/v1/submissions/", {**SUBMISSION, "title": 123}, "title"),
        ("/api/v1/submissions/", {**SUBMISSION, "key_points": [1, 2, 3]}, "key_points"),
        ("/api/v1/teams/", {"name": 12345}, "name"),
        ("/api/v1/projects/", {"title": 3.5}, "title"),
        ("/api/v1/bookmarks/", {"question": 1}, "question"),
        ("/api/v1/attempts/", {"question": "question-1", "grade": "good", "seconds_taken": 3, "answer_text": 7},
         "answer_text"),
        ("/api/v1/sessions/", {"search": 12}, "search"),
        ("/api/v1/auth/token/", {"email": "alice@example.com", "password": 12345678}, "password"),
    ])  # fmt: skip
    def test_a_number_where_a_string_is_wanted_is_refused(self, world, path, body, field):
        response = api_client_for(world.alice).post(path, body, format="json")
        assert field in field_errors(response)

    def test_a_plan_filter_value_that_is_not_a_string_is_refused(self, world):
        body = {"title": "Week 1", "due_date": "2999-01-01", "filter": {"search": ["a", "b"]}}
        response = api_client_for(world.alice).post(f"/api/v1/teams/{world.team.slug}/plans/", body, format="json")
        assert "filter" in field_errors(response)
        assert not world.team.plans.exists()

    @pytest.mark.parametrize("max_uses", [2147483648, 2**63, TOO_BIG_FOR_SQLITE])
    def test_an_invitation_use_limit_beyond_the_column_is_a_400(self, world, max_uses):
        client = api_client_for(world.alice)
        response = client.post(f"/api/v1/teams/{world.team.slug}/invitations/", {"max_uses": max_uses}, format="json")
        assert "max_uses" in field_errors(response)
        assert world.team.invitations.count() == 1

    @pytest.mark.parametrize("method", ["patch", "delete"])
    def test_a_member_id_beyond_any_database_integer_is_a_404(self, world, method):
        client = api_client_for(world.alice)
        url = f"/api/v1/teams/{world.team.slug}/members/{TOO_BIG_FOR_SQLITE}/"
        response = getattr(client, method)(url, {"role": "coach"}, format="json")
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json" and "detail" in response.json()

    def test_the_member_page_answers_a_huge_id_with_a_404_too(self, world):
        response = client_for(world.alice).get(f"/teams/{world.team.slug}/members/{TOO_BIG_FOR_SQLITE}/")
        assert response.status_code == 404

    def test_an_api_address_that_matches_nothing_is_a_json_404(self, db):
        response = APIClient().get("/api/v1/mocks/not-a-number/")
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert response.json() == {"detail": "Not found."}
