"""How long ago, in the words of Django's timesince, for lists of many rows.

timesince looks up each unit's words through the translation machinery (a lazy plural, a
catalogue lookup), a few microseconds a unit: over the team dashboard's 200 rows, more than its
roster query. The site is written in English only, and the lists built in Python spell their
other words in English too, so here the units are plain words: the same text, made directly
(tests/practice/test_ages.py holds it to timesince's).
"""

from __future__ import annotations

from datetime import datetime

from django.utils.timesince import TIME_STRINGS_KEYS, timesince


class Unit:
    """What timesince's `time_strings` hold: `unit % {"num": n}` is "n unit(s)"."""

    def __init__(self, name: str) -> None:
        self.one, self.many = name, name + "s"

    def __mod__(self, values: dict[str, int]) -> str:
        count = values["num"]
        return f"{count} {self.one if count == 1 else self.many}"


UNITS = {name: Unit(name) for name in TIME_STRINGS_KEYS}


def ago(moment: datetime, now: datetime) -> str:
    """timesince(moment, now): "3 days, 4 hours", with no-break spaces inside each part."""
    return timesince(moment, now, time_strings=UNITS)  # type: ignore[arg-type]  # duck-typed like ngettext_lazy
