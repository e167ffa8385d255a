"""Accounts: the write paths on a user's own profile, shared by the profile page and the API."""

from __future__ import annotations

from accounts.models import User, validate_display_name


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
