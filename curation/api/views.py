"""Submissions, moderation, problem reports and revision history over the API."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import api_view, permission_classes
from rest_framework.exceptions import PermissionDenied
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

import interviewprep.api_input as strict
from accounts.requests import SignedInRequest, signed_in_api_view
from curation.access import get_question_for_curator, get_submission_for
from curation.api.fields import FollowUpsField, FollowUpShape, PitfallsField
from curation.history import revisions
from curation.services import (
    Content,
    IllegalTransition,
    MessageRequired,
    StaleEdit,
    SubmissionLimit,
    approve_submission,
    edit_question,
    edit_submission,
    latest_revision,
    reject_submission,
    report_problem,
    request_changes,
    resolve_report,
    revert_question,
    submit_question,
    withdraw_submission,
)
from interviewprep.api_errors import BAD_INPUT, NO_PAGE, UNAUTHENTICATED, conflict, error, field_errors
from interviewprep.api_pages import paginated
from questions.access import get_question_for_user, is_curator
from questions.models import Category, Question, Report, Submission
from questions.rules import (
    ARXIV_RE,
    clean_also_asked_as,
    essential_points_problem,
    key_points_problem,
    short_answer_problem,
)

FORBIDDEN = error("Curators only, or not your submission")
NOT_FOUND = error("No such submission that you may see")
NO_QUESTION = error("No such question")
CONFLICT = error("Not possible in the submission's state; the message says why")


def _page(request: Request, rows: Any, output: type[serializers.Serializer]) -> Response:
    paginator = PageNumberPagination()
    page = paginator.paginate_queryset(rows, request)
    return paginator.get_paginated_response(output(page, many=True).data)


class ReferenceInput(serializers.Serializer):
    title = strict.CharField(max_length=300)
    url = strict.URLField(required=False)
    arxiv = strict.RegexField(ARXIV_RE, required=False)
    authors = strict.CharField(required=False, max_length=300)
    year = strict.IntegerField(required=False, min_value=1600, max_value=2200)


class SubmissionInput(serializers.Serializer):
    title = strict.CharField(max_length=300)
    scenario = strict.CharField(required=False, allow_blank=True, default="", max_length=5_000)
    answer = strict.CharField(required=False, allow_blank=True, default="", max_length=20_000)
    short_answer = strict.CharField(required=False, allow_blank=True, default="", max_length=2_000)
    key_points = serializers.ListField(child=strict.CharField(max_length=300), required=False, default=list)
    category = serializers.SlugRelatedField(slug_field="slug", queryset=Category.objects.all())
    difficulty = serializers.ChoiceField(choices=Question.Difficulty.choices)
    kind = serializers.ChoiceField(choices=Question.Kind.choices)
    tags = serializers.ListField(child=strict.SlugField(max_length=60), required=False, default=list, max_length=8)
    references = ReferenceInput(many=True, required=False, default=list)
    essential_points = serializers.ListField(
        child=strict.IntegerField(min_value=0, max_value=100), required=False, default=list, max_length=6,
        help_text="Indexes (from 0) of the key points a strong answer must contain",
    )  # fmt: skip
    follow_ups = FollowUpsField(
        required=False, default=list, help_text="3 to 5 probes the interviewer asks next, or none"
    )
    pitfalls = PitfallsField(required=False, default=list, help_text="2 to 4 common wrong or weak answers, or none")

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if message := essential_points_problem(data.get("essential_points", []), data.get("key_points", [])):
            raise serializers.ValidationError({"essential_points": [message]})
        return data

    def validate_short_answer(self, value: str) -> str:
        if message := short_answer_problem(value):
            raise serializers.ValidationError(message)
        return value.strip()

    def validate_key_points(self, value: list[str]) -> list[str]:
        if message := key_points_problem(value):
            raise serializers.ValidationError(message)
        return value

    def content(self) -> Content:
        data = self.validated_data
        return Content(
            title=data["title"], category=data["category"], difficulty=data["difficulty"], kind=data["kind"],
            scenario=data["scenario"], answer=data["answer"], short_answer=data["short_answer"],
            key_points=data["key_points"], tags=data["tags"], references=[dict(r) for r in data["references"]],
            essential_points=data["essential_points"], follow_ups=data["follow_ups"], pitfalls=data["pitfalls"],
        )  # fmt: skip


class SubmissionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=Submission.Status.choices)
    message = serializers.CharField(help_text="The curator's request for changes, or the reason for rejecting")
    slug = serializers.CharField(source="question.slug")
    title = serializers.CharField(source="question.title")
    scenario = serializers.CharField(source="question.body")
    answer = serializers.CharField(source="question.answer")
    answer_html = serializers.CharField(source="question.answer_html")
    short_answer = serializers.CharField(source="question.short_answer")
    key_points = serializers.ListField(source="question.key_points", child=serializers.CharField())
    category = serializers.CharField(source="question.category.slug")
    difficulty = serializers.CharField(source="question.difficulty")
    kind = serializers.CharField(source="question.kind")
    tags = serializers.SerializerMethodField()
    references = serializers.ListField(source="question.references", child=serializers.DictField())
    essential_points = serializers.ListField(source="question.essential_points", child=serializers.IntegerField())
    follow_ups = FollowUpShape(source="question.follow_ups", many=True)
    pitfalls = serializers.ListField(source="question.pitfalls", child=serializers.CharField())
    submitter = serializers.CharField(
        source="submitter.email", allow_null=True, help_text="null once the submitter's account is deleted"
    )
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    def get_tags(self, submission: Submission) -> list[str]:
        return [t.slug for t in submission.question.tags.all()]


def _submission(request: Request, pk: int) -> Submission:
    return get_submission_for(request.user, pk)


def _require_curator(request: Request) -> None:
    if not is_curator(request.user):
        raise PermissionDenied("Curators only.")


def _out(submission: Submission, code: int = status.HTTP_200_OK) -> Response:
    submission = Submission.objects.select_related("question__category", "submitter").get(pk=submission.pk)
    return Response(SubmissionOutput(submission).data, status=code)


@extend_schema(
    methods=["GET"],
    operation_id="v1_submissions_list",
    summary="Your submissions (curators: everyone's), oldest first, a page at a time",
    parameters=[
        OpenApiParameter("status", str, enum=Submission.Status.values),
        OpenApiParameter("page", int, description="Page number, from 1"),
    ],
    responses={
        200: paginated("PaginatedSubmissionList", SubmissionOutput(many=True)),
        400: field_errors("An unknown status"),
        401: UNAUTHENTICATED,
        404: NO_PAGE,
    },
)
@extend_schema(
    methods=["POST"],
    summary="Submit a question for review",
    request=SubmissionInput,
    responses={
        201: SubmissionOutput,
        400: BAD_INPUT,
        401: UNAUTHENTICATED,
        429: error("Daily cap"),
    },
)
@signed_in_api_view(["GET", "POST"])
@permission_classes([IsAuthenticated])
def submissions(request: SignedInRequest) -> Response:
    if request.method == "GET":
        rows = Submission.objects.select_related("question__category", "submitter").prefetch_related("question__tags")
        if not is_curator(request.user):
            rows = rows.filter(submitter=request.user)
        wanted = request.query_params.get("status")
        if wanted:
            if wanted not in Submission.Status.values:
                return Response({"status": [f"Must be one of {', '.join(Submission.Status.values)}."]}, status=400)
            rows = rows.filter(status=wanted)
        return _page(request, rows.order_by("created_at", "pk"), SubmissionOutput)
    data = SubmissionInput(data=request.data)
    data.is_valid(raise_exception=True)
    try:
        submission = submit_question(user=request.user, content=data.content(), now=timezone.now())
    except SubmissionLimit as exc:
        return Response({"detail": str(exc)}, status=status.HTTP_429_TOO_MANY_REQUESTS)
    return _out(submission, status.HTTP_201_CREATED)


@extend_schema(
    methods=["GET"],
    summary="One submission (yours, or any for curators)",
    responses={200: SubmissionOutput, 401: UNAUTHENTICATED, 404: NOT_FOUND},
)
@extend_schema(
    methods=["PATCH"],
    summary="Edit your submission while it is in review or changes are requested",
    request=SubmissionInput,
    responses={
        200: SubmissionOutput,
        400: BAD_INPUT,
        401: UNAUTHENTICATED,
        403: FORBIDDEN,
        404: NOT_FOUND,
        409: CONFLICT,
    },
)
@signed_in_api_view(["GET", "PATCH"])
@permission_classes([IsAuthenticated])
def submission(request: SignedInRequest, pk: int) -> Response:
    found = _submission(request, pk)
    if request.method == "GET":
        return _out(found)
    if found.submitter_id != request.user.pk:
        raise PermissionDenied("Only the submitter edits a submission; curators moderate it.")
    # PATCH: what is not sent stays as it is.
    question = found.question
    current = {
        "title": question.title, "scenario": question.body, "answer": question.answer,
        "short_answer": question.short_answer, "key_points": question.key_points,
        "category": question.category.slug, "difficulty": question.difficulty, "kind": question.kind,
        "tags": [t.slug for t in question.tags.all()], "references": question.references,
        "essential_points": question.essential_points, "follow_ups": question.follow_ups,
        "pitfalls": question.pitfalls,
    }  # fmt: skip
    data = SubmissionInput(data={**current, **request.data})
    data.is_valid(raise_exception=True)
    try:
        edit_submission(submission=found, user=request.user, content=data.content(), now=timezone.now())
    except IllegalTransition as exc:
        return conflict(exc)
    return _out(found)


def _transition(name: str, summary: str, body: type[serializers.Serializer] | None) -> Any:
    ok = (
        inline_serializer("ApprovedQuestion", {"slug": serializers.SlugField()})
        if name == "approve"
        else SubmissionOutput
    )
    return extend_schema(
        summary=summary,
        request=body,
        responses={200: ok, 400: BAD_INPUT, 401: UNAUTHENTICATED, 403: FORBIDDEN, 404: NOT_FOUND, 409: CONFLICT},
    )


def _decision_text() -> Any:
    """The text of a decision that must say why: a string; whether it says enough is the service's rule."""
    return strict.CharField(required=False, allow_blank=True, default="", help_text="Why; an empty one is a 400")


class RequestChangesInput(serializers.Serializer):
    message = _decision_text()


class RejectInput(serializers.Serializer):
    reason = _decision_text()


@_transition("approve", "Approve and publish (curators)", None)
@signed_in_api_view(["POST"])
@permission_classes([IsAuthenticated])
def approve(request: SignedInRequest, pk: int) -> Response:
    _require_curator(request)
    found = _submission(request, pk)
    try:
        question = approve_submission(submission=found, curator=request.user, now=timezone.now())
    except IllegalTransition as exc:
        return conflict(exc)
    return Response({"slug": question.slug})


def _decide_with_text(
    request: Request, pk: int, body: type[serializers.Serializer], decide: Callable[..., Submission]
) -> Response:
    """A curator's decision that must say why (request changes, reject): the text is required."""
    _require_curator(request)
    found = _submission(request, pk)
    data = body(data=request.data)
    data.is_valid(raise_exception=True)
    try:
        decide(submission=found, curator=request.user, now=timezone.now(), **data.validated_data)
    except MessageRequired as exc:
        return Response({exc.field: [str(exc)]}, status=status.HTTP_400_BAD_REQUEST)
    except IllegalTransition as exc:
        return conflict(exc)
    return _out(found)


@_transition("request-changes", "Ask the submitter for changes (curators)", RequestChangesInput)
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def changes(request: Request, pk: int) -> Response:
    return _decide_with_text(request, pk, RequestChangesInput, request_changes)


@_transition("reject", "Reject with a reason (curators)", RejectInput)
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def reject(request: Request, pk: int) -> Response:
    return _decide_with_text(request, pk, RejectInput, reject_submission)


@_transition("withdraw", "Withdraw your submission", None)
@signed_in_api_view(["POST"])
@permission_classes([IsAuthenticated])
def withdraw(request: SignedInRequest, pk: int) -> Response:
    found = _submission(request, pk)
    if found.submitter_id != request.user.pk:
        raise PermissionDenied("Only the submitter can withdraw a submission.")
    try:
        withdraw_submission(submission=found, user=request.user, now=timezone.now())
    except IllegalTransition as exc:
        return conflict(exc)
    return _out(found)


class ResolveInput(serializers.Serializer):
    resolution = strict.CharField(max_length=2_000, help_text="What was done about it")


class ReportOutput(serializers.Serializer):
    id = serializers.IntegerField()
    question = serializers.SlugField(source="question.slug")
    question_title = serializers.CharField(source="question.title")
    kind = serializers.ChoiceField(choices=Report.Kind.choices)
    comment = serializers.CharField()
    reporter = serializers.CharField(source="reporter.email")
    created_at = serializers.DateTimeField()
    resolved_at = serializers.DateTimeField(allow_null=True)
    resolved_by = serializers.CharField(source="resolved_by.email", allow_null=True, default=None)
    resolution = serializers.CharField()


@extend_schema(
    operation_id="v1_reports_list",
    summary="Problem reports, oldest first (curators): open ones unless ?resolved=true",
    parameters=[
        OpenApiParameter("resolved", bool, description="true: resolved reports, newest first"),
        OpenApiParameter("page", int, description="Page number, from 1"),
    ],
    responses={
        200: paginated("PaginatedReportList", ReportOutput(many=True)),
        401: UNAUTHENTICATED,
        403: FORBIDDEN,
        404: NO_PAGE,
    },
)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def report_list(request: Request) -> Response:
    _require_curator(request)
    rows = Report.objects.select_related("question", "reporter", "resolved_by")
    if request.query_params.get("resolved", "").lower() in {"1", "true", "yes"}:
        rows = rows.filter(resolved_at__isnull=False).order_by("-resolved_at", "-pk")
    else:
        rows = rows.filter(resolved_at__isnull=True).order_by("created_at", "pk")
    return _page(request, rows, ReportOutput)


@extend_schema(
    summary="Resolve a problem report, recording what was done (curators)",
    request=ResolveInput,
    responses={
        200: ReportOutput,
        400: BAD_INPUT,
        401: UNAUTHENTICATED,
        403: FORBIDDEN,
        404: error("No such report"),
        409: error("Already resolved"),
    },
)
@signed_in_api_view(["POST"])
@permission_classes([IsAuthenticated])
def report_resolve(request: SignedInRequest, pk: int) -> Response:
    _require_curator(request)
    found = Report.objects.filter(pk=pk).first()
    if found is None:
        raise Http404("No such report")
    data = ResolveInput(data=request.data)
    data.is_valid(raise_exception=True)
    try:
        resolved = resolve_report(
            report=found, curator=request.user, resolution=data.validated_data["resolution"], now=timezone.now()
        )
    except IllegalTransition as exc:
        return conflict(exc)
    resolved = Report.objects.select_related("question", "reporter", "resolved_by").get(pk=resolved.pk)
    return Response(ReportOutput(resolved).data)


class ReportInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Report.Kind.choices)
    comment = strict.CharField(required=False, allow_blank=True, default="", max_length=2_000)


@extend_schema(
    summary="Report a problem with a question",
    request=ReportInput,
    responses={
        201: inline_serializer("ReportCreated", {"id": serializers.IntegerField(), "kind": serializers.CharField()}),
        400: BAD_INPUT,
        401: UNAUTHENTICATED,
        404: NO_QUESTION,
    },
)
@signed_in_api_view(["POST"])
@permission_classes([IsAuthenticated])
def reports(request: SignedInRequest, slug: str) -> Response:
    question = get_question_for_user(request.user, slug)
    data = ReportInput(data=request.data)
    data.is_valid(raise_exception=True)
    created = report_problem(question=question, user=request.user, now=timezone.now(), **data.validated_data)
    return Response({"id": created.pk, "kind": created.kind}, status=status.HTTP_201_CREATED)


class RevisionOutput(serializers.Serializer):
    id = serializers.IntegerField(source="record.history_id")
    date = serializers.DateTimeField(source="record.history_date")
    user = serializers.CharField(source="record.history_user", allow_null=True)
    reason = serializers.CharField(source="record.history_change_reason", allow_null=True)
    changed = serializers.SerializerMethodField()

    def get_changed(self, row: dict[str, Any]) -> list[str]:
        return [change["label"] for change in row["changes"]]


def _question_for_curator(request: Request, slug: str) -> Question:
    _require_curator(request)
    return get_question_for_curator(request.user, slug)


@extend_schema(
    summary="A question's revisions, newest first (curators)",
    responses={
        200: RevisionOutput(many=True),
        401: UNAUTHENTICATED,
        403: FORBIDDEN,
        404: NO_QUESTION,
    },
)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def history(request: Request, slug: str) -> Response:
    return Response(RevisionOutput(revisions(_question_for_curator(request, slug)), many=True).data)


@extend_schema(
    summary="Revert a question to a revision (curators); the revert is a new revision",
    request=None,
    responses={
        200: inline_serializer("Reverted", {"slug": serializers.SlugField()}),
        401: UNAUTHENTICATED,
        403: FORBIDDEN,
        404: error("No such question or revision"),
    },
)
@signed_in_api_view(["POST"])
@permission_classes([IsAuthenticated])
def revert(request: SignedInRequest, slug: str, history_id: int) -> Response:
    question = _question_for_curator(request, slug)
    try:
        revert_question(question=question, history_id=history_id, user=request.user)
    except IllegalTransition:
        raise Http404("No such revision of this question.") from None
    return Response({"slug": question.slug})


class QuestionEditInput(SubmissionInput):
    commonly_asked = serializers.BooleanField(required=False)
    last_reviewed = serializers.DateField(
        required=False, allow_null=True, help_text="When the content was last checked (2026-12-02); null for never"
    )
    also_asked_as = serializers.ListField(
        child=strict.CharField(), required=False, help_text="Other ways people phrase the question (search reads them)"
    )
    related = serializers.ListField(child=strict.SlugField(max_length=120), required=False, max_length=20)
    reason = strict.CharField(max_length=100, help_text="Why: recorded on the revision")
    revision = strict.IntegerField(
        required=False,
        help_text="The revision your edit starts from: `revision` from GET on this address, or from the answer to "
        "your last edit. If the question has been saved since, nothing is saved and the answer is a 409. Left out, "
        "the edit starts from the question as this request finds it.",
    )

    def validate_also_asked_as(self, value: list[str]) -> list[str]:
        problems: list[str] = []
        phrasings = clean_also_asked_as(value, lambda _, message: problems.append(message))
        if problems:
            raise serializers.ValidationError(problems)
        return phrasings

    def validate_related(self, slugs: list[str]) -> list[Question]:
        slugs = list(dict.fromkeys(slugs))
        found = {q.slug: q for q in Question.objects.filter(slug__in=slugs).exclude(slug=self.context["slug"])}
        missing = [s for s in slugs if s not in found]
        if missing:
            raise serializers.ValidationError(f"No other question has the slug {', '.join(missing)}.")
        return [found[s] for s in slugs]

    def content(self) -> Content:
        content = super().content()
        content.commonly_asked = self.validated_data["commonly_asked"]
        content.last_reviewed = self.validated_data["last_reviewed"]
        content.related = self.validated_data["related"]
        content.also_asked_as = self.validated_data.get("also_asked_as")
        return content


class EditableQuestion(serializers.Serializer):
    slug = serializers.SlugField()
    status = serializers.ChoiceField(choices=Question.Status.choices)
    revision = strict.IntegerField(help_text="The revision these values are at: send it with your edit")
    title = serializers.CharField()
    scenario = serializers.CharField()
    answer = serializers.CharField()
    short_answer = serializers.CharField()
    key_points = serializers.ListField(child=serializers.CharField())
    category = serializers.SlugField()
    difficulty = serializers.ChoiceField(choices=Question.Difficulty.choices)
    kind = serializers.ChoiceField(choices=Question.Kind.choices)
    tags = serializers.ListField(child=serializers.SlugField())
    references = ReferenceInput(many=True)
    essential_points = serializers.ListField(child=serializers.IntegerField())
    follow_ups = FollowUpShape(many=True)
    pitfalls = serializers.ListField(child=serializers.CharField())
    last_reviewed = serializers.DateField(allow_null=True)
    commonly_asked = serializers.BooleanField()
    related = serializers.ListField(child=serializers.SlugField())
    also_asked_as = serializers.ListField(child=serializers.CharField())


class EditedQuestion(serializers.Serializer):
    slug = serializers.SlugField()
    status = serializers.ChoiceField(choices=Question.Status.choices)
    revision = strict.IntegerField(help_text="The id of the revision this edit made")


def _editable(question: Question) -> dict[str, Any]:
    """The fields a curator edits, as the API sends them, and the revision they are at.

    The revision is read before the fields: should an edit land in between, the fields are the
    newer and an edit made from them is a 409 it need not be, never an edit that undoes another.
    """
    revision = latest_revision(question)
    question.refresh_from_db()
    return {
        "revision": revision,
        "title": question.title, "scenario": question.body, "answer": question.answer,
        "short_answer": question.short_answer, "key_points": question.key_points,
        "category": question.category.slug, "difficulty": question.difficulty, "kind": question.kind,
        "tags": [t.slug for t in question.tags.all()], "references": question.references,
        "essential_points": question.essential_points, "follow_ups": question.follow_ups,
        "pitfalls": question.pitfalls, "last_reviewed": question.last_reviewed,
        "commonly_asked": question.commonly_asked, "related": [q.slug for q in question.related.all()],
        "also_asked_as": question.also_asked_as,
    }  # fmt: skip


@extend_schema(
    methods=["GET"],
    summary="A question as a curator edits it, with the revision to send with the edit (curators)",
    responses={200: EditableQuestion, 401: UNAUTHENTICATED, 403: FORBIDDEN, 404: NO_QUESTION},
)
@extend_schema(
    methods=["PATCH"],
    summary="Edit any question (curators); a reason is required and recorded on the new revision",
    description="Send only the fields that change, `reason`, and `revision`: the revision you started from (GET "
    "on this address gives it). If someone has saved the question since, nothing is saved and the answer is a 409: "
    "GET it again, redo your change and send the new revision. The status is not edited here: it moves through "
    "approve (submissions) or publish and archive (the admin).",
    request=QuestionEditInput,
    responses={
        200: EditedQuestion,
        400: BAD_INPUT,
        401: UNAUTHENTICATED,
        403: FORBIDDEN,
        404: NO_QUESTION,
        409: error("A submission still in review (moderate it instead), or the question was saved after `revision`"),
    },
)
@signed_in_api_view(["GET", "PATCH"])
@permission_classes([IsAuthenticated])
def question_edit(request: SignedInRequest, slug: str) -> Response:
    question = _question_for_curator(request, slug)
    current = _editable(question)
    if request.method == "GET":
        return Response({"slug": question.slug, "status": question.status, **current})
    # PATCH: what is not sent stays as it is, as of `revision` (or of now, when it is left out).
    started_from = current.pop("revision")
    data = QuestionEditInput(data={**current, **request.data}, context={"slug": slug})
    data.is_valid(raise_exception=True)
    based_on = data.validated_data.get("revision", started_from)
    try:
        edited = edit_question(question=question, curator=request.user, content=data.content(),
                               reason=data.validated_data["reason"], based_on=based_on)  # fmt: skip
    except StaleEdit as exc:
        detail = (
            f"Someone else changed this question since revision {based_on}; it is at revision {exc.revision} now. "
            "GET it again, redo your change on it and send that revision."
        )
        return Response({"detail": detail}, status=status.HTTP_409_CONFLICT)
    except IllegalTransition as exc:
        return conflict(exc)
    return Response({"slug": edited.slug, "status": edited.status, "revision": latest_revision(edited)})
