"""Permission-checked fetches for curation: submissions for their submitter or a curator, any
question for a curator. Pages and the API both come through here."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from questions.access import is_curator
from questions.models import Question, Submission


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


def get_question_for_curator(user: Any, slug: str) -> Question:
    """Any question, whatever its status, for a curator (the decorator has checked the rights)."""
    try:
        return Question.objects.select_related("category__parent").get(slug=slug)
    except Question.DoesNotExist:
        raise Http404("No such question") from None
