from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from django.http import Http404, HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import api_view, permission_classes
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from accounts.requests import SignedInRequest, signed_in_api_view
from interviewprep.api_errors import BAD_INPUT, NO_PAGE, UNAUTHENTICATED, error, field_errors
from interviewprep.api_pages import paginated
from practice.api.serializers import (
    AttemptInputSerializer,
    AttemptSerializer,
    BookmarkInputSerializer,
    BookmarkSerializer,
    NoteSerializer,
    ProgressSerializer,
    QueueSerializer,
    ReviewStateSerializer,
    StudySettingsSerializer,
)
from practice.exports import anki_deck, attempts_csv
from practice.models import Attempt, AttemptQuerySet, Bookmark, Note, ReviewState, StudySettings
from practice.progress import progress_for
from practice.queue import build_queue
from practice.scheduling import DEFAULT_RETENTION, retrievability
from practice.services import add_bookmark, record_attempt, remove_bookmark, save_note, settings_for
from questions.access import get_question_for_user
from questions.api.views import FILTER_PARAMETERS
from questions.forms import QuestionFilterForm
from questions.models import Question


class AttemptViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The caller's own practice attempts, newest first."""

    serializer_class = AttemptSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self) -> AttemptQuerySet:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Attempt.objects.none()
        return Attempt.objects.owned_by(cast(User, self.request.user)).for_list_page()  # IsAuthenticated

    @extend_schema(
        summary="List your attempts",
        responses={200: AttemptSerializer(many=True), 401: UNAUTHENTICATED, 404: NO_PAGE},
    )
    def list(self, request: Request, *args: object, **kwargs: object) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary="One of your attempts",
        responses={200: AttemptSerializer, 401: UNAUTHENTICATED, 404: error("Not yours or none")},
    )
    def retrieve(self, request: Request, *args: object, **kwargs: object) -> Response:
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        summary="Record an attempt",
        request=AttemptInputSerializer,
        responses={
            201: AttemptSerializer,
            400: field_errors('An error per invalid field, e.g. {"grade": ["..."]} or {"key_points_covered": ["..."]}'),
            401: UNAUTHENTICATED,
        },
    )
    def create(self, request: Request) -> Response:
        # A bad slug or key-point index is bad input, reported on its field like any other.
        data = AttemptInputSerializer(data=request.data, context={"user": request.user})
        data.is_valid(raise_exception=True)
        attempt = record_attempt(
            user=cast(User, request.user),  # IsAuthenticated
            question=data.validated_data["question"],
            grade=data.validated_data["grade"],
            answer_text=data.validated_data["answer_text"],
            seconds_taken=data.validated_data["seconds_taken"],
            now=timezone.now(),
            key_points_covered=data.validated_data.get("key_points_covered"),
        )
        attempt = self.get_queryset().get(pk=attempt.pk)
        return Response(AttemptSerializer(attempt).data, status=status.HTTP_201_CREATED)


def _state_payload(state: ReviewState | None, question: Question, now: datetime, retention: float) -> dict[str, Any]:
    memory = state.memory() if state else None
    return {
        "question": question,
        "due": state.due if state else None,
        "stability": state.stability if state else None,
        "difficulty": state.difficulty if state else None,
        "state": state.state_name if state else "new",
        "reps": state.reps if state else 0,
        "lapses": state.lapses if state else 0,
        "last_review": state.last_review if state else None,
        "retrievability": retrievability(memory, now, desired_retention=retention) if memory else 0.0,
    }


def _retention(user: User) -> float:
    value = StudySettings.objects.filter(user=user).values_list("desired_retention", flat=True).first()
    return value or DEFAULT_RETENTION


@extend_schema(
    operation_id="v1_review_due_list",
    summary="Your due reviews, most overdue first, a page at a time",
    parameters=[OpenApiParameter("page", int, description="Page number, from 1")],
    responses={
        200: paginated("PaginatedReviewStateList", ReviewStateSerializer(many=True)),
        401: UNAUTHENTICATED,
        404: NO_PAGE,
    },
)
@signed_in_api_view(["GET"])
@permission_classes([IsAuthenticated])
def review_due(request: SignedInRequest) -> Response:
    now = timezone.now()
    states = ReviewState.objects.due_for(request.user, now).select_related("question")
    paginator = PageNumberPagination()
    page = paginator.paginate_queryset(states, request) or []
    retention = _retention(request.user)
    data = [_state_payload(s, s.question, now, retention) for s in page]
    return paginator.get_paginated_response(ReviewStateSerializer(data, many=True).data)


@extend_schema(
    summary="Your review state for one question",
    responses={200: ReviewStateSerializer, 401: UNAUTHENTICATED, 404: error("No such question")},
)
@signed_in_api_view(["GET"])
@permission_classes([IsAuthenticated])
def review_state(request: SignedInRequest, slug: str) -> Response:
    question = get_question_for_user(request.user, slug)
    state = ReviewState.objects.filter(user=request.user, question=question).first()
    payload = _state_payload(state, question, timezone.now(), _retention(request.user))
    return Response(ReviewStateSerializer(payload).data)


@extend_schema(summary="Your progress", responses={200: ProgressSerializer, 401: UNAUTHENTICATED})
@signed_in_api_view(["GET"])
@permission_classes([IsAuthenticated])
def progress(request: SignedInRequest) -> Response:
    data = progress_for(request.user, timezone.now())
    payload = {
        **{k: getattr(data, k) for k in ("seen", "total", "reviews", "recalled", "retention", "streak")},
        "overall_readiness": data.overall_readiness,
        "overall_readiness_on_date": data.overall_readiness_on_date,
        "interview_date": data.interview_date,
        "categories": data.categories,
        "activity": {cell.day.isoformat(): cell.count for cell in data.calendar if cell.count},
        "due_this_week": [s.question.slug for s in data.due_this_week],
    }
    return Response(ProgressSerializer(payload).data)


@extend_schema(
    methods=["GET"], summary="Your bookmarks", responses={200: BookmarkSerializer(many=True), 401: UNAUTHENTICATED}
)
@extend_schema(
    methods=["POST"],
    summary="Bookmark a question (idempotent)",
    request=BookmarkInputSerializer,
    responses={201: BookmarkSerializer, 400: field_errors("No such question"), 401: UNAUTHENTICATED},
)
@signed_in_api_view(["GET", "POST"])
@permission_classes([IsAuthenticated])
def bookmarks(request: SignedInRequest) -> Response:
    if request.method == "GET":
        rows = Bookmark.objects.owned_by(request.user).select_related("question").order_by("-created_at")
        return Response(BookmarkSerializer(rows, many=True).data)
    data = BookmarkInputSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    try:
        question = get_question_for_user(request.user, data.validated_data["question"])
    except Http404:
        return Response({"question": ["No such question."]}, status=status.HTTP_400_BAD_REQUEST)
    bookmark = add_bookmark(user=request.user, question=question, now=timezone.now())
    return Response(BookmarkSerializer(bookmark).data, status=status.HTTP_201_CREATED)


@extend_schema(
    summary="Remove a bookmark",
    responses={204: None, 401: UNAUTHENTICATED, 404: error("Not bookmarked")},
)
@signed_in_api_view(["DELETE"])
@permission_classes([IsAuthenticated])
def bookmark_delete(request: SignedInRequest, slug: str) -> Response:
    if not remove_bookmark(user=request.user, question_slug=slug):
        raise NotFound("Not bookmarked.")
    return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(summary="Your private notes", responses={200: NoteSerializer(many=True), 401: UNAUTHENTICATED})
@signed_in_api_view(["GET"])
@permission_classes([IsAuthenticated])
def notes(request: SignedInRequest) -> Response:
    rows = Note.objects.owned_by(request.user).select_related("question").order_by("-updated_at")
    return Response(NoteSerializer(rows, many=True).data)


@extend_schema(
    methods=["GET"],
    summary="Your note on a question",
    responses={200: NoteSerializer, 401: UNAUTHENTICATED, 404: error("No note or no question")},
)
@extend_schema(
    methods=["PUT"],
    summary="Write your note on a question (an empty text deletes it)",
    request=NoteSerializer,
    responses={
        200: NoteSerializer,
        204: None,
        400: field_errors("Too long"),
        401: UNAUTHENTICATED,
        404: error("No such question"),
    },
)
@extend_schema(
    methods=["DELETE"],
    summary="Delete your note",
    responses={204: None, 401: UNAUTHENTICATED, 404: error("No such question")},
)
@signed_in_api_view(["GET", "PUT", "DELETE"])
@permission_classes([IsAuthenticated])
def note(request: SignedInRequest, slug: str) -> Response:
    question = get_question_for_user(request.user, slug)
    if request.method == "GET":
        found = Note.objects.filter(user=request.user, question=question).select_related("question").first()
        if found is None:
            raise NotFound("No note on this question.")
        return Response(NoteSerializer(found).data)
    text = ""
    if request.method == "PUT":
        data = NoteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        text = data.validated_data["text"]
    saved = save_note(user=request.user, question=question, text=text, now=timezone.now())
    return Response(NoteSerializer(saved).data) if saved else Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(
    methods=["GET"], summary="Your study settings", responses={200: StudySettingsSerializer, 401: UNAUTHENTICATED}
)
@extend_schema(
    methods=["PATCH"],
    summary="Change your study settings",
    request=StudySettingsSerializer,
    responses={
        200: StudySettingsSerializer,
        400: BAD_INPUT,
        401: UNAUTHENTICATED,
    },
)
@signed_in_api_view(["GET", "PATCH"])
@permission_classes([IsAuthenticated])
def study_settings(request: SignedInRequest) -> Response:
    instance = settings_for(request.user)
    if request.method == "GET":
        return Response(StudySettingsSerializer(instance).data)
    data = StudySettingsSerializer(instance, data=request.data, partial=True)
    data.is_valid(raise_exception=True)
    data.save()
    return Response(data.data)


@extend_schema(
    summary="An Anki deck (.apkg) of the questions a filter picks",
    parameters=FILTER_PARAMETERS,
    responses={
        (200, "application/octet-stream"): OpenApiTypes.BINARY,
        400: field_errors("An invalid filter value"),
        401: UNAUTHENTICATED,
    },
)
@api_view(["GET"])
@permission_classes([AllowAny])
def export_anki(request: Request) -> HttpResponse:
    form = QuestionFilterForm(request.query_params, user=request.user)
    if not form.is_valid():
        raise ValidationError({field: [str(e) for e in errors] for field, errors in form.errors.items()})
    questions = (
        Question.objects.visible_to(request.user)
        .matching(**form.filters())
        .select_related("category")
        .prefetch_related("tags")
        .order_by("category__position", "title")
    )
    response = HttpResponse(anki_deck(questions, title=form.describe()), content_type="application/octet-stream")
    response["Content-Disposition"] = 'attachment; filename="interviewprep.apkg"'
    return response


@extend_schema(
    summary="Your attempts as CSV (the same file as the page's download)",
    responses={(200, "text/csv"): OpenApiTypes.BINARY, 401: UNAUTHENTICATED},
)
@signed_in_api_view(["GET"])
@permission_classes([IsAuthenticated])
def export_attempts(request: SignedInRequest) -> HttpResponse:
    response = HttpResponse(attempts_csv(request.user), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="interviewprep-attempts.csv"'
    return response


@extend_schema(
    summary="Your review queue: due reviews first, then today's share of new questions",
    responses={200: QueueSerializer, 401: UNAUTHENTICATED},
)
@signed_in_api_view(["GET"])
@permission_classes([IsAuthenticated])
def review_queue(request: SignedInRequest) -> Response:
    queue = build_queue(request.user, timezone.now())
    payload = {
        "due_count": queue.due_count,
        "new_left_today": queue.new_left_today,
        "due": [state.question for state in queue.due],
        "new": queue.new,
    }
    return Response(QueueSerializer(payload).data)
