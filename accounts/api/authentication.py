from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from knox.auth import TokenAuthentication
from rest_framework import exceptions

from accounts.models import ApiToken


class ApiTokenAuthentication(TokenAuthentication):
    """knox's `Authorization: Token <token>` check (expired tokens are refused and deleted),
    plus: a token issued before the owner's last password change is refused and deleted too,
    and each use is recorded for the owner's token list."""

    def validate_user(self, auth_token: ApiToken) -> tuple[Any, ApiToken]:
        user, token = super().validate_user(auth_token)
        now = timezone.now()
        if not token.is_live(now):
            token.delete()
            raise exceptions.AuthenticationFailed("Invalid token.")
        token.record_use(now)
        return user, token


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """How drf-spectacular documents the token header (knox's own extension matches knox's class only)."""

    target_class = ApiTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'An API token from POST /api/v1/auth/token/, with the prefix "Token"',
        }
