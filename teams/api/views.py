"""Teams over the API, with the same rules as the pages (teams.services)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view, permission_classes
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from questions.forms import QuestionFilterForm
from questions.models import Question
from teams.dashboard import team_dashboard
from teams.models import Invitation, Membership, StudyPlan, Team
from teams.services import (
    TeamError,
    accept_invitation,
    create_invitation,
    create_plan,
    create_team,
    get_team_for_coach,
    get_team_for_member,
    revoke_invitation,
)

UNAUTHENTICATED = OpenApiResponse(description="No or invalid credentials")
FORBIDDEN = OpenApiResponse(description="Owners and coaches only")
NOT_FOUND = OpenApiResponse(description="No such team of yours")
BAD_INPUT = OpenApiResponse(description="An error per field")
CONFLICT = OpenApiResponse(description="Not possible now; the message says why")
NO_INVITATION = OpenApiResponse(description="No such invitation")


def _member(request: Request, slug: str) -> tuple[Team, Membership]:
    return get_team_for_member(request.user, slug)


def _coach(request: Request, slug: str) -> tuple[Team, Membership]:
    try:
        return get_team_for_coach(request.user, slug)
    except PermissionError as exc:
        raise PermissionDenied(str(exc)) from None


class TeamSerializer(serializers.ModelSerializer):
    role = serializers.SerializerMethodField()

    class Meta:
        model = Team
        fields = ["slug", "name", "description", "created_at", "role"]
        read_only_fields = ["created_at", "role"]
        extra_kwargs = {"slug": {"required": False, "validators": []}}

    def get_role(self, team: Team) -> str | None:
        membership = next((m for m in team.memberships.all() if m.user_id == self.context["request"].user.pk), None)
        return membership.role if membership else None


class MemberSerializer(serializers.Serializer):
    email = serializers.EmailField(source="user.email")
    name = serializers.CharField(source="user")
    role = serializers.CharField()
    joined_at = serializers.DateTimeField()


class InvitationSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True)
    url = serializers.SerializerMethodField()
    expires_at = serializers.DateTimeField(read_only=True)
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    days = serializers.IntegerField(min_value=1, max_value=90, default=14, write_only=True)
    max_uses = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    uses = serializers.IntegerField(read_only=True)

    def get_url(self, invitation: Invitation) -> str:
        return self.context["request"].build_absolute_uri(invitation.get_absolute_url())


class PlanInput(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    due_date = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2_000)
    questions = serializers.ListField(child=serializers.SlugField(), required=False)
    filter = serializers.DictField(required=False, help_text="Question filters, as for GET /api/v1/questions/")
    members = serializers.ListField(child=serializers.EmailField(), required=False, default=list)

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if not data.get("questions") and not data.get("filter"):
            raise serializers.ValidationError({"questions": ["Give question slugs or a filter."]})
        return data


class PlanSerializer(serializers.ModelSerializer):
    questions = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    members = serializers.SlugRelatedField(slug_field="email", many=True, read_only=True)

    class Meta:
        model = StudyPlan
        fields = ["id", "title", "note", "due_date", "questions", "filters", "members", "created_at"]


class DashboardPlanSerializer(serializers.Serializer):
    title = serializers.CharField(source="plan.title")
    due_date = serializers.DateField(source="plan.due_date")
    done = serializers.IntegerField()
    total = serializers.IntegerField()
    overdue = serializers.BooleanField()


class DashboardRowSerializer(serializers.Serializer):
    email = serializers.EmailField(source="membership.user.email")
    name = serializers.CharField()
    role = serializers.CharField(source="membership.role")
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


@extend_schema(methods=["GET"], summary="Your teams", responses={200: TeamSerializer(many=True), 401: UNAUTHENTICATED})
@extend_schema(
    methods=["POST"], summary="Create a team (you become its owner)", request=TeamSerializer,
    responses={201: TeamSerializer, 400: BAD_INPUT, 401: UNAUTHENTICATED},
)  # fmt: skip
@api_view(["GET", "POST"])
@permission_classes([IsAuthenticated])
def teams(request: Request) -> Response:
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
    summary="The team's members", responses={200: MemberSerializer(many=True), 401: UNAUTHENTICATED, 404: NOT_FOUND}
)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def members(request: Request, slug: str) -> Response:
    team, _ = _member(request, slug)
    return Response(MemberSerializer(team.memberships.select_related("user").order_by("joined_at"), many=True).data)


@extend_schema(
    summary="Make an invitation link (optionally emailed)", request=InvitationSerializer,
    responses={201: InvitationSerializer, 400: BAD_INPUT, 401: UNAUTHENTICATED, 403: FORBIDDEN, 404: NOT_FOUND},
)  # fmt: skip
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def invitations(request: Request, slug: str) -> Response:
    team, _ = _coach(request, slug)
    data = InvitationSerializer(data=request.data, context={"request": request})
    data.is_valid(raise_exception=True)
    invitation = create_invitation(team=team, by=request.user, now=timezone.now(), **data.validated_data)
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
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def accept(request: Request, token: str) -> Response:
    invitation = Invitation.objects.select_related("team").filter(token=token).first()
    if invitation is None:
        raise Http404
    try:
        accept_invitation(invitation=invitation, user=request.user, now=timezone.now())
    except TeamError as exc:
        return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
    team = Team.objects.prefetch_related("memberships").get(pk=invitation.team_id)
    return Response(TeamSerializer(team, context={"request": request}).data)


@extend_schema(
    methods=["GET"],
    summary="The team's study plans",
    responses={200: PlanSerializer(many=True), 401: UNAUTHENTICATED, 404: NOT_FOUND},
)
@extend_schema(
    methods=["POST"], summary="Assign a study plan (owners and coaches)", request=PlanInput,
    responses={201: PlanSerializer, 400: BAD_INPUT, 401: UNAUTHENTICATED, 403: FORBIDDEN, 404: NOT_FOUND},
)  # fmt: skip
@api_view(["GET", "POST"])
@permission_classes([IsAuthenticated])
def plans(request: Request, slug: str) -> Response:
    if request.method == "GET":
        team, _ = _member(request, slug)
        rows = team.plans.prefetch_related("questions", "members").order_by("due_date")
        return Response(PlanSerializer(rows, many=True).data)
    team, _ = _coach(request, slug)
    data = PlanInput(data=request.data)
    data.is_valid(raise_exception=True)
    published = Question.objects.published()
    errors: dict[str, list[str]] = {}
    if data.validated_data.get("questions"):
        slugs = data.validated_data["questions"]
        questions = list(published.filter(slug__in=slugs))
        unknown = sorted(set(slugs) - {q.slug for q in questions})
        if unknown:
            errors["questions"] = [f"No such published question: {', '.join(unknown)}."]
        filters: dict[str, Any] = {}
    else:
        form = QuestionFilterForm(data.validated_data["filter"])
        if not form.is_valid():
            return Response({"filter": form.errors}, status=status.HTTP_400_BAD_REQUEST)
        filters = {k: v for k, v in form.filters().items() if v and k != "bookmarked_by"}
        questions = list(published.matching(**form.filters()).order_by("title")[:200])
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
            note=data.validated_data["note"], questions=questions, members=users, filters=filters, now=timezone.now(),
        )  # fmt: skip
    except TeamError as exc:
        return Response({"questions": [str(exc)]}, status=status.HTTP_400_BAD_REQUEST)
    return Response(PlanSerializer(plan).data, status=status.HTTP_201_CREATED)


@extend_schema(
    summary="The coach's dashboard data (owners and coaches)",
    responses={200: DashboardSerializer, 401: UNAUTHENTICATED, 403: FORBIDDEN, 404: NOT_FOUND},
)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def dashboard(request: Request, slug: str) -> Response:
    team, _ = _coach(request, slug)
    data = team_dashboard(team, timezone.now())
    return Response(DashboardSerializer({"members": data.rows, "weakest": [slug for slug, _, _ in data.weakest]}).data)
