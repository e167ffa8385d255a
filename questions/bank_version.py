"""The bank's version (questions.models.BankVersion): a number that every change to a question,
category or tag moves.

What shows the bank alike to many people (the anonymous pages, the public API, the list page
with its facets) is cached under it (interviewprep/page_cache.py). The number lives in the
database, not in the cache, and moves inside the writer's transaction: every process, whether
its cache is its own memory or a shared Redis, sees the change exactly when the edit commits,
and a reader never caches old content under a new number.

Saves and deletes of the three models and changes to a question's tags or related questions
move it through these signals, whichever path made them: the admin, moderation, curator edits,
revert, the API, the bank import. A cache key is not business logic, so a signal is the right
place: no write path can forget it. QuestionQuerySet's bulk_create and update, which send no
signals, move it themselves.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from questions.models import BankVersion, Category, Question, Tag


def _moved(sender: Any, using: str = "default", raw: bool = False, action: str = "post_", **kwargs: Any) -> None:
    # loaddata writes rows as they are (raw); an m2m change is counted once, after it is made.
    if not raw and action.startswith("post_"):
        BankVersion.bump(using)


def connect_signals() -> None:
    for model in (Question, Category, Tag):
        post_save.connect(_moved, sender=model, dispatch_uid=f"bank_version.save.{model.__name__}")
        post_delete.connect(_moved, sender=model, dispatch_uid=f"bank_version.delete.{model.__name__}")
    for through in (Question.tags.through, Question.related.through):
        m2m_changed.connect(_moved, sender=through, dispatch_uid=f"bank_version.m2m.{through.__name__}")
