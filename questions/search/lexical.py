"""Ranked full-text candidates from the database's own index (see schema.py).

Each function asks for the best `limit` matches of an OR of terms and nothing else: no join
with the filters, no page, no count. The caller fuses them with the vector scores and then
fetches the rows it shows by id, with the filters applied, so the database never ranks the
whole table against a filtered join.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection

from questions.search.schema import FTS_TABLE, VECTOR_COLUMN

# Column weights: title, then summary (short answer, key points, other phrasings), then body.
SQLITE_WEIGHTS = (10.0, 4.0, 1.0)
# ts_rank_cd's weights are given D, C, B, A.
POSTGRES_WEIGHTS = "{0.0, 0.1, 0.4, 1.0}"


def candidates(terms: Sequence[str], *, limit: int, prefix: str = "") -> list[tuple[int, float]]:
    """(question id, score) for questions holding any of `terms` (or a word starting with
    `prefix`), best first. Terms are index words: letters and digits only (text.py)."""
    terms = [t for t in dict.fromkeys(terms) if t.isalnum()]
    prefix = prefix if prefix.isalnum() else ""
    if not terms and not prefix:
        return []
    if connection.vendor == "postgresql":
        return _postgres(terms, limit, prefix)
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


def _postgres(terms: Sequence[str], limit: int, prefix: str) -> list[tuple[int, float]]:
    if prefix:
        # websearch syntax has no prefix match; to_tsquery does, and the terms are plain words.
        query_sql = "to_tsquery('english', %s)"
        text = " | ".join([*terms, f"{prefix}:*"])
    else:
        query_sql = "websearch_to_tsquery('english', %s)"
        text = " or ".join(terms)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT q.id, ts_rank_cd(%s::float4[], q.{VECTOR_COLUMN}, query) AS score "
            f"FROM questions_question q, {query_sql} query "
            f"WHERE q.{VECTOR_COLUMN} @@ query ORDER BY score DESC, q.id LIMIT %s",
            [POSTGRES_WEIGHTS, text, limit],
        )
        return [(int(pk), float(score)) for pk, score in cursor.fetchall()]
