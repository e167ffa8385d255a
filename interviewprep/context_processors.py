from typing import Any

from django.conf import settings
from django.http import HttpRequest

from interviewprep.theme import theme_of


def site(request: HttpRequest) -> dict[str, Any]:
    # The theme comes from a cookie, so the page is drawn in it from the first paint.
    return {"SITE_NAME": settings.SITE_NAME, "theme": theme_of(request)}
