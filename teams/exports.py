"""A team dashboard's CSV as a kind of export (practice.export_jobs), registered in
TeamsConfig.ready: a large team's is prepared by the worker, and only while its owner still
coaches the team may they have it."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from accounts.models import User
from interviewprep.spreadsheets import csv_text
from practice.export_jobs import ExportFile, ExportKind, ExportRefused
from teams.dashboard import dashboard_csv_rows, team_dashboard
from teams.models import COACHING_ROLES, Membership, Team
from teams.services import get_team_for_coach


class TeamDashboardExport(ExportKind):
    name = "team-dashboard"
    label = "team dashboard CSV"
    parameter_names = ("team",)
    parameters_help = "team: the address (slug) of a team you own or coach"

    def inline_limit(self) -> int:
        return settings.EXPORT_INLINE_MAX_MEMBERS

    def clean(self, user: User | AnonymousUser, raw: Mapping[str, Any]) -> dict[str, Any]:
        slug = raw.get("team")
        if not isinstance(slug, str) or not slug:
            raise ExportRefused({"team": ["Name the team by its address (a string)."]})
        try:
            team, _ = get_team_for_coach(user, slug)  # a member's PermissionError is the caller's 403
        except Http404:
            raise ExportRefused({"team": ["No team of yours has this address."]}) from None
        return {"team": team.slug}

    def _team(self, parameters: dict[str, Any]) -> Team:
        team = Team.objects.filter(slug=parameters["team"]).first()
        if team is None:
            raise ExportRefused({"team": ["The team no longer exists."]})
        return team

    def size(self, user: User | AnonymousUser, parameters: dict[str, Any]) -> int:
        return Membership.objects.filter(team__slug=parameters["team"]).count()

    def title(self, user: User | AnonymousUser, parameters: dict[str, Any]) -> str:
        return f"{self._team(parameters).name} dashboard"

    def build(self, user: User | AnonymousUser, parameters: dict[str, Any], now: datetime) -> ExportFile:
        team = self._team(parameters)
        rows = dashboard_csv_rows(team_dashboard(team, now))
        return ExportFile(csv_text(rows).encode(), f"{team.slug}-dashboard.csv", "text/csv; charset=utf-8")

    def may_have(self, user: User, parameters: dict[str, Any]) -> bool:
        return Membership.objects.filter(team__slug=parameters.get("team"), user=user, role__in=COACHING_ROLES).exists()
