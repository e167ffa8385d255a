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
from interviewprep.personal_data import user_data_json


@extend_schema(
    summary="All of your own data as one JSON file",
    responses={(200, "application/json"): OpenApiTypes.OBJECT, 401: UNAUTHENTICATED},
)
@signed_in_api_view(["GET"])
@permission_classes([IsAuthenticated])
def export_data(request: SignedInRequest) -> HttpResponse:
    response = HttpResponse(user_data_json(request.user, timezone.now()), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="interviewprep-my-data.json"'
    return response
