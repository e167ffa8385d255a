from __future__ import annotations

from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.decorators import api_view, authentication_classes, permission_classes, throttle_classes
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

import interviewprep.api_input as strict
from interviewprep.api_errors import error, field_errors


class TokenInputSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = strict.CharField(trim_whitespace=False, style={"input_type": "password"})


class LoginThrottle(AnonRateThrottle):
    rate = "20/min"


@extend_schema(
    summary="Exchange email and password for an API token",
    request=TokenInputSerializer,
    responses={
        200: inline_serializer("TokenOutput", {"token": serializers.CharField()}),
        400: field_errors("Missing fields, or wrong email or password (in non_field_errors)"),
        429: error("Too many attempts"),
    },
    auth=[],
)
@api_view(["POST"])
@authentication_classes([])
@permission_classes([AllowAny])
@throttle_classes([LoginThrottle])
def obtain_token(request: Request) -> Response:
    data = TokenInputSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    user = authenticate(request._request, email=data.validated_data["email"], password=data.validated_data["password"])
    if user is None or not user.is_active:
        return Response(
            {"non_field_errors": ["Unable to sign in with that email and password."]},
            status=status.HTTP_400_BAD_REQUEST,
        )
    token, _ = Token.objects.get_or_create(user=user)
    return Response({"token": token.key})
