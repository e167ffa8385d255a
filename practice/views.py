from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from practice.forms import AttemptForm
from practice.models import MAX_SECONDS_TAKEN, Attempt
from practice.services import record_attempt
from practice.session_drafts import keep_draft
from questions.access import get_question_for_user
from questions.views import STARTED_SALT


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
