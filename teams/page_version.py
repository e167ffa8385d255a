"""A team's plans and name are on its members' own pages (home, progress): a change to them
moves every member's page version (accounts/page_version.py). Memberships point at their user,
so the generic signals there cover joining, leaving and role changes made by a save."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from accounts.page_version import bump
from teams.models import Membership, StudyPlan, Team


def bump_members(team_id: int | None, using: str = "default") -> None:
    if team_id is not None:
        bump(Membership.objects.using(using).filter(team_id=team_id).values_list("user_id", flat=True), using)


def _team_written(
    sender: Any, instance: Team | StudyPlan, using: str = "default", raw: bool = False, **kwargs: Any
) -> None:
    origin = kwargs.get("origin")
    if raw or isinstance(origin, Team) or getattr(origin, "model", None) is Team:
        return  # loaddata; or a plan going with its team, whose memberships' deletion moves the members
    bump_members(instance.pk if isinstance(instance, Team) else instance.team_id, using)


def _plan_scope_written(sender: Any, instance: StudyPlan, action: str, using: str = "default", **kwargs: Any) -> None:
    if action.startswith("post_") and isinstance(instance, StudyPlan):
        bump_members(instance.team_id, using)


def connect_signals() -> None:
    for model in (Team, StudyPlan):
        post_save.connect(_team_written, sender=model, dispatch_uid=f"page_version.{model.__name__}.save")
    # A deleted team's memberships go with it, and each one moves its member (the generic signals).
    post_delete.connect(_team_written, sender=StudyPlan, dispatch_uid="page_version.StudyPlan.delete")
    for through in (StudyPlan.questions.through, StudyPlan.members.through):
        m2m_changed.connect(_plan_scope_written, sender=through, dispatch_uid=f"page_version.{through.__name__}")
