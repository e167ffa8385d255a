"""Practice sessions over the API: start from a filter, then the current question, reveal, grade, skip, end.

The same service functions as the session page (practice.services), so the rules live once:
hidden questions are skipped, time counts from when a question was first shown, and a
`position` sent with a step must be the question the caller saw.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import permission_classes
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from accounts.requests import SignedInRequest, signed_in_api_view
from interviewprep.api_errors import BAD_INPUT, UNAUTHENTICATED, conflict, error
from practice.api.serializers import (
    AttemptSerializer,
    RevealSerializer,
    SessionGradeSerializer,
    SessionSerializer,
    SessionStartSerializer,
    SessionStepSerializer,
    validate_key_points,
)
from practice.models import Attempt, PracticeSession
from practice.services import (
    NothingToPractise,
    SessionError,
    UnknownSource,
    choose_session_questions,
    current_session_question,
    finish_session,
    grade_session_question,
    reveal_session_question,
    seconds_since,
    skip_session_question,
    start_session,
)
from questions.forms import QuestionFilterForm
from questions.models import Question

NOT_YOURS = error("No such practice session of yours")
CONFLICT = error("The session is over, or `position` is no longer the current question")


def _session_for(request: SignedInRequest, pk: int) -> PracticeSession:
    try:
        return PracticeSession.objects.get(pk=pk, user=request.user)
    except PracticeSession.DoesNotExist:
        raise Http404 from None


def _state(session: PracticeSession, request: SignedInRequest) -> dict[str, Any]:
    now = timezone.now()
    question = current_session_question(session=session, user=request.user, now=now)
    return {
        "id": session.pk,
        "title": session.title,
        "position": session.position,
        "total": session.total,
        "created_at": session.created_at,
        "finished_at": session.finished_at,
        "question": question,
        "seconds_so_far": seconds_since(session.shown_at, now) if question else None,
    }


def _questions_for(request: SignedInRequest, data: dict[str, Any]) -> tuple[list[Question], str] | Response:
    """The questions and title a start request picks (practice.services decides), or a 400
    naming the bad field."""
    source, title, filters = data["source"], "", {}
    if source in ("filter", "bookmarks"):
        fields = ("search", "category", "difficulty", "kind", "tag", "common")
        form_data = {k: data[k] for k in fields if data.get(k) not in (None, "")}
        if source == "bookmarks":
            form_data["bookmarked"] = "on"
        form = QuestionFilterForm(form_data, user=request.user)
        if not form.is_valid():
            return Response({f: list(e) for f, e in form.errors.items()}, status=status.HTTP_400_BAD_REQUEST)
        filters, title = form.filters(), form.describe()
    try:
        return choose_session_questions(
            user=request.user, source=source, filters=filters, title=title, now=timezone.now(),
            ref=data.get("assignment"), include_history=data.get("include_history", False),
        )  # fmt: skip
    except UnknownSource as exc:
        return Response({exc.field: [str(exc)]}, status=status.HTTP_400_BAD_REQUEST)


@extend_schema(
    methods=["GET"],
    summary="Your practice sessions, newest first (50 at most)",
    responses={200: SessionSerializer(many=True), 401: UNAUTHENTICATED},
)
@extend_schema(
    methods=["POST"],
    summary="Start a practice session from a filter, your bookmarks, what is due or an assignment",
    request=SessionStartSerializer,
    responses={
        201: SessionSerializer,
        400: BAD_INPUT,
        401: UNAUTHENTICATED,
        409: error("Nothing to practise there right now"),
    },
)
@signed_in_api_view(["GET", "POST"])
@permission_classes([IsAuthenticated])
def sessions(request: SignedInRequest) -> Response:
    if request.method == "GET":
        # One query: the list shows no question, so nothing is joined.
        rows = PracticeSession.objects.filter(user=request.user).order_by("-created_at")[:50]
        listed = [
            {**{f: getattr(s, f) for f in ("title", "position", "total", "created_at", "finished_at")}, "id": s.pk}
            for s in rows
        ]
        return Response(SessionSerializer([{**row, "question": None} for row in listed], many=True).data)
    data = SessionStartSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    picked = _questions_for(request, data.validated_data)
    if isinstance(picked, Response):
        return picked
    questions, title = picked
    try:
        session = start_session(user=request.user, title=title, questions=questions, now=timezone.now())
    except NothingToPractise as exc:
        return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
    return Response(SessionSerializer(_state(session, request)).data, status=status.HTTP_201_CREATED)


@extend_schema(
    summary="One of your practice sessions, with the question it is on (null once it is over)",
    responses={200: SessionSerializer, 401: UNAUTHENTICATED, 404: NOT_YOURS},
)
@signed_in_api_view(["GET"])
@permission_classes([IsAuthenticated])
def session_detail(request: SignedInRequest, pk: int) -> Response:
    return Response(SessionSerializer(_state(_session_for(request, pk), request)).data)


@extend_schema(
    summary="Reveal the current question's answer, with the key points your answer seems to cover",
    request=SessionStepSerializer,
    responses={200: RevealSerializer, 400: BAD_INPUT, 401: UNAUTHENTICATED, 404: NOT_YOURS, 409: CONFLICT},
)
@signed_in_api_view(["POST"])
@permission_classes([IsAuthenticated])
def session_reveal(request: SignedInRequest, pk: int) -> Response:
    session = _session_for(request, pk)
    data = SessionStepSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    try:
        revealed = reveal_session_question(
            session=session, user=request.user, now=timezone.now(), **data.validated_data
        )
    except SessionError as exc:
        return conflict(exc)
    question = revealed.question
    payload = {
        "position": session.position,
        "question": question,
        "short_answer": question.short_answer,
        "key_points": question.key_points,
        "essential_points": question.essential_points,
        "answer_html": question.answer_html,
        "follow_ups": question.follow_up_items,
        "pitfalls": question.pitfalls,
        "suggested_key_points": [m.index for m in revealed.matches if m.covered],
        "suggested_grade": revealed.suggested_grade,
    }
    return Response(RevealSerializer(payload).data)


@extend_schema(
    summary="Grade the current question: stores the attempt (timed by the server) and moves on",
    request=SessionGradeSerializer,
    responses={201: AttemptSerializer, 400: BAD_INPUT, 401: UNAUTHENTICATED, 404: NOT_YOURS, 409: CONFLICT},
)
@signed_in_api_view(["POST"])
@permission_classes([IsAuthenticated])
def session_grade(request: SignedInRequest, pk: int) -> Response:
    session = _session_for(request, pk)
    data = SessionGradeSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    values = data.validated_data
    now = timezone.now()
    question = current_session_question(session=session, user=request.user, now=now)
    if question is not None and "key_points_covered" in values:
        validate_key_points(values["key_points_covered"], question)
    try:
        attempt = grade_session_question(session=session, user=request.user, now=now, **values)
    except SessionError as exc:
        return conflict(exc)
    attempt = Attempt.objects.for_list_page().get(pk=attempt.pk)
    return Response(AttemptSerializer(attempt).data, status=status.HTTP_201_CREATED)


@extend_schema(
    summary="Skip the current question",
    request=SessionStepSerializer,
    responses={200: SessionSerializer, 400: BAD_INPUT, 401: UNAUTHENTICATED, 404: NOT_YOURS, 409: CONFLICT},
)
@signed_in_api_view(["POST"])
@permission_classes([IsAuthenticated])
def session_skip(request: SignedInRequest, pk: int) -> Response:
    session = _session_for(request, pk)
    data = SessionStepSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    try:
        skip_session_question(
            session=session, user=request.user, now=timezone.now(), position=data.validated_data.get("position")
        )
    except SessionError as exc:
        return conflict(exc)
    return Response(SessionSerializer(_state(session, request)).data)


@extend_schema(
    summary="End the session now",
    request=None,
    responses={200: SessionSerializer, 401: UNAUTHENTICATED, 404: NOT_YOURS},
)
@signed_in_api_view(["POST"])
@permission_classes([IsAuthenticated])
def session_end(request: SignedInRequest, pk: int) -> Response:
    session = finish_session(session=_session_for(request, pk), now=timezone.now())
    return Response(SessionSerializer(_state(session, request)).data)
