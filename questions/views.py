"""The bank's list page. A question's own page, where one practises it, is practice's
(practice/question_pages.py); both are served under /questions/ (practice/question_urls.py)."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET

from questions.facets import count_facets
from questions.forms import SEED_MAX, SORTS, QuestionFilterForm
from questions.models import BankVersion, Question, QuestionQuerySet, category_with_descendants
from questions.search.engine import search as search_questions
from questions.search.highlight import highlight, snippet

SUGGESTIONS = 5


# What another app adds to the list for the visitor: it takes the listed questions and the
# chosen sort and returns them annotated (and re-ordered for the sorts it owns). Practice passes
# one with each row's new / seen / due / mastered mark, so questions need not import practice.
Personalise = Callable[[QuestionQuerySet, str], QuestionQuerySet]
SHUFFLE_SEED = random.SystemRandom()


def facets_cache(request: HttpRequest, filters: dict[str, Any]) -> tuple[str, int]:
    """The key and lifetime of the facets' cached fragment: shared by everyone who sees the same
    questions (staff also see drafts) at this bank version, whose every change moves it. "My
    bookmarks" counts the person's own, so that is made afresh (a lifetime of 0 stores nothing).
    The page cache (interviewprep/page_cache.py) has read the version for this request already."""
    user = request.user
    if filters.get("bookmarked_by") is not None:
        return f"bookmarks {user.pk}", 0
    version = getattr(request, "bank_version", None)
    if version is None:
        version = BankVersion.current()
    return f"{version} {'staff' if user.is_staff else 'everyone'}", settings.PAGE_CACHE_SECONDS


@require_GET
def question_list(request: HttpRequest, personalise: Personalise | None = None) -> HttpResponse:
    form = QuestionFilterForm(request.GET, user=request.user)
    ignored: list[str] = []
    if not form.is_valid():
        # A value that makes no sense (?difficulty=impossible) is dropped with a note, not a 500.
        ignored = sorted(form.errors)
        form = QuestionFilterForm({k: v for k, v in request.GET.items() if k not in form.errors}, user=request.user)
        form.is_valid()
    filters = form.filters()
    visible = Question.objects.visible_to(request.user)
    # The list and four facets filter by the same category and search: walk the tree and rank
    # the bank once, not five times.
    scoped = {**filters}
    if filters["category"]:
        scoped["category_ids"] = category_with_descendants(filters["category"])
    found = search_questions(filters["search"]) if filters["search"] else None
    if found is not None:
        scoped["search_result"] = found
    sort, seed = form.order()
    if sort == "shuffle" and seed is None:
        # A shuffle keeps its seed in the address, so its pages follow one order.
        query = request.GET.copy()
        query["seed"] = str(SHUFFLE_SEED.randint(1, SEED_MAX))
        query.pop("page", None)
        return redirect(f"{request.path}?{query.urlencode()}")
    questions = visible.matching(**scoped).for_list_page().sorted_for_list(sort, seed=seed)
    if personalise is not None:
        questions = personalise(questions, sort)
    page = Paginator(questions, settings.QUESTIONS_PER_PAGE).get_page(request.GET.get("page"))
    if found is not None:
        for question in page.object_list:
            question.marked_title = highlight(question.title, found.marks)
            question.snippet = snippet(question.short_answer, found.marks)
    query = request.GET.copy()
    query.pop("page", None)
    facets_key, facets_seconds = facets_cache(request, filters)
    return render(
        request,
        "questions/question_list.html",
        {
            "form": form,
            "filters": filters,
            "page": page,
            # Counted only when the cached fragment of the template is missing.
            "facets": SimpleLazyObject(lambda: count_facets(visible, scoped)),
            "facets_key": facets_key,
            "facets_seconds": facets_seconds,
            "querystring": query.urlencode(),
            "ignored": ignored,
            "suggestion": found.suggestion if found is not None else "",
            "sort": sort,
            "sorts": [(value, label) for value, label in SORTS if value != "relevance" or filters["search"]],
            "personal": personalise is not None,
        },
    )


@require_GET
def suggestions(request: HttpRequest) -> HttpResponse:
    """Up to five titles for what is typed so far (the search box asks as you type, with htmx);
    the last word may be unfinished. A plain GET gets the same short list."""
    text = request.GET.get("search", "")[:200]
    found = search_questions(text, prefix=True)
    rows = list(
        Question.objects.visible_to(request.user)
        .ranked_by(found)
        .only("slug", "title")
        .order_by("search_rank")[:SUGGESTIONS]
    )
    for question in rows:
        question.marked_title = highlight(question.title, found.marks)  # type: ignore[attr-defined]
    return render(request, "questions/_suggestions.html", {"suggestions": rows, "search": text})
