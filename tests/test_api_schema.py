"""The OpenAPI schema (/api/schema/) says what the API answers, errors included.

The places the security review (issue 11, finding 12) found the two disagreeing come first;
then schemathesis sends generated requests to every operation, as nobody, as a user with data
and as a curator, and checks each answer against the schema served by the app itself.
"""

from __future__ import annotations

import collections
import contextlib
import time
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from rest_framework.test import APIClient
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from interviewprep.wsgi import application
from tests.api_world import World, build_world
from tests.conftest import api_client_for


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture(scope="module")
def openapi() -> dict[str, Any]:
    return SchemaGenerator().get_schema(request=None, public=True)


def json_schema(node: Any) -> Any:
    """OpenAPI 3.0's schema dialect as JSON Schema: `nullable: true` becomes "or null"."""
    if isinstance(node, list):
        return [json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: json_schema(value) for key, value in node.items() if key != "nullable"}
    return {"anyOf": [converted, {"type": "null"}]} if node.get("nullable") else converted


def conforms(openapi: dict[str, Any], path: str, method: str, response: Any) -> None:
    """Assert the response's status is documented and its body fits the documented schema."""
    documented = openapi["paths"][path][method]["responses"]
    assert str(response.status_code) in documented, (response.status_code, sorted(documented))
    content = documented[str(response.status_code)].get("content")
    if content is None:
        assert not response.content
        return
    assert response["Content-Type"].split(";")[0] in content
    schema = {**content["application/json"]["schema"], "components": openapi["components"]}
    jsonschema.validate(response.json(), json_schema(schema))


class TestTheReviewsCases:
    def test_a_root_category_has_a_null_parent_as_documented(self, world, openapi):
        response = APIClient().get("/api/v1/categories/")
        assert {c["slug"]: c["parent"] for c in response.json()} == {"deep-learning": None, "vision": "deep-learning"}
        assert openapi["components"]["schemas"]["Category"]["properties"]["parent"].get("nullable") is True
        conforms(openapi, "/api/v1/categories/", "get", response)

    def test_due_reviews_are_documented_as_the_page_they_are(self, world, openapi):
        response = api_client_for(world.alice).get("/api/v1/review/due/")
        assert set(response.json()) == {"count", "next", "previous", "results"}
        conforms(openapi, "/api/v1/review/due/", "get", response)
        conforms(openapi, "/api/v1/review/due/", "get", api_client_for(world.alice).get("/api/v1/review/due/?page=9"))

    def test_a_list_of_attempts_past_its_last_page_is_a_documented_404(self, world, openapi):
        response = api_client_for(world.alice).get("/api/v1/attempts/?page=9")
        assert response.status_code == 404
        conforms(openapi, "/api/v1/attempts/", "get", response)

    @pytest.mark.parametrize("raw", ['{"question": ', '{"a": "\xff"}'.encode("latin-1"), "[]"])
    def test_a_body_that_does_not_parse_is_a_documented_field_error(self, world, openapi, raw):
        response = api_client_for(world.alice).post("/api/v1/attempts/", raw, content_type="application/json")
        assert response.status_code == 400 and list(response.json()) == ["non_field_errors"]
        conforms(openapi, "/api/v1/attempts/", "post", response)

    def test_errors_inside_list_items_are_documented(self, world, openapi):
        body = {"question": "question-1", "grade": "good", "seconds_taken": 3, "key_points_covered": ["x", 1]}
        response = api_client_for(world.alice).post("/api/v1/attempts/", body, format="json")
        assert response.json() == {"key_points_covered": {"0": ["A valid integer is required."]}}
        conforms(openapi, "/api/v1/attempts/", "post", response)
        grades = {"grades": [{"position": 0, "grade": "good"}, {"position": "x", "grade": "meh"}]}
        response = api_client_for(world.alice).post(f"/api/v1/mocks/{world.mock.pk}/grades/", grades, format="json")
        # DRF keys the errors of a list of objects by the index of each wrong item.
        assert {k: set(v) for k, v in response.json()["grades"].items()} == {"1": {"position", "grade"}}
        conforms(openapi, "/api/v1/mocks/{id}/grades/", "post", response)

    def test_removing_a_bookmark_that_is_not_there_is_a_json_404(self, world, openapi):
        response = api_client_for(world.bob).delete(f"/api/v1/bookmarks/{world.question.slug}/")
        assert response.status_code == 404 and response["Content-Type"] == "application/json"
        assert response.json() == {"detail": "Not bookmarked."}
        conforms(openapi, "/api/v1/bookmarks/{slug}/", "delete", response)

    @pytest.mark.parametrize("method", ["put", "delete"])
    def test_a_note_on_a_question_that_is_not_there_is_a_documented_404(self, world, openapi, method):
        response = getattr(api_client_for(world.alice), method)("/api/v1/notes/no-such/", {"text": "x"}, format="json")
        assert response.status_code == 404
        conforms(openapi, "/api/v1/notes/{slug}/", method, response)

    def test_every_operation_with_an_address_parameter_documents_its_404(self, openapi):
        missing = [
            f"{method.upper()} {path}"
            for path, operations in openapi["paths"].items()
            for method, operation in operations.items()
            if "{" in path and "404" not in operation["responses"]
        ]
        assert missing == []

    def test_every_request_body_is_an_object_as_the_parser_requires(self, openapi):
        components = openapi["components"]["schemas"]
        shapes = {
            f"{method.upper()} {path}": components[schema["$ref"].rsplit("/", 1)[1]].get("type")
            for path, operations in openapi["paths"].items()
            for method, operation in operations.items()
            if "requestBody" in operation
            for schema in [operation["requestBody"]["content"]["application/json"]["schema"]]
        }
        assert shapes and set(shapes.values()) == {"object"}, shapes


# Schemathesis ------------------------------------------------------------------------------

# Per operation and caller: generated requests, then requests whose address names the world's
# rows, then requests that break the schema (bodies, query and address parameters).
EXAMPLES = {"generated": 3, "real rows": 5, "negative": 3}
ANONYMOUS_EXAMPLES = {"generated": 2, "real rows": 2, "negative": 2}


# No 5xx; the status, content type, headers and body as documented.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def can_break(definition: dict[str, Any]) -> bool:
    """Whether a request can break the schema: a body, a query parameter, or an address parameter
    whose shape is constrained (a path segment is a string, so an unconstrained one fits anything)."""
    parameters = definition.get("parameters", [])
    return "requestBody" in definition or any(
        p["in"] == "query" or p["schema"].get("type") != "string" or "pattern" in p["schema"] for p in parameters
    )


def revokes_a_token(operation: Any) -> bool:
    return operation.method.upper() == "DELETE" and operation.path.startswith("/api/v1/auth/")


def run_cases(strategy: Any, examples: int, send: Any) -> None:
    @settings(
        max_examples=examples,
        derandomize=True,  # the same requests on every run
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case: Any) -> None:
        send(case)

    run()


def token_for(email: str) -> str:
    from tests.factories import PASSWORD

    response = APIClient().post("/api/v1/auth/token/", {"email": email, "password": PASSWORD}, format="json")
    assert response.status_code == 200, response.content
    return response.json()["token"]


@contextlib.contextmanager
def connection_kept_across_requests() -> Iterator[None]:
    """Schemathesis calls the WSGI application itself, whose request signals would close the
    database connection, and with it the test's transaction, after each request (on PostgreSQL).
    Django's test client disconnects the same handler for each of its requests, for the same reason."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def test_every_operation_answers_as_the_schema_says(world):
    callers = {
        "anonymous": {},
        "alice": {"Authorization": f"Token {token_for(world.alice.email)}"},
        "carol (curator)": {"Authorization": f"Token {token_for(world.carol.email)}"},
    }
    with connection_kept_across_requests():
        run_schemathesis(callers, world)


def run_schemathesis(callers: dict[str, dict[str, str]], world: World) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
    cases: collections.Counter[str] = collections.Counter()
    statuses: collections.Counter[int] = collections.Counter()
    failures: dict[str, set[str]] = collections.defaultdict(set)
    unsatisfiable: list[str] = []
    started = time.monotonic()

    # Revoking a token ends its caller's run: the revocations go last, so every other operation
    # is called with credentials that still work.
    operations = sorted((r.ok() for r in schema.get_all_operations()), key=revokes_a_token)
    for operation in operations:
        name = f"{operation.method.upper()} {operation.path}"
        real = world.path_parameters(operation.path)
        negatable = can_break(operation.definition.raw)
        for caller, headers in callers.items():
            examples = ANONYMOUS_EXAMPLES if caller == "anonymous" else EXAMPLES
            strategies = {"generated": operation.as_strategy(GenerationMode.POSITIVE)}
            if real:
                strategies["real rows"] = operation.as_strategy(GenerationMode.POSITIVE, path_parameters=real)
            if negatable:
                strategies["negative"] = operation.as_strategy(GenerationMode.NEGATIVE)
            for kind, strategy in strategies.items():

                def send(case: Any, where: str = f"{name} as {caller}", caller: str = caller) -> None:
                    headers = callers[caller]
                    response = case.call(headers=headers)
                    cases[caller] += 1
                    statuses[response.status_code] += 1
                    try:
                        case.validate_response(response, checks=CHECKS, headers=headers)
                    except FailureGroup as group:
                        failures[where].update(f"{response.status_code}: {f.title}" for f in group.exceptions)

                try:
                    run_cases(strategy, examples[kind], send)
                except Unsatisfiable:
                    unsatisfiable.append(f"{name} {kind} as {caller}")

    seconds = time.monotonic() - started
    server_errors = sum(n for code, n in statuses.items() if code >= 500)
    violations = sum(len(found) for found in failures.values())
    print(
        f"\nschemathesis: {sum(cases.values())} cases over {len(operations)} operations "
        f"in {seconds:.0f} s ({', '.join(f'{caller} {n}' for caller, n in cases.items())}); "
        f"statuses {dict(sorted(statuses.items()))}; {server_errors} server errors, {violations} schema violations",
        *(f"  {where}: {', '.join(sorted(found))}" for where, found in sorted(failures.items())),
        *(f"  not generated: {where}" for where in unsatisfiable),
        sep="\n",
    )
    assert server_errors == 0
    assert dict(failures) == {}
    # Something must have reached the rows, or the run proves little.
    assert statuses[200] and statuses[201] and statuses[400] and statuses[404]
