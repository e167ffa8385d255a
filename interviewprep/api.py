"""API endpoints that need every app: the download of all of one's data."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import permission_classes
from rest_framework.permissions import IsAuthenticated

from accounts.requests import SignedInRequest, signed_in_api_view
from interviewprep.api_errors import UNAUTHENTICATED
from practice.export_jobs import build_now
from practice.export_pages import file_response


@extend_schema(
    summary="All of your own data as one JSON file",
    responses={(200, "application/json"): OpenApiTypes.OBJECT, 401: UNAUTHENTICATED},
)
@signed_in_api_view(["GET"])
@permission_classes([IsAuthenticated])
def export_data(request: SignedInRequest) -> HttpResponse:
    # Built in the request, as this endpoint always answered; POST /api/v1/exports/ with kind
    # "my-data" has it prepared in the background.
    return file_response(build_now(user=request.user, kind="my-data", parameters={}, now=timezone.now()))
