"""Deleting an account: the one write path, for the page, the API and the admin.

It lives in interviewprep/, not accounts/, because it reaches into every app: the teams the
person alone owns are handed on or deleted (teams), the questions they wrote stay without their
name (questions, curation), and accounts comes first in the app order, so it may import none of
them. teams/ could import them all too, but the operation is the account's, not a team's; the
teams' rule (who takes a team over) stays in teams.services and is called from here.

Everything else of theirs goes with the user row, because those foreign keys cascade: attempts,
review states, sessions, mocks, projects, notes, bookmarks, study settings, notifications, prepared
exports (files and all; a job still to build one finds nothing and stops), email
addresses, API tokens, memberships, invitations they made, reports, the admin's log of their
actions. tests/test_account_deletion.py walks every model that points at a user, so a new one
cannot be forgotten.

Handing a team on is a consequence the person must have seen: the page and the API's dry run
show the plan with a `confirm` digest of it, and the deletion is refused if the plan it would
carry out (worked out again under the teams' row locks) is not the one that was shown.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import transaction

from accounts.models import User
from curation.services import forget_submitter
from questions.models import Question, Submission
from questions.revisions import unattribute
from teams.services import Fate, TeamFate, hand_over_teams, team_fates


class AccountDeletionRefused(Exception):
    """The account was not deleted; the message says why, `field` which input it is about."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class DeletionPlanChanged(AccountDeletionRefused):
    """Teams would be handed over or deleted, and the caller has not confirmed this very plan."""


@dataclass(frozen=True)
class DeletionPlan:
    """What deleting an account would do beyond deleting its own data."""

    teams: list[TeamFate]
    questions_kept: int  # questions they wrote, or submitted and saw published: they stay, unattributed
    submissions_deleted: int  # submissions never published: deleted with their draft

    @property
    def needs_confirm(self) -> bool:
        return any(fate.action != Fate.LEAVE for fate in self.teams)

    @property
    def confirm(self) -> str:
        """A digest of what happens to the teams that are handed over or deleted (not a secret)."""
        parts = sorted(
            f"{f.team.pk}:{f.action}:{f.successor.user_id if f.successor else ''}"
            for f in self.teams
            if f.action != Fate.LEAVE
        )
        return hashlib.sha256(";".join(parts).encode()).hexdigest()[:16]

    def consequences(self) -> str:
        """The teams handed over or deleted, in one sentence."""
        said = []
        for fate in self.teams:
            if fate.action == Fate.HAND_OVER and fate.successor is not None:
                said.append(f"{fate.team.name} would go to {fate.successor.user} ({fate.successor.role})")
            elif fate.action == Fate.DELETE:
                said.append(f"{fate.team.name} would be deleted (nobody else is in it)")
        return "; ".join(said)


def deletion_plan(user: User, *, lock: bool = False) -> DeletionPlan:
    """What delete_account(user=user) would do now: four queries, whatever the number of teams."""
    unpublished = Submission.objects.filter(submitter=user).exclude(status=Submission.Status.PUBLISHED)
    return DeletionPlan(
        teams=team_fates(user, lock=lock),
        questions_kept=Question.objects.filter(author=user).exclude(submission__in=unpublished).count(),
        submissions_deleted=unpublished.count(),
    )


def delete_own_account(*, user: User, password: str, confirm: str) -> DeletionPlan:
    """`user` deletes their own account: their password is required, and `confirm` must be the
    plan's digest when teams would be handed over or deleted (see delete_account)."""
    if not password:
        raise AccountDeletionRefused("Enter your password to delete your account.", field="password")
    if not user.check_password(password):
        raise AccountDeletionRefused("That is not your password.", field="password")
    return delete_account(user=user, confirm=confirm)


@transaction.atomic
def delete_account(*, user: User, confirm: str | None = None) -> DeletionPlan:
    """Delete `user` and all their data; hand on or delete the teams they alone own; keep the
    questions they wrote, unattributed. Returns the plan that was carried out.

    `confirm` is DeletionPlan.confirm as shown to the person; when teams would be handed over or
    deleted and it is not the current plan's, DeletionPlanChanged is raised and nothing changes.
    None skips the check (the admin, whose confirmation page lists the same plan).
    """
    plan = deletion_plan(user, lock=True)
    if confirm is not None and plan.needs_confirm and confirm != plan.confirm:
        if confirm:
            raise DeletionPlanChanged(
                f"What would happen to your teams has changed since it was shown to you: {plan.consequences()}."
            )
        raise DeletionPlanChanged(f"Deleting your account would hand over or delete teams: {plan.consequences()}.")
    addresses = {user.email, *EmailAddress.objects.filter(user=user).values_list("email", flat=True)}
    hand_over_teams(user=user, fates=plan.teams, addresses=addresses)
    forget_submitter(user=user)
    unattribute(user=user)
    user.delete()
    return plan
