"""/api/v1/account/: your profile (accounts.services) and deleting your account
(interviewprep.account_deletion), which is why this view lives here and not in accounts/api/."""

from __future__ import annotations

from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import permission_classes
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

import interviewprep.api_input as strict
from accounts.api.serializers import AccountInput, AccountSerializer
from accounts.requests import SignedInRequest, signed_in_api_view
from accounts.services import set_display_name
from interviewprep.account_deletion import (
    AccountDeletionRefused,
    DeletionPlanChanged,
    delete_own_account,
    deletion_plan,
)
from interviewprep.api_errors import UNAUTHENTICATED, conflict, error, field_errors

DELETION_RULES = (
    "Deletes your account and all your data at once. Teams you alone own go to their longest-standing "
    "coach, else their longest-standing member, or are deleted when nobody else is in them; the questions "
    "you wrote stay, without your name. GET /api/v1/account/deletion/ first says what would happen: when a "
    "team would be handed over or deleted, send its `confirm` value, or the answer is a 409 saying what would "
    "happen (and a 409 again if that has changed since)."
)


class DeleteInput(serializers.Serializer):
    password = strict.CharField(trim_whitespace=False, style={"input_type": "password"})
    confirm = strict.CharField(
        required=False, allow_blank=True, default="",
        help_text="`confirm` from GET /api/v1/account/deletion/; needed when a team would be handed over or deleted",
    )  # fmt: skip


class NewOwnerSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="user_id")
    name = serializers.CharField(source="user", help_text="Display name, or email address")
    role = serializers.CharField(help_text="Their role now (coach or member); they become owner")


class TeamFateSerializer(serializers.Serializer):
    slug = serializers.SlugField(source="team.slug")
    name = serializers.CharField(source="team.name")
    role = serializers.CharField(help_text="Your role in it")
    action = serializers.ChoiceField(
        choices=["leave", "hand_over", "delete"],
        help_text="leave: you leave it (someone else owns it, or you are not an owner); hand_over: new_owner "
        "becomes its owner; delete: the team goes, with its plans and invitations (nobody else is in it)",
    )
    new_owner = NewOwnerSerializer(source="successor", allow_null=True)


class DeletionPlanSerializer(serializers.Serializer):
    teams = TeamFateSerializer(many=True, help_text="Each of your teams, by name, and what would happen to it")
    questions_kept = serializers.IntegerField(help_text="Questions you wrote that stay, without your name")
    submissions_deleted = serializers.IntegerField(help_text="Your submissions never published, deleted with you")
    confirm = serializers.CharField(help_text="Send it with DELETE /api/v1/account/ to confirm this plan")


@extend_schema(methods=["GET"], summary="Your account", responses={200: AccountSerializer, 401: UNAUTHENTICATED})
@extend_schema(
    methods=["PATCH"],
    summary="Set or clear your display name",
    description="The email address is read-only here (a value sent for it is ignored).",
    request=AccountInput,
    responses={
        200: AccountSerializer,
        400: field_errors("The display name is too long, has control characters, or is null (on display_name)"),
        401: UNAUTHENTICATED,
    },
)
@extend_schema(
    methods=["DELETE"],
    summary="Delete your account and all your data",
    description=DELETION_RULES,
    request=DeleteInput,
    responses={
        204: None,
        400: field_errors("The password is missing or wrong (on password)"),
        401: UNAUTHENTICATED,
        409: error("Teams would be handed over or deleted and `confirm` is missing, or no longer matches"),
    },
)
@signed_in_api_view(["GET", "PATCH", "DELETE"])
@permission_classes([IsAuthenticated])
def account(request: SignedInRequest) -> Response:
    user = request.user
    if request.method == "DELETE":
        data = DeleteInput(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            delete_own_account(
                user=user, password=data.validated_data["password"], confirm=data.validated_data["confirm"]
            )
        except DeletionPlanChanged as exc:
            return conflict(exc)
        except AccountDeletionRefused as exc:
            return Response({exc.field or "non_field_errors": [str(exc)]}, status=status.HTTP_400_BAD_REQUEST)
        logout(request._request)  # a session that signed in the browser way ends too
        return Response(status=status.HTTP_204_NO_CONTENT)
    if request.method == "PATCH":
        changes = AccountInput(data=request.data)
        changes.is_valid(raise_exception=True)
        if "display_name" in changes.validated_data:
            try:
                set_display_name(user=user, display_name=changes.validated_data["display_name"])
            except ValidationError as exc:
                return Response({"display_name": exc.messages}, status=status.HTTP_400_BAD_REQUEST)
    return Response(AccountSerializer(user).data)


@extend_schema(
    summary="What deleting your account would do (a dry run: nothing changes)",
    description=DELETION_RULES,
    responses={200: DeletionPlanSerializer, 401: UNAUTHENTICATED},
)
@signed_in_api_view(["GET"])
@permission_classes([IsAuthenticated])
def account_deletion(request: SignedInRequest) -> Response:
    return Response(DeletionPlanSerializer(deletion_plan(request.user)).data)
