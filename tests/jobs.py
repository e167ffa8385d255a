"""Run the background jobs a test queued, as `manage.py db_worker --batch` would.

The worker closes "old" database connections around each job (close_old_connections). Inside a
test's transaction Django counts the test's own connection as obsolete (its autocommit is off),
so on PostgreSQL the worker would close it and the test could not read what the job wrote. Here
that call does nothing while the worker runs; everything else is the real worker.
"""

from __future__ import annotations

from unittest import mock

from django.core.management import call_command


def run_queued_jobs() -> None:
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
