"""Queue an FSRS fit for everyone whose review log asks for one: run it daily or hourly.

A person is fitted on their own once they have enough reviews (practice.fitting.MIN_REVIEWS),
and again whenever their log has grown by a fifth since the last fit; `manage.py db_worker`
runs the jobs. Anyone can also ask for a fit from their study settings.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from practice.personal_fsrs import enqueue_due_fits


class Command(BaseCommand):
    help = "Enqueue an FSRS fitting job for everyone with enough new reviews since their last fit."

    def handle(self, *args: Any, **options: Any) -> None:
        count = enqueue_due_fits(now=timezone.now())
        self.stdout.write(f"{count} fitting job{'s' if count != 1 else ''} enqueued")
