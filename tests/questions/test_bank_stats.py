"""`manage.py bank_stats`: counts by category, kind and difficulty, and words per answer by kind."""

from __future__ import annotations

import io

from django.core.management import call_command

from questions.management.commands.bank_stats import word_stats
from tests.factories import CategoryFactory, QuestionFactory


def words(n: int) -> str:
    return " ".join(["word"] * n)


def test_it_reports_kinds_by_difficulty_and_words_per_answer_by_kind(db):
    category = CategoryFactory(name="Systems")
    for n, difficulty in [(1_600, "hard"), (1_500, "hard"), (900, "medium")]:
        QuestionFactory(category=category, kind="design", difficulty=difficulty, answer=words(n))
    QuestionFactory(category=category, kind="concept", difficulty="easy", answer=words(200))
    QuestionFactory(category=category, kind="concept", difficulty="easy", answer=words(400), status="draft")
    out = io.StringIO()
    call_command("bank_stats", stdout=out)
    lines = out.getvalue().splitlines()
    assert "Systems" in next(line for line in lines if line.startswith("Systems"))
    design = next(line for line in lines if line.startswith("design")).split()
    # easy, medium, hard, total, then words: mean, median, min, max
    assert design[1:] == ["0", "1", "2", "3", "1333", "1500", "900", "1600"]
    assert next(line for line in lines if line.startswith("concept")).split()[1:] == [
        "1", "0", "0", "1", "200", "200", "200", "200",
    ]  # fmt: skip
    assert "design answers of 1,500+ words: 2 of 3" in lines
    everything = io.StringIO()
    call_command("bank_stats", "--all", stdout=everything)
    assert next(line for line in everything.getvalue().splitlines() if line.startswith("concept")).split()[4] == "2"


def test_word_stats_of_nothing_are_zeros():
    assert word_stats([]) == {"n": 0, "mean": 0, "median": 0, "min": 0, "max": 0}
    assert word_stats([1, 2, 6]) == {"n": 3, "mean": 3, "median": 2, "min": 1, "max": 6}
