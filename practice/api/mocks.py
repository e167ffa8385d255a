"""Mock interviews over the API: create, answer, finish, grade, summary."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import permission_classes
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from accounts.models import User
from accounts.requests import SignedInRequest, signed_in_api_view
from interviewprep.api_errors import BAD_INPUT, UNAUTHENTICATED, conflict, error
from practice.api.serializers import (
    MockAnswerSerializer,
    MockCreateSerializer,
    MockGradesSerializer,
    MockSerializer,
)
from practice.coverage import key_point_index_errors
from practice.mocks import (
    ItemGrade,
    MockError,
    UnknownCategory,
    answer_item,
    create_mock,
    current_step,
    finish_mock,
    grade_mock,
    ladder,
    ladder_summary,
    reveal_item,
    show_step,
    steps,
    visible_item_rows,
    visible_items,
)
from practice.models import MockInterview, MockProbe
from questions.markdown import render_snippet
from questions.models import Category

NOT_YOURS = error("No such mock interview of yours")
CONFLICT = error("Not possible in the mock interview's state; the message says why")
ERRORS = {400: BAD_INPUT, 401: UNAUTHENTICATED, 404: NOT_YOURS, 409: CONFLICT}


def _mock_for(request: SignedInRequest, pk: int) -> MockInterview:
    try:
        return MockInterview.objects.get(pk=pk, user=request.user)
    except MockInterview.DoesNotExist:
        raise Http404 from None


def _items(user: User) -> Prefetch:
    # One query for the items of every mock listed, with their questions, attempts and projects;
    # one for their tags and one for their follow-ups.
    rows = (
        visible_item_rows(user)
        .select_related("question", "attempt", "project")
        .prefetch_related("question__tags", Prefetch("probes", queryset=MockProbe.objects.order_by("position")))
    )
    return Prefetch("items", queryset=rows.order_by("position"), to_attr="visible")


def _with_items(mocks: QuerySet[MockInterview], user: User) -> QuerySet[MockInterview]:
    return mocks.prefetch_related(_items(user))


def _probe(probe: MockProbe, mock: MockInterview, *, over: bool) -> dict[str, Any]:
    return {
        "position": probe.position,
        # Not known before it is asked, as in the room.
        "question": probe.question if over or probe.shown_at else None,
        "answered": probe.answered_at is not None,
        "answer_text": probe.answer_text,
        "seconds_taken": probe.seconds_taken,
        "over_time": (probe.seconds_taken or 0) > mock.seconds_per_question,
        "answer": probe.answer if over else None,
        "answer_html": render_snippet(probe.answer) if over else None,
        "grade": probe.grade or None,
    }


def payload(mock: MockInterview) -> dict[str, Any]:
    """A mock interview as the API shows it (`mock` comes through _with_items): model answers,
    suggested ticks and a suggested grade only once the answers are in, as on the grading page;
    each follow-up only once it is asked, its brief answer once the answers are in."""
    over = mock.finished_at is not None
    graded = mock.graded_at is not None
    items, ladders = [], []
    for item in mock.visible:  # type: ignore[attr-defined]
        revealed = reveal_item(item) if over else None
        probes = list(item.probes.all())
        climbed = ladder([p.grade for p in probes]) if graded else None
        if climbed is not None:
            ladders.append(climbed)
        items.append(
            {
                "position": item.position,
                "title": item.title,
                "deep_dive": item.is_deep_dive,
                "project": item.project,
                "question": item.question,
                "answer_text": item.answer_text,
                "seconds_taken": item.seconds_taken,
                "answered": item.answered_at is not None,
                "answer_html": item.question.answer_html if over else None,
                "key_points": item.question.key_points if over else None,
                "suggested_key_points": [m.index for m in revealed.matches if m.covered] if revealed else None,
                "suggested_grade": revealed.suggested_grade if revealed else None,
                "grade": item.attempt.grade if item.attempt else None,
                "key_points_missed": revealed.missed if revealed else None,
                "over_time": item.over_time,
                "follow_ups": [_probe(p, mock, over=over) for p in probes],
                "ladder": None if climbed is None else {**climbed.__dict__, "text": climbed.text},
            }
        )
    current = None if over else next((s for s in steps(mock.visible) if (s.probe or s.item).answered_at is None), None)  # type: ignore[attr-defined]
    return {
        "id": mock.pk,
        "status": mock.status,
        "seconds_per_question": mock.seconds_per_question,
        "follow_ups_per_question": mock.probes_per_question,
        "current": None if current is None else {"position": current.item.position, "follow_up": current.follow_up},
        "follow_ups_summary": ladder_summary(ladders) if graded else None,
        "created_at": mock.created_at,
        "finished_at": mock.finished_at,
        "graded_at": mock.graded_at,
        "items": items,
    }


def _shown(mock: MockInterview, request: SignedInRequest) -> Response:
    """The mock as the caller now sees it; the question it is on counts as shown from now."""
    step = current_step(mock, request.user) if mock.finished_at is None else None
    if step is not None:
        show_step(step=step, now=timezone.now())
    mock = _with_items(MockInterview.objects.filter(pk=mock.pk), request.user).get()
    return Response(MockSerializer(payload(mock)).data)


@extend_schema(
    methods=["GET"], summary="Your mock interviews", responses={200: MockSerializer(many=True), 401: UNAUTHENTICATED}
)
@extend_schema(
    methods=["POST"],
    summary="Start a mock interview",
    request=MockCreateSerializer,
    responses={
        201: MockSerializer,
        400: BAD_INPUT,
        401: UNAUTHENTICATED,
        409: CONFLICT,
    },
)
@signed_in_api_view(["GET", "POST"])
@permission_classes([IsAuthenticated])
def mocks(request: SignedInRequest) -> Response:
    if request.method == "GET":
        rows = _with_items(MockInterview.objects.filter(user=request.user).order_by("-created_at"), request.user)
        return Response(MockSerializer([payload(m) for m in rows[:50]], many=True).data)
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
            include_history=data.validated_data["include_history"],
            probes_per_question=data.validated_data["follow_ups"],
            now=timezone.now(),
        )
    except UnknownCategory as exc:
        return Response({"category": [str(exc)]}, status=status.HTTP_400_BAD_REQUEST)
    except MockError as exc:
        return conflict(exc)
    response = _shown(mock, request)
    response.status_code = status.HTTP_201_CREATED
    return response


@extend_schema(
    summary="One of your mock interviews", responses={200: MockSerializer, 401: UNAUTHENTICATED, 404: NOT_YOURS}
)
@signed_in_api_view(["GET"])
@permission_classes([IsAuthenticated])
def mock_detail(request: SignedInRequest, pk: int) -> Response:
    return _shown(_mock_for(request, pk), request)


@extend_schema(
    summary="Answer the current question",
    request=MockAnswerSerializer,
    responses={
        200: MockSerializer,
        400: BAD_INPUT,
        401: UNAUTHENTICATED,
        404: NOT_YOURS,
        409: CONFLICT,
    },
)
@signed_in_api_view(["POST"])
@permission_classes([IsAuthenticated])
def mock_answer(request: SignedInRequest, pk: int) -> Response:
    mock = _mock_for(request, pk)
    data = MockAnswerSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    try:
        # seconds_taken from the client is ignored: the server times from when the question was shown.
        answer_item(
            mock=mock,
            user=request.user,
            position=data.validated_data["position"],
            follow_up=data.validated_data.get("follow_up"),
            answer_text=data.validated_data["answer_text"],
            now=timezone.now(),
        )
    except MockError as exc:
        return conflict(exc)
    return _shown(mock, request)


@extend_schema(
    summary="End the mock interview (unanswered questions stay blank)",
    request=None,
    responses={200: MockSerializer, 401: UNAUTHENTICATED, 404: NOT_YOURS},
)
@signed_in_api_view(["POST"])
@permission_classes([IsAuthenticated])
def mock_finish(request: SignedInRequest, pk: int) -> Response:
    mock = finish_mock(mock=_mock_for(request, pk), now=timezone.now())
    return _shown(mock, request)


@extend_schema(
    summary="Grade every answer; each grade becomes an attempt and moves its review state",
    request=MockGradesSerializer,
    responses={
        200: MockSerializer,
        400: BAD_INPUT,
        401: UNAUTHENTICATED,
        404: NOT_YOURS,
        409: CONFLICT,
    },
)
@signed_in_api_view(["POST"])
@permission_classes([IsAuthenticated])
def mock_grades(request: SignedInRequest, pk: int) -> Response:
    mock = _mock_for(request, pk)
    data = MockGradesSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    grades = {
        g["position"]: ItemGrade(
            g["grade"], g["key_points_covered"], {f["position"]: f["grade"] for f in g["follow_ups"]}
        )
        for g in data.validated_data["grades"]
    }
    errors = _key_point_errors(mock, request.user, data.validated_data["grades"])
    if errors:
        return Response({"grades": errors}, status=status.HTTP_400_BAD_REQUEST)
    try:
        mock = grade_mock(mock=mock, user=request.user, grades=grades, now=timezone.now())
    except MockError as exc:
        return conflict(exc)
    return _shown(mock, request)


def _key_point_errors(mock: MockInterview, user: User, grades: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per grade, the errors of its key_points_covered against its question; [] when all fit."""
    counts = dict(visible_items(mock, user).values_list("position", "question__key_points"))
    out = []
    for given in grades:
        total = len(counts.get(given["position"], []) or [])
        problems = key_point_index_errors(given["key_points_covered"], total)
        out.append({"key_points_covered": problems} if problems else {})
    return out if any(out) else []


@extend_schema(
    summary="The summary of a graded mock interview",
    responses={200: MockSerializer, 401: UNAUTHENTICATED, 404: NOT_YOURS, 409: CONFLICT},
)
@signed_in_api_view(["GET"])
@permission_classes([IsAuthenticated])
def mock_summary(request: SignedInRequest, pk: int) -> Response:
    mock = _mock_for(request, pk)
    if mock.status != "graded":
        return conflict(MockError("The summary comes once every answer is graded."))
    return _shown(mock, request)
