"""A question's page: the question, an answer box and the model answer, with the visitor's own
attempts, note and bookmark. The list it is reached from is the bank's (questions/views.py)."""

from __future__ import annotations

from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from practice.code_runner import exercise_context
from practice.curves import forgetting_curve_of
from practice.forms import AttemptForm
from practice.models import Attempt, Bookmark, Note
from practice.schedule_view import grade_choices, standing_of
from practice.scheduling import DEFAULT_RULES
from practice.session_drafts import pop_draft
from questions.access import get_question_for_user
from questions.models import Report
from questions.search.similar import similar_questions

# Signs the time a question page was served, so a form without JavaScript still knows how
# long the answer took.
STARTED_SALT = "practice.attempt.started"


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
