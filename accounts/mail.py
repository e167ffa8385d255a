"""Email goes out through a background job (django-tasks, `manage.py db_worker`), never from
the request: a slow or failing mail server costs the page nothing and is never a 500.

queue_email() adds the job inside the caller's transaction, so it exists exactly when what it
tells about was committed, and not otherwise. A job that fails is logged with its traceback
(its row stays FAILED in the database, with the error) and tried again later, up to ATTEMPTS
times in all, each wait doubling; the last failure is logged as an error and kept.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.core.mail import send_mail
from django.utils import timezone
from django_tasks import default_task_backend, task

ATTEMPTS = 5
FIRST_WAIT = timedelta(minutes=1)

logger = logging.getLogger(__name__)


def queue_email(*, subject: str, body: str, to: list[str]) -> None:
    """Send this email from the worker."""
    deliver_email.enqueue(subject=subject, body=body, to=to, attempt=1)


@task()
def deliver_email(*, subject: str, body: str, to: list[str], attempt: int) -> None:
    try:
        send_mail(subject, body, None, to)
    except Exception:
        if attempt >= ATTEMPTS:
            logger.error("Gave up sending %r to %s after %d attempts", subject, ", ".join(to), attempt, exc_info=True)
            raise
        wait = FIRST_WAIT * 2 ** (attempt - 1)
        logger.warning("Sending %r failed (attempt %d of %d); trying again in %s", subject, attempt, ATTEMPTS, wait)
        later = deliver_email
        if default_task_backend.supports_defer:
            later = deliver_email.using(run_after=timezone.now() + wait)
        later.enqueue(subject=subject, body=body, to=to, attempt=attempt + 1)
        raise
