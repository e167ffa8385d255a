from __future__ import annotations

import unicodedata
from typing import Any

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower

DISPLAY_NAME_MAX_LENGTH = 60
# Besides the C0/C1 controls: line and paragraph separators, and the bidirectional marks,
# embeddings, overrides and isolates, which can make a name reorder the text around it on a
# teammate's page. Joiners stay allowed: emoji sequences and some scripts need them.
_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def validate_display_name(value: str) -> None:
    """At most DISPLAY_NAME_MAX_LENGTH characters and no control characters (empty means none).

    Trimming is the caller's job (accounts.services.set_display_name, and form fields strip).
    """
    if len(value) > DISPLAY_NAME_MAX_LENGTH:
        raise ValidationError(
            f"A display name has at most {DISPLAY_NAME_MAX_LENGTH} characters; this one has {len(value)}.",
            code="max_length",
        )
    if any(unicodedata.category(ch) in {"Cc", "Zl", "Zp"} or ch in _BIDI_CONTROLS for ch in value):
        raise ValidationError(
            "A display name cannot contain control characters (line breaks, tabs, direction marks).",
            code="control_characters",
        )


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, email: str | None) -> User:
        # Emails are unique regardless of case (see the constraint on User).
        return self.get(email__iexact=email)

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person with an account: identified by email, with an optional display name."""

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField("email address", unique=True)
    # The column is wider than the rule (validate_display_name) so names saved before it still fit.
    display_name = models.CharField(max_length=80, blank=True, validators=[validate_display_name])

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()  # type: ignore[assignment,misc]

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.display_name or self.email

    def get_full_name(self) -> str:
        return self.display_name or self.email

    def get_short_name(self) -> str:
        return self.display_name or self.email.split("@")[0]


class Notification(models.Model):
    """A message for one user, shown in the site (and usually also sent by email)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    text = models.CharField(max_length=500)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.text
