"""Email goes through the background worker: queued with the change, sent by `db_worker`, and a
failure is logged and retried, never lost and never a 500 (accounts/mail.py)."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.mail import ATTEMPTS, deliver_email, queue_email
from curation.services import notify
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.jobs import run_queued_jobs


class UnreachableMailServer(BaseEmailBackend):
    """What an SMTP server that is down looks like to Django."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("the mail server is down")


def run_worker() -> None:
    run_queued_jobs()


def test_a_notification_email_is_queued_with_the_change_and_sent_by_the_worker(db):
    alice = UserFactory(email="alice@example.com")
    notify(alice, "Your question is published", "/questions/x/")
    assert mail.outbox == []
    assert DBTaskResult.objects.get().task_path == "accounts.mail.deliver_email"
    run_worker()
    assert mail.outbox[0].to == ["alice@example.com"] and "/questions/x/" in mail.outbox[0].body
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_a_rolled_back_change_sends_nothing(db):
    with pytest.raises(RuntimeError), transaction.atomic():
        queue_email(subject="Hello", body="Body", to=["a@example.com"])
        raise RuntimeError("the change failed")
    assert not DBTaskResult.objects.exists()


def test_a_failed_send_is_logged_and_tried_again_later(db, settings, caplog):
    settings.EMAIL_BACKEND = "tests.accounts.test_mail.UnreachableMailServer"
    queue_email(subject="Hello", body="Body", to=["a@example.com"])
    with caplog.at_level(logging.WARNING, logger="accounts.mail"):
        run_worker()
    failed, retry = DBTaskResult.objects.order_by("enqueued_at")
    assert failed.status == "FAILED" and failed.exception_class_path == "builtins.ConnectionRefusedError"
    assert "the mail server is down" in failed.traceback  # kept with the job's row
    assert retry.status == "READY" and retry.args_kwargs["kwargs"]["attempt"] == 2
    assert retry.run_after > timezone.now() + timedelta(seconds=30)
    assert "trying again" in caplog.text

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())  # the wait is over
    run_worker()
    assert mail.outbox[0].subject == "Hello"


def test_after_the_last_attempt_it_is_logged_as_an_error_and_kept(db, settings, caplog):
    settings.EMAIL_BACKEND = "tests.accounts.test_mail.UnreachableMailServer"
    deliver_email.enqueue(subject="Hello", body="Body", to=["a@example.com"], attempt=ATTEMPTS)
    with caplog.at_level(logging.ERROR, logger="accounts.mail"):
        run_worker()
    assert DBTaskResult.objects.get().status == "FAILED"
    assert "Gave up sending 'Hello'" in caplog.text


def test_a_page_whose_email_fails_still_answers(db, settings):
    settings.EMAIL_BACKEND = "tests.accounts.test_mail.UnreachableMailServer"
    staff = UserFactory(is_staff=True)
    response = client_for(staff).post("/api/v1/teams/", {"name": "Cohort"}, content_type="application/json")
    assert response.status_code == 201
    invite = client_for(staff).post(
        "/api/v1/teams/cohort/invitations/", {"email": "new@example.com"}, content_type="application/json"
    )
    assert invite.status_code == 201
    run_worker()  # the failure happens here, in the worker, not in the request
    assert DBTaskResult.objects.filter(status="FAILED").count() == 1
