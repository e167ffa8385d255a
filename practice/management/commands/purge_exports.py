"""Delete the exports past their expiry (files and all) and mark failed those whose job was lost:
run it every hour (the compose file's `hourly` service does)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from practice.export_jobs import purge_exports


class Command(BaseCommand):
    help = "Delete expired exports and mark failed those whose background job never finished."

    def handle(self, *args: Any, **options: Any) -> None:
        purged = purge_exports(now=timezone.now())
        self.stdout.write(
            f"{purged.deleted} expired export{'s' if purged.deleted != 1 else ''} deleted, "
            f"{purged.lost} lost one{'s' if purged.lost != 1 else ''} marked failed"
        )
