from __future__ import annotations

from collections.abc import Callable
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
    ParameterFitSerializer,
    ProgressSerializer,
    QueueSerializer,
    ReviewStateDetailSerializer,
    ReviewStateSerializer,
    StudySettingsSerializer,
)
from practice.export_jobs import ExportRefused, build_now, export_kind
from practice.export_pages import file_response
from practice.fitting import MIN_REVIEWS
from practice.models import Attempt, AttemptQuerySet, Bookmark, Note, ParameterFit, ReviewState, StudySettings
from practice.personal_fsrs import request_fit, reset_parameters
from practice.progress import progress_for
from practice.queue import build_queue
from practice.scheduling import (
    DEFAULT_LEECH_THRESHOLD,
    DEFAULT_RULES,
    Rules,
    is_leech,
    new_memory,
    next_due,
    retrievability,
)
from practice.services import (
    STUDY_SETTINGS,
    USER_SETTINGS,
    add_bookmark,
    bury_question,
    record_attempt,
    remove_bookmark,
    rules_for,
    save_note,
    settings_for,
    suspend_question,
    unsuspend_question,
    update_study_settings,
)
from questions.access import get_question_for_user
from questions.api.views import FILTER_PARAMETERS
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


def _state_payload(state: ReviewState | None, question: Question, now: datetime, rules: Rules) -> dict[str, Any]:
    memory = state.memory() if state and state.reps else None
    return {
        "question": question,
        "due": state.due if state else None,
        "stability": state.stability if state else None,
        "difficulty": state.difficulty if state else None,
        "state": state.state_name if state else "new",
        "reps": state.reps if state else 0,
        "lapses": state.lapses if state else 0,
        "last_review": state.last_review if state else None,
        "retrievability": retrievability(memory, now, rules=rules) if memory else 0.0,
    }


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
    rules = rules_for(request.user)
    data = [_state_payload(s, s.question, now, rules) for s in page]
    return paginator.get_paginated_response(ReviewStateSerializer(data, many=True).data)


def _state_detail(user: User, question: Question, now: datetime) -> dict[str, Any]:
    state = ReviewState.objects.filter(user=user, question=question).first()
    settings = StudySettings.objects.filter(user=user).first()
    rules = settings.rules() if settings else DEFAULT_RULES
    threshold = settings.leech_threshold if settings else DEFAULT_LEECH_THRESHOLD
    memory = state.memory() if state and state.reps else new_memory(now)
    return {
        **_state_payload(state, question, now, rules),
        "next_due": next_due(memory, now, rules=rules),
        "suspended": bool(state and state.suspended_at),
        "buried_until": state.buried_until if state and state.is_buried(now) else None,
        "leech": bool(state and is_leech(state.lapses, threshold)),
    }


STATE_NOT_FOUND = error("No such question")


@extend_schema(
    summary="Your review state for one question, with when it would come back after each grade",
    responses={200: ReviewStateDetailSerializer, 401: UNAUTHENTICATED, 404: STATE_NOT_FOUND},
)
@signed_in_api_view(["GET"])
@permission_classes([IsAuthenticated])
def review_state(request: SignedInRequest, slug: str) -> Response:
    question = get_question_for_user(request.user, slug)
    return Response(ReviewStateDetailSerializer(_state_detail(request.user, question, timezone.now())).data)


def _set_aside(action: Callable[..., object], summary: str) -> Callable[..., Response]:
    @extend_schema(
        summary=summary,
        request=None,
        responses={200: ReviewStateDetailSerializer, 401: UNAUTHENTICATED, 404: STATE_NOT_FOUND},
    )
    @signed_in_api_view(["POST"])
    @permission_classes([IsAuthenticated])
    def view(request: SignedInRequest, slug: str) -> Response:
        question = get_question_for_user(request.user, slug)
        now = timezone.now()
        action(user=request.user, question=question, now=now)
        return Response(ReviewStateDetailSerializer(_state_detail(request.user, question, now)).data)

    view.cls.__name__ = action.__name__
    return view


review_suspend = _set_aside(suspend_question, "Suspend a question: it leaves every queue until unsuspended")
review_unsuspend = _set_aside(unsuspend_question, "Unsuspend a question: it comes back when its schedule says")
review_bury = _set_aside(bury_question, "Bury a question: it leaves every queue until your next day starts")


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
        "readiness_questions": data.readiness_questions,
        "readiness_reviews": data.readiness_reviews,
        "forecast": [{"day": day, "due": n} for day, n in data.forecast],
        "retention_weeks": [{"week": w, "reviews": n, "recalled": ok} for w, n, ok in data.retention_weeks],
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
    if request.method == "PATCH":
        data = StudySettingsSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        update_study_settings(user=request.user, changes=data.validated_data)
    return Response(StudySettingsSerializer(_settings_payload(request.user)).data)


def _settings_payload(user: User) -> dict[str, Any]:
    settings = settings_for(user)
    return {
        **{name: getattr(settings, name) for name in STUDY_SETTINGS},
        **{name: getattr(user, name) for name in USER_SETTINGS},
    }


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
    # Built in the request whatever its size, as this endpoint always answered (POST /api/v1/exports/
    # has a large deck prepared in the background instead).
    names = export_kind("anki").parameter_names
    parameters = {name: value for name, value in request.query_params.items() if name in names}
    try:
        return file_response(build_now(user=request.user, kind="anki", parameters=parameters, now=timezone.now()))
    except ExportRefused as exc:
        raise ValidationError(exc.errors) from None


@extend_schema(
    summary="Your attempts as CSV (the same file as the page's download)",
    responses={(200, "text/csv"): OpenApiTypes.BINARY, 401: UNAUTHENTICATED},
)
@signed_in_api_view(["GET"])
@permission_classes([IsAuthenticated])
def export_attempts(request: SignedInRequest) -> HttpResponse:
    return file_response(build_now(user=request.user, kind="attempts", parameters={}, now=timezone.now()))


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
        "due_today": queue.due_today,
        "new_left_today": queue.new_left_today,
        "due": [state.question for state in queue.due],
        "new": queue.new,
    }
    return Response(QueueSerializer(payload).data)


def _fit_payload(user: User) -> dict[str, Any]:
    fit = ParameterFit.objects.filter(user=user).first()
    personal = StudySettings.objects.filter(user=user, fsrs_parameters__isnull=False).exists()
    fields = ("requested_at", "finished_at", "log_loss_before", "log_loss_after", "recommended_retention")
    return {
        "personal": personal,
        "reviews": Attempt.objects.filter(user=user).count(),
        "min_reviews": MIN_REVIEWS,
        "status": fit.status if fit else "none",
        **{name: getattr(fit, name) if fit else None for name in fields},
        "kept": bool(fit and fit.kept),
        "message": fit.message if fit else "",
    }


@extend_schema(
    summary="FSRS fitted to you: the last fit's report",
    responses={200: ParameterFitSerializer, 401: UNAUTHENTICATED},
)
@signed_in_api_view(["GET"])
@permission_classes([IsAuthenticated])
def fsrs_report(request: SignedInRequest) -> Response:
    return Response(ParameterFitSerializer(_fit_payload(request.user)).data)


@extend_schema(
    summary="Fit your FSRS parameters to your reviews (a background job; asking again while one runs changes nothing)",
    request=None,
    responses={202: ParameterFitSerializer, 401: UNAUTHENTICATED},
)
@signed_in_api_view(["POST"])
@permission_classes([IsAuthenticated])
def fsrs_fit(request: SignedInRequest) -> Response:
    request_fit(user=request.user, now=timezone.now())
    return Response(ParameterFitSerializer(_fit_payload(request.user)).data, status=status.HTTP_202_ACCEPTED)


@extend_schema(
    summary="Schedule with the default FSRS parameters again",
    request=None,
    responses={200: ParameterFitSerializer, 401: UNAUTHENTICATED},
)
@signed_in_api_view(["POST"])
@permission_classes([IsAuthenticated])
def fsrs_reset(request: SignedInRequest) -> Response:
    reset_parameters(user=request.user)
    return Response(ParameterFitSerializer(_fit_payload(request.user)).data)
