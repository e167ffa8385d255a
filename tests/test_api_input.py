"""What the API does with input it cannot use: a 400 naming the field (or a 404 for an id in the
address), never a server error. The cases of the security review (issue 11, finding 4) first,
then a sweep of every write endpoint in the schema with each malformed shape."""

from __future__ import annotations

import json
import math
import re

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
        assert field_errors(response) == {"reason": ["Give the submitter a reason: a reason is required."]}

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


# The sweep ---------------------------------------------------------------------------------

WRITES = ("post", "put", "patch", "delete")
TOP_LEVEL = {
    "2,000 levels deep": DEEP,
    "a list": "[]",
    "a string": '"x"',
    "null": "null",
    "a number": "1",
    "true": "true",
    "broken JSON": '{"a": ',
    "not UTF-8": b'{"a": "\xff"}',
}
WRONG = {
    "string": [12, 1.5, True, ["a", "b"], {"a": "b"}],
    "integer": [1.5, "x", True, ["1"]],
    "number": [10**400, "x", ["1"], {"a": 1}],
    "boolean": ["maybe", 12, ["true"], {"a": 1}],
}
# Beyond every column: tried on each integer outside the range its schema documents.
HUGE = [2**31, 2**63, 10**20, -(2**63) - 1]
HUGE_IDS = [99999999999999999999, 2**63]
CURATORS_ONLY = ("/curation/", "/reports/", "/history/", "/approve/", "/reject/", "/request-changes/")


def api_schema() -> dict:
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def resolved(schema: dict, components: dict) -> dict:
    while "$ref" in schema or ("allOf" in schema and len(schema["allOf"]) == 1):
        schema = components[schema["$ref"].rsplit("/", 1)[1]] if "$ref" in schema else schema["allOf"][0]
    return schema


def leaves(schema: dict, components: dict, at: tuple = ()):  # type: ignore[no-untyped-def]
    """(path, schema) of every scalar a request body may hold; a path step is a key, or 0 for a list item."""
    schema = resolved(schema, components)
    if schema.get("readOnly"):
        return
    if "properties" in schema:
        for name, child in schema["properties"].items():
            yield from leaves(child, components, (*at, name))
    elif isinstance(schema.get("additionalProperties"), dict):
        yield from leaves(schema["additionalProperties"], components, (*at, "some-key"))
    elif schema.get("type") == "array":
        yield from leaves(schema["items"], components, (*at, 0))
    elif schema.get("type") in WRONG:
        yield at, schema


def request_leaves(operation: dict, components: dict):  # type: ignore[no-untyped-def]
    if "requestBody" in operation:
        yield from leaves(operation["requestBody"]["content"]["application/json"]["schema"], components)


def wrong_values(leaf: dict) -> list[object]:
    values = list(WRONG[leaf["type"]])
    if leaf["type"] == "integer":
        low, high = leaf.get("minimum", -math.inf), leaf.get("maximum", math.inf)
        values += [n for n in HUGE if not low <= n <= high]
    return values


def nested(at: tuple, value: object) -> object:
    if not at:
        return value
    inner = nested(at[1:], value)
    return [inner] if at[0] == 0 else {at[0]: inner}


def write_operations(schema: dict):  # type: ignore[no-untyped-def]
    """Every write operation, those that take a body first: the others (leave, withdraw, delete)
    change the world the body checks need."""
    found = [
        (path, method, operation)
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if method in WRITES
    ]
    return sorted(found, key=lambda op: "requestBody" not in op[2])


def api_write_routes() -> set[tuple[str, str]]:
    """(path, method) of every write view the URL resolver serves under /api/v1/, in the schema's spelling."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(patterns, prefix):  # type: ignore[no-untyped-def]
        for entry in patterns:
            route = prefix + str(entry.pattern).lstrip("^").rstrip("$")
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, route)
            elif isinstance(entry, URLPattern) and "format" not in route:
                yield route, entry.callback

    routes = set()
    for route, view in walk(get_resolver().url_patterns, "/"):
        if not route.startswith("/api/v1/"):
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)", lambda m: "{" + (m[1] or m[2]) + "}", route)
        path = path.replace("{pk}", "{id}")
        cls = getattr(view, "cls", None)
        actions = getattr(view, "actions", None) or {m: m for m in WRITES if cls and hasattr(cls, m)}
        routes |= {(path, method) for method in actions if method in WRITES}
    return routes


class TestEveryWriteEndpoint:
    def test_the_sweep_reaches_every_write_endpoint_the_resolver_serves(self, db):
        documented = {(path, method) for path, method, _ in write_operations(api_schema())}
        assert api_write_routes() == documented

    def test_every_integer_a_request_body_takes_is_bounded_within_a_column(self, db):
        schema = api_schema()
        unbounded = [
            f"{method.upper()} {path} {'.'.join(map(str, at))}: {leaf.get('minimum')}..{leaf.get('maximum')}"
            for path, method, operation in write_operations(schema)
            for at, leaf in request_leaves(operation, schema["components"]["schemas"])
            if leaf["type"] == "integer"
            and not -(2**63) <= leaf.get("minimum", -math.inf) <= leaf.get("maximum", math.inf) < 2**63
        ]
        assert unbounded == []

    def test_no_write_endpoint_answers_malformed_input_with_a_server_error(self, world):
        schema = api_schema()
        components = schema["components"]["schemas"]
        clients = {"alice": api_client_for(world.alice), "carol": api_client_for(world.carol), "nobody": APIClient()}
        for client in clients.values():
            client.raise_request_exception = False  # a 500 is counted, and the sweep goes on
        problems: list[str] = []
        sent = 0

        def check(method: str, url: str, raw: str | bytes, expect: str, who: str, field: str | None = None) -> None:
            nonlocal sent
            sent += 1
            response = getattr(clients[who], method)(url, raw, content_type="application/json")
            shown = f"{method.upper()} {url} {raw[:60]!r}"
            if response.status_code >= 500:
                problems.append(f"{shown}: {response.status_code}")
            elif expect == "field error":
                body = response.json() if response.status_code == 400 else None
                if not isinstance(body, dict) or (field and field not in body):
                    problems.append(f"{shown}: {response.status_code} {response.content[:200]!r}, not a 400 on {field}")
            elif expect == "not found" and (response.status_code != 404 or "detail" not in response.json()):
                problems.append(f"{shown}: {response.status_code}, not a JSON 404")

        for path, method, operation in write_operations(schema):
            real = world.path_parameters(path)
            url = path.format(**real)
            who = "nobody" if not operation.get("security", [{}])[0] else "alice"
            who = "carol" if any(part in path for part in CURATORS_ONLY) else who
            for raw in TOP_LEVEL.values():
                check(method, url, raw, "field error" if "requestBody" in operation else "no server error", who)
            for at, leaf in request_leaves(operation, components):
                for value in wrong_values(leaf):
                    check(method, url, json.dumps(nested(at, value)), "field error", who, field=at[0])
            for name in ("id", "user_id", "history_id"):
                if name in real:
                    for huge in HUGE_IDS:
                        check(method, path.format(**{**real, name: huge}), "{}", "not found", who)

        print(f"\nmalformed-input sweep: {sent} requests, {len(problems)} problems", *problems, sep="\n")
        assert problems == [], "\n".join(problems)
