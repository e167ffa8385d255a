"""The bank's list page. A question's own page, where one practises it, is practice's
(practice/question_pages.py); both are served under /questions/ (practice/question_urls.py)."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from questions.facets import count_facets
from questions.forms import QuestionFilterForm
from questions.models import Question, category_with_descendants


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
