"""An answer typed by someone not yet signed in, kept in their session until they are.

Django keeps session data across login (it only changes the key), so the answer survives the
detour through the sign-in or sign-up page and reappears in the box.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

SESSION_KEY = "practice_drafts"
MAX_DRAFTS = 5


def keep_draft(request: HttpRequest, slug: str, *, answer_text: str, grade: str) -> None:
    drafts: dict[str, Any] = request.session.get(SESSION_KEY, {})
    drafts.pop(slug, None)
    drafts[slug] = {"answer_text": answer_text, "grade": grade}
    # Oldest first in insertion order; keep the session small.
    while len(drafts) > MAX_DRAFTS:
        drafts.pop(next(iter(drafts)))
    request.session[SESSION_KEY] = drafts


def pop_draft(request: HttpRequest, slug: str) -> dict[str, Any] | None:
    drafts: dict[str, Any] = request.session.get(SESSION_KEY, {})
    if slug not in drafts:
        return None
    draft = drafts.pop(slug)
    request.session[SESSION_KEY] = drafts
    return draft
