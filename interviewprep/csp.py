"""The Content-Security-Policy header (Django 5.2 has none of its own).

The site's pages load scripts, styles and images from the site alone and run nothing inline
(tests/test_security.py checks the templates), so an injected `<script>` or `on*=` attribute
does not run. Two parts of the site get a policy of their own, widened only where they need it:
the admin, whose own templates carry a few inline styles (Django's change list, select2,
simple_history), and the Swagger UI at /api/docs/, which sets data: images from its CSS. The
Web Worker that runs coding questions' tests gets one of its own (practice/code_runner.py).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse

HEADER = "Content-Security-Policy"
Policy = dict[str, str]

SITE: Policy = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
    # Coding questions run their tests in a Web Worker of the site's own (practice/code_runner.py,
    # which sends the worker a stricter policy of its own); the pages compile no WebAssembly.
    "worker-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
ADMIN: Policy = {**SITE, "style-src": "'self' 'unsafe-inline'", "img-src": "'self' data:"}
API_DOCS: Policy = {**SITE, "img-src": "'self' data:"}


def header_value(policy: Policy) -> str:
    return "; ".join(f"{directive} {sources}" for directive, sources in policy.items())


def with_policy(policy: Policy) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """A view decorator: this view's pages are sent with `policy` instead of the site's."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            response = view(request, *args, **kwargs)
            response.headers[HEADER] = header_value(policy)
            return response

        return wrapped

    return decorate


class ContentSecurityPolicyMiddleware:
    """Every response gets the site's policy, unless its view chose another (`with_policy`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if HEADER not in response.headers:
            match = getattr(request, "resolver_match", None)
            admin = match is not None and match.app_name == "admin"
            response.headers[HEADER] = header_value(ADMIN if admin else SITE)
        return response
