"""A question's page: the question, an answer box and the model answer, with the visitor's own
attempts, note and bookmark; and the bank's list (questions/views.py) with the visitor's own
new / seen / due / mastered mark on each row (practice/marks.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.requests import SignedInHttpRequest
from practice.code_runner import exercise_context
from practice.curves import forgetting_curve_of
from practice.forms import AttemptForm
from practice.marks import least_recently_practised, only_unseen, with_review_of
from practice.models import Attempt, Bookmark, Note
from practice.schedule_view import grade_choices, standing_of
from practice.scheduling import DEFAULT_RULES
from practice.session_drafts import pop_draft
from questions import views as questions_views
from questions.access import get_question_for_user
from questions.forms import QuestionFilterForm
from questions.models import Question, QuestionQuerySet, Report
from questions.search.similar import similar_questions

# Signs the time a question page was served, so a form without JavaScript still knows how
# long the answer took.
STARTED_SALT = "practice.attempt.started"


@require_GET
def question_list(request: HttpRequest) -> HttpResponse:
    """The bank's list; a signed-in visitor's rows carry their marks, and may be sorted by when
    they were last practised."""
    if not request.user.is_authenticated:
        return questions_views.question_list(request)
    user, now = request.user, timezone.now()

    def personalise(questions: QuestionQuerySet, sort: str) -> QuestionQuerySet:
        marked = with_review_of(questions, user, now)
        return least_recently_practised(marked) if sort == "practised" else marked

    return questions_views.question_list(request, personalise=personalise)


@require_GET
@login_required
def next_unseen(request: SignedInHttpRequest) -> HttpResponse:
    """The first question of the filtered list (in its order) that the visitor never graded."""
    form = QuestionFilterForm(request.GET, user=request.user)
    if not form.is_valid():
        messages.error(request, "Those filters do not make sense; pick them again.")
        return redirect("questions:list")
    sort, seed = form.order()
    questions = Question.objects.visible_to(request.user).matching(**form.filters()).for_list_page()
    questions = with_review_of(questions.sorted_for_list(sort, seed=seed), request.user, timezone.now())
    if sort == "practised":
        questions = least_recently_practised(questions)
    question = only_unseen(questions).first()
    if question is None:
        messages.info(request, "You have seen every question of this list.")
        return redirect(f"{reverse('questions:list')}?{request.GET.urlencode()}")
    return redirect(question)


@require_GET
def question_detail(request: HttpRequest, slug: str) -> HttpResponse:
    question = get_question_for_user(request.user, slug)
    draft = pop_draft(request, question.slug)
    exercise = exercise_context(question)
    form = AttemptForm(
        initial={
            # A coding question's box starts from its starter code.
            "answer_text": draft.get("answer_text", "") if draft else (question.starter_code if exercise else ""),
            "grade": draft.get("grade") if draft else None,
            "started": signing.dumps(timezone.now().timestamp(), salt=STARTED_SALT),
        }
    )
    recent, note, bookmarked, standing = [], None, False, None
    now = timezone.now()
    if request.user.is_authenticated:
        recent = list(Attempt.objects.for_user(request.user).filter(question=question).order_by("-created_at")[:5])
        note = Note.objects.filter(user=request.user, question=question).first()
        bookmarked = Bookmark.objects.filter(user=request.user, question=question).exists()
        standing = standing_of(request.user, question, now)
    rules = standing.rules if standing else DEFAULT_RULES
    curve = forgetting_curve_of(standing.state, now, rules) if standing and standing.seen else None
    related = list(question.related_questions(request.user))
    # None curated: the most similar published questions stand in, so every page leads on.
    similar = [] if related else [other for other, _ in similar_questions(question)]
    return render(
        request,
        "questions/question_detail.html",
        {
            "question": question,
            "tags": question.tags.all(),
            "related": related or similar,
            "related_are_similar": bool(similar),
            "form": form,
            "recent_attempts": recent,
            "note": note,
            "report_kinds": Report.Kind.choices,
            "bookmarked": bookmarked,
            "restored_draft": bool(draft),
            "grade_choices": grade_choices(standing.state if standing else None, now, rules),
            "standing": standing,
            "curve": curve,
            "exercise": exercise,
        },
    )
