"""A column matched against a long list of ids, sent as one parameter instead of one per id.

`filter(user_id__in=ids)` over a 200-member team writes 200 placeholders: Django prepares each
value, and with server-side binding psycopg splits the long statement on every execution (it
keeps the split of statements up to 4 KB only). `filter(OneOf("user_id", ids))` sends the list
whole: `= ANY(%s)` with an array on PostgreSQL, `IN (SELECT value FROM json_each(%s))` with a
JSON array on SQLite, and the plain IN list elsewhere. Either database still looks each id up in
the column's index.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import BooleanField, Expression, F


class OneOf(Expression):
    conditional = True
    output_field = BooleanField()

    def __init__(self, column: str, ids: Iterable[int]) -> None:
        super().__init__()
        self.column: Any = F(column)
        self.ids = sorted({int(i) for i in ids})

    @staticmethod
    def parameter(connection: Any, ids: Iterable[int]) -> Any:
        """The one parameter the list goes in as: an array on PostgreSQL, JSON text on SQLite."""
        ordered = sorted({int(i) for i in ids})
        return json.dumps(ordered) if connection.vendor == "sqlite" else ordered

    def get_source_expressions(self) -> list[Any]:
        return [self.column]

    def set_source_expressions(self, expressions: Sequence[Any]) -> None:
        (self.column,) = expressions

    def as_sql(self, compiler: Any, connection: Any, **extra_context: Any) -> tuple[str, list[Any]]:
        column, params = compiler.compile(self.column)
        if not self.ids:
            return "1 = 0", []
        return f"{column} IN ({', '.join(['%s'] * len(self.ids))})", [*params, *self.ids]

    def as_postgresql(self, compiler: Any, connection: Any, **extra_context: Any) -> tuple[str, list[Any]]:
        column, params = compiler.compile(self.column)
        return f"{column} = ANY(%s::bigint[])", [*params, self.parameter(connection, self.ids)]

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> tuple[str, list[Any]]:
        column, params = compiler.compile(self.column)
        return f"{column} IN (SELECT value FROM json_each(%s))", [*params, self.parameter(connection, self.ids)]
