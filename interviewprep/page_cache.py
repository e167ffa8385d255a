"""Whole pages and API answers, served from the cache under the versions of what they show.

For anonymous visitors the home page, the question list (facets and all) and a question's
page, and for everyone the public API's questions, categories and tags, look the same to a
whole audience: anonymous visitors, signed-in members, staff (who also see drafts). Such a
response is stored once per bank version (questions/bank_version.py), audience, theme, address
and Accept header, so an edit, an archive, an import or a new tag shows on the next request,
and nothing has to be deleted.

A signed-in person's home (their day), question list (their marks), review queue and progress
are theirs alone: each is stored for that person under the bank's version and their own page
version (accounts/page_version.py), which their every write moves, so their grade, bookmark or
setting shows at once. What such a page shows also changes with the clock: a question falls due,
a buried one comes back, a new day starts the streak and the day's new questions again. So the
copy is kept only until the first of those moments (`fresh_for`), and at most
USER_PAGE_CACHE_SECONDS, which bounds the "due 5 minutes ago" kind of wording.

What differs per request is cut out before storing and put back when serving: each form's CSRF
token, the signed "started" time of a question page's answer form, and, for signed-in
audiences, the whole site header (due reviews, inbox, name: one query, templates/_site_header.html).
Not cached: a signed-in visitor's question page (their attempts, note, bookmark and the draft
kept in their session), htmx partials, pages with a message to show, token-authenticated API
calls and an anonymous visitor whose session holds something (a draft answer kept across
signing in).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import User
from interviewprep import csrf_tokens
from interviewprep.theme import theme_of
from practice.context_processors import header_figures_of
from practice.models import ReviewState
from practice.question_pages import STARTED_SALT
from practice.queue import clock_moments
from questions.models import BankVersion

# URL names (namespace:name) whose GET answers are the same for a whole audience.
PAGES: set[str] = set()
# Signed in, the home page is the person's day and the list marks each row with where they
# stand (practice/marks.py): only visitors share a copy of those.
ANONYMOUS_ONLY = {"home", "questions:list", "questions:detail"}
API = {"api:question-list", "api:question-detail", "api:category-list", "api:category-detail"}
API |= {"api:tag-list", "api:tag-detail"}
# Query parameters that make a list personal.
PERSONAL_PARAMETERS = {"bookmarked"}
# Signed in, these pages are the person's own: cached for them alone (see the docstring).
PER_USER = {"home", "questions:list", "practice:review", "progress"}

CSRF_HOLE = "\x00csrf\x00"
STARTED_HOLE = "\x00started\x00"
HEADER_HOLE = "\x00header\x00"
CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
STARTED_INPUT = re.compile(r'(name="started" value=")[^"]*(")')
HEADER = re.compile(r'<header class="site-header">.*?</header>', re.DOTALL)
KEPT_HEADERS = {"content-type", "vary", "allow", "content-language"}


def audience(request: HttpRequest, name: str) -> str | None:
    """Whose copy `request` may be served, or None when its answer must be made for it alone."""
    if request.method != "GET" or request.headers.get("HX-Request") or "messages" in request.COOKIES:
        return None
    if name not in PAGES and name not in ANONYMOUS_ONLY and name not in API and name not in PER_USER:
        return None
    user = request.user
    if name in PER_USER and user.is_authenticated:
        if request.session.get("_messages"):
            return None
        return f"user {user.pk} {user.page_version}"
    if PERSONAL_PARAMETERS & request.GET.keys():
        return None
    if name in API and (
        request.headers.get("Authorization")
        or "html" in request.headers.get("Accept", "")
        or hasattr(request, "_force_auth_user")  # DRF's test client signs its user in this way
    ):
        return None  # a token's user, or the browsable API, which names the user
    session = request.session
    if not user.is_authenticated:
        # A session with anything in it may carry a draft answer or a message for this visitor.
        return "anonymous" if session.is_empty() else None
    if name in ANONYMOUS_ONLY or session.get("_messages"):
        return None
    return "staff" if user.is_staff else "member"


USER_KEY = "page:user:"


def cache_key(request: HttpRequest, who: str, version: int) -> str:
    address = request.get_full_path()
    # The chosen theme is drawn into the page (<html data-theme>, the toggle): a copy per theme.
    accept = request.headers.get("Accept", "")
    digest = hashlib.sha256(f"{who}\n{theme_of(request)}\n{address}\n{accept}".encode()).hexdigest()
    return f"{USER_KEY if who.startswith('user ') else 'page:'}{version}:{digest[:40]}"


def fresh_for(user: User, now: datetime, soonest: list[datetime | None] | None = None) -> int:
    """Seconds until the clock alone changes `user`'s own pages: a question falls due, a buried one
    comes back, or their day ends (streak, the day's new questions, plans' days left).

    `soonest` are the first two moments, when the page has already read them (the review queue's
    counts do: the response's `clock_moments`); otherwise one query reads them."""
    if soonest is None:
        soonest = list(ReviewState.objects.filter(user=user).aggregate(**clock_moments(now)).values())
    _, day_end = user.day_clock().bounds(now)
    moments = [day_end, *(moment for moment in soonest if moment is not None)]
    return int((min(moments) - now).total_seconds())


class BankPageCacheMiddleware:
    """Placed after authentication and messages, so it knows the audience; the middleware
    before it (CSRF, security headers, the content security policy) still run on a cached copy."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        key = getattr(request, "_page_cache_key", None)
        if key and isinstance(response, HttpResponse) and response.status_code == 200:
            self.store(key, request, response)
        return response

    def process_view(self, request: HttpRequest, view: object, args: object, kwargs: object) -> HttpResponse | None:
        match = request.resolver_match
        if match is None or not settings.PAGE_CACHE_SECONDS:
            return None
        who = audience(request, match.view_name)
        if who is None:
            return None
        # Signed in, the header's one query brings the bank's version along.
        if request.user.is_authenticated:
            version = header_figures_of(request)["bank_version"]
        else:
            version = BankVersion.recent(settings.PAGE_CACHE_RECHECK_SECONDS)
        request.bank_version = version  # type: ignore[attr-defined]  # read by the list's facets (questions/views.py)
        key = cache_key(request, who, version)
        stored = cache.get(key)
        if stored is None:
            request._page_cache_key = key  # type: ignore[attr-defined]
            return None
        content, headers = stored
        return HttpResponse(self.fill(request, content), headers=headers)

    def store(self, key: str, request: HttpRequest, response: HttpResponse) -> None:
        if response.streaming or response.cookies or request.session.modified:
            return  # what sets a cookie or changes the session was made for that visitor
        seconds = settings.PAGE_CACHE_SECONDS
        if key.startswith(USER_KEY):
            soonest = getattr(response, "clock_moments", None)
            left = fresh_for(request.user, timezone.now(), soonest)  # type: ignore[arg-type]
            seconds = min(seconds, settings.USER_PAGE_CACHE_SECONDS, left)
            if seconds < 1:
                return
        content = response.content.decode(response.charset)
        content = CSRF_INPUT.sub(rf"\g<1>{CSRF_HOLE}\g<2>", content)
        content = STARTED_INPUT.sub(rf"\g<1>{STARTED_HOLE}\g<2>", content)
        if request.user.is_authenticated:
            content = HEADER.sub(HEADER_HOLE, content, count=1)
        headers = {name: value for name, value in response.items() if name.lower() in KEPT_HEADERS}
        cache.set(key, (content, headers), seconds)

    def fill(self, request: HttpRequest, content: str) -> str:
        if HEADER_HOLE in content:
            content = content.replace(HEADER_HOLE, self.header(request), 1)
        if CSRF_HOLE in content:
            content = content.replace(CSRF_HOLE, csrf_tokens.token(request))
        if STARTED_HOLE in content:
            started = signing.dumps(timezone.now().timestamp(), salt=STARTED_SALT)
            content = content.replace(STARTED_HOLE, started)
        return content

    def header(self, request: HttpRequest) -> str:
        """The signed-in header, itself kept per person, page version, theme, address and figures
        (so a new due review or message shows at once), with its CSRF token put back."""
        user = request.user
        figures = header_figures_of(request)  # the header's one query
        parts = (user.pk, user.page_version, theme_of(request), request.get_full_path(), *figures.values())  # type: ignore[union-attr]
        key = "header:" + hashlib.sha256(repr(parts).encode()).hexdigest()[:40]
        header = cache.get(key)
        if header is None:
            header = CSRF_INPUT.sub(rf"\g<1>{CSRF_HOLE}\g<2>", render_to_string("_site_header.html", request=request))
            cache.set(key, header, settings.USER_PAGE_CACHE_SECONDS)
        return header  # fill() puts the CSRF token in, here as in the page
