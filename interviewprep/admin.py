"""The user admin, registered here so that deleting a user goes through the same service as the
account page and the API: their teams are handed on or deleted, never left without an owner."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html

from accounts.admin import UserAdmin as AccountsUserAdmin
from accounts.models import User
from interviewprep.account_deletion import delete_account, deletion_plan
from teams.services import Fate


@admin.register(User)
class UserAdmin(AccountsUserAdmin):
    def delete_model(self, request: HttpRequest, obj: User) -> None:
        delete_account(user=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        # One by one, in one transaction: each deletion sees the teams as the previous one left
        # them, so deleting two owners of a team hands it to a third person.
        with transaction.atomic():
            for user in queryset.order_by("pk"):
                delete_account(user=user)

    def get_deleted_objects(
        self, objs: Any, request: HttpRequest
    ) -> tuple[list[Any], dict[str, int], set[str], list[Any]]:
        """The confirmation page also lists what happens to the teams the users alone own (for
        several users, as each would be deleted alone)."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        for user in objs:
            for fate in deletion_plan(user).teams:
                if fate.action == Fate.HAND_OVER and fate.successor is not None:
                    deleted.append(
                        format_html(
                            "Team {}: handed to {} ({}) as its owner",
                            fate.team.name,
                            fate.successor.user,
                            fate.successor.role,
                        )
                    )
                elif fate.action == Fate.DELETE:
                    deleted.append(format_html("Team {}: deleted (nobody else is in it)", fate.team.name))
        return deleted, counts, perms_needed, protected
