from __future__ import annotations

import statistics
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db.models import Count, Q

from questions.models import Category, Question
from questions.rules import FULL_DESIGN_WORDS, word_count

LEVELS = Question.Difficulty.values


def word_stats(words: list[int]) -> dict[str, float]:
    """Mean, median, least and most of a list of word counts (zeros for an empty list)."""
    if not words:
        return {"n": 0, "mean": 0, "median": 0, "min": 0, "max": 0}
    return {"n": len(words), "mean": statistics.fmean(words), "median": statistics.median(words),
            "min": min(words), "max": max(words)}  # fmt: skip


class Command(BaseCommand):
    help = (
        "Print how many questions each category holds by difficulty, the counts by kind and difficulty, and the "
        "words per model answer by kind (published only unless --all)."
    )

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
        self.stdout.write(f"{used} categories hold questions")
        self.kinds(questions)

    def kinds(self, questions: Any) -> None:
        """Kinds by difficulty, then words per model answer by kind; the answers are read once."""
        words: dict[str, list[int]] = {kind: [] for kind in Question.Kind.values}
        levels: dict[str, dict[str, int]] = {kind: dict.fromkeys(LEVELS, 0) for kind in Question.Kind.values}
        for kind, level, answer in questions.order_by().values_list("kind", "difficulty", "answer").iterator():
            words[kind].append(word_count(answer))
            levels[kind][level] += 1
        header = f"{'kind':<14}{'easy':>6}{'medium':>8}{'hard':>6}{'total':>7}   {'words: mean':>11}{'median':>8}"
        header += f"{'min':>7}{'max':>7}"
        self.stdout.write("")
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for kind in Question.Kind.values:
            row, stats = levels[kind], word_stats(words[kind])
            cells = "".join(f"{row[level]:>{w}}" for level, w in zip(LEVELS, (6, 8, 6), strict=True))
            self.stdout.write(
                f"{kind:<14}{cells}{stats['n']:>7}   {stats['mean']:>11.0f}{stats['median']:>8.0f}"
                f"{stats['min']:>7}{stats['max']:>7}"
            )
        every = word_stats([n for kind in words.values() for n in kind])
        self.stdout.write("-" * len(header))
        self.stdout.write(
            f"{'all':<14}{'':>20}{every['n']:>7}   {every['mean']:>11.0f}{every['median']:>8.0f}{every['min']:>7}"
            f"{every['max']:>7}"
        )
        full = sum(n >= FULL_DESIGN_WORDS for n in words["design"])
        self.stdout.write(f"design answers of {FULL_DESIGN_WORDS:,}+ words: {full} of {len(words['design'])}")
