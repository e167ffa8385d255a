"""A query the ORM builds and compiles once per process and database, then runs with each call's
own values in the places the ORM put its parameters.

Building a QuerySet with a few annotations and compiling it costs milliseconds, more than the
database takes to answer many of them. `Compiled(build, markers, derived)` calls `build` once with
marker values no real call has (an instant in 1901, negative ids), finds each marker among the
compiled parameters and from then on only fills them in: `rows(**values)` gives what
`list(build(**values))` gives for a values_list query, through the converters the ORM would apply
to each column (SQLite's dates are text). `derived` names the parameters the query computes from
its arguments (`now - 7 days`): each is a function of the arguments, run on the markers once and on
the values each time. A list of ids goes in through OneOf, which sends it as one parameter; other
databases write one placeholder per id, so there the query is built each time.

A build with a parameter made from a marker that `derived` does not name is refused at its first
call, so a change to the query cannot leave a value of the first call's in the SQL for good.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import DateTimeField, QuerySet

from accounts.id_lists import OneOf

MARK_TIME = datetime(1901, 2, 3, 4, 5, 6, 789, tzinfo=UTC)
MARK_ID = -7_310_001
MARK_IDS = (-7_310_003, -7_310_002)
MARK_OTHER_IDS = (-7_310_006, -7_310_005)  # for a query with two lists
MARK_DIGITS = "-73100"  # how every marker id begins

_DATETIME: DateTimeField[datetime, datetime] = DateTimeField()


def _parameter(value: Any, connection: Any) -> Any:
    """`value` as the ORM passes it to the database."""
    if isinstance(value, datetime):
        return _DATETIME.get_db_prep_value(value, connection)
    if isinstance(value, list | tuple):
        return OneOf.parameter(connection, value)
    return value


def _marked(param: Any) -> bool:
    """Whether `param` could come from a marker: an instant of 1901 or before (as a time, text or
    a number of microseconds), or one of the marker ids."""
    if isinstance(param, datetime):
        return param.year <= MARK_TIME.year
    if isinstance(param, str):  # SQLite's text of an instant, or OneOf's JSON list of ids
        instant = re.match(r"(\d{4})-\d\d-\d\d", param)
        return bool(instant and int(instant.group(1)) <= MARK_TIME.year) or MARK_DIGITS in param
    if isinstance(param, list | tuple):
        return any(_marked(item) for item in param)
    # An id near the markers', or microseconds since 1970 of an instant in 1901 or before.
    return isinstance(param, int) and (MARK_IDS[0] - 1000 <= param <= MARK_ID + 1000 or param < -2_100_000_000_000_000)


class Compiled:
    def __init__(
        self,
        build: Callable[..., QuerySet[Any, Any]],
        markers: Mapping[str, Any],
        derived: Mapping[str, Callable[[Mapping[str, Any]], Any]] | None = None,
    ) -> None:
        self.build = build
        self.markers = dict(markers)
        self.derived = dict(derived or {})
        self._by_alias: dict[str, tuple[str, tuple[tuple[str, Any], ...], dict[int, Any]]] = {}

    def _values(self, values: Mapping[str, Any]) -> dict[str, Any]:
        return {**values, **{name: derive(values) for name, derive in self.derived.items()}}

    def _compile(self, alias: str) -> tuple[str, tuple[tuple[str, Any], ...], dict[int, Any]]:
        connection = connections[alias]
        compiler = self.build(**self.markers).query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        marked = {name: _parameter(value, connection) for name, value in self._values(self.markers).items()}
        if len({repr(value) for value in marked.values()}) != len(marked):
            raise AssertionError(f"two markers are the same parameter: {marked!r}")
        slots: list[tuple[str, Any]] = []
        for param in params:
            names = [name for name, value in marked.items() if value == param]
            slots.append(("value", names[0]) if names else ("constant", param))
        # A value may stand in several places (now, in each condition on it); each is filled. One
        # made from a marker but not named in `derived` would be the first call's for good.
        if any(kind == "constant" and _marked(item) for kind, item in slots):
            raise AssertionError(f"a parameter comes from a marker that `derived` does not name: {params!r}")
        converters = compiler.get_converters([column for column, _, _ in compiler.select])
        return sql, tuple(slots), converters

    def rows(self, using: str = DEFAULT_DB_ALIAS, **values: Any) -> list[tuple[Any, ...]]:
        connection = connections[using]
        if connection.vendor not in ("postgresql", "sqlite"):
            return list(self.build(**values).using(using))
        if using not in self._by_alias:
            self._by_alias[using] = self._compile(using)
        sql, slots, converters = self._by_alias[using]
        given = {name: _parameter(value, connection) for name, value in self._values(values).items()}
        with connection.cursor() as cursor:
            cursor.execute(sql, [given[item] if kind == "value" else item for kind, item in slots])
            rows = cursor.fetchall()
        if not converters:
            return [tuple(row) for row in rows]
        out = []
        for row in rows:
            converted = list(row)
            for position, (functions, expression) in converters.items():
                for convert in functions:
                    converted[position] = convert(converted[position], expression, connection)
            out.append(tuple(converted))
        return out
