"""practice.ages.ago says what Django's timesince says, without the translation lookups."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils.timesince import timesince

from practice.ages import ago

NOW = datetime(2026, 3, 31, 12, 30, tzinfo=UTC)
SPANS = [
    timedelta(0),
    timedelta(seconds=59),
    timedelta(minutes=1),
    timedelta(minutes=2, seconds=30),
    timedelta(hours=1),
    timedelta(hours=1, minutes=1),
    timedelta(days=1),
    timedelta(days=2, hours=23),
    timedelta(days=7),
    timedelta(days=8, hours=5),
    timedelta(days=29),
    timedelta(days=31),
    timedelta(days=45),
    timedelta(days=365),
    timedelta(days=366),
    timedelta(days=400, hours=3),
    timedelta(days=3000),
    -timedelta(hours=3),  # in the future: "0 minutes"
]


@pytest.mark.parametrize("span", SPANS, ids=str)
def test_the_words_are_timesinces(span):
    moment = NOW - span
    assert ago(moment, NOW) == timesince(moment, NOW)


def test_singular_plural_and_no_break_spaces():
    assert ago(NOW - timedelta(days=1, hours=2), NOW) == "1\xa0day, 2\xa0hours"
    assert ago(NOW - timedelta(days=14), NOW) == "2\xa0weeks"
    assert ago(NOW, NOW) == "0\xa0minutes"
