from __future__ import annotations

from urllib.parse import urlencode

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
from django.views.decorators.http import require_GET, require_POST

from practice.coverage import match_key_points, suggest_grade
from practice.exports import anki_deck, attempts_csv, user_data_json
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
    save_project_answers,
)
from practice.models import MAX_SECONDS_TAKEN, Attempt, Grade, MockInterview, PracticeSession, Project
from practice.progress import progress_for
from practice.queue import build_queue
from practice.services import (
    advance_session,
    finish_session,
    record_attempt,
    save_note,
    settings_for,
    start_session,
    toggle_bookmark,
)
from practice.session_drafts import keep_draft
from questions.access import get_question_for_user
from questions.forms import QuestionFilterForm
from questions.models import Question
from questions.views import STARTED_SALT
from teams.services import plan_progress_for


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
        messages.info(request, "Sign in or create an account to save your attempt. Your answer is kept.")
        return redirect(f"{reverse('account_login')}?{urlencode({'next': question.get_absolute_url()})}")
    if not form.is_valid():
        keep_draft(request, question.slug, answer_text=request.POST.get("answer_text", "")[:20_000], grade="")
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
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
def attempt_list(request: HttpRequest) -> HttpResponse:
    attempts = Attempt.objects.for_user(request.user).for_list_page()
    page = Paginator(attempts, settings.ATTEMPTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "practice/attempt_list.html", {"page": page})


def get_session_for_owner(user, pk: int) -> PracticeSession:  # type: ignore[no-untyped-def]
    """The practice session `pk` if it is `user`'s; 404 otherwise, so ids reveal nothing."""
    try:
        return PracticeSession.objects.get(pk=pk, user=user)
    except PracticeSession.DoesNotExist:
        raise Http404("No such practice session") from None


@require_GET
@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    queue = build_queue(request.user, timezone.now())
    return render(request, "practice/review_queue.html", {"queue": queue})


@login_required
def study_settings(request: HttpRequest) -> HttpResponse:
    form = StudySettingsForm(request.POST or None, instance=settings_for(request.user))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Study settings saved.")
        return redirect("practice:settings")
    return render(request, "practice/study_settings.html", {"form": form})


@require_POST
@login_required
def session_start(request: HttpRequest) -> HttpResponse:
    """Start a session from the question filters, the bookmarks or what is due."""
    now = timezone.now()
    source = request.POST.get("source", "filter")
    if source == "due":
        questions, title = build_queue(request.user, now, limit=PracticeSession.MAX_QUESTIONS).questions, "Review"
    else:
        form = QuestionFilterForm(request.POST, user=request.user)
        if not form.is_valid():
            messages.error(request, "Those filters do not make sense; pick them again.")
            return redirect("questions:list")
        matching = Question.objects.visible_to(request.user).matching(**form.filters())
        questions = list(matching.for_list_page()[: PracticeSession.MAX_QUESTIONS])
        title = form.describe()
    if not questions:
        messages.info(request, "Nothing to practise there right now.")
        return redirect("practice:review" if source == "due" else "questions:list")
    session = start_session(user=request.user, title=title, questions=questions, now=now)
    return redirect("practice:session", pk=session.pk)


@login_required
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_session_for_owner(request.user, pk)
    if session.finished_at is not None or session.current_question_id is None:
        attempts = session.attempts.select_related("question").order_by("id")
        return render(request, "practice/session_summary.html", {"session": session, "attempts": attempts})
    question = Question.objects.select_related("category").get(pk=session.current_question_id)
    context = {"session": session, "question": question, "revealed": False, "errors": []}
    started = signing.dumps(timezone.now().timestamp(), salt=STARTED_SALT)
    answer_text = ""
    if request.method == "POST":
        form = SessionStepForm(request.POST)
        if not form.is_valid():
            context["errors"] = [e for errors in form.errors.values() for e in errors]
            answer_text = request.POST.get("answer_text", "")
            started = request.POST.get("started", started)
            context["revealed"] = request.POST.get("action") == "grade"
        else:
            data = form.cleaned_data
            now = timezone.now()
            if data["action"] == "grade":
                record_attempt(
                    user=request.user,
                    question=question,
                    grade=data["grade"],
                    answer_text=data["answer_text"],
                    seconds_taken=_seconds_since(data["started"], now.timestamp()),
                    now=now,
                    key_points_covered=data["covered"],
                    session=session,
                )
                advance_session(session=session, now=now)
                return redirect("practice:session", pk=session.pk)
            if data["action"] == "skip":
                advance_session(session=session, now=now)
                return redirect("practice:session", pk=session.pk)
            if data["action"] == "end":
                finish_session(session=session, now=now)
                return redirect("practice:session", pk=session.pk)
            answer_text, started, context["revealed"] = data["answer_text"], data["started"] or started, True
    if context["revealed"]:
        matches = match_key_points(answer_text, question.key_points, question.tags.values_list("slug", flat=True))
        context["matches"] = matches
        context["suggested_grade"] = suggest_grade(matches, answer=answer_text)
    context.update(answer_text=answer_text, started=started, grades=AttemptForm.base_fields["grade"].choices)
    return render(request, "practice/session_detail.html", context)


@require_POST
@login_required
def bookmark_toggle(request: HttpRequest, slug: str) -> HttpResponse:
    question = get_question_for_user(request.user, slug)
    on = toggle_bookmark(user=request.user, question=question)
    messages.success(request, "Bookmarked." if on else "Bookmark removed.")
    return redirect(question)


@require_POST
@login_required
def note_save(request: HttpRequest, slug: str) -> HttpResponse:
    question = get_question_for_user(request.user, slug)
    form = NoteForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("text", []):
            messages.error(request, error)
        return redirect(question)
    note = save_note(user=request.user, question=question, text=form.cleaned_data["text"])
    messages.success(request, "Note saved." if note else "Note deleted.")
    return redirect(question)


@require_GET
@login_required
def progress(request: HttpRequest) -> HttpResponse:
    context = {"progress": progress_for(request.user, timezone.now()), "plans": plan_progress_for(request.user)}
    return render(request, "practice/progress.html", context)


def get_mock_for_owner(user, pk: int) -> MockInterview:  # type: ignore[no-untyped-def]
    try:
        return MockInterview.objects.get(pk=pk, user=user)
    except MockInterview.DoesNotExist:
        raise Http404("No such mock interview") from None


@login_required
def mock_list(request: HttpRequest) -> HttpResponse:
    form = MockForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            mock = create_mock(
                user=request.user,
                size=form.cleaned_data["size"],
                seconds_per_question=form.cleaned_data["minutes"] * 60,
                category=form.cleaned_data["category"],
                now=timezone.now(),
            )
        except MockError as exc:
            messages.error(request, str(exc))
        else:
            return redirect("practice:mock", pk=mock.pk)
    mocks = MockInterview.objects.filter(user=request.user).annotate(n_items=Count("items")).order_by("-created_at")
    return render(request, "practice/mock_list.html", {"form": form, "mocks": mocks})


@login_required
def mock_detail(request: HttpRequest, pk: int) -> HttpResponse:
    mock = get_mock_for_owner(request.user, pk)
    now = timezone.now()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "answer":
                answer_item(
                    mock=mock,
                    position=int(request.POST.get("position", -1)),
                    answer_text=request.POST.get("answer_text", "")[:MAX_ANSWER_CHARS],
                    seconds_taken=_seconds_since(request.POST.get("started", ""), now.timestamp()),
                    now=now,
                )
            elif action == "finish":
                finish_mock(mock=mock, now=now)
            elif action == "grade":
                grades = {}
                for item in mock.items.all():
                    grade = request.POST.get(f"grade-{item.position}")
                    if grade in Grade.values:
                        covered = [int(i) for i in request.POST.getlist(f"covered-{item.position}") if i.isdigit()]
                        grades[item.position] = ItemGrade(grade, covered)
                grade_mock(mock=mock, grades=grades, now=now)
        except (MockError, ValueError) as exc:
            messages.error(request, str(exc) if isinstance(exc, MockError) else "That answer could not be read.")
        return redirect("practice:mock", pk=mock.pk)

    mock.refresh_from_db()
    items = list(mock.items.select_related("question", "attempt"))
    item = next((i for i in items if i.answered_at is None), None)
    if mock.status == "answering" and item is None:  # nothing left to answer: it is over
        mock = finish_mock(mock=mock, now=now)
    if mock.status == "answering":
        return render(
            request,
            "practice/mock_answer.html",
            {
                "mock": mock,
                "item": item,
                "started": signing.dumps(now.timestamp(), salt=STARTED_SALT),
                "total": len(items),
            },
        )
    for item in items:
        tags = [t.slug for t in item.question.tags.all()]
        item.matches = match_key_points(item.answer_text, item.question.key_points, tags)  # type: ignore[attr-defined]
        item.suggested = suggest_grade(item.matches, answer=item.answer_text)  # type: ignore[attr-defined]
        if item.attempt:
            covered = set(item.attempt.key_points_covered)
            item.missed = [p for i, p in enumerate(item.question.key_points) if i not in covered]  # type: ignore[attr-defined]
    template = "practice/mock_grade.html" if mock.status == "grading" else "practice/mock_summary.html"
    return render(request, template, {"mock": mock, "items": items, "grades": Grade.choices})


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        project = Project.objects.create(user=request.user, **form.cleaned_data)
        return redirect("practice:project", pk=project.pk)
    projects = Project.objects.filter(user=request.user).annotate(n_answers=Count("answers"))
    return render(request, "practice/project_list.html", {"form": form, "projects": projects, "prompts": PROMPTS})


@login_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        project = Project.objects.get(pk=pk, user=request.user)
    except Project.DoesNotExist:
        raise Http404("No such project") from None
    if request.method == "POST":
        answers = {key: request.POST.get(key, "")[:10_000] for key in PROMPT_KEYS if key in request.POST}
        kept = save_project_answers(project=project, answers=answers, now=timezone.now())
        messages.success(request, f"Saved: {kept} of {len(PROMPTS)} prompts answered.")
        return redirect("practice:project", pk=project.pk)
    saved = {a.prompt: a.text for a in project.answers.all()}
    prompts = [(key, prompt, hint, saved.get(key, "")) for key, prompt, hint in PROMPTS]
    mode = "rehearse" if request.GET.get("mode") == "rehearse" else "edit"
    return render(request, "practice/project_detail.html", {"project": project, "prompts": prompts, "mode": mode})


@require_GET
def export_anki(request: HttpRequest) -> HttpResponse:
    """An Anki deck of the questions any filter of the list page picks."""
    form = QuestionFilterForm(request.GET, user=request.user)
    if not form.is_valid():
        return HttpResponse("Invalid filters: " + ", ".join(form.errors), status=400, content_type="text/plain")
    questions = (
        Question.objects.visible_to(request.user)
        .matching(**form.filters())
        .select_related("category")
        .prefetch_related("tags")
        .order_by("category__position", "title")
    )
    data = anki_deck(questions, title=form.describe())
    response = HttpResponse(data, content_type="application/octet-stream")
    response["Content-Disposition"] = 'attachment; filename="interviewprep.apkg"'
    return response


@require_GET
@login_required
def export_attempts(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(attempts_csv(request.user), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="interviewprep-attempts.csv"'
    return response


@require_GET
@login_required
def export_data(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(user_data_json(request.user, timezone.now()), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="interviewprep-my-data.json"'
    return response
