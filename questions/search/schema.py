"""The full-text index each database keeps for itself, from the search_* columns of a question.

- SQLite: an FTS5 table over those columns (external content, porter stemming), kept in step
  by triggers on insert, update and delete, ranked with bm25().
- PostgreSQL: a stored generated `tsvector` column (title A, summary B, body C, `english`
  configuration) with a GIN index, ranked with ts_rank_cd().

Migration 0007 creates them. Django rebuilds a SQLite table to alter it, which drops its
triggers, so a post_migrate hook (questions/apps.py) runs `ensure_search_index` after every
migrate, test databases included: it puts back what is missing and then re-reads the table.
"""

from __future__ import annotations

from typing import Any

FTS_TABLE = "questions_search_fts"
VECTOR_COLUMN = "search_vector"
_COLUMNS = "search_a, search_b, search_c"

SQLITE_TABLE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5({_COLUMNS}, "
    "content='questions_question', content_rowid='id', tokenize='porter unicode61')"
)
SQLITE_TRIGGERS = {
    f"{FTS_TABLE}_insert": (
        f"CREATE TRIGGER {FTS_TABLE}_insert AFTER INSERT ON questions_question BEGIN "
        f"INSERT INTO {FTS_TABLE}(rowid, {_COLUMNS}) VALUES (new.id, new.search_a, new.search_b, new.search_c); END"
    ),
    f"{FTS_TABLE}_delete": (
        f"CREATE TRIGGER {FTS_TABLE}_delete AFTER DELETE ON questions_question BEGIN "
        f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {_COLUMNS}) "
        "VALUES ('delete', old.id, old.search_a, old.search_b, old.search_c); END"
    ),
    f"{FTS_TABLE}_update": (
        f"CREATE TRIGGER {FTS_TABLE}_update AFTER UPDATE OF {_COLUMNS} ON questions_question BEGIN "
        f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {_COLUMNS}) "
        "VALUES ('delete', old.id, old.search_a, old.search_b, old.search_c); "
        f"INSERT INTO {FTS_TABLE}(rowid, {_COLUMNS}) VALUES (new.id, new.search_a, new.search_b, new.search_c); END"
    ),
}
POSTGRES_COLUMN = (
    f"ALTER TABLE questions_question ADD COLUMN IF NOT EXISTS {VECTOR_COLUMN} tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('english', coalesce(search_a, '')), 'A') || "
    "setweight(to_tsvector('english', coalesce(search_b, '')), 'B') || "
    "setweight(to_tsvector('english', coalesce(search_c, '')), 'C')) STORED"
)
POSTGRES_INDEX = (
    f"CREATE INDEX IF NOT EXISTS questions_question_search_gin ON questions_question USING gin ({VECTOR_COLUMN})"
)


def ensure_search_index(connection: Any) -> bool:
    """Create whatever part of the index is missing; True when something was (re)built."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        if "questions_question" not in tables:
            return False
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            triggers = {row[0] for row in cursor.fetchall()}
            missing = [sql for name, sql in SQLITE_TRIGGERS.items() if name not in triggers]
            if FTS_TABLE in tables and not missing:
                return False
            cursor.execute(SQLITE_TABLE)
            for sql in missing:
                cursor.execute(sql)
            # Rows may have changed while a trigger was missing: read the table again.
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
            return True
        if connection.vendor == "postgresql":
            columns = {c.name for c in connection.introspection.get_table_description(cursor, "questions_question")}
            if VECTOR_COLUMN in columns:
                cursor.execute(POSTGRES_INDEX)
                return False
            cursor.execute(POSTGRES_COLUMN)
            cursor.execute(POSTGRES_INDEX)
            return True
    return False


def drop_search_index(connection: Any) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for name in SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
        elif connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE questions_question DROP COLUMN IF EXISTS {VECTOR_COLUMN}")
