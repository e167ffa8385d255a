from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from practice.forms import AttemptForm
from practice.models import Attempt, Bookmark, Note
from practice.session_drafts import pop_draft
from questions.access import get_question_for_user
from questions.facets import count_facets
from questions.forms import QuestionFilterForm
from questions.models import Category, Question, Report, category_with_descendants

# Signs the time a question page was served, so a form without JavaScript still knows how
# long the answer took.
STARTED_SALT = "practice.attempt.started"


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    visible = Question.objects.visible_to(request.user)
    per_category = dict(
        visible.order_by().values_list("category_id").annotate(n=Count("id")),
    )
    categories = list(Category.objects.filter(parent=None).prefetch_related("children"))
    for category in categories:
        category.total = per_category.get(category.pk, 0) + sum(  # type: ignore[attr-defined]
            per_category.get(child.pk, 0) for child in category.children.all()
        )
    stats = visible.aggregate(total=Count("id"), common=Count("id", filter=Q(commonly_asked=True)))
    return render(request, "questions/home.html", {"categories": categories, "stats": stats})


@require_GET
def question_list(request: HttpRequest) -> HttpResponse:
    form = QuestionFilterForm(request.GET, user=request.user)
    ignored: list[str] = []
    if not form.is_valid():
        # A value that makes no sense (?difficulty=impossible) is dropped with a note, not a 500.
        ignored = sorted(form.errors)
        form = QuestionFilterForm({k: v for k, v in request.GET.items() if k not in form.errors}, user=request.user)
        form.is_valid()
    filters = form.filters()
    visible = Question.objects.visible_to(request.user)
    # The list and four facets filter by the same category: walk the tree once, not five times.
    scoped = (
        {**filters, "category_ids": category_with_descendants(filters["category"])} if filters["category"] else filters
    )
    questions = visible.matching(**scoped).for_list_page()
    page = Paginator(questions, settings.QUESTIONS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "questions/question_list.html",
        {
            "form": form,
            "filters": filters,
            "page": page,
            "facets": count_facets(visible, scoped),
            "querystring": query.urlencode(),
            "ignored": ignored,
        },
    )


@require_GET
def question_detail(request: HttpRequest, slug: str) -> HttpResponse:
    question = get_question_for_user(request.user, slug)
    draft = pop_draft(request, question.slug)
    form = AttemptForm(
        initial={
            "answer_text": draft.get("answer_text", "") if draft else "",
            "grade": draft.get("grade") if draft else None,
            "started": signing.dumps(timezone.now().timestamp(), salt=STARTED_SALT),
        }
    )
    recent, note, bookmarked = [], None, False
    if request.user.is_authenticated:
        recent = list(Attempt.objects.for_user(request.user).filter(question=question).order_by("-created_at")[:5])
        note = Note.objects.filter(user=request.user, question=question).first()
        bookmarked = Bookmark.objects.filter(user=request.user, question=question).exists()
    return render(
        request,
        "questions/question_detail.html",
        {
            "question": question,
            "tags": question.tags.all(),
            "related": question.related_questions(request.user),
            "form": form,
            "recent_attempts": recent,
            "note": note,
            "report_kinds": Report.Kind.choices,
            "bookmarked": bookmarked,
            "restored_draft": bool(draft),
        },
    )
