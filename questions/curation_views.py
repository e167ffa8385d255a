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
from django.db import transaction
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
    edit_question,
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
from questions.curation_forms import QuestionEditForm, ReportForm, SubmissionForm
from questions.insight import EMPTY_NOTES, SIGNAL_NOTES, SIGNALS, rank_questions
from questions.markdown import render_markdown
from questions.models import Category, Question, Report, Submission, Tag, category_with_descendants

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
        submission = Submission.objects.select_related("question__category__parent", "submitter").get(pk=pk)
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
    rows = Submission.objects.filter(submitter=request.user).select_related("question").order_by("-created_at", "-pk")
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
    # Category.__str__ names the parent, so the parent comes along in the same join.
    submissions = (
        Submission.objects.filter(status__in=[Submission.Status.IN_REVIEW, Submission.Status.CHANGES_REQUESTED])
        .select_related("question__category__parent", "submitter")
        .order_by("created_at", "pk")
    )
    reports = (
        Report.objects.filter(resolved_at__isnull=True)
        .select_related("question", "reporter")
        .order_by("created_at", "pk")
    )
    if category:
        # A parent category's queue includes its subcategories, as the bank's own filter does.
        ids = category_with_descendants(category)
        submissions = submissions.filter(question__category_id__in=ids)
        reports = reports.filter(question__category_id__in=ids)
    return render(
        request,
        "questions/moderation_queue.html",
        {
            "submissions": list(submissions),
            "reports": list(reports),
            "categories": Category.objects.select_related("parent").order_by("position", "name"),
            "category": category,
        },
    )


MODERATION_ACTIONS = {"save", "approve", "request_changes", "reject"}
# The same sentences the services raise; checked here first because a missing message is a
# form error (400), while IllegalTransition's 409 is kept for decisions the status forbids.
MESSAGE_REQUIRED = {
    "request_changes": "Say what should change: a message is required.",
    "reject": "Give the submitter a reason: a reason is required.",
}


@curator_required
def moderate(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a submission and decide. The curator's edits are saved with whichever decision is
    taken; if the edits are invalid or the decision is refused, nothing is saved and the page
    comes back with the curator's text and the reason."""
    submission = get_submission_for(request.user, pk)
    form = SubmissionForm(request.POST or None, initial=SubmissionForm.initial_for(submission.question))
    message = request.POST.get("message", "")
    context = {"submission": submission, "form": form, "message": message}
    if request.method == "POST":
        action, now = request.POST.get("action", ""), timezone.now()
        if action not in MODERATION_ACTIONS:
            messages.error(request, "Choose what to do: approve, save, request changes or reject.")
            return render(request, "questions/moderate.html", context, status=400)
        if action in MESSAGE_REQUIRED and not message.strip():
            context["message_error"] = MESSAGE_REQUIRED[action]
            messages.error(request, "Nothing was saved: the message to the submitter is missing.")
            return render(request, "questions/moderate.html", context, status=400)
        # Edits come with the form's fields; a bare decision (no fields) changes no content.
        edited = submission.editable and "title" in request.POST and form.has_changed()
        if edited and not form.is_valid():
            messages.error(request, "Nothing was saved: correct the fields marked below.")
            return render(request, "questions/moderate.html", context, status=400)
        try:
            with transaction.atomic():
                if edited:
                    moderate_edit(submission=submission, curator=request.user, content=form.content(), now=now)
                if action == "approve":
                    question = approve_submission(submission=submission, curator=request.user, now=now)
                elif action == "request_changes":
                    request_changes(submission=submission, curator=request.user, message=message, now=now)
                elif action == "reject":
                    reject_submission(submission=submission, curator=request.user, reason=message, now=now)
        except IllegalTransition as exc:
            messages.error(request, str(exc))
            return render(request, "questions/moderate.html", context, status=409)
        if action == "approve":
            messages.success(request, "Published.")
            return redirect(question)
        done = {"save": "Saved.", "request_changes": "Sent back to the submitter.", "reject": "Rejected."}[action]
        messages.success(request, f"Your edits are saved. {done}" if edited and action != "save" else done)
        return redirect("curation:moderate", pk=pk)
    return render(request, "questions/moderate.html", context)


def get_question_for_curator(user: Any, slug: str) -> Question:
    """Any question, whatever its status, for a curator (the decorator has checked the rights)."""
    try:
        return Question.objects.select_related("category__parent").get(slug=slug)
    except Question.DoesNotExist:
        raise Http404("No such question") from None


@curator_required
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    """A curator edits a question (published or not) with a reason the revision records."""
    question = get_question_for_curator(request.user, slug)
    form = QuestionEditForm(request.POST or None, initial=QuestionEditForm.initial_for(question), question=question)
    context: dict[str, Any] = {"question": question, "form": form}
    if request.method == "POST" and form.is_valid():
        if request.POST.get("action") == "preview":
            context.update(_preview(form), previewed=True)
        else:
            try:
                edit_question(question=question, curator=request.user, content=form.content(),
                              reason=form.cleaned_data["reason"])  # fmt: skip
            except IllegalTransition as exc:
                messages.error(request, str(exc))
                return render(request, "questions/edit_question.html", context, status=409)
            messages.success(request, "Saved as a new revision.")
            return redirect("curation:history", slug=slug)
    return render(request, "questions/edit_question.html", context, status=400 if form.errors else 200)


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
    """Each revision, newest first, with who, when, why and what changed against the one before.

    Five queries whatever the number of revisions: the revisions with their users, the category
    names, the tag slugs, and the tags and related links of every revision (simple-history keeps
    each in a table of its own; linked questions are named through a join).
    """
    records = list(question.history.select_related("history_user").order_by("history_id"))
    categories = dict(Category.objects.values_list("id", "name"))
    tag_slugs = dict(Tag.objects.values_list("id", "slug"))
    tags_of: dict[int, list[str]] = {r.history_id: [] for r in records}
    historical_tags = apps.get_model("questions", "HistoricalQuestion_tags")
    for history_id, tag_id in historical_tags.objects.filter(history__in=records).values_list("history_id", "tag_id"):
        tags_of[history_id].append(tag_slugs.get(tag_id, "?"))
    related_of: dict[int, list[str]] = {r.history_id: [] for r in records}
    historical_related = apps.get_model("questions", "HistoricalQuestion_related")
    links = historical_related.objects.filter(history__in=records).values_list("history_id", "to_question__slug")
    for history_id, slug in links:
        related_of[history_id].append(slug or "(deleted)")
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
        related_now = sorted(related_of[record.history_id])
        related_before = sorted(related_of[previous.history_id]) if previous else []
        if related_now != related_before:
            changes.append({"label": "Related questions", "diff": _diff(related_before, related_now)})
        rows.append({"record": record, "changes": changes})
        previous = record
    return rows[::-1]


@curator_required
def history(request: HttpRequest, slug: str) -> HttpResponse:
    question = get_question_for_curator(request.user, slug)
    if request.method == "POST":
        try:
            revert_question(question=question, history_id=int(request.POST.get("history_id", 0)), user=request.user)
            messages.success(request, "Reverted; the revert is the newest revision.")
        except (IllegalTransition, ValueError):
            messages.error(request, "No such revision of this question.")
        return redirect("curation:history", slug=slug)
    reports = question.reports.select_related("reporter", "resolved_by").order_by("-created_at", "-pk")
    return render(
        request,
        "questions/history.html",
        {"question": question, "revisions": revisions(question), "reports": list(reports)},
    )


@require_GET
@curator_required
def insight(request: HttpRequest) -> HttpResponse:
    signal = request.GET.get("signal", "confusing")
    if signal not in SIGNALS:
        signal = "confusing"
    page = Paginator(rank_questions(signal), 50).get_page(request.GET.get("page"))
    context = {"page": page, "signal": signal, "signals": SIGNALS, "note": SIGNAL_NOTES.get(signal, ""),
               "empty_note": EMPTY_NOTES.get(signal, "No question shows this signal.")}  # fmt: skip
    return render(request, "questions/insight.html", context)


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
