"""Accounts' write paths: the profile (shared by its page and the API), and signing in with a
password, for the doors that are not allauth's own login page, with the API tokens a sign-in
at the token endpoint hands out.

Signing in with a password, for the doors that are not allauth's own login page, and the
API tokens that a sign-in at the token endpoint hands out.

The login page (allauth) limits guesses per client address and per account. The token endpoint
and the admin's login call `sign_in`, which goes through the same allauth rate limits with the
same keys, so a guess counts the same whichever door it is tried at: 30 sign-ins a minute per
address ("login"), 10 failures a minute per address and 5 per account in 5 minutes
("login_failed"). The address is the one the trusted proxies saw (settings.TRUSTED_PROXIES).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from allauth.account.adapter import get_adapter
from allauth.core import ratelimit
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from knox.models import get_digest_token
from knox.settings import CONSTANTS

from accounts.models import ApiToken, User, password_stamp, validate_display_name

TOO_MANY_ATTEMPTS = "Too many failed login attempts. Try again later."


class SignInRefused(Exception):
    """The email and password do not belong to an active account."""


class TooManySignInAttempts(Exception):
    """The client's address or the account has used up its guesses for now."""


def sign_in(*, request: HttpRequest, email: str, password: str) -> User:
    """The active user with this email and password, counted against the login rate limits.

    A right password does not use up the per-account allowance (allauth rolls it back), so the
    owner is only locked out while someone is guessing wrong. Refusals say nothing about whether
    the address has an account."""
    if not ratelimit.consume(request, action="login"):
        raise TooManySignInAttempts(TOO_MANY_ATTEMPTS)
    try:
        user = get_adapter(request).authenticate(request, email=email, password=password)
    except ValidationError as exc:
        # allauth's only refusal here is its "login_failed" limit.
        raise TooManySignInAttempts(TOO_MANY_ATTEMPTS) from exc
    if user is None or not user.is_active:
        raise SignInRefused("Unable to sign in with that email and password.")
    assert isinstance(user, User)
    return user


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # shown to the caller once; only its hash is stored


@transaction.atomic
def issue_token(*, user: User, now: datetime) -> IssuedToken:
    """A new API token for `user`, valid for settings.API_TOKEN_DAYS or until the password
    changes. The user's dead tokens are cleared out on the way, so they do not pile up."""
    ApiToken.objects.dead_for(user, now).delete()
    digest, secret = get_digest_token()
    token = ApiToken.objects.create(
        user=user,
        digest=digest,
        token_key=secret[: CONSTANTS.TOKEN_KEY_LENGTH],
        expiry=now + timedelta(days=settings.API_TOKEN_DAYS),
        password_stamp=password_stamp(user),
    )
    return IssuedToken(token=token, secret=secret)


def revoke_token(*, token: ApiToken) -> None:
    """The token stops opening the API at once."""
    token.delete()


def set_display_name(*, user: User, display_name: str) -> User:
    """Set the name teammates see instead of the email's local part; empty (or blank) clears it.

    The name is trimmed first, then must pass validate_display_name (at most 60 characters, no
    control characters); a ValidationError says why not and nothing is saved.
    """
    name = display_name.strip()
    validate_display_name(name)
    user.display_name = name
    user.save(update_fields=["display_name"])
    return user
