"""Teams over the API, with the same rules as the pages (teams.services)."""

from __future__ import annotations

import math
from typing import Any

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view, permission_classes
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

import interviewprep.api_input as strict
from accounts.models import User
from accounts.requests import SignedInRequest, signed_in_api_view
from interviewprep.api_errors import BAD_INPUT, UNAUTHENTICATED, Detail, conflict, error
from questions.models import Question
from teams.dashboard import TeamDashboard, team_dashboard
from teams.models import COACHING_ROLES, Invitation, Membership, StudyPlan, Team
from teams.plan_filters import PlanFilterForm, api_filter_data, describe_filter
from teams.services import (
    InvitationLimit,
    TeamError,
    accept_invitation,
    change_role,
    create_invitation,
    create_plan,
    create_team,
    decline_invitation,
    get_roster_for_coach,
    get_team_for_coach,
    get_team_for_member,
    leave_team,
    remove_member,
    revoke_invitation,
    set_answer_sharing,
)

FORBIDDEN = error("Owners and coaches only")
NOT_FOUND = error("No such team of yours")
NO_INVITATION = error("No such invitation")
NO_MEMBER = error("No such team of yours, or no such member in it")
ROLE_RULES = (
    "Owners change anyone's role and remove anyone; coaches remove members and may step down to member; "
    "a team always keeps at least one owner (409 otherwise)."
)


CONFLICT = error("Not possible now; the message says why")


def _member(request: Request, slug: str) -> tuple[Team, Membership]:
    return get_team_for_member(request.user, slug)


def _coach(request: Request, slug: str) -> tuple[Team, Membership]:
    try:
        return get_team_for_coach(request.user, slug)
    except PermissionError as exc:
        raise PermissionDenied(str(exc)) from None


class TeamSerializer(strict.ModelSerializer):
    role = serializers.SerializerMethodField()

    class Meta:
        model = Team
        fields = ["slug", "name", "description", "created_at", "role"]
        read_only_fields = ["created_at", "role"]
        extra_kwargs = {"slug": {"required": False, "validators": []}}

    def get_role(self, team: Team) -> str | None:
        membership = next((m for m in team.memberships.all() if m.user_id == self.context["request"].user.pk), None)
        return membership.role if membership else None


class TeamDetailSerializer(TeamSerializer):
    share_answers = serializers.SerializerMethodField(help_text="Whether you let this team's coaches read your answers")
    members = serializers.SerializerMethodField(help_text="How many people are in the team")

    class Meta(TeamSerializer.Meta):
        fields = [*TeamSerializer.Meta.fields, "share_answers", "members"]

    def get_share_answers(self, team: Team) -> bool:
        return self.context["membership"].share_answers

    def get_members(self, team: Team) -> int:
        return len(team.memberships.all())


class SharingInput(serializers.Serializer):
    share_answers = serializers.BooleanField()


class MemberSerializer(serializers.Serializer):
    """What members see of each other: a display name, never an email address."""

    id = serializers.IntegerField(source="user_id")
    name = serializers.CharField(source="user.get_short_name")
    role = serializers.CharField()
    joined_at = serializers.DateTimeField()


class CoachMemberSerializer(MemberSerializer):
    """What owners and coaches see of their members."""

    email = serializers.EmailField(source="user.email")
    name = serializers.CharField(source="user")
    share_answers = serializers.BooleanField()


class RoleInput(serializers.Serializer):
    role = serializers.ChoiceField(choices=["owner", "coach", "member"])


class InvitationSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True)
    url = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField(read_only=True)
    expires_at = serializers.DateTimeField(read_only=True)
    email = strict.EmailField(
        required=False, allow_blank=True, default="", help_text="Emailed invitations work for this address only"
    )
    days = strict.IntegerField(min_value=1, max_value=90, default=14, write_only=True)
    max_uses = strict.IntegerField(
        min_value=1, required=False, allow_null=True, default=None,
        help_text="Empty: no limit for a link, one use for an emailed invitation",
    )  # fmt: skip
    uses = serializers.IntegerField(read_only=True)
    revoked_at = serializers.DateTimeField(read_only=True, allow_null=True)
    declined_at = serializers.DateTimeField(read_only=True, allow_null=True)

    def get_url(self, invitation: Invitation) -> str:
        return self.context["request"].build_absolute_uri(invitation.get_absolute_url())


class PlanInput(serializers.Serializer):
    title = strict.CharField(max_length=200)
    due_date = serializers.DateField()
    note = strict.CharField(required=False, allow_blank=True, default="", max_length=2_000)
    questions = serializers.ListField(child=strict.SlugField(), required=False)
    filter = serializers.JSONField(
        required=False,
        help_text=(
            "Instead of questions: {category, difficulty, kind, tag, common, search}; difficulty and kind take "
            'a list or a comma-separated string ("medium,hard"). Unknown keys, an empty filter or one that '
            "matches more than 200 published questions are refused."
        ),
    )
    members = serializers.ListField(child=strict.EmailField(), required=False, default=list)

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if "questions" in data and "filter" in data:
            raise serializers.ValidationError({"questions": ["Give question slugs or a filter, not both."]})
        if not data.get("questions") and "filter" not in data:
            raise serializers.ValidationError({"questions": ["Give question slugs or a filter."]})
        return data


class PlanSerializer(serializers.ModelSerializer):
    questions: serializers.ManyRelatedField = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)  # type: ignore[assignment]
    members = serializers.SerializerMethodField(help_text="Emails for coaches, display names for members")

    class Meta:
        model = StudyPlan
        fields = ["id", "title", "note", "due_date", "questions", "filters", "filter_label", "members", "created_at"]

    def get_members(self, plan: StudyPlan) -> list[str]:
        coach = self.context.get("coach", False)
        return [u.email if coach else u.get_short_name() for u in plan.members.all()]


class DashboardPlanSerializer(serializers.Serializer):
    title = serializers.CharField(source="plan.title")
    due_date = serializers.DateField(source="plan.due_date")
    done = serializers.IntegerField()
    total = serializers.IntegerField()
    overdue = serializers.BooleanField()


class DashboardRowSerializer(serializers.Serializer):
    email = serializers.EmailField()
    name = serializers.CharField()
    role = serializers.CharField()
    attempts_7d = serializers.IntegerField()
    attempts_30d = serializers.IntegerField()
    due = serializers.IntegerField()
    retention = serializers.FloatField(allow_null=True)
    plan_completion = serializers.FloatField(allow_null=True)
    readiness = serializers.DictField(child=serializers.FloatField())
    last_active = serializers.DateTimeField(allow_null=True)
    plans = DashboardPlanSerializer(many=True)


class DashboardSerializer(serializers.Serializer):
    members = DashboardRowSerializer(many=True)
    weakest = serializers.ListField(child=serializers.CharField(), help_text="Slugs of the weakest categories")


def dashboard_data(data: TeamDashboard) -> dict[str, Any]:
    """What DashboardSerializer gives for `data`, written out directly: DRF's field machinery over
    200 rows of a dozen fields costs the endpoint more than its queries. The serializer stays as
    the schema; tests/teams/test_dashboard_aggregates.py holds the two equal."""
    when = serializers.DateTimeField()  # DRF's own format for instants (UTC as "Z")
    members = [
        {
            "email": row.email,
            "name": row.name,
            "role": row.role,
            "attempts_7d": row.attempts_7d,
            "attempts_30d": row.attempts_30d,
            "due": row.due,
            "retention": row.retention,
            "plan_completion": row.plan_completion,
            "readiness": dict(row.readiness),
            "last_active": None if row.last_active is None else when.to_representation(row.last_active),
            "plans": [
                {
                    "title": p.plan.title,
                    "due_date": p.plan.due_date.isoformat(),
                    "done": p.done,
                    "total": p.total,
                    "overdue": p.overdue,
                }
                for p in row.plans
            ],
        }
        for row in data.rows
    ]
    return {"members": members, "weakest": [slug for slug, _, _ in data.weakest]}


@extend_schema(methods=["GET"], summary="Your teams", responses={200: TeamSerializer(many=True), 401: UNAUTHENTICATED})
@extend_schema(
    methods=["POST"], summary="Create a team (you become its owner)", request=TeamSerializer,
    responses={201: TeamSerializer, 400: BAD_INPUT, 401: UNAUTHENTICATED},
)  # fmt: skip
@signed_in_api_view(["GET", "POST"])
@permission_classes([IsAuthenticated])
def teams(request: SignedInRequest) -> Response:
    if request.method == "GET":
        rows = Team.objects.filter(memberships__user=request.user).prefetch_related("memberships").order_by("name")
        return Response(TeamSerializer(rows, many=True, context={"request": request}).data)
    data = TeamSerializer(data=request.data, context={"request": request})
    data.is_valid(raise_exception=True)
    try:
        team = create_team(
            user=request.user,
            name=data.validated_data["name"],
            description=data.validated_data.get("description", ""),
            slug=data.validated_data.get("slug", ""),
            now=timezone.now(),
        )
    except TeamError as exc:
        return Response({"slug": [str(exc)]}, status=status.HTTP_400_BAD_REQUEST)
    team = Team.objects.prefetch_related("memberships").get(pk=team.pk)
    return Response(TeamSerializer(team, context={"request": request}).data, status=status.HTTP_201_CREATED)


@extend_schema(
    methods=["GET"],
    summary="One of your teams",
    responses={200: TeamDetailSerializer, 401: UNAUTHENTICATED, 404: NOT_FOUND},
)
@extend_schema(
    methods=["PATCH"], summary="Let this team's coaches read your typed answers, or stop", request=SharingInput,
    responses={200: TeamDetailSerializer, 400: BAD_INPUT, 401: UNAUTHENTICATED, 404: NOT_FOUND},
)  # fmt: skip
@api_view(["GET", "PATCH"])
@permission_classes([IsAuthenticated])
def team_detail(request: Request, slug: str) -> Response:
    _, membership = _member(request, slug)
    if request.method == "PATCH":
        data = SharingInput(data=request.data)
        data.is_valid(raise_exception=True)
        set_answer_sharing(membership=membership, share=data.validated_data["share_answers"])
    team = Team.objects.prefetch_related("memberships").get(pk=membership.team_id)
    context = {"request": request, "membership": membership}
    return Response(TeamDetailSerializer(team, context=context).data)


@extend_schema(
    summary="The team's members (emails for owners and coaches only)",
    responses={200: CoachMemberSerializer(many=True), 401: UNAUTHENTICATED, 404: NOT_FOUND},
)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def members(request: Request, slug: str) -> Response:
    team, me = _member(request, slug)
    rows = team.memberships.select_related("user").order_by("joined_at")
    serializer = CoachMemberSerializer if me.role in COACHING_ROLES else MemberSerializer
    return Response(serializer(rows, many=True).data)


def _refusing_conflicts(action: Any) -> Response | None:
    """Run a service call; its PermissionError is a 403, its TeamError a 409 with the reason."""
    try:
        action()
    except PermissionError as exc:
        raise PermissionDenied(str(exc)) from None
    except TeamError as exc:
        return conflict(exc)
    return None


@extend_schema(
    methods=["PATCH"], summary="Change a member's role", description=ROLE_RULES, request=RoleInput,
    responses={200: CoachMemberSerializer, 400: BAD_INPUT, 401: UNAUTHENTICATED, 403: FORBIDDEN, 404: NO_MEMBER,
               409: CONFLICT},
)  # fmt: skip
@extend_schema(
    methods=["DELETE"], summary="Remove a member from the team", description=ROLE_RULES,
    responses={204: None, 401: UNAUTHENTICATED, 403: FORBIDDEN, 404: NO_MEMBER, 409: CONFLICT},
)  # fmt: skip
@api_view(["PATCH", "DELETE"])
@permission_classes([IsAuthenticated])
def member_detail(request: Request, slug: str, user_id: int) -> Response:
    team, me = _coach(request, slug)
    target = team.memberships.filter(user_id=user_id).select_related("user").first()
    if target is None:
        raise Http404
    if request.method == "DELETE":
        refused = _refusing_conflicts(lambda: remove_member(team=team, by=me, target=target))
        return refused or Response(status=status.HTTP_204_NO_CONTENT)
    data = RoleInput(data=request.data)
    data.is_valid(raise_exception=True)
    refused = _refusing_conflicts(
        lambda: change_role(team=team, by=me, target=target, role=data.validated_data["role"])
    )
    return refused or Response(CoachMemberSerializer(target).data)


@extend_schema(
    summary="Leave the team", request=None,
    responses={204: None, 401: UNAUTHENTICATED, 404: NOT_FOUND, 409: CONFLICT},
)  # fmt: skip
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def leave(request: Request, slug: str) -> Response:
    _, membership = _member(request, slug)
    refused = _refusing_conflicts(lambda: leave_team(membership=membership))
    return refused or Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(
    methods=["GET"], summary="The team's invitations, revoked ones included (owners and coaches)",
    responses={200: InvitationSerializer(many=True), 401: UNAUTHENTICATED, 403: FORBIDDEN, 404: NOT_FOUND},
)  # fmt: skip
@extend_schema(
    methods=["POST"], summary="Make an invitation link (optionally emailed)", request=InvitationSerializer,
    description=(
        "Emailed invitations are capped over any 24 hours, per team (INVITATION_EMAILS_PER_TEAM_PER_DAY, default 50) "
        "and per inviter (INVITATION_EMAILS_PER_INVITER_PER_DAY, default 50): past either, a 429 says which, with "
        "Retry-After in seconds. Links without an email are not capped."
    ),
    responses={201: InvitationSerializer, 400: BAD_INPUT, 401: UNAUTHENTICATED, 403: FORBIDDEN, 404: NOT_FOUND,
               429: error("Too many emailed invitations from this team or from you in the last 24 hours")},
)  # fmt: skip
@signed_in_api_view(["GET", "POST"])
@permission_classes([IsAuthenticated])
def invitations(request: SignedInRequest, slug: str) -> Response:
    team, _ = _coach(request, slug)
    if request.method == "GET":
        rows = team.invitations.order_by("-created_at")
        return Response(InvitationSerializer(rows, many=True, context={"request": request}).data)
    data = InvitationSerializer(data=request.data, context={"request": request})
    data.is_valid(raise_exception=True)
    now = timezone.now()
    try:
        invitation = create_invitation(team=team, by=request.user, now=now, **data.validated_data)
    except InvitationLimit as exc:
        wait = max(1, math.ceil((exc.retry_at - now).total_seconds()))
        return Response(
            {"detail": str(exc)}, status=status.HTTP_429_TOO_MANY_REQUESTS, headers={"Retry-After": str(wait)}
        )
    return Response(InvitationSerializer(invitation, context={"request": request}).data, status=status.HTTP_201_CREATED)


@extend_schema(
    summary="Revoke an invitation", request=None,
    responses={200: InvitationSerializer, 401: UNAUTHENTICATED, 403: FORBIDDEN, 404: NOT_FOUND},
)  # fmt: skip
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def invitation_revoke(request: Request, slug: str, token: str) -> Response:
    team, _ = _coach(request, slug)
    invitation = team.invitations.filter(token=token).first()
    if invitation is None:
        raise Http404
    revoke_invitation(invitation=invitation, now=timezone.now())
    return Response(InvitationSerializer(invitation, context={"request": request}).data)


@extend_schema(
    summary="Join the team of an invitation (as a member)", request=None,
    responses={200: TeamSerializer, 401: UNAUTHENTICATED, 404: NO_INVITATION, 409: CONFLICT},
)  # fmt: skip
@signed_in_api_view(["POST"])
@permission_classes([IsAuthenticated])
def accept(request: SignedInRequest, token: str) -> Response:
    invitation = Invitation.objects.select_related("team").filter(token=token).first()
    if invitation is None:
        raise Http404
    try:
        accept_invitation(invitation=invitation, user=request.user, now=timezone.now())
    except TeamError as exc:
        return conflict(exc)
    team = Team.objects.prefetch_related("memberships").get(pk=invitation.team_id)
    return Response(TeamSerializer(team, context={"request": request}).data)


@extend_schema(
    summary="Decline an invitation (an emailed one addressed to you stops working)", request=None,
    responses={200: Detail, 401: UNAUTHENTICATED, 404: NO_INVITATION},
)  # fmt: skip
@signed_in_api_view(["POST"])
@permission_classes([IsAuthenticated])
def decline(request: SignedInRequest, token: str) -> Response:
    invitation = Invitation.objects.select_related("team").filter(token=token).first()
    if invitation is None:
        raise Http404
    decline_invitation(invitation=invitation, user=request.user, now=timezone.now())
    return Response({"detail": f"You declined the invitation to {invitation.team.name}."})


@extend_schema(
    methods=["GET"],
    summary="The team's study plans",
    responses={200: PlanSerializer(many=True), 401: UNAUTHENTICATED, 404: NOT_FOUND},
)
@extend_schema(
    methods=["POST"], summary="Assign a study plan (owners and coaches)", request=PlanInput,
    responses={201: PlanSerializer, 400: BAD_INPUT, 401: UNAUTHENTICATED, 403: FORBIDDEN, 404: NOT_FOUND},
)  # fmt: skip
@signed_in_api_view(["GET", "POST"])
@permission_classes([IsAuthenticated])
def plans(request: SignedInRequest, slug: str) -> Response:
    if request.method == "GET":
        team, me = _member(request, slug)
        rows = team.plans.prefetch_related("questions", "members").order_by("due_date")
        return Response(PlanSerializer(rows, many=True, context={"coach": me.role in COACHING_ROLES}).data)
    team, _ = _coach(request, slug)
    data = PlanInput(data=request.data)
    data.is_valid(raise_exception=True)
    errors: dict[str, Any] = {}
    filters: dict[str, Any] = {}
    if data.validated_data.get("questions"):
        slugs = data.validated_data["questions"]
        questions = list(Question.objects.published().filter(slug__in=slugs))
        unknown = sorted(set(slugs) - {q.slug for q in questions})
        if unknown:
            errors["questions"] = [f"No such published question: {', '.join(unknown)}."]
    else:
        raw, errors = api_filter_data(data.validated_data["filter"])
        if errors:
            return Response(errors, status=status.HTTP_400_BAD_REQUEST)
        form = PlanFilterForm(raw)
        if not form.is_valid():
            field_errors = {k: v for k, v in form.errors.items() if k != "__all__"}
            return Response({"filter": field_errors or form.non_field_errors()}, status=status.HTTP_400_BAD_REQUEST)
        questions, filters = form.questions, form.saved_filter()
    emails = data.validated_data["members"]
    users = list(User.objects.filter(email__in=emails, memberships__team=team))
    missing = sorted(set(emails) - {u.email for u in users})
    if missing:
        errors["members"] = [f"Not in this team: {', '.join(missing)}."]
    if errors:
        return Response(errors, status=status.HTTP_400_BAD_REQUEST)
    try:
        plan = create_plan(
            team=team, by=request.user, title=data.validated_data["title"], due_date=data.validated_data["due_date"],
            note=data.validated_data["note"], questions=questions, members=users, filters=filters,
            filter_label=describe_filter(filters) if filters else "", now=timezone.now(),
        )  # fmt: skip
    except TeamError as exc:
        return Response({exc.field or "questions": [str(exc)]}, status=status.HTTP_400_BAD_REQUEST)
    return Response(PlanSerializer(plan, context={"coach": True}).data, status=status.HTTP_201_CREATED)


@extend_schema(
    summary="The coach's dashboard data (owners and coaches)",
    responses={200: DashboardSerializer, 401: UNAUTHENTICATED, 403: FORBIDDEN, 404: NOT_FOUND},
)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def dashboard(request: Request, slug: str) -> Response:
    now = timezone.now()
    try:
        team, _, members = get_roster_for_coach(request.user, slug, now)
    except PermissionError as exc:
        raise PermissionDenied(str(exc)) from None
    data = team_dashboard(team, now, members=members)
    return Response(dashboard_data(data))
