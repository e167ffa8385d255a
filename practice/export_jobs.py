"""Every download a person can ask for (an Anki deck, their attempts, all their data, a team's
dashboard) goes through one decision, prepare_export: a small one is built in the request, as
it always was; a larger one becomes an Export row and a background job (django-tasks), which
builds the file, keeps it in the database for settings.EXPORT_KEEP_DAYS and tells its owner in
the Inbox and by email. The API's POST /api/v1/exports/ always queues (queue_export).

Each kind of export is an ExportKind in EXPORT_KINDS. practice registers its own (the deck and
the attempts, practice/exports.py); teams and interviewprep register theirs when they load
(their AppConfig.ready), so practice never imports them.

The job fails as the mail job does (accounts/mail.py): a build that raises is logged and its
task row kept FAILED with the traceback, then tried again later, up to ATTEMPTS times in all,
each wait doubling; after the last it is logged as an error and the export is marked failed
with a message its owner can read. The person who asked is never answered with a 500: their
request only queued it. A job that never reports back (a worker killed mid-build) is marked
failed by purge_exports after LOST_AFTER, so nothing stays "being prepared" for ever.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django_tasks import default_task_backend, task

from accounts.mail import queue_email
from accounts.models import Notification, User
from practice.models import Export

ATTEMPTS = 5
FIRST_WAIT = timedelta(minutes=1)
# Queued or running this long, it is taken for lost (its worker died) and marked failed.
LOST_AFTER = timedelta(hours=6)
# At most this many of one person's exports waiting for the worker at once, and this many kept
# in all (the oldest finished ones make room): the files live in the database.
PENDING_MAX = 3
KEPT_MAX = 20

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ExportFile:
    data: bytes
    filename: str
    content_type: str


class ExportRefused(Exception):
    """The export cannot be made as asked: `errors` holds the messages by parameter name."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(f"{name}: {' '.join(messages)}" for name, messages in errors.items()))
        self.errors = errors


class UnknownKind(ExportRefused):
    def __init__(self, kind: str) -> None:
        expected = ", ".join(sorted(EXPORT_KINDS))
        super().__init__({"kind": [f"Not a kind of export: “{kind}”. Expected one of {expected}."]})


class TooManyPending(Exception):
    """The person already has PENDING_MAX exports waiting for the worker."""


class SignInNeeded(Exception):
    """A visitor asked for an export too large to build in the request: only an account can have one prepared."""


class ExportKind:
    """One kind of file. A subclass names itself, its parameters and its size limit, and says how
    to check the parameters, how big the file will be and how to build it."""

    name: ClassVar[str]
    label: ClassVar[str]  # "Anki deck", as in "Your Anki deck is being prepared"
    parameter_names: ClassVar[tuple[str, ...]] = ()
    parameters_help: ClassVar[str] = "none"  # for the API's documentation

    def inline_limit(self) -> int:
        """The largest size() still built in the request."""
        raise NotImplementedError

    def clean(self, user: User | AnonymousUser, raw: Mapping[str, Any]) -> dict[str, Any]:
        """The parameters as stored and passed to the other methods; ExportRefused when they are wrong.
        Only names in parameter_names reach it."""
        return {}

    def size(self, user: User | AnonymousUser, parameters: dict[str, Any]) -> int:
        raise NotImplementedError

    def title(self, user: User | AnonymousUser, parameters: dict[str, Any]) -> str:
        raise NotImplementedError

    def build(self, user: User | AnonymousUser, parameters: dict[str, Any], now: datetime) -> ExportFile:
        raise NotImplementedError

    def may_have(self, user: User, parameters: dict[str, Any]) -> bool:
        """Whether `user` may still build and download this export (a team's, only while they coach it)."""
        return True


EXPORT_KINDS: dict[str, ExportKind] = {}


def register_export_kind(kind: ExportKind) -> None:
    EXPORT_KINDS[kind.name] = kind


def export_kind(name: str) -> ExportKind:
    if name not in EXPORT_KINDS:
        raise UnknownKind(name)
    return EXPORT_KINDS[name]


def clean_parameters(kind: ExportKind, user: User | AnonymousUser, raw: Mapping[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(raw) - set(kind.parameter_names))
    if unknown:
        expected = ", ".join(kind.parameter_names) or "none"
        message = f"Not a parameter of “{kind.name}” exports (they take {expected})."
        raise ExportRefused({name: [message] for name in unknown})
    return kind.clean(user, raw)


# Deciding --------------------------------------------------------------------------------


def prepare_export(
    *, user: User | AnonymousUser, kind: str, parameters: Mapping[str, Any], now: datetime
) -> ExportFile | Export:
    """The file itself when it is small enough to build now (its kind's inline_limit), else the
    queued Export. ExportRefused for wrong parameters; SignInNeeded for a visitor's large one;
    TooManyPending as queue_export."""
    spec = export_kind(kind)
    cleaned = clean_parameters(spec, user, parameters)
    if spec.size(user, cleaned) <= spec.inline_limit():
        return spec.build(user, cleaned, now)
    if not isinstance(user, User):
        raise SignInNeeded(f"Sign in to download a {spec.label} this large: it is prepared for you in the background.")
    return _queue(user=user, spec=spec, parameters=cleaned, now=now)


def build_now(*, user: User | AnonymousUser, kind: str, parameters: Mapping[str, Any], now: datetime) -> ExportFile:
    """The file, built in the request whatever its size: for the API's original download
    endpoints, whose callers expect the file in the answer."""
    spec = export_kind(kind)
    return spec.build(user, clean_parameters(spec, user, parameters), now)


def queue_export(*, user: User, kind: str, parameters: Mapping[str, Any], now: datetime) -> Export:
    """Have the worker prepare this export, whatever its size (the API's POST /api/v1/exports/)."""
    spec = export_kind(kind)
    return _queue(user=user, spec=spec, parameters=clean_parameters(spec, user, parameters), now=now)


@transaction.atomic
def _queue(*, user: User, spec: ExportKind, parameters: dict[str, Any], now: datetime) -> Export:
    """The Export and its job, in one transaction: the job exists exactly when the row does.
    Asking again for one already waiting gives that one. The person's row is locked while their
    waiting exports are counted, so requests arriving together cannot all pass the cap."""
    User.objects.select_for_update().filter(pk=user.pk).first()
    pending = list(Export.objects.filter(owner=user).pending().defer("data"))
    for export in pending:
        if export.kind == spec.name and export.parameters == parameters:
            return export
    if len(pending) >= PENDING_MAX:
        raise TooManyPending(
            f"You already have {len(pending)} exports being prepared; ask again once one of them is ready."
        )
    export = Export.objects.create(
        owner=user,
        kind=spec.name,
        parameters=parameters,
        title=spec.title(user, parameters)[:200],
        created_at=now,
        expires_at=now + timedelta(days=settings.EXPORT_KEEP_DAYS),
    )
    build_export_job.enqueue(export.pk, attempt=1)
    kept = Export.objects.filter(owner=user).order_by("-created_at", "-id").values_list("pk", flat=True)[:KEPT_MAX]
    Export.objects.filter(owner=user).exclude(pk__in=list(kept)).exclude(
        status__in=[Export.Status.QUEUED, Export.Status.RUNNING]
    ).delete()
    return export


# Reading ---------------------------------------------------------------------------------


def get_export_for_owner(user: User | AnonymousUser, pk: int, *, with_file: bool = False) -> Export:
    """`user`'s export `pk`; 404 for anyone else. With the file (to download it), a 404 too for
    the owner of a team's export who no longer coaches the team; they may still delete it."""
    rows = Export.objects.filter(pk=pk, owner_id=user.pk) if user.is_authenticated else Export.objects.none()
    export = (rows if with_file else rows.defer("data")).select_related("owner").first()
    if export is None:
        raise Http404("No such export of yours")
    spec = EXPORT_KINDS.get(export.kind)
    if with_file and spec is not None and not spec.may_have(export.owner, export.parameters):
        raise Http404("No such export of yours")
    return export


def delete_export(*, export: Export) -> None:
    """Its owner no longer wants it; a job still to run finds nothing and stops."""
    export.delete()


# Building (the job) ----------------------------------------------------------------------


@task()
def build_export_job(export_id: int, attempt: int) -> str:
    """The background job _queue enqueues (run by `manage.py db_worker`)."""
    export = Export.objects.select_related("owner").defer("data").filter(pk=export_id).first()
    if export is None:  # deleted by its owner, or with their account, meanwhile
        return "gone"
    if export.status == Export.Status.READY:
        return export.status
    return run_export(export=export, attempt=attempt, now=timezone.now()).status


def run_export(*, export: Export, attempt: int, now: datetime) -> Export:
    """Build the export's file and keep it; on a failure, try again later or, after ATTEMPTS, give up."""
    Export.objects.filter(pk=export.pk).update(status=Export.Status.RUNNING, tries=attempt)
    spec = EXPORT_KINDS.get(export.kind)
    try:
        if spec is None:
            raise ExportRefused({"kind": ["This kind of export is no longer offered."]})
        if not spec.may_have(export.owner, export.parameters):
            raise ExportRefused({"parameters": ["You may no longer have this export."]})
        built = spec.build(export.owner, export.parameters, now)
    except ExportRefused as exc:
        # Nothing a retry would change: say why and stop.
        return _fail(export, f"It cannot be prepared any more: {exc}", now=now)
    except Exception:
        if attempt >= ATTEMPTS:
            logger.error("Gave up preparing export %s (%s) after %d attempts", export.pk, export.kind, attempt,
                         exc_info=True)  # fmt: skip
            _fail(export, f"Preparing it failed {attempt} times; the error is logged for the site's admins.", now=now)
            raise
        wait = FIRST_WAIT * 2 ** (attempt - 1)
        logger.warning("Preparing export %s (%s) failed (attempt %d of %d); trying again in %s",
                       export.pk, export.kind, attempt, ATTEMPTS, wait, exc_info=True)  # fmt: skip
        with transaction.atomic():
            Export.objects.filter(pk=export.pk).update(status=Export.Status.QUEUED)
            later = build_export_job
            if default_task_backend.supports_defer:
                later = build_export_job.using(run_after=timezone.now() + wait)
            later.enqueue(export.pk, attempt=attempt + 1)
        raise
    ready = {
        "status": Export.Status.READY,
        "data": built.data,
        "size": len(built.data),
        "filename": built.filename,
        "content_type": built.content_type,
        "finished_at": now,
        "expires_at": now + timedelta(days=settings.EXPORT_KEEP_DAYS),
        "error": "",
    }
    text = f"Your {export_label(export)} “{export.title}” is ready to download for {settings.EXPORT_KEEP_DAYS} days."
    return _finish(export, ready, text)


def _fail(export: Export, message: str, *, now: datetime) -> Export:
    failed = {"status": Export.Status.FAILED, "error": message[:300], "finished_at": now, "data": None}
    return _finish(export, failed, f"Your {export_label(export)} “{export.title}” could not be prepared. {message}")


def _finish(export: Export, fields: dict[str, Any], text: str) -> Export:
    """Write the outcome and tell the owner, unless the export was deleted while it was built (an
    update, not save(): save() would insert the deleted row again)."""
    with transaction.atomic():
        if Export.objects.filter(pk=export.pk).update(**fields):
            for name, value in fields.items():
                setattr(export, name, value)
            _tell_owner(export, text)
    return export


def export_label(export: Export) -> str:
    spec = EXPORT_KINDS.get(export.kind)
    return spec.label if spec else "export"


def _tell_owner(export: Export, text: str) -> None:
    """In the Inbox, and by email from the worker: someone who asked for a large file may have left the site."""
    url = reverse("practice:exports")
    Notification.objects.create(user=export.owner, text=text[:500], url=url)
    queue_email(
        subject=f"[{settings.SITE_NAME}] {text[:120]}",
        body=f"{text}\n\nYour exports: {settings.SITE_URL}{url}",
        to=[export.owner.email],
    )


# Clearing out (hourly) -------------------------------------------------------------------


@dataclass(frozen=True)
class Purged:
    deleted: int  # expired, files and all
    lost: int  # waiting since before LOST_AFTER, now marked failed


def purge_exports(*, now: datetime) -> Purged:
    """Delete the exports past their expiry; mark failed those whose job was lost."""
    deleted, _ = Export.objects.expired(now).delete()
    lost = (
        Export.objects.pending()
        .filter(created_at__lt=now - LOST_AFTER)
        .update(
            status=Export.Status.FAILED,
            finished_at=now,
            error="The job preparing it never finished (the worker may have stopped). Ask for it again.",
        )
    )
    return Purged(deleted=deleted, lost=lost)
