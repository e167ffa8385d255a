"""The API's error answers: described once for the schema, sent the same way by every endpoint.

Every 401, 403, 404, 409 and 429 body is `{"detail": "..."}`, one sentence a person can act on;
a 400 names each wrong field (or "non_field_errors") with its messages, as DRF does. Inside a
field the errors nest as the input did: `{"key_points_covered": {"0": ["..."]}}` for an item
of a list, `{"references": [{}, {"url": ["..."]}]}` for objects in a list. A body that is not
JSON, or not an object, is a 400 in "non_field_errors" too, not DRF's `{"detail"}`.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class Detail(serializers.Serializer):
    """The `{"detail": "..."}` body of every error answer (and of a few plain confirmations)."""

    detail = serializers.CharField()


# Added to the schema's components by add_error_schemas: a field's errors nest, so the schema refers to itself.
FIELD_ERROR_SCHEMAS = {
    "FieldErrors": {
        "type": "object",
        "description": 'Errors by field name, "non_field_errors" for the body as a whole, or by index inside a list',
        "additionalProperties": {"$ref": "#/components/schemas/FieldError"},
        "example": {"title": ["This field is required."]},
    },
    "FieldError": {
        "anyOf": [
            {
                "type": "array",
                "description": "Messages, or one object of errors per item of a list ({} for an item that is fine)",
                "items": {"anyOf": [{"type": "string"}, {"$ref": "#/components/schemas/FieldErrors"}]},
            },
            {"$ref": "#/components/schemas/FieldErrors"},
        ]
    },
}
FIELD_ERRORS = {"$ref": "#/components/schemas/FieldErrors"}


def add_error_schemas(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: the components FIELD_ERRORS refers to."""
    result.setdefault("components", {}).setdefault("schemas", {}).update(FIELD_ERROR_SCHEMAS)
    return result


def error(description: str) -> OpenApiResponse:
    """A documented `{"detail"}` error response."""
    return OpenApiResponse(Detail, description=description)


def field_errors(description: str = "An error per field") -> OpenApiResponse:
    """A documented 400 with the wrong fields and their messages."""
    return OpenApiResponse(FIELD_ERRORS, description=description)


UNAUTHENTICATED = error("No or invalid credentials")
BAD_INPUT = field_errors()
# DRF's page-number pagination answers a page that is not a number, 0 or past the end so.
NO_PAGE = error('`?page=` is not a page of this list: {"detail": "Invalid page."}')


def conflict(exc: Exception) -> Response:
    """A 409: the request is well formed but not possible now; the exception says why."""
    return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, with every 400 in the documented shape: a parse error, or a ValidationError
    raised with a bare message, becomes `{"non_field_errors": [...]}`."""
    response = drf_exception_handler(exc, context)
    if response is None or response.status_code != status.HTTP_400_BAD_REQUEST:
        return response
    if isinstance(response.data, list):
        response.data = {"non_field_errors": response.data}
    elif not isinstance(exc, ValidationError) and set(response.data) == {"detail"}:
        response.data = {"non_field_errors": [response.data["detail"]]}
    return response


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The site's 404 for an address that matches nothing: a page, or under /api/ the API's `{"detail"}`."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=status.HTTP_404_NOT_FOUND)
    return defaults.page_not_found(request, exception)
