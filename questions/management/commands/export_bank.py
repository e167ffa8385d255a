from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from questions.bank import export_bank


class Command(BaseCommand):
    help = "Write every question and the category tree as bank files (docs/bank-format.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory")

    def handle(self, *args: Any, directory: str, **options: Any) -> None:
        count = export_bank(directory)
        self.stdout.write(self.style.SUCCESS(f"{count} questions written to {directory}"))
