"""A person's page version (accounts.User.page_version): a number that every write to their own
rows moves.

A signed-in person's home, question list, review queue and progress are cached under it
(interviewprep/page_cache.py). Like the bank's version (questions/bank_version.py) it lives in
the database and moves inside the writer's transaction, so every process sees the change when
the write commits, and it costs nothing to read: the user row is loaded for every signed-in
request anyway.

Saves and deletes of every model with a foreign key to the user (but sessions, NOT_SHOWN) move
the version of the users they point at, whatever wrote them; the signals are connected to every
such model when the apps are ready, so a new model cannot be forgotten. Changes that reach a
person through something else (a team's plan: teams/apps.py) and bulk writes, which send no
signals, call `bump` themselves.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save


def bump(user_ids: Iterable[int | None], using: str = "default") -> None:
    """Move the page version of these users, inside the caller's transaction when there is one."""
    from accounts.models import User

    ids = {pk for pk in user_ids if pk is not None}
    if ids:
        User.objects.using(using).filter(pk__in=ids).update(page_version=models.F("page_version") + 1)


@cache  # per model, once: the signals ask on every write
def _user_fields(model: type[models.Model]) -> tuple[str, ...]:
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    return tuple(
        field.attname
        for field in model._meta.concrete_fields
        if isinstance(field, models.ForeignKey) and field.related_model is user_model
    )


def _written(
    sender: type[models.Model], instance: models.Model, using: str = "default", raw: bool = False, **kwargs: Any
) -> None:
    if raw:
        return  # loaddata writes rows as they are
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    origin = kwargs.get("origin")
    if isinstance(origin, user_model) or getattr(origin, "model", None) is user_model:
        return  # rows going with a deleted account: its pages go too
    if isinstance(instance, user_model):
        # The person's own settings (time zone, day start, name); not signing in, which only
        # writes last_login, shown on no cached page.
        if kwargs.get("signal") is post_save and kwargs.get("update_fields") != frozenset({"last_login"}):
            bump([instance.pk], using)
        return
    bump((getattr(instance, name) for name in _user_fields(sender)), using)


def _m2m_written(
    sender: Any, instance: models.Model, action: str, using: str = "default", model: Any = None, **kwargs: Any
) -> None:
    if not action.startswith("post_"):
        return
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    if isinstance(instance, user_model):
        bump([instance.pk], using)  # user.groups.add(...)
    elif model is user_model:
        bump(kwargs.get("pk_set") or (), using)  # group.user_set.add(...)
    else:
        _written(type(instance), instance, using)


# Rows with a user that no cached page shows. A session is saved on many requests (a message, a
# draft answer): moving the version each time would only empty the person's cache.
NOT_SHOWN = {"accounts.Session"}


def connect_signals() -> None:
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    for model in apps.get_models():
        if model._meta.label in NOT_SHOWN:
            continue
        if model is user_model or _user_fields(model):
            uid = f"page_version.{model._meta.label}"
            post_save.connect(_written, sender=model, dispatch_uid=f"{uid}.save")
            post_delete.connect(_written, sender=model, dispatch_uid=f"{uid}.delete")
            for field in model._meta.local_many_to_many:
                m2m_changed.connect(
                    _m2m_written, sender=field.remote_field.through, dispatch_uid=f"{uid}.m2m.{field.name}"
                )
