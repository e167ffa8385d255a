from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db.models import Count, Q

from questions.models import Category, Question

LEVELS = Question.Difficulty.values


class Command(BaseCommand):
    help = "Print how many questions each category holds, by difficulty (published only unless --all)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--all", action="store_true", help="count drafts and archived questions too")

    def handle(self, *args: Any, all: bool, **options: Any) -> None:
        questions = Question.objects.all() if all else Question.objects.published()
        counts = {
            row["category_id"]: row
            for row in questions.order_by()
            .values("category_id")
            .annotate(
                total=Count("id"),
                common=Count("id", filter=Q(commonly_asked=True)),
                **{level: Count("id", filter=Q(difficulty=level)) for level in LEVELS},
            )
        }
        categories = list(Category.objects.order_by("position", "name"))
        children: dict[int | None, list[Category]] = {}
        for category in categories:
            children.setdefault(category.parent_id, []).append(category)

        header = f"{'category':<44}{'easy':>6}{'medium':>8}{'hard':>6}{'total':>7}{'common':>8}"
        self.stdout.write(header)
        self.stdout.write("-" * len(header))

        def emit(category: Category, depth: int) -> None:
            row = counts.get(category.pk, {})
            name = ("  " * depth + category.name)[:43]
            cells = "".join(f"{row.get(level, 0):>{w}}" for level, w in zip(LEVELS, (6, 8, 6), strict=True))
            self.stdout.write(f"{name:<44}{cells}{row.get('total', 0):>7}{row.get('common', 0):>8}")
            for child in children.get(category.pk, []):
                emit(child, depth + 1)

        for root in children.get(None, []):
            emit(root, 0)
        totals = questions.aggregate(
            total=Count("id"), common=Count("id", filter=Q(commonly_asked=True)),
            **{level: Count("id", filter=Q(difficulty=level)) for level in LEVELS},
        )  # fmt: skip
        self.stdout.write("-" * len(header))
        cells = "".join(f"{totals[level]:>{w}}" for level, w in zip(LEVELS, (6, 8, 6), strict=True))
        self.stdout.write(f"{'all':<44}{cells}{totals['total']:>7}{totals['common']:>8}")
        used = sum(1 for row in counts.values() if row["total"])
        kinds = dict(questions.order_by().values_list("kind").annotate(n=Count("id")))
        self.stdout.write(f"{used} categories hold questions; kinds: {kinds}")
