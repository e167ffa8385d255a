"""`make run`'s embedded SQLite holds a small team's load: no "database is locked"."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.sqlite_load import ROUNDS, STEPS, USERS

ROOT = Path(__file__).resolve().parent.parent


def test_the_embedded_database_waits_for_locks_instead_of_failing():
    if connection.vendor != "sqlite":
        pytest.skip("settings of the embedded SQLite database")
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 20
    assert "journal_mode=WAL" in options["init_command"] and "synchronous=NORMAL" in options["init_command"]


@pytest.mark.django_db(transaction=True)
def test_ten_people_start_and_grade_mock_interviews_at_once_on_a_file_database(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the embedded SQLite database; the SQLite run covers it")
    # The test database lives in memory, where locking differs; a file with its schema stands
    # in for db.sqlite3 (a copy is much quicker than migrating a new one).
    path = tmp_path / "db.sqlite3"
    with connection.cursor() as cursor:
        cursor.execute("VACUUM INTO %s", [str(path)])
    # A fresh interpreter builds the database settings as `make run` does.
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DB_CONN_MAX_AGE"}}
    out = subprocess.run(
        [sys.executable, "-m", "tests.sqlite_load", str(path)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    wanted = USERS * ROUNDS
    assert ", ".join(f"{step} {wanted}/{wanted}" for step in STEPS) in out.stdout, out.stdout + out.stderr[-3000:]
    assert out.returncode == 0
