"""/api/v1/account/: your profile (accounts.services)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.api.serializers import AccountInput, AccountSerializer
from accounts.services import set_display_name
from interviewprep.api_errors import UNAUTHENTICATED, field_errors


@extend_schema(methods=["GET"], summary="Your account", responses={200: AccountSerializer, 401: UNAUTHENTICATED})
@extend_schema(
    methods=["PATCH"],
    summary="Set or clear your display name",
    description="The email address is read-only here (a value sent for it is ignored).",
    request=AccountInput,
    responses={
        200: AccountSerializer,
        400: field_errors("The display name is too long, has control characters, or is null (on display_name)"),
        401: UNAUTHENTICATED,
    },
)
@api_view(["GET", "PATCH"])
@permission_classes([IsAuthenticated])
def account(request: Request) -> Response:
    user = request.user
    if request.method == "PATCH":
        data = AccountInput(data=request.data)
        data.is_valid(raise_exception=True)
        if "display_name" in data.validated_data:
            try:
                set_display_name(user=user, display_name=data.validated_data["display_name"])
            except ValidationError as exc:
                return Response({"display_name": exc.messages}, status=status.HTTP_400_BAD_REQUEST)
    return Response(AccountSerializer(user).data)
