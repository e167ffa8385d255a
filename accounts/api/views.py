from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.decorators import api_view, authentication_classes, permission_classes, throttle_classes
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from accounts.services import SignInRefused, TooManySignInAttempts, sign_in
from interviewprep.api_errors import error, field_errors


class TokenInputSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(trim_whitespace=False, style={"input_type": "password"})


class LoginThrottle(AnonRateThrottle):
    # Per client address as settings.TRUSTED_PROXIES reads it; sign_in adds the login page's limits.
    rate = "20/min"


@extend_schema(
    summary="Exchange email and password for an API token",
    request=TokenInputSerializer,
    responses={
        200: inline_serializer("TokenOutput", {"token": serializers.CharField()}),
        400: field_errors("Missing fields, or wrong email or password (in non_field_errors)"),
        429: error("Too many attempts from this address, or too many wrong passwords for this account"),
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
    try:
        user = sign_in(
            request=request._request, email=data.validated_data["email"], password=data.validated_data["password"]
        )
    except SignInRefused as exc:
        return Response({"non_field_errors": [str(exc)]}, status=status.HTTP_400_BAD_REQUEST)
    except TooManySignInAttempts as exc:
        return Response({"detail": str(exc)}, status=status.HTTP_429_TOO_MANY_REQUESTS)
    token, _ = Token.objects.get_or_create(user=user)
    return Response({"token": token.key})
