"""The API's error answers: described once for the schema, sent the same way by every endpoint.

Every 401, 403, 404, 409 and 429 body is `{"detail": "..."}`, one sentence a person can act on;
a 400 names each wrong field (or "non_field_errors") with its messages, as DRF does.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers, status
from rest_framework.response import Response


class Detail(serializers.Serializer):
    """The `{"detail": "..."}` body of every error answer (and of a few plain confirmations)."""

    detail = serializers.CharField()


FIELD_ERRORS = {
    "type": "object",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
    "example": {"title": ["This field is required."]},
}


def error(description: str) -> OpenApiResponse:
    """A documented `{"detail"}` error response."""
    return OpenApiResponse(Detail, description=description)


def field_errors(description: str = "An error per field") -> OpenApiResponse:
    """A documented 400 with the wrong fields and their messages."""
    return OpenApiResponse(FIELD_ERRORS, description=description)


UNAUTHENTICATED = error("No or invalid credentials")
BAD_INPUT = field_errors()


def conflict(exc: Exception) -> Response:
    """A 409: the request is well formed but not possible now; the exception says why."""
    return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
