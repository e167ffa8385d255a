from __future__ import annotations

from datetime import datetime
from typing import Any, cast
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET, require_POST

from accounts.requests import SignedInHttpRequest
from practice.ages import ago
from practice.code_runner import exercise_context
from practice.fitting import MIN_REVIEWS
from practice.forms import (
    MAX_ANSWER_CHARS,
    AttemptForm,
    MockForm,
    NoteForm,
    ProjectForm,
    SessionStepForm,
    StudySettingsForm,
)
from practice.mocks import (
    PROMPT_KEYS,
    PROMPTS,
    ItemGrade,
    MockError,
    answer_item,
    create_mock,
    finish_mock,
    grade_mock,
    ladder,
    ladder_summary,
    reveal_item,
    save_project_answers,
    show_step,
    steps,
    visible_items,
    with_probes,
)
from practice.models import (
    MAX_SECONDS_TAKEN,
    Attempt,
    Grade,
    MockInterview,
    MockItem,
    ParameterFit,
    PracticeSession,
    ProbeGrade,
    Project,
)
from practice.personal_fsrs import request_fit, reset_parameters
from practice.question_pages import STARTED_SALT
from practice.queue import Queue, build_queue
from practice.schedule_view import (
    grade_choices,
    grade_choices_for_many,
    returns_of,
    rules_and_leech_threshold,
    standing_of,
)
from practice.services import (
    NothingToPractise,
    SessionError,
    bury_question,
    choose_session_questions,
    create_project,
    current_session_question,
    finish_session,
    grade_session_question,
    record_attempt,
    reveal_session_question,
    save_note,
    seconds_since,
    settings_for,
    skip_session_question,
    start_session,
    suspend_question,
    toggle_bookmark,
    unsuspend_question,
    update_study_settings,
)
from practice.session_drafts import keep_draft
from questions.access import get_question_for_user
from questions.forms import QuestionFilterForm
from questions.markdown import render_snippet


def _is_htmx(request: HttpRequest) -> bool:
    """An htmx request, which wants the fragment it swaps; a history restore wants the whole page."""
    return request.headers.get("HX-Request") == "true" and "HX-History-Restore-Request" not in request.headers


def _seconds_since(started: str, now: float) -> int:
    """Seconds since the signed start stamp of the page; 0 when it is missing or forged."""
    try:
        stamp = float(signing.loads(started, salt=STARTED_SALT, max_age=MAX_SECONDS_TAKEN))
    except (signing.BadSignature, TypeError, ValueError):
        return 0
    return max(0, min(int(now - stamp), MAX_SECONDS_TAKEN))


@require_POST
def attempt_create(request: HttpRequest, slug: str) -> HttpResponse:
    question = get_question_for_user(request.user, slug)
    form = AttemptForm(request.POST)
    if not request.user.is_authenticated:
        # Keep what they typed, send them to sign in, and bring them back to it.
        keep_draft(
            request,
            question.slug,
            answer_text=request.POST.get("answer_text", "")[:20_000],
            grade=request.POST.get("grade", ""),
        )
        messages.info(request, "Log in or sign up to save your attempt. Your answer is kept.")
        return redirect(f"{reverse('account_login')}?{urlencode({'next': question.get_absolute_url()})}")
    if not form.is_valid():
        keep_draft(request, question.slug, answer_text=request.POST.get("answer_text", "")[:20_000], grade="")
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(question)
    now = timezone.now()
    record_attempt(
        user=request.user,
        question=question,
        grade=form.cleaned_data["grade"],
        answer_text=form.cleaned_data["answer_text"],
        seconds_taken=_seconds_since(form.cleaned_data["started"], now.timestamp()),
        now=now,
    )
    messages.success(request, f"Attempt saved with the grade “{form.cleaned_data['grade']}”.")
    return redirect(question)


@require_GET
@login_required
def attempt_list(request: SignedInHttpRequest) -> HttpResponse:
    attempts = Attempt.objects.owned_by(request.user).for_list_page()
    page = Paginator(attempts, settings.ATTEMPTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "practice/attempt_list.html", {"page": page})


def get_session_for_owner(user, pk: int) -> PracticeSession:
    """The practice session `pk` if it is `user`'s; 404 otherwise, so ids reveal nothing."""
    try:
        return PracticeSession.objects.get(pk=pk, user=user)
    except PracticeSession.DoesNotExist:
        raise Http404("No such practice session") from None


def due_lines(queue: Queue, now: datetime) -> list[SafeString]:
    """The due reviews' list items as the review page prints them: link, title, category, how
    long overdue, reviews and lapses.

    Written here rather than in the template: a {% url %}, a timesince and the engine's few
    microseconds per value, over 50 rows, cost the page more than its queries. Titles and
    category names are escaped; the rest are our numbers and words.
    """
    # One reverse for all the links: a slug is the path's last segment and needs no quoting.
    question_url = escape(reverse("questions:detail", args=["-"]).removesuffix("-/"))
    lines = []
    for state in queue.due:
        question = state.question
        lapses = f", {state.lapses} lapse{plural(state.lapses)}" if state.lapses else ""
        lines.append(
            mark_safe(  # every value is escaped or a number of ours
                f'\n      <li><a href="{question_url}{escape(question.slug)}/">{escape(question.title)}</a>\n'
                f'        <span class="muted">· {escape(question.category.name)} · due {escape(ago(state.due, now))} '
                f"ago · {state.reps} review{plural(state.reps)}{lapses}</span></li>\n    "
            )
        )
    return lines


def plural(count: int) -> str:
    """As the pluralize filter has it: "s" unless exactly one."""
    return "" if count == 1 else "s"


@require_GET
@login_required
def review_queue(request: SignedInHttpRequest) -> HttpResponse:
    now = timezone.now()
    queue = build_queue(request.user, now)
    response = render(request, "practice/review_queue.html", {"queue": queue, "due": due_lines(queue, now)})
    # How long the page stays true, for the page cache, which would otherwise ask the database.
    response.clock_moments = [queue.next_due, queue.next_back]  # type: ignore[attr-defined]
    return response


@login_required
def study_settings(request: SignedInHttpRequest) -> HttpResponse:
    settings = settings_for(request.user)
    form = StudySettingsForm(request.POST or None, instance=settings, user=request.user)
    if request.method == "POST" and form.is_valid():
        update_study_settings(user=request.user, changes=form.changes())
        messages.success(request, "Study settings saved.")
        return redirect("practice:settings")
    fit = ParameterFit.objects.filter(user=request.user).first()
    context = {"form": form, "fit": fit, "personal": bool(settings.fsrs_parameters), "min_reviews": MIN_REVIEWS}
    context["reviews"] = Attempt.objects.filter(user=request.user).count()
    return render(request, "practice/study_settings.html", context)


@require_POST
@login_required
def fsrs_fit(request: SignedInHttpRequest, action: str) -> HttpResponse:
    """Fit my FSRS parameters (a background job), reset them, or take the recommended retention."""
    now = timezone.now()
    if action == "fit":
        request_fit(user=request.user, now=now)
        messages.success(request, "Fitting your parameters: this page shows the result when it is done.")
    elif action == "reset":
        reset_parameters(user=request.user)
        messages.success(request, "The default FSRS parameters schedule your questions again.")
    else:
        fit = ParameterFit.objects.filter(user=request.user, recommended_retention__isnull=False).first()
        if fit is None:
            messages.error(request, "There is no recommendation yet: fit your parameters first.")
        else:
            update_study_settings(user=request.user, changes={"desired_retention": fit.recommended_retention})
            messages.success(request, f"Desired retention set to {fit.recommended_retention:.2f}.")
    return redirect(f"{reverse('practice:settings')}#fsrs")


@require_POST
@login_required
def session_start(request: SignedInHttpRequest) -> HttpResponse:
    """Start a session from the question filters, the bookmarks or what is due."""
    now = timezone.now()
    source = "due" if request.POST.get("source") == "due" else "filter"
    form = QuestionFilterForm(request.POST, user=request.user)
    if source == "filter" and not form.is_valid():
        messages.error(request, "Those filters do not make sense; pick them again.")
        return redirect("questions:list")
    filters, title = (form.filters(), form.describe()) if source == "filter" else ({}, "")
    sort, seed = form.order() if source == "filter" else ("", None)
    questions, title = choose_session_questions(
        user=request.user, source=source, filters=filters, title=title, now=now, sort=sort, seed=seed,
        include_history=request.POST.get("include_history") in {"on", "true", "1"},
    )  # fmt: skip
    try:
        session = start_session(user=request.user, title=title, questions=questions, now=now)
    except NothingToPractise as exc:
        messages.info(request, str(exc))
        return redirect("practice:review" if source == "due" else "questions:list")
    return redirect("practice:session", pk=session.pk)


@login_required
def session_detail(request: SignedInHttpRequest, pk: int) -> HttpResponse:
    session = get_session_for_owner(request.user, pk)
    now = timezone.now()
    question = current_session_question(session=session, user=request.user, now=now)
    if question is None:
        if _is_htmx(request):
            # The summary is a page of its own: htmx turns this header into a full navigation.
            response = HttpResponse(headers={"HX-Redirect": reverse("practice:session", args=[session.pk])})
        else:
            attempts = list(session.attempts.owned_by(request.user).select_related("question").order_by("id"))
            states = returns_of(request.user, {a.question_id for a in attempts})
            for attempt in attempts:
                attempt.returns = states.get(attempt.question_id)
            _, threshold = rules_and_leech_threshold(request.user)
            summary = {"session": session, "attempts": attempts, "leech_threshold": threshold}
            response = render(request, "practice/session_summary.html", summary)
        patch_vary_headers(response, ("HX-Request",))
        return response
    context: dict[str, Any] = {"session": session, "question": question, "revealed": False, "errors": []}
    answer_text = ""
    if request.method == "POST":
        form = SessionStepForm(request.POST, key_points=len(question.key_points))
        try:
            if not form.is_valid():
                context["errors"] = [e for errors in form.errors.values() for e in errors]
                answer_text = request.POST.get("answer_text", "")[:MAX_ANSWER_CHARS]
                context["revealed"] = request.POST.get("action") == "grade"
            else:
                data = form.cleaned_data
                step = {"session": session, "user": request.user, "now": now, "position": data["position"]}
                if data["action"] == "grade":
                    covered = data["covered"]
                    grade_session_question(
                        grade=data["grade"], answer_text=data["answer_text"], key_points_covered=covered, **step
                    )
                    return redirect("practice:session", pk=session.pk)
                if data["action"] == "skip":
                    skip_session_question(**step)
                    return redirect("practice:session", pk=session.pk)
                if data["action"] == "end":
                    finish_session(session=session, now=now)
                    return redirect("practice:session", pk=session.pk)
                answer_text, context["revealed"] = data["answer_text"], True
            if context["revealed"]:
                position = form.cleaned_data.get("position") if not context["errors"] else None
                tests_passed = form.cleaned_data.get("tests_passed") if not context["errors"] else None
                revealed = reveal_session_question(
                    session=session, user=request.user, answer_text=answer_text, now=now, position=position,
                    tests_passed=tests_passed,
                )  # fmt: skip
                context["matches"] = revealed.matches
                context["suggested_grade"] = revealed.suggested_grade
                standing = standing_of(request.user, question, now)
                context["grade_choices"] = grade_choices(standing.state, now, standing.rules)
                context["suggested_from_tests"] = revealed.from_tests
        except SessionError as exc:
            messages.error(request, str(exc))
            return redirect("practice:session", pk=session.pk)
    exercise = exercise_context(question)
    if exercise and request.method != "POST":
        answer_text = question.starter_code  # a coding question's box starts from its starter code
    context.update(
        exercise=exercise,
        answer_text=answer_text,
        elapsed=seconds_since(session.shown_at, now),
        grades=cast(forms.ChoiceField, AttemptForm.base_fields["grade"]).choices,
    )
    if _is_htmx(request):
        # Just the session <article>; it carries the messages the page would have shown.
        response = render(request, "practice/_session_step.html", {**context, "partial": True})
    else:
        response = render(request, "practice/session_detail.html", context)
    patch_vary_headers(response, ("HX-Request",))
    return response


@require_POST
@login_required
def bookmark_toggle(request: SignedInHttpRequest, slug: str) -> HttpResponse:
    question = get_question_for_user(request.user, slug)
    on = toggle_bookmark(user=request.user, question=question)
    status = "Bookmarked." if on else "Bookmark removed."
    if _is_htmx(request):
        context = {"question": question, "bookmarked": on, "bookmark_status": status}
        return render(request, "practice/_bookmark.html", context)
    messages.success(request, status)
    return redirect(question)


SET_ASIDE = {
    "suspend": (
        suspend_question,
        "Suspended: out of your reviews, sessions and mocks until you unsuspend it.",
    ),
    "unsuspend": (unsuspend_question, "Unsuspended: it comes back when its schedule says."),
    "bury": (bury_question, "Buried until tomorrow (your day)."),
}


@require_POST
@login_required
def question_set_aside(request: SignedInHttpRequest, slug: str, action: str) -> HttpResponse:
    """Suspend, unsuspend or bury a question, from its page or a session; back where it came from."""
    question = get_question_for_user(request.user, slug)
    operation, message = SET_ASIDE[action]
    operation(user=request.user, question=question, now=timezone.now())
    messages.success(request, message)
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(back)
    return redirect(question)


@require_POST
@login_required
def note_save(request: SignedInHttpRequest, slug: str) -> HttpResponse:
    question = get_question_for_user(request.user, slug)
    form = NoteForm(request.POST)
    htmx = _is_htmx(request)
    if not form.is_valid():
        if htmx:
            # 200, not 422: htmx swaps only successful responses, and the error belongs in the form.
            text = request.POST.get("text", "")
            context = {"question": question, "note_text": text, "note_errors": form.errors["text"]}
            return render(request, "practice/_note.html", context)
        for error in form.errors.get("text", []):
            messages.error(request, str(error))
        return redirect(question)
    note = save_note(user=request.user, question=question, text=form.cleaned_data["text"], now=timezone.now())
    status = "Note saved." if note else "Note deleted."
    if htmx:
        context = {"question": question, "note_text": note.text if note else "", "note_status": status}
        return render(request, "practice/_note.html", context)
    messages.success(request, status)
    return redirect(question)


def get_mock_for_owner(user, pk: int) -> MockInterview:
    try:
        return MockInterview.objects.get(pk=pk, user=user)
    except MockInterview.DoesNotExist:
        raise Http404("No such mock interview") from None


@login_required
def mock_list(request: SignedInHttpRequest) -> HttpResponse:
    form = MockForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            mock = create_mock(
                user=request.user,
                size=form.cleaned_data["size"],
                seconds_per_question=form.cleaned_data["minutes"] * 60,
                category=form.cleaned_data["category"],
                include_history=form.cleaned_data["include_history"],
                probes_per_question=form.cleaned_data["follow_ups"],
                now=timezone.now(),
            )
        except MockError as exc:
            messages.error(request, str(exc))
        else:
            return redirect("practice:mock", pk=mock.pk)
    mocks = MockInterview.objects.for_list(request.user)
    return render(request, "practice/mock_list.html", {"form": form, "mocks": mocks})


def _grades_from_form(request: HttpRequest, items: list[MockItem]) -> dict[int, ItemGrade]:
    grades = {}
    for item in items:
        grade = request.POST.get(f"grade-{item.position}")
        if grade in Grade.values:
            covered = [int(i) for i in request.POST.getlist(f"covered-{item.position}")]
            probes = {
                p.position: request.POST.get(f"probe-{item.position}-{p.position}", "") for p in item.probes.all()
            }
            grades[item.position] = ItemGrade(grade, covered, {rung: g for rung, g in probes.items() if g})
    return grades


@login_required
def mock_detail(request: SignedInHttpRequest, pk: int) -> HttpResponse:
    mock = get_mock_for_owner(request.user, pk)
    now = timezone.now()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "answer":
                follow_up = request.POST.get("follow_up", "")
                answer_item(
                    mock=mock,
                    user=request.user,
                    position=int(request.POST.get("position", -1)),
                    follow_up=int(follow_up) if follow_up else None,
                    answer_text=request.POST.get("answer_text", "")[:MAX_ANSWER_CHARS],
                    now=now,
                )
            elif action == "finish":
                finish_mock(mock=mock, now=now)
            elif action == "grade":
                grades = _grades_from_form(request, list(with_probes(visible_items(mock, request.user))))
                grade_mock(mock=mock, user=request.user, grades=grades, now=now)
        except (MockError, ValueError) as exc:
            messages.error(request, str(exc) if isinstance(exc, MockError) else "That answer could not be read.")
        return redirect("practice:mock", pk=mock.pk)

    items = list(with_probes(visible_items(mock, request.user).select_related("question", "attempt", "project")))
    step = next((s for s in steps(items) if (s.probe or s.item).answered_at is None), None)
    if mock.status == "answering" and step is None:  # nothing left to answer: it is over
        mock = finish_mock(mock=mock, now=now)
    if mock.status == "answering" and step is not None:
        show_step(step=step, now=now)
        context: dict[str, Any] = {"mock": mock, "item": step.item, "probe": step.probe, "total": len(items),
                   "number": items.index(step.item) + 1, "follow_ups": len(step.item.probes.all()),
                   "last": step == steps(items)[-1], "elapsed": seconds_since(step.shown_at, now)}  # fmt: skip
        return render(request, "practice/mock_answer.html", context)
    ladders = []
    choices = grade_choices_for_many(request.user, [i.question for i in items], now) if mock.status == "grading" else {}
    states = returns_of(request.user, {i.question_id for i in items}) if mock.status == "graded" else {}
    for item in items:
        revealed = reveal_item(item)
        item.matches, item.suggested = revealed.matches, revealed.suggested_grade  # type: ignore[attr-defined]
        item.missed = revealed.missed  # type: ignore[attr-defined]
        for probe in item.probes.all():
            probe.over_time = (probe.seconds_taken or 0) > mock.seconds_per_question  # type: ignore[attr-defined]
            probe.answer_html = render_snippet(probe.answer)  # type: ignore[attr-defined]
        item.ladder = ladder([p.grade for p in item.probes.all()])  # type: ignore[attr-defined]
        ladders.append(item.ladder)  # type: ignore[attr-defined]
        item.grade_choices = choices.get(item.question_id, [])  # type: ignore[attr-defined]
        item.returns = states.get(item.question_id)  # type: ignore[attr-defined]
    template = "practice/mock_grade.html" if mock.status == "grading" else "practice/mock_summary.html"
    _, threshold = rules_and_leech_threshold(request.user) if mock.status == "graded" else (None, 0)
    context = {"mock": mock, "items": items, "grades": Grade.choices, "probe_grades": ProbeGrade.choices,
               "ladders": ladder_summary(ladders), "leech_threshold": threshold}  # fmt: skip
    return render(request, template, context)


def get_project_for_owner(user, pk: int) -> Project:
    try:
        return Project.objects.get(pk=pk, user=user)
    except Project.DoesNotExist:
        raise Http404("No such project") from None


@login_required
def project_list(request: SignedInHttpRequest) -> HttpResponse:
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        project = create_project(user=request.user, now=timezone.now(), **form.cleaned_data)
        return redirect("practice:project", pk=project.pk)
    projects = Project.objects.filter(user=request.user).annotate(n_answers=Count("answers"))
    return render(request, "practice/project_list.html", {"form": form, "projects": projects, "prompts": PROMPTS})


@login_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for_owner(request.user, pk)
    if request.method == "POST":
        answers = {key: request.POST.get(key, "")[:10_000] for key in PROMPT_KEYS if key in request.POST}
        kept = save_project_answers(project=project, answers=answers, now=timezone.now())
        messages.success(request, f"Saved: {kept} of {len(PROMPTS)} prompts answered.")
        return redirect("practice:project", pk=project.pk)
    saved = {a.prompt: a.text for a in project.answers.all()}
    prompts = [(key, prompt, hint, saved.get(key, "")) for key, prompt, hint in PROMPTS]
    mode = "rehearse" if request.GET.get("mode") == "rehearse" else "edit"
    return render(request, "practice/project_detail.html", {"project": project, "prompts": prompts, "mode": mode})
