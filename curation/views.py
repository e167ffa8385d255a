"""Pages for submitting questions and for curators: moderation, reports, history, insight."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from accounts.requests import SignedInHttpRequest
from curation.access import curator_required, get_question_for_curator, get_submission_for
from curation.forms import ModerationForm, QuestionEditForm, ReportForm, StartsFromRevision, SubmissionForm
from curation.history import revisions
from curation.insight import EMPTY_NOTES, SIGNAL_NOTES, SIGNALS, rank_questions
from curation.services import (
    IllegalTransition,
    MessageRequired,
    StaleEdit,
    SubmissionLimit,
    approve_submission,
    edit_question,
    edit_submission,
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
from questions.access import get_question_for_user
from questions.markdown import follow_up_items, pitfall_items, render_markdown
from questions.models import Category, Question, Report, Submission, category_with_descendants


def _preview(form: SubmissionForm, editing: Question | None = None) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "scenario_html": render_markdown(data.get("scenario", "")),
        "answer_html": render_markdown(data.get("answer", "")),
        "follow_ups": follow_up_items(data.get("follow_ups", [])),
        "pitfalls": pitfall_items(data.get("pitfalls", [])),
        "similar": similar_questions(data.get("title", ""), exclude=editing),
    }


def _saved_meanwhile(
    request: HttpRequest, form_class: type[StartsFromRevision], edited: Question, **form_args: Any
) -> tuple[StartsFromRevision, list[dict[str, str]]]:
    """After a StaleEdit: `edited` reloaded as it is saved now (the page shows it), the editor's
    own version on a form that starts from the latest revision (so saving it again is a choice
    made knowingly), and each field where the saved version differs from theirs."""
    edited.refresh_from_db()
    saved = form_class.initial_for(edited)  # type: ignore[attr-defined]
    data = request.POST.copy()
    data["revision"] = saved["revision"]
    form = form_class(data, initial=saved, **form_args)
    return form, form.differences(saved)


@login_required
def submit(request: SignedInHttpRequest) -> HttpResponse:
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
                return redirect("submissions:detail", pk=submission.pk)
        context.update(_preview(form), previewed=True)
    return render(request, "curation/submit.html", context)


@require_GET
@login_required
def my_submissions(request: SignedInHttpRequest) -> HttpResponse:
    rows = Submission.objects.filter(submitter=request.user).select_related("question").order_by("-created_at", "-pk")
    return render(request, "curation/my_submissions.html", {"submissions": rows})


@login_required
def submission_detail(request: SignedInHttpRequest, pk: int) -> HttpResponse:
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
                return redirect("submissions:detail", pk=pk)
            if form.is_valid():
                edit_submission(submission=submission, user=request.user, content=form.content(), now=timezone.now())
                messages.success(request, "Saved; your question is back in review.")
                return redirect("submissions:detail", pk=pk)
        except IllegalTransition as exc:
            messages.error(request, str(exc))
            return redirect("submissions:detail", pk=pk)
    return render(request, "curation/submission_detail.html", {"submission": submission, "form": form, "mine": mine})


@require_POST
@login_required
def report(request: SignedInHttpRequest, slug: str) -> HttpResponse:
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
        "curation/moderation_queue.html",
        {
            "submissions": list(submissions),
            "reports": list(reports),
            "categories": Category.objects.select_related("parent").order_by("position", "name"),
            "category": category,
        },
    )


MODERATION_ACTIONS = {"save", "approve", "request_changes", "reject"}


@curator_required
def moderate(request: SignedInHttpRequest, pk: int) -> HttpResponse:
    """Edit a submission and decide. The curator's edits are saved with whichever decision is
    taken; if the edits are invalid or the decision is refused, nothing is saved and the page
    comes back with the curator's text and the reason."""
    submission = get_submission_for(request.user, pk)
    form = ModerationForm(request.POST or None, initial=ModerationForm.initial_for(submission.question))
    message = request.POST.get("message", "")
    # Likely duplicates already published, so a second question on one subject is caught here.
    duplicates = similar_questions(submission.question.title, exclude=submission.question)
    context = {"submission": submission, "form": form, "message": message, "duplicates": duplicates}
    if request.method == "POST":
        action, now = request.POST.get("action", ""), timezone.now()
        if action not in MODERATION_ACTIONS:
            messages.error(request, "Choose what to do: approve, save, request changes or reject.")
            return render(request, "curation/moderate.html", context, status=400)
        # Edits come with the form's fields; a bare decision (no fields) changes no content.
        edited = submission.editable and "title" in request.POST and form.has_changed()
        if edited and not form.is_valid():
            messages.error(request, "Nothing was saved: correct the fields marked below.")
            return render(request, "curation/moderate.html", context, status=400)
        try:
            with transaction.atomic():
                if edited:
                    moderate_edit(submission=submission, curator=request.user, content=form.content(),
                                  based_on=form.cleaned_data["revision"], now=now)  # fmt: skip
                if action == "approve":
                    question = approve_submission(submission=submission, curator=request.user, now=now)
                elif action == "request_changes":
                    request_changes(submission=submission, curator=request.user, message=message, now=now)
                elif action == "reject":
                    reject_submission(submission=submission, curator=request.user, reason=message, now=now)
        except MessageRequired as exc:
            # The edits were in the same transaction, so they are not saved either.
            context["message_error"] = str(exc)
            messages.error(request, "Nothing was saved: the message to the submitter is missing.")
            return render(request, "curation/moderate.html", context, status=400)
        except StaleEdit as exc:
            messages.error(request, str(exc))
            context["form"], context["saved_meanwhile"] = _saved_meanwhile(request, ModerationForm, submission.question)
            return render(request, "curation/moderate.html", context, status=409)
        except IllegalTransition as exc:
            messages.error(request, str(exc))
            return render(request, "curation/moderate.html", context, status=409)
        if action == "approve":
            messages.success(request, "Published.")
            return redirect(question)
        done = {"save": "Saved.", "request_changes": "Sent back to the submitter.", "reject": "Rejected."}[action]
        messages.success(request, f"Your edits are saved. {done}" if edited and action != "save" else done)
        return redirect("curation:moderate", pk=pk)
    return render(request, "curation/moderate.html", context)


@curator_required
def edit(request: SignedInHttpRequest, slug: str) -> HttpResponse:
    """A curator edits a question (published or not) with a reason the revision records."""
    question = get_question_for_curator(request.user, slug)
    form = QuestionEditForm(request.POST or None, initial=QuestionEditForm.initial_for(question), question=question)
    context: dict[str, Any] = {"question": question, "form": form}
    if request.method == "POST" and form.is_valid():
        if request.POST.get("action") == "preview":
            context.update(_preview(form, question), previewed=True)
        else:
            try:
                edit_question(question=question, curator=request.user, content=form.content(),
                              reason=form.cleaned_data["reason"], based_on=form.cleaned_data["revision"])  # fmt: skip
            except StaleEdit as exc:
                messages.error(request, str(exc))
                context["form"], context["saved_meanwhile"] = _saved_meanwhile(
                    request, QuestionEditForm, question, question=question
                )
                return render(request, "curation/edit_question.html", context, status=409)
            except IllegalTransition as exc:
                messages.error(request, str(exc))
                return render(request, "curation/edit_question.html", context, status=409)
            messages.success(request, "Saved as a new revision.")
            return redirect("curation:history", slug=slug)
    return render(request, "curation/edit_question.html", context, status=400 if form.errors else 200)


@require_POST
@curator_required
def resolve(request: SignedInHttpRequest, pk: int) -> HttpResponse:
    try:
        found = Report.objects.get(pk=pk)
        resolve_report(
            report=found, curator=request.user, resolution=request.POST.get("resolution", ""), now=timezone.now()
        )
        messages.success(request, "Report resolved.")
    except Report.DoesNotExist:
        raise Http404("No such report") from None
    except (MessageRequired, IllegalTransition) as exc:
        messages.error(request, str(exc))
    return redirect("curation:queue")


@curator_required
def history(request: SignedInHttpRequest, slug: str) -> HttpResponse:
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
        "curation/history.html",
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
    return render(request, "curation/insight.html", context)


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
