from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


def _ensure_search_index(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    # Schema upkeep, not business logic: a SQLite table rebuilt by a later migration loses the
    # triggers that keep the full-text index in step (see questions/search/schema.py).
    from questions.search.schema import ensure_search_index

    ensure_search_index(connections[using])


class QuestionsConfig(AppConfig):
    name = "questions"
    verbose_name = "Question bank"

    def ready(self) -> None:
        post_migrate.connect(_ensure_search_index, sender=self, dispatch_uid="questions.search_index")
        from questions.bank_version import connect_signals  # models are ready only now

        connect_signals()
