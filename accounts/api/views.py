from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, BaseThrottle
from rest_framework.views import APIView

import interviewprep.api_input as strict
from accounts.models import ApiToken, User
from accounts.services import SignInRefused, TooManySignInAttempts, issue_token, revoke_token, sign_in
from interviewprep.api_errors import UNAUTHENTICATED, error, field_errors


class TokenInputSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = strict.CharField(trim_whitespace=False, style={"input_type": "password"})


class ApiTokenSerializer(serializers.ModelSerializer):
    """A token as its owner sees it in the list: which one it is, never its secret."""

    prefix = serializers.CharField(source="token_key", help_text="The first characters of the token")
    last_used = serializers.DateTimeField(source="last_used_at", allow_null=True, help_text="To the minute")
    current = serializers.SerializerMethodField(help_text="Whether this request was made with it")

    class Meta:
        model = ApiToken
        fields = ["id", "prefix", "created", "expiry", "last_used", "current"]

    def get_current(self, token: ApiToken) -> bool:
        return token.pk == self.context["current_id"]


class LoginThrottle(AnonRateThrottle):
    # Per client address as settings.TRUSTED_PROXIES reads it; sign_in adds the login page's limits.
    rate = "20/min"


class TokenView(APIView):
    """POST signs in for a new token; DELETE revokes the token the request is made with."""

    def initialize_request(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Request:
        drf_request = super().initialize_request(request, *args, **kwargs)
        if request.method == "POST":
            # Signing in needs no credentials: a stale token left in the header must not stop it.
            drf_request.authenticators = ()
        return drf_request

    def get_permissions(self) -> list[Any]:
        return [AllowAny()] if self.request.method == "POST" else [IsAuthenticated()]

    def get_throttles(self) -> list[BaseThrottle]:
        return [LoginThrottle()] if self.request.method == "POST" else []

    @extend_schema(
        summary="Exchange email and password for an API token",
        request=TokenInputSerializer,
        responses={
            200: inline_serializer(
                "TokenOutput",
                {
                    "token": serializers.CharField(help_text="Send as `Authorization: Token <token>`; shown once"),
                    "expiry": serializers.DateTimeField(),
                },
            ),
            400: field_errors("Missing fields, or wrong email or password (in non_field_errors)"),
            429: error("Too many attempts from this address, or too many wrong passwords for this account"),
        },
        auth=[],
    )
    def post(self, request: Request) -> Response:
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
        issued = issue_token(user=user, now=timezone.now())
        expiry = serializers.DateTimeField().to_representation(issued.token.expiry)
        return Response({"token": issued.secret, "expiry": expiry})

    @extend_schema(
        summary="Revoke the token this request is made with",
        request=None,
        responses={
            204: None,
            401: UNAUTHENTICATED,
            409: error("The request is signed in with a session, not a token"),
        },
    )
    def delete(self, request: Request) -> Response:
        if not isinstance(request.auth, ApiToken):
            return Response(
                {"detail": "This request is not made with a token: revoke tokens by id at /api/v1/auth/tokens/."},
                status=status.HTTP_409_CONFLICT,
            )
        revoke_token(token=request.auth)
        return Response(status=status.HTTP_204_NO_CONTENT)


obtain_token = TokenView.as_view()


def _current_id(request: Request) -> int | None:
    return request.auth.pk if isinstance(request.auth, ApiToken) else None


@extend_schema(
    summary="Your API tokens that still work, newest first",
    responses={200: ApiTokenSerializer(many=True), 401: UNAUTHENTICATED},
)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def tokens(request: Request) -> Response:
    assert isinstance(request.user, User)  # IsAuthenticated
    rows = ApiToken.objects.live_for(request.user, timezone.now())
    return Response(ApiTokenSerializer(rows, many=True, context={"current_id": _current_id(request)}).data)


@extend_schema(
    summary="Revoke one of your API tokens",
    responses={204: None, 401: UNAUTHENTICATED, 404: error("No such token of yours")},
)
@api_view(["DELETE"])
@permission_classes([IsAuthenticated])
def token_detail(request: Request, pk: int) -> Response:
    # Only your own live tokens are found: anyone else's id is a 404, as if it did not exist.
    assert isinstance(request.user, User)  # IsAuthenticated
    token = get_object_or_404(ApiToken.objects.live_for(request.user, timezone.now()), pk=pk)
    revoke_token(token=token)
    return Response(status=status.HTTP_204_NO_CONTENT)
