"""The questions' history learns who made a change on every request that can make one
(questions/history_middleware.py)."""

from __future__ import annotations

import pytest
from simple_history.models import HistoricalRecords

from questions.history_middleware import HistoryForWritesMiddleware


def seen_by_history(rf, method: str) -> object:
    seen = {}

    def view(request):
        seen["request"] = getattr(HistoricalRecords.context, "request", None)
        return None

    request = getattr(rf, method.lower())("/")
    HistoryForWritesMiddleware(view)(request)
    assert getattr(HistoricalRecords.context, "request", None) is None  # taken back afterwards
    return seen["request"], request


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_a_write_is_seen_by_the_history(rf, method):
    seen, request = seen_by_history(rf, method)
    assert seen is request


@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS"])
def test_a_read_goes_straight_on(rf, method):
    seen, _ = seen_by_history(rf, method)
    assert seen is None
