"""Ranked full-text candidates from the database's own index (see schema.py).

Each function asks for the best `limit` matches of an OR of terms and nothing else: no join
with the filters, no page, no count. The caller fuses them with the vector scores and then
fetches the rows it shows by id, with the filters applied, so the database never ranks the
whole table against a filtered join.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection

from questions.search.schema import FTS_TABLE, VECTOR_COLUMN

# Column weights: title, then summary (short answer, key points, other phrasings), then body.
SQLITE_WEIGHTS = (10.0, 4.0, 1.0)
# ts_rank_cd's weights are given D, C, B, A.
POSTGRES_WEIGHTS = "{0.0, 0.05, 0.3, 1.0}"
MAX_TERMS = 16


def candidates(
    terms: Sequence[str], *, limit: int, prefix: str = "", rarity: Callable[[str], float] | None = None
) -> list[tuple[int, float]]:
    """(question id, score) for questions holding any of `terms` (or a word starting with
    `prefix`), best first. Terms are index words: letters and digits only (text.py).

    `rarity(term)` weighs each term on PostgreSQL, whose ts_rank_cd, unlike bm25, has no
    inverse document frequency of its own: without it "model" counts as much as "dropout"."""
    terms = [t for t in dict.fromkeys(terms) if t.isalnum()][:MAX_TERMS]
    prefix = prefix if prefix.isalnum() else ""
    if not terms and not prefix:
        return []
    if connection.vendor == "postgresql":
        return _postgres(terms, limit, prefix, rarity or (lambda term: 1.0))
    return _sqlite(terms, limit, prefix)


def _sqlite(terms: Sequence[str], limit: int, prefix: str) -> list[tuple[int, float]]:
    match = " OR ".join([f'"{t}"' for t in terms] + ([f'"{prefix}"*'] if prefix else []))
    weights = ", ".join(str(w) for w in SQLITE_WEIGHTS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, -bm25({FTS_TABLE}, {weights}) AS score FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH %s ORDER BY bm25({FTS_TABLE}, {weights}) LIMIT %s",
            [match, limit],
        )
        return [(int(pk), float(score)) for pk, score in cursor.fetchall()]


def _postgres(terms: Sequence[str], limit: int, prefix: str, rarity: Callable[[str], float]) -> list[tuple[int, float]]:
    # One tsquery per term, ranked separately and weighed by its rarity; matched as their OR,
    # which the GIN index answers. websearch_to_tsquery reads each plain word as typed;
    # to_tsquery gives the unfinished last word its prefix match.
    parts = [("websearch_to_tsquery('english', %s)", term, rarity(term)) for term in terms]
    if prefix:
        parts.append(("to_tsquery('english', %s)", f"{prefix}:*", 1.0))
    ranks = " + ".join(f"%s * ts_rank_cd(%s::float4[], q.{VECTOR_COLUMN}, {sql})" for sql, _, _ in parts)
    any_of = " || ".join(sql for sql, _, _ in parts)
    params: list[Any] = []
    for _, text, weight in parts:
        params += [weight, POSTGRES_WEIGHTS, text]
    params += [text for _, text, _ in parts]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT q.id, {ranks} AS score FROM questions_question q "
            f"WHERE q.{VECTOR_COLUMN} @@ ({any_of}) ORDER BY score DESC, q.id LIMIT %s",
            [*params, limit],
        )
        return [(int(pk), float(score)) for pk, score in cursor.fetchall()]
