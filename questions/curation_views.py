"""Pages for submitting questions and for curators: moderation, reports, history, insight."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET, require_POST

from questions.access import get_question_for_user
from questions.curation import (
    IllegalTransition,
    SubmissionLimit,
    approve_submission,
    edit_submission,
    is_curator,
    moderate_edit,
    reject_submission,
    report_problem,
    request_changes,
    resolve_report,
    revert_question,
    similar_questions,
    submit_question,
    withdraw_submission,
)
from questions.curation_forms import ReportForm, SubmissionForm
from questions.insight import SIGNALS, rank_questions
from questions.markdown import render_markdown
from questions.models import Category, Question, Report, Submission, Tag

DIFFED_FIELDS = [
    ("title", "Title"), ("status", "Status"), ("category_id", "Category"), ("difficulty", "Difficulty"),
    ("kind", "Kind"), ("commonly_asked", "Commonly asked"), ("body", "Scenario"), ("short_answer", "Short answer"),
    ("key_points", "Key points"), ("answer", "Model answer"), ("references", "References"),
]  # fmt: skip


def curator_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_curator(request.user):
            raise PermissionDenied("Curators only.")
        return view(request, *args, **kwargs)

    return wrapper


def get_submission_for(user: Any, pk: int) -> Submission:
    """The submission if `user` submitted it or curates; 404 otherwise (ids reveal nothing)."""
    try:
        submission = Submission.objects.select_related("question", "question__category", "submitter").get(pk=pk)
    except Submission.DoesNotExist:
        raise Http404("No such submission") from None
    if submission.submitter_id != user.pk and not is_curator(user):
        raise Http404("No such submission")
    return submission


def _preview(form: SubmissionForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "scenario_html": render_markdown(data.get("scenario", "")),
        "answer_html": render_markdown(data.get("answer", "")),
        "similar": similar_questions(data.get("title", "")),
    }


@login_required
def submit(request: HttpRequest) -> HttpResponse:
    """Write a question; "Preview" renders it and lists similar ones, "Submit" sends it to review."""
    form = SubmissionForm(request.POST or None)
    context: dict[str, Any] = {"form": form}
    if request.method == "POST" and form.is_valid():
        if request.POST.get("action") == "submit":
            try:
                submission = submit_question(user=request.user, content=form.content(), now=timezone.now())
            except SubmissionLimit as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, "Thank you: your question is in review.")
                return redirect("questions:submission", pk=submission.pk)
        context.update(_preview(form), previewed=True)
    return render(request, "questions/submit.html", context)


@require_GET
@login_required
def my_submissions(request: HttpRequest) -> HttpResponse:
    rows = Submission.objects.filter(submitter=request.user).select_related("question").order_by("-created_at")
    return render(request, "questions/my_submissions.html", {"submissions": rows})


@login_required
def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    submission = get_submission_for(request.user, pk)
    mine = submission.submitter_id == request.user.pk
    form = SubmissionForm(request.POST or None, initial=SubmissionForm.initial_for(submission.question))
    if request.method == "POST":
        if not mine:
            raise PermissionDenied("Only the submitter edits here; curators use the moderation page.")
        try:
            if request.POST.get("action") == "withdraw":
                withdraw_submission(submission=submission, user=request.user, now=timezone.now())
                messages.success(request, "Withdrawn.")
                return redirect("questions:submission", pk=pk)
            if form.is_valid():
                edit_submission(submission=submission, user=request.user, content=form.content(), now=timezone.now())
                messages.success(request, "Saved; your question is back in review.")
                return redirect("questions:submission", pk=pk)
        except IllegalTransition as exc:
            messages.error(request, str(exc))
            return redirect("questions:submission", pk=pk)
    return render(request, "questions/submission_detail.html", {"submission": submission, "form": form, "mine": mine})


@require_POST
@login_required
def report(request: HttpRequest, slug: str) -> HttpResponse:
    question = get_question_for_user(request.user, slug)
    form = ReportForm(request.POST)
    if form.is_valid():
        report_problem(question=question, user=request.user, now=timezone.now(), **form.cleaned_data)
        messages.success(request, "Thank you: a curator will look at it.")
    else:
        messages.error(request, "Pick what kind of problem it is.")
    return redirect(question)


# Curators -------------------------------------------------------------------------------


@require_GET
@curator_required
def moderation_queue(request: HttpRequest) -> HttpResponse:
    category = request.GET.get("category", "")
    submissions = (
        Submission.objects.filter(status__in=[Submission.Status.IN_REVIEW, Submission.Status.CHANGES_REQUESTED])
        .select_related("question", "question__category", "submitter")
        .order_by("created_at")
    )
    reports = (
        Report.objects.filter(resolved_at__isnull=True).select_related("question", "reporter").order_by("created_at")
    )
    if category:
        submissions = submissions.filter(question__category__slug=category)
        reports = reports.filter(question__category__slug=category)
    return render(
        request,
        "questions/moderation_queue.html",
        {
            "submissions": submissions,
            "reports": reports,
            "categories": Category.objects.order_by("position", "name"),
            "category": category,
        },
    )


@curator_required
def moderate(request: HttpRequest, pk: int) -> HttpResponse:
    submission = get_submission_for(request.user, pk)
    form = SubmissionForm(request.POST or None, initial=SubmissionForm.initial_for(submission.question))
    if request.method == "POST":
        action, now = request.POST.get("action"), timezone.now()
        try:
            # Edits come with the form's fields; a bare decision (no fields) changes no content.
            edited = "title" in request.POST and form.has_changed()
            if action in {"save", "approve"} and submission.editable and edited:
                if not form.is_valid():
                    return render(request, "questions/moderate.html", {"submission": submission, "form": form})
                moderate_edit(submission=submission, curator=request.user, content=form.content(), now=now)
            if action == "approve":
                question = approve_submission(submission=submission, curator=request.user, now=now)
                messages.success(request, "Published.")
                return redirect(question)
            if action == "request_changes":
                request_changes(
                    submission=submission, curator=request.user, message=request.POST.get("message", ""), now=now
                )
                messages.success(request, "Sent back to the submitter.")
            elif action == "reject":
                reject_submission(
                    submission=submission, curator=request.user, reason=request.POST.get("message", ""), now=now
                )
                messages.success(request, "Rejected.")
            elif action == "save":
                messages.success(request, "Saved.")
        except IllegalTransition as exc:
            messages.error(request, str(exc))
        return redirect("curation:moderate", pk=pk)
    return render(request, "questions/moderate.html", {"submission": submission, "form": form})


@require_POST
@curator_required
def resolve(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        found = Report.objects.get(pk=pk)
        resolve_report(
            report=found, curator=request.user, resolution=request.POST.get("resolution", ""), now=timezone.now()
        )
        messages.success(request, "Report resolved.")
    except Report.DoesNotExist:
        raise Http404("No such report") from None
    except IllegalTransition as exc:
        messages.error(request, str(exc))
    return redirect("curation:queue")


def _diff(old: Any, new: Any) -> SafeString:
    """A readable, escaped diff of one field between two revisions."""

    def lines(value: Any) -> list[str]:
        if isinstance(value, list):
            return [str(v) for v in value]
        return str(value if value is not None else "").splitlines()

    out = []
    for line in difflib.unified_diff(lines(old), lines(new), lineterm="", n=1):
        if line.startswith(("---", "+++", "@@")):
            continue
        css = {"+": "added", "-": "removed"}.get(line[:1], "same")
        out.append(f'<span class="diff-{css}">{escape(line)}</span>')
    return mark_safe("".join(out))  # noqa: S308 - every line is escaped above


def revisions(question: Question) -> list[dict[str, Any]]:
    """Each revision, newest first, with who, when, why and what changed against the one before."""
    records = list(question.history.select_related("history_user").order_by("history_id"))
    categories = dict(Category.objects.values_list("id", "name"))
    tag_slugs = dict(Tag.objects.values_list("id", "slug"))
    # The tags of every revision in one query (simple-history keeps them in a table of their own).
    tags_of: dict[int, list[str]] = {r.history_id: [] for r in records}
    historical_tags = apps.get_model("questions", "HistoricalQuestion_tags")
    for history_id, tag_id in historical_tags.objects.filter(history__in=records).values_list("history_id", "tag_id"):
        tags_of[history_id].append(tag_slugs.get(tag_id, "?"))
    rows = []
    previous = None
    for record in records:
        changes = []
        for name, label in DIFFED_FIELDS:
            new = getattr(record, name)
            old = getattr(previous, name) if previous else None
            if previous is None or old != new:
                if name == "category_id":
                    old, new = categories.get(old, old), categories.get(new, new)
                changes.append({"label": label, "diff": _diff(old if previous else "", new)})
        tags_now = sorted(tags_of[record.history_id])
        tags_before = sorted(tags_of[previous.history_id]) if previous else []
        if tags_now != tags_before:
            changes.append({"label": "Tags", "diff": _diff(" ".join(tags_before), " ".join(tags_now))})
        rows.append({"record": record, "changes": changes})
        previous = record
    return rows[::-1]


@curator_required
def history(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        question = Question.objects.get(slug=slug)
    except Question.DoesNotExist:
        raise Http404("No such question") from None
    if request.method == "POST":
        try:
            revert_question(question=question, history_id=int(request.POST.get("history_id", 0)), user=request.user)
            messages.success(request, "Reverted; the revert is the newest revision.")
        except (IllegalTransition, ValueError):
            messages.error(request, "No such revision of this question.")
        return redirect("curation:history", slug=slug)
    return render(request, "questions/history.html", {"question": question, "revisions": revisions(question)})


@require_GET
@curator_required
def insight(request: HttpRequest) -> HttpResponse:
    signal = request.GET.get("signal", "confusing")
    if signal not in SIGNALS:
        signal = "confusing"
    page = Paginator(rank_questions(signal), 50).get_page(request.GET.get("page"))
    return render(request, "questions/insight.html", {"page": page, "signal": signal, "signals": SIGNALS})


@require_POST
@login_required
def submit_preview(request: HttpRequest) -> JsonResponse:
    """The live preview of the submit form: the bank's own renderer, and similar questions."""
    title = request.POST.get("title", "")[:300]
    return JsonResponse(
        {
            "scenario_html": render_markdown(request.POST.get("scenario", "")[:5_000]),
            "answer_html": render_markdown(request.POST.get("answer", "")[:20_000]),
            "similar": [{"title": q.title, "url": q.get_absolute_url()} for q in similar_questions(title)],
        }
    )
