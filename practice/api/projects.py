"""Project deep-dives over the API: describe a project, then answer the prompts interviewers probe with."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import permission_classes
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from accounts.requests import SignedInRequest, signed_in_api_view
from interviewprep.api_errors import BAD_INPUT, UNAUTHENTICATED, error
from practice.api.serializers import (
    ProjectAnswersInputSerializer,
    ProjectDetailSerializer,
    ProjectInputSerializer,
    ProjectSerializer,
)
from practice.mocks import PROMPTS, save_project_answers
from practice.models import Project
from practice.services import create_project, update_project

NOT_YOURS = error("No such project of yours")


def _project_for(request: SignedInRequest, pk: int) -> Project:
    try:
        return Project.objects.annotate(answered=Count("answers")).get(pk=pk, user=request.user)
    except Project.DoesNotExist:
        raise Http404 from None


def _detail(project: Project) -> dict[str, Any]:
    saved = {a.prompt: a.text for a in project.answers.all()}
    return {
        "id": project.pk,
        "title": project.title,
        "summary": project.summary,
        "created_at": project.created_at,
        "updated_at": project.updated_at,
        "answered": len(saved),
        "prompts": [{"key": k, "prompt": p, "hint": h, "answer": saved.get(k, "")} for k, p, h in PROMPTS],
    }


@extend_schema(
    methods=["GET"], summary="Your projects", responses={200: ProjectSerializer(many=True), 401: UNAUTHENTICATED}
)
@extend_schema(
    methods=["POST"],
    summary="Describe a project of yours for the deep-dive",
    request=ProjectInputSerializer,
    responses={201: ProjectDetailSerializer, 400: BAD_INPUT, 401: UNAUTHENTICATED},
)
@signed_in_api_view(["GET", "POST"])
@permission_classes([IsAuthenticated])
def projects(request: SignedInRequest) -> Response:
    if request.method == "GET":
        # One query: the answer count is an annotation.
        rows = Project.objects.filter(user=request.user).annotate(answered=Count("answers")).order_by("-created_at")
        return Response(ProjectSerializer(rows, many=True).data)
    data = ProjectInputSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    project = create_project(user=request.user, now=timezone.now(), **data.validated_data)
    return Response(ProjectDetailSerializer(_detail(project)).data, status=status.HTTP_201_CREATED)


@extend_schema(
    methods=["GET"],
    summary="One of your projects, with every prompt and your answers",
    responses={200: ProjectDetailSerializer, 401: UNAUTHENTICATED, 404: NOT_YOURS},
)
@extend_schema(
    methods=["PATCH"],
    summary="Change the title or summary of your project",
    request=ProjectInputSerializer(partial=True),
    responses={200: ProjectDetailSerializer, 400: BAD_INPUT, 401: UNAUTHENTICATED, 404: NOT_YOURS},
)
@signed_in_api_view(["GET", "PATCH"])
@permission_classes([IsAuthenticated])
def project_detail(request: SignedInRequest, pk: int) -> Response:
    project = _project_for(request, pk)
    if request.method == "PATCH":
        data = ProjectInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        project = update_project(
            project=project,
            now=timezone.now(),
            title=data.validated_data.get("title"),
            summary=data.validated_data.get("summary") if "summary" in request.data else None,
        )
    return Response(ProjectDetailSerializer(_detail(project)).data)


@extend_schema(
    summary="Save your answers to the deep-dive prompts (an empty answer removes it)",
    request=ProjectAnswersInputSerializer,
    responses={200: ProjectDetailSerializer, 400: BAD_INPUT, 401: UNAUTHENTICATED, 404: NOT_YOURS},
)
@signed_in_api_view(["PUT"])
@permission_classes([IsAuthenticated])
def project_answers(request: SignedInRequest, pk: int) -> Response:
    project = _project_for(request, pk)
    data = ProjectAnswersInputSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    now = timezone.now()
    save_project_answers(project=project, answers=data.validated_data["answers"], now=now)
    project.updated_at = now
    return Response(ProjectDetailSerializer(_detail(project)).data)
