from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.crypto import salted_hmac
from knox.models import AbstractAuthToken
from knox.settings import CONSTANTS

from accounts.days import DEFAULT_DAY_START, DEFAULT_TIMEZONE, DayClock, UnknownTimeZone, zone

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


def validate_timezone(value: str) -> None:
    try:
        zone(value)
    except UnknownTimeZone as exc:
        raise ValidationError(str(exc), code="timezone") from None


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


class User(AbstractUser):  # type: ignore[django-manager-missing]  # knox, untyped, declares ApiToken.user
    """A person with an account: identified by email, with an optional display name."""

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField("email address", unique=True)
    # The column is wider than the rule (validate_display_name) so names saved before it still fit.
    display_name = models.CharField(max_length=80, blank=True, validators=[validate_display_name])
    # Where this person's days begin (accounts.days): streaks, "new today" and reminders follow it.
    timezone = models.CharField(
        max_length=64, default=DEFAULT_TIMEZONE, validators=[validate_timezone],
        help_text="An IANA time zone name, e.g. Europe/London.",
    )  # fmt: skip
    day_starts_at = models.PositiveSmallIntegerField(
        default=DEFAULT_DAY_START, help_text="The hour (0-23, your time) at which a new day starts."
    )
    # Moves with every write to this person's own rows (accounts/page_version.py): their pages
    # are cached under it, so their own grade, setting or bookmark shows on the next request.
    page_version = models.PositiveBigIntegerField(default=0, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects = UserManager()  # type: ignore[assignment,misc]

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
            models.CheckConstraint(condition=models.Q(day_starts_at__lte=23), name="user_day_start_hour"),
        ]

    def __str__(self) -> str:
        return self.display_name or self.email

    def save(self, *args: Any, **kwargs: Any) -> None:
        # page_version moves only in the database (accounts/page_version.py). Saving the whole row
        # would write back the number this instance read, perhaps older than the row's: a version
        # used before, whose pages may still be in the cache.
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name != "page_version"
            ]
        super().save(*args, **kwargs)

    def day_clock(self) -> DayClock:
        """Where this person's days begin; a zone this server no longer knows reads as UTC."""
        try:
            return DayClock(self.timezone, self.day_starts_at)
        except ValueError:
            return DayClock(DEFAULT_TIMEZONE, DEFAULT_DAY_START)

    def get_full_name(self) -> str:
        return self.display_name or self.email

    def get_short_name(self) -> str:
        return self.display_name or self.email.split("@")[0]


class Session(AbstractBaseSession):
    """A browser's session (Django's own, accounts/sessions.py), with the user signed in on it.

    Knowing whose it is lets a signed-in request read its session, its user and the header in
    one query (practice/signed_in.py), and a deleted account's sessions go with it. No database
    constraint: a session saved just as its user is deleted must not fail the request; the
    session is then read as signed out.
    """

    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.CASCADE, db_constraint=False, related_name="sessions"
    )


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


def password_stamp(user: User) -> str:
    """A keyed hash of the user's password hash: it changes whenever the password does, however
    it is changed (a page, the admin, a reset, `set_password` anywhere, a raw update), so a
    token stamped with it ends with the password, as Django's sessions do."""
    return salted_hmac("accounts.ApiToken.password_stamp", user.password, algorithm="sha256").hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def live_for(self, user: User, now: datetime) -> ApiTokenQuerySet:
        """The user's tokens that still open the API: not expired, issued since the last
        password change."""
        return self.filter(user=user, expiry__gt=now, password_stamp=password_stamp(user))

    def dead_for(self, user: User, now: datetime) -> ApiTokenQuerySet:
        """The user's tokens that no longer open the API, kept only until they are cleared out."""
        return self.filter(user=user).exclude(expiry__gt=now, password_stamp=password_stamp(user))


class ApiToken(AbstractAuthToken):
    """An API credential (django-rest-knox): only the hash of the secret is kept (`digest`),
    with the secret's first characters (`token_key`) to find it and to show its owner which one
    it is. It ends at `expiry`, when its owner revokes it, and when the password changes."""

    # knox makes the digest the primary key; an id of our own keeps the hash out of URLs.
    digest: models.CharField[str, str] = models.CharField(max_length=CONSTANTS.DIGEST_LENGTH, unique=True)
    password_stamp: models.CharField[str, str] = models.CharField(max_length=64, editable=False)
    last_used_at: models.DateTimeField[datetime | None, datetime | None] = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    # A use is written down at most this often, so that reading through the API stays reads.
    USE_RECORDED_EVERY = timedelta(minutes=1)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.token_key}… ({self.user})"

    def is_live(self, now: datetime) -> bool:
        return self.expiry is not None and self.expiry > now and self.password_stamp == password_stamp(self.user)

    def record_use(self, now: datetime) -> None:
        if self.last_used_at is None or now - self.last_used_at >= self.USE_RECORDED_EVERY:
            self.last_used_at = now
            ApiToken.objects.filter(pk=self.pk).update(last_used_at=now)
