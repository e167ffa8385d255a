"""Who made a change, for the questions' history (django-simple-history), on the requests that
can make one.

simple_history's HistoryRequestMiddleware puts each request where a historical record can find
its user. Reads change no question, and setting the request aside and taking it back (a
context-local variable) was one of the larger costs of a page served from the cache
(interviewprep/page_cache.py). So GET, HEAD and OPTIONS go straight on; every other method goes
through simple_history's own middleware.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from simple_history.middleware import HistoryRequestMiddleware

READS = frozenset({"GET", "HEAD", "OPTIONS"})


def HistoryForWritesMiddleware(  # noqa: N802  # a middleware factory, named as Django's are
    get_response: Callable[[HttpRequest], HttpResponseBase],
) -> Callable[[HttpRequest], HttpResponseBase]:
    with_history = HistoryRequestMiddleware(get_response)

    def middleware(request: HttpRequest) -> HttpResponseBase:
        if request.method in READS:
            return get_response(request)
        return with_history(request)

    return middleware
