"""The colour theme a visitor chose: light, dark, or (no cookie) whatever their system prefers.

It is a cookie rather than a user setting so that visitors have it too, and the server draws
the page in the chosen theme from the first paint (no flash of the other one). site.js sets the
same cookie, and localStorage, when the toggle is used with JavaScript; without it the toggle
posts to set_theme.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

COOKIE = "theme"
THEMES = ("light", "dark")
ONE_YEAR = 365 * 24 * 60 * 60


def theme_of(request: HttpRequest) -> str:
    """ "light", "dark", or "" to follow the system's preference."""
    chosen = request.COOKIES.get(COOKIE, "")
    return chosen if chosen in THEMES else ""


def remember_theme(response: HttpResponse, theme: str) -> None:
    """Keep `theme` ("light", "dark", or "" for the system's) for a year."""
    if theme in THEMES:
        response.set_cookie(COOKIE, theme, max_age=ONE_YEAR, samesite="Lax", secure=False, httponly=False)
    else:
        response.delete_cookie(COOKIE, samesite="Lax")
