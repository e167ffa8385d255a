from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone

from questions.models import Question


class Role(models.TextChoices):
    OWNER = "owner", "Owner"
    COACH = "coach", "Coach"
    MEMBER = "member", "Member"


COACHING_ROLES = (Role.OWNER, Role.COACH)

# Words the team URLs use where a slug could stand (/teams/invitations/<token>/); no team may take them.
RESERVED_SLUGS = frozenset({"invitations", "new"})


class Team(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=60, unique=True)
    description = models.TextField(blank=True, max_length=2_000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("teams:detail", args=[self.slug])


class MembershipQuerySet(models.QuerySet["Membership"]):
    def for_dashboard(self, now: datetime) -> MembershipQuerySet:
        """Members with their attempt figures, in the one query the dashboard reads them from
        (teams.dashboard.roster, as values).

        The figures are aggregates over the members' attempts joined in, so each member's
        history is read once (on the (user, created_at) index), where a subquery per figure read
        it once per figure, and PostgreSQL, estimating a member's attempts from the average,
        scanned the whole table for each. (The due backlog comes with readiness, from the pass
        teams.dashboard makes over the members' review states.) A member with no attempts is one
        joined row of NULLs: counted 0, last active None.
        """
        return self.annotate(
            attempts_7d=Count("user__attempts", filter=Q(user__attempts__created_at__gte=now - timedelta(days=7))),
            attempts_30d=Count("user__attempts", filter=Q(user__attempts__created_at__gte=now - timedelta(days=30))),
            reviews=Count("user__attempts"),
            recalled=Count("user__attempts", filter=~Q(user__attempts__grade="again")),
            last_active=Max("user__attempts__created_at"),
        )


class Membership(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=6, choices=Role.choices, default=Role.MEMBER)
    share_answers = models.BooleanField(
        default=False, help_text="Let this team's coaches read my typed answers (they always see grades and progress)."
    )
    joined_at = models.DateTimeField(default=timezone.now)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["joined_at"]
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="membership_once"),
            models.CheckConstraint(condition=Q(role__in=["owner", "coach", "member"]), name="membership_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.team} ({self.role})"

    @property
    def coaches(self) -> bool:
        return self.role in COACHING_ROLES


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Invitation(models.Model):
    """A link (and optionally an email) that lets people join a team as members."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="invitations")
    token = models.CharField(max_length=64, unique=True, default=new_token)
    email = models.EmailField(blank=True, help_text="Set when the invitation was sent by email.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    max_uses = models.PositiveIntegerField(null=True, blank=True, help_text="Empty: no limit.")
    uses = models.PositiveIntegerField(default=0)
    revoked_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True, help_text="Set when the invited person declined.")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation to {self.team}"

    def get_absolute_url(self) -> str:
        return reverse("teams:invitation", args=[self.token])

    def problem_for(self, user: Any, now: datetime) -> str | None:
        """Why `user` cannot join with it now, or None: an emailed invitation is for its address only."""
        if self.email and user.is_authenticated and user.email.lower() != self.email.lower():
            return (
                "This invitation was sent to another email address. Log in with the address it was sent to, "
                "or ask the team for a link of your own."
            )
        return self.problem(now)

    def problem(self, now: datetime) -> str | None:
        """Why the invitation cannot be used now, or None."""
        if self.revoked_at:
            return "This invitation was revoked. Ask the team for a new link."
        if self.declined_at:
            return "This invitation was declined. Ask the team for a new link."
        if now >= self.expires_at:
            return "This invitation has expired. Ask the team for a new link."
        if self.max_uses is not None and self.uses >= self.max_uses:
            return "This invitation has been used as many times as it allows. Ask the team for a new link."
        return None


class StudyPlan(models.Model):
    """Questions a coach asks (some of) the team to practise by a date."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="plans")
    title = models.CharField(max_length=200)
    note = models.TextField(blank=True, max_length=2_000)
    due_date = models.DateField()
    questions = models.ManyToManyField(Question, related_name="+")
    filters = models.JSONField(default=dict, blank=True, help_text="The saved filter the questions came from, if any.")
    filter_label = models.CharField(
        max_length=300, blank=True, help_text="The saved filter in words, e.g. “Trees and ensembles, medium and hard”."
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="study_plans", help_text="Empty: the whole team."
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_date", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def overdue(self) -> bool:
        return self.due_date < timezone.localdate()
