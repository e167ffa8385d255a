"""Mock interviews over the API: create, answer, finish, grade, summary."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from practice.api.serializers import (
    MockAnswerSerializer,
    MockCreateSerializer,
    MockGradesSerializer,
    MockSerializer,
)
from practice.mocks import ItemGrade, MockError, answer_item, create_mock, finish_mock, grade_mock
from practice.models import MockInterview
from questions.models import Category

UNAUTHENTICATED = OpenApiResponse(description="No or invalid credentials")
NOT_YOURS = OpenApiResponse(description="No such mock interview of yours")
CONFLICT = OpenApiResponse(description="Not possible in the mock interview's state; the message says why")
BAD_INPUT = OpenApiResponse(description="An error per field")
ERRORS = {400: BAD_INPUT, 401: UNAUTHENTICATED, 404: NOT_YOURS, 409: CONFLICT}


def _mock_for(request: Request, pk: int) -> MockInterview:
    try:
        return MockInterview.objects.get(pk=pk, user=request.user)
    except MockInterview.DoesNotExist:
        raise Http404 from None


def payload(mock: MockInterview) -> dict[str, Any]:
    """A mock interview as the API shows it: model answers only once it is finished."""
    over = mock.finished_at is not None
    items = []
    for item in mock.items.select_related("question", "attempt").order_by("position"):
        covered = set(item.attempt.key_points_covered) if item.attempt else set()
        items.append(
            {
                "position": item.position,
                "question": item.question,
                "answer_text": item.answer_text,
                "seconds_taken": item.seconds_taken,
                "answered": item.answered_at is not None,
                "answer_html": item.question.answer_html if over else None,
                "key_points": item.question.key_points if over else None,
                "grade": item.attempt.grade if item.attempt else None,
                "key_points_missed": (
                    [p for i, p in enumerate(item.question.key_points) if i not in covered] if item.attempt else None
                ),
                "over_time": item.over_time,
            }
        )
    return {
        "id": mock.pk,
        "status": mock.status,
        "seconds_per_question": mock.seconds_per_question,
        "created_at": mock.created_at,
        "finished_at": mock.finished_at,
        "graded_at": mock.graded_at,
        "items": items,
    }


def _conflict(exc: MockError) -> Response:
    return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)


@extend_schema(
    methods=["GET"], summary="Your mock interviews", responses={200: MockSerializer(many=True), 401: UNAUTHENTICATED}
)
@extend_schema(
    methods=["POST"],
    summary="Start a mock interview",
    request=MockCreateSerializer,
    responses={
        201: MockSerializer,
        400: OpenApiResponse(description="An error per field"),
        401: UNAUTHENTICATED,
        409: CONFLICT,
    },
)
@api_view(["GET", "POST"])
@permission_classes([IsAuthenticated])
def mocks(request: Request) -> Response:
    if request.method == "GET":
        rows = MockInterview.objects.filter(user=request.user).order_by("-created_at")[:50]
        return Response(MockSerializer([payload(m) for m in rows], many=True).data)
    data = MockCreateSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    category = None
    if data.validated_data.get("category"):
        category = Category.objects.filter(slug=data.validated_data["category"]).first()
        if category is None:
            return Response({"category": ["No such category."]}, status=status.HTTP_400_BAD_REQUEST)
    try:
        mock = create_mock(
            user=request.user,
            size=data.validated_data["size"],
            seconds_per_question=data.validated_data["seconds_per_question"],
            category=category,
            now=timezone.now(),
        )
    except MockError as exc:
        return _conflict(exc)
    return Response(MockSerializer(payload(mock)).data, status=status.HTTP_201_CREATED)


@extend_schema(
    summary="One of your mock interviews", responses={200: MockSerializer, 401: UNAUTHENTICATED, 404: NOT_YOURS}
)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def mock_detail(request: Request, pk: int) -> Response:
    return Response(MockSerializer(payload(_mock_for(request, pk))).data)


@extend_schema(
    summary="Answer the current question",
    request=MockAnswerSerializer,
    responses={
        200: MockSerializer,
        400: OpenApiResponse(description="An error per field"),
        401: UNAUTHENTICATED,
        404: NOT_YOURS,
        409: CONFLICT,
    },
)
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def mock_answer(request: Request, pk: int) -> Response:
    mock = _mock_for(request, pk)
    data = MockAnswerSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    try:
        answer_item(mock=mock, now=timezone.now(), **data.validated_data)
    except MockError as exc:
        return _conflict(exc)
    return Response(MockSerializer(payload(mock)).data)


@extend_schema(
    summary="End the mock interview (unanswered questions stay blank)",
    request=None,
    responses={200: MockSerializer, 401: UNAUTHENTICATED, 404: NOT_YOURS},
)
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def mock_finish(request: Request, pk: int) -> Response:
    mock = finish_mock(mock=_mock_for(request, pk), now=timezone.now())
    return Response(MockSerializer(payload(mock)).data)


@extend_schema(
    summary="Grade every answer; each grade becomes an attempt and moves its review state",
    request=MockGradesSerializer,
    responses={
        200: MockSerializer,
        400: OpenApiResponse(description="An error per field"),
        401: UNAUTHENTICATED,
        404: NOT_YOURS,
        409: CONFLICT,
    },
)
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def mock_grades(request: Request, pk: int) -> Response:
    mock = _mock_for(request, pk)
    data = MockGradesSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    grades = {g["position"]: ItemGrade(g["grade"], g["key_points_covered"]) for g in data.validated_data["grades"]}
    try:
        mock = grade_mock(mock=mock, grades=grades, now=timezone.now())
    except MockError as exc:
        return _conflict(exc)
    return Response(MockSerializer(payload(mock)).data)


@extend_schema(
    summary="The summary of a graded mock interview",
    responses={200: MockSerializer, 401: UNAUTHENTICATED, 404: NOT_YOURS, 409: CONFLICT},
)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def mock_summary(request: Request, pk: int) -> Response:
    mock = _mock_for(request, pk)
    if mock.status != "graded":
        return _conflict(MockError("The summary comes once every answer is graded."))
    return Response(MockSerializer(payload(mock)).data)
