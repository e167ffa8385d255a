from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import User
from questions.bank import import_bank
from questions.foreign import IMPORTED_CATEGORY


class Command(BaseCommand):
    help = (
        "Load question bank files and folders (docs/bank-format.md) in one transaction; CSV, TSV and "
        "Markdown question lists are read as drafts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", help="files or folders, e.g. bank/")
        parser.add_argument("--dry-run", action="store_true", help="check and count, change nothing")
        parser.add_argument(
            "--category",
            default=IMPORTED_CATEGORY,
            help=f"category for drafts read from CSV, TSV and Markdown lists (default: {IMPORTED_CATEGORY})",
        )
        parser.add_argument(
            "--user", metavar="EMAIL", help="who the revisions name; without it, they name this command"
        )

    def handle(
        self, *args: Any, paths: list[str], dry_run: bool, category: str, user: str | None, **options: Any
    ) -> None:
        actor = None
        if user:
            actor = User.objects.filter(email__iexact=user).first()
            if actor is None:
                raise CommandError(f"No user with the email {user}; nothing was imported")
        report = import_bank(paths, dry_run=dry_run, drafts_category=category, user=actor)
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{len(report.problems)} problem(s); nothing was imported")
        prefix = "dry run, nothing written: " if dry_run else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"{prefix}{report.created} created, {report.updated} updated, {report.unchanged} unchanged"
                f" ({report.categories} categories created or changed)"
            )
        )
