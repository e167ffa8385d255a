"""Pages that need several apps at once: the home page (a signed-in person's day), progress
(practice and team plans), the download of all of one's data (every app) and unsubscribing
from reminders (which speak of plans too)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.requests import SignedInHttpRequest
from interviewprep.home import day_for
from interviewprep.reminders import unsubscribe, user_for_unsubscribe
from interviewprep.theme import THEMES, remember_theme
from practice.export_pages import export_response
from practice.progress import progress_for
from questions.models import Category, Question
from teams.services import plan_progress_for


@require_GET
@login_required
def progress(request: SignedInHttpRequest) -> HttpResponse:
    context = {"progress": progress_for(request.user, timezone.now()), "plans": plan_progress_for(request.user)}
    return render(request, "practice/progress.html", context)


@require_GET
@login_required
def export_data(request: SignedInHttpRequest) -> HttpResponse:
    """All of one's data; a large account's is prepared by the worker (practice.export_jobs)."""
    return export_response(request, "my-data", {})


# No CSRF token: the worst a forged post can do is flip a colour scheme, and a token in the
# header's form would make every page's HTML differ per visitor (and set a cookie on every page).
@csrf_exempt
@require_POST
def set_theme(request: HttpRequest) -> HttpResponse:
    """The theme toggle without JavaScript: remember the theme and go back to the page."""
    theme = request.POST.get("theme", "")
    if theme not in (*THEMES, "system"):
        return HttpResponseBadRequest("theme: expected light, dark or system.", content_type="text/plain")
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = "/"
    response = redirect(back)
    remember_theme(response, "" if theme == "system" else theme)
    return response


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """A signed-in person's day (interviewprep/home.py); for visitors, what the site is."""
    if request.user.is_authenticated:
        return render(request, "home/day.html", {"day": day_for(request.user, timezone.now())})
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


@csrf_exempt  # the signed token is the credential: one-click unsubscribe (RFC 8058) posts without a form
@require_http_methods(["GET", "POST"])
def reminders_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Stop reminder emails from the link in one, without signing in. GET asks (a mail
    scanner following the link changes nothing); POST, from the page's button or the mail
    client's one-click unsubscribe, stops them."""
    user = user_for_unsubscribe(token)
    if user is None:
        return render(request, "reminders/unsubscribe.html", {"invalid": True}, status=404)
    if request.method == "POST":
        unsubscribe(user=user)
        return render(request, "reminders/unsubscribe.html", {"done": True, "email": user.email})
    return render(request, "reminders/unsubscribe.html", {"email": user.email})
