"""Enqueue today's reminder emails: run it every hour (cron, or the scheduler of your host).

Each person's reminder goes as its own background job (django-tasks), which `manage.py
db_worker` runs; running this command twice in an hour sends nobody a second email.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from interviewprep.reminders import enqueue_reminders


class Command(BaseCommand):
    help = "Enqueue a reminder email job for everyone whose daily or weekly reminder is due in their own day."

    def handle(self, *args: Any, **options: Any) -> None:
        count = enqueue_reminders(now=timezone.now())
        self.stdout.write(f"{count} reminder job{'s' if count != 1 else ''} enqueued")
