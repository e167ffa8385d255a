"""Exports over the API: ask for one (always prepared by the worker: 202 and where to look),
list yours, follow one's status, download it, delete it. The original download endpoints
(exports/anki/, exports/attempts/, exports/my-data/) still answer with the file itself."""

from __future__ import annotations

from typing import Any, cast

from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.decorators import permission_classes
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

import interviewprep.api_input as strict
from accounts.requests import SignedInRequest, signed_in_api_view
from interviewprep.api_errors import BAD_INPUT, UNAUTHENTICATED, conflict, error
from practice.export_jobs import (
    EXPORT_KINDS,
    ExportFile,
    ExportRefused,
    TooManyPending,
    delete_export,
    get_export_for_owner,
    queue_export,
)
from practice.export_pages import file_response
from practice.models import Export

NOT_YOURS = error("No such export of yours (or of a team you no longer coach)")
VALUE_SCHEMA = {"anyOf": [{"type": "string"}, {"type": "boolean"}]}


@extend_schema_field(VALUE_SCHEMA)
class ParameterValueField(serializers.Field):
    """A parameter's value: a string, or true/false for a yes-no filter; never a number, list or object."""

    default_error_messages = {"invalid": "Expected a string, or true or false."}

    def to_internal_value(self, data: Any) -> str | bool:
        if not isinstance(data, str | bool):
            self.fail("invalid")
        return data

    def to_representation(self, value: Any) -> Any:
        return value


def _parameters_help() -> str:
    return "By kind: " + "; ".join(f"{name}: {kind.parameters_help}" for name, kind in sorted(EXPORT_KINDS.items()))


class ExportInputSerializer(serializers.Serializer):
    kind = strict.ChoiceField(choices=[])
    parameters = serializers.DictField(child=ParameterValueField(), required=False, default=dict)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The kinds other apps registered when they loaded (practice.export_jobs.EXPORT_KINDS).
        cast(strict.ChoiceField, self.fields["kind"]).choices = sorted(EXPORT_KINDS)
        self.fields["parameters"].help_text = _parameters_help()


class ExportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    title = serializers.CharField()
    parameters = serializers.DictField(child=ParameterValueField())
    status = serializers.ChoiceField(choices=Export.Status.choices)
    tries = serializers.IntegerField(help_text="Builds started so far, retries included")
    filename = serializers.CharField(allow_blank=True)
    content_type = serializers.CharField(allow_blank=True)
    size = serializers.IntegerField(help_text="Bytes; 0 until ready")
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    expires_at = serializers.DateTimeField(help_text="When it is deleted")
    error = serializers.CharField(allow_blank=True, help_text="Why it failed, when it did")
    url = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField(help_text="null until it is ready, and once it has expired")

    def get_url(self, export: Export) -> str:
        return reverse("api:export", args=[export.pk])

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_download_url(self, export: Export) -> str | None:
        if not export.downloadable(timezone.now()):
            return None
        return reverse("api:export-download", args=[export.pk])


@extend_schema(
    methods=["GET"],
    summary="Your exports, newest first (at most 20 are kept)",
    responses={200: ExportSerializer(many=True), 401: UNAUTHENTICATED},
)
@extend_schema(
    methods=["POST"],
    summary="Ask for an export, prepared in the background: poll its url until it is ready",
    description=(
        "Kinds: anki (a deck of the questions the filters pick), attempts (your attempts as CSV), my-data "
        "(all your data as JSON), team-dashboard (a team's dashboard as CSV; owners and coaches). Asking again "
        "for one still being prepared answers that one. You are told in your Inbox and by email when it is ready."
    ),
    request=ExportInputSerializer,
    responses={
        202: ExportSerializer,
        400: BAD_INPUT,
        401: UNAUTHENTICATED,
        403: error("Only the team's owners and coaches can export its dashboard"),
        409: error("You already have 3 exports being prepared"),
    },
    parameters=[
        OpenApiParameter(
            "Location",
            OpenApiTypes.STR,
            OpenApiParameter.HEADER,
            response=[202],
            description="The export's address, to poll",
        ),  # fmt: skip
    ],
)
@signed_in_api_view(["GET", "POST"])
@permission_classes([IsAuthenticated])
def exports(request: SignedInRequest) -> Response:
    if request.method == "GET":
        return Response(ExportSerializer(Export.objects.for_list_page(request.user), many=True).data)
    data = ExportInputSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    try:
        export = queue_export(
            user=request.user,
            kind=data.validated_data["kind"],
            parameters=data.validated_data["parameters"],
            now=timezone.now(),
        )
    except ExportRefused as exc:
        raise ValidationError({"parameters": exc.errors}) from None
    except PermissionError as exc:  # a team member asking for its dashboard
        raise PermissionDenied(str(exc)) from None
    except TooManyPending as exc:
        return conflict(exc)
    body = ExportSerializer(export).data
    return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["url"]})


@extend_schema(
    methods=["GET"],
    summary="One of your exports: its status, and where to download it once ready",
    responses={200: ExportSerializer, 401: UNAUTHENTICATED, 404: NOT_YOURS},
)
@extend_schema(
    methods=["DELETE"],
    summary="Delete one of your exports (one still waiting is not built)",
    responses={204: None, 401: UNAUTHENTICATED, 404: NOT_YOURS},
)
@signed_in_api_view(["GET", "DELETE"])
@permission_classes([IsAuthenticated])
def export_detail(request: SignedInRequest, pk: int) -> Response:
    export = get_export_for_owner(request.user, pk)
    if request.method == "DELETE":
        delete_export(export=export)
        return Response(status=status.HTTP_204_NO_CONTENT)
    return Response(ExportSerializer(export).data)


@extend_schema(
    summary="Download one of your exports once it is ready",
    responses={
        (200, "application/octet-stream"): OpenApiTypes.BINARY,
        (200, "text/csv"): OpenApiTypes.BINARY,
        (200, "application/json"): OpenApiTypes.BINARY,
        401: UNAUTHENTICATED,
        404: NOT_YOURS,
        409: error("Not ready: still being prepared, or it failed"),
        410: error("Expired: ask for a new one"),
    },
)
@signed_in_api_view(["GET"])
@permission_classes([IsAuthenticated])
def export_download(request: SignedInRequest, pk: int) -> HttpResponse | Response:
    export = get_export_for_owner(request.user, pk, with_file=True)
    if export.downloadable(timezone.now()):
        response = file_response(ExportFile(bytes(export.data or b""), export.filename, export.content_type))
        response["Cache-Control"] = "private, no-store"
        return response
    if export.status == Export.Status.READY:
        return Response({"detail": "This export has expired; ask for a new one."}, status=status.HTTP_410_GONE)
    if export.pending:
        return Response({"detail": "This export is still being prepared."}, status=status.HTTP_409_CONFLICT)
    return Response({"detail": f"This export failed: {export.error}"}, status=status.HTTP_409_CONFLICT)
