"""Version 2 of the bank format: follow-ups, pitfalls, last_reviewed and essential key points."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from questions.bank import export_bank, import_bank, read_bank
from questions.bank.exporting import question_to_text
from questions.models import Question
from tests.questions.test_bank import BAYES, CATEGORIES, GOOD, broken, write

V2_FIELDS = """\
follow_ups:
  - question: Why share the weights across positions?
    answer: Fewer parameters, and a feature learnt in one place is found everywhere.
  - question: What does a dilation of 2 change?
    answer: |
      The kernel's taps are spaced one pixel apart.
      The receptive field grows without adding weights.
  - question: "How many parameters has a 3x3 convolution from 64 to 128 channels?"
    answer: "3 * 3 * 64 * 128 weights plus 128 biases: 73,856."
pitfalls:
  - Calling a convolution layer fully connected.
  - "Forgetting the bias: it adds one parameter per output channel."
last_reviewed: 2026-12-02
"""
# Lines of GOOD_V2: key points 11 (the essential one 13), related 23, follow_ups 24 (items 25, 27, 31),
# pitfalls 33 (items 34, 35), last_reviewed 36.
GOOD_V2 = broken(
    GOOD.replace("  - Local receptive field\n", "  - text: Local receptive field\n    essential: true\n"),
    "related: [bayes-rule]\n",
    "related: [bayes-rule]\n" + V2_FIELDS,
)


@pytest.fixture
def bank_dir(tmp_path) -> Path:
    return write(
        tmp_path / "bank",
        {"categories.yaml": CATEGORIES, "vision/convolution.md": GOOD_V2, "statistics/bayes-rule.md": BAYES},
    )


def test_a_version_2_file_imports_with_its_follow_ups_pitfalls_date_and_essential_points(db, bank_dir):
    report = import_bank([bank_dir])
    assert report.ok, [str(p) for p in report.problems]
    question = Question.objects.get(slug="convolution")
    assert question.key_points == ["Weight sharing", "Local receptive field", "Translation equivariance"]
    assert question.essential_points == [1]
    assert [f["question"] for f in question.follow_ups] == [
        "Why share the weights across positions?",
        "What does a dilation of 2 change?",
        "How many parameters has a 3x3 convolution from 64 to 128 channels?",
    ]
    assert question.follow_ups[1]["answer"] == (
        "The kernel's taps are spaced one pixel apart.\nThe receptive field grows without adding weights."
    )
    assert question.pitfalls == [
        "Calling a convolution layer fully connected.",
        "Forgetting the bias: it adds one parameter per output channel.",
    ]
    assert question.last_reviewed == datetime.date(2026, 12, 2)


def test_a_version_1_file_still_imports_with_the_new_fields_empty(db, tmp_path):
    files = {"categories.yaml": CATEGORIES, "vision/convolution.md": GOOD, "statistics/bayes-rule.md": BAYES}
    root = write(tmp_path / "bank", files)
    assert import_bank([root]).ok
    question = Question.objects.get(slug="convolution")
    assert (question.follow_ups, question.pitfalls, question.essential_points, question.last_reviewed) == (
        [],
        [],
        [],
        None,
    )


def test_the_export_writes_essential_points_as_mappings_and_comes_back_unchanged(db, bank_dir, tmp_path):
    import_bank([bank_dir])
    text = question_to_text(Question.objects.get(slug="convolution"))
    assert "  - Weight sharing\n  - text: Local receptive field\n    essential: true\n" in text
    assert "    answer: |\n      The kernel's taps are spaced one pixel apart.\n" in text
    assert "last_reviewed: 2026-12-02\n" in text
    export_bank(tmp_path / "out")
    again = import_bank([tmp_path / "out"])
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_an_edited_follow_up_updates_the_question(db, bank_dir):
    import_bank([bank_dir])
    path = bank_dir / "vision/convolution.md"
    path.write_text(broken(path.read_text(), "73,856", "73,856 in all"))
    assert import_bank([bank_dir]).updated == 1
    assert Question.objects.get(slug="convolution").follow_ups[2]["answer"].endswith("73,856 in all.")


def test_other_phrasings_are_accepted_while_the_model_has_no_field_for_them(db, bank_dir):
    path = bank_dir / "vision/convolution.md"
    path.write_text(broken(path.read_text(), "last_reviewed:", 'also_asked_as:\n  - "conv layer"\nlast_reviewed:'))
    assert import_bank([bank_dir]).ok


def test_a_draft_may_leave_out_follow_ups_and_pitfalls(db, bank_dir):
    draft = broken(GOOD, "commonly_asked: true", "status: draft")
    (bank_dir / "vision/convolution.md").write_text(draft)
    assert read_bank([bank_dir]).problems == []


ERRORS = [
    ("two follow-ups", broken(GOOD_V2, '  - question: "How many parameters has a 3x3 convolution from 64 to 128 channels?"\n    answer: "3 * 3 * 64 * 128 weights plus 128 biases: 73,856."\n', ""), "convolution.md:24: 'follow_ups': Give 3 to 5 follow-ups, not 2."),
    ("six follow-ups", broken(GOOD_V2, "pitfalls:\n", "  - {question: 'a?', answer: b.}\n  - {question: 'c?', answer: d.}\n  - {question: 'e?', answer: f.}\npitfalls:\n"), "convolution.md:24: 'follow_ups': Give 3 to 5 follow-ups, not 6."),
    ("follow-up without answer", broken(GOOD_V2, "    answer: Fewer parameters, and a feature learnt in one place is found everywhere.\n", ""), "convolution.md:25: 'follow_ups': Follow-up 1 needs an answer."),
    ("follow-up with a blank question", broken(GOOD_V2, "  - question: Why share the weights across positions?", "  - question: '  '"), "convolution.md:25: 'follow_ups': Follow-up 1 needs a question."),
    ("follow-up question too long", broken(GOOD_V2, "Why share the weights across positions?", "W" * 301), "convolution.md:25: 'follow_ups': Follow-up 1: keep the question to 300 characters (301)."),
    ("follow-up answer too long", broken(GOOD_V2, "Fewer parameters, and a", "F" * 2_000), "convolution.md:25: 'follow_ups': Follow-up 1: keep the answer to 2,000 characters (2,049)."),
    ("follow-up with an unknown field", broken(GOOD_V2, "    answer: Fewer", "    hint: weights\n    answer: Fewer"), "convolution.md:25: 'follow_ups': Follow-up 1 has an unknown field 'hint' (known: question, answer)."),
    ("follow-up as text", broken(GOOD_V2, "  - question: Why share the weights across positions?\n    answer: Fewer", "  - Why share the weights across positions? Fewer"), "convolution.md:25: 'follow_ups': Follow-up 1 must have a question and an answer."),
    ("follow-ups as text", broken(GOOD_V2, "follow_ups:\n", "follow_ups: see below\nx:\n"), "convolution.md:24: 'follow_ups': Follow-ups must be a list of questions with their answers."),
    ("one pitfall", broken(GOOD_V2, "  - Calling a convolution layer fully connected.\n", ""), "convolution.md:33: 'pitfalls': Give 2 to 4 pitfalls, not 1."),
    ("five pitfalls", broken(GOOD_V2, "last_reviewed:", "  - a\n  - b\n  - c\nlast_reviewed:"), "convolution.md:33: 'pitfalls': Give 2 to 4 pitfalls, not 5."),
    ("blank pitfall", broken(GOOD_V2, "  - Calling a convolution layer fully connected.", "  - ' '"), "convolution.md:34: 'pitfalls': Pitfall 1 is empty."),
    ("pitfall not text", broken(GOOD_V2, "  - Calling a convolution layer fully connected.", "  - {wrong: answer}"), "convolution.md:34: 'pitfalls': Pitfall 1 must be text."),
    ("pitfall too long", broken(GOOD_V2, "Calling a convolution layer fully connected.", "C" * 601), "convolution.md:34: 'pitfalls': Pitfall 1: keep it to 600 characters (601)."),
    ("pitfalls as text", broken(GOOD_V2, "pitfalls:\n  - Calling", "pitfalls: none\nx:\n  - Calling"), "convolution.md:33: 'pitfalls': Pitfalls must be a list of text."),
    ("bad date", broken(GOOD_V2, "last_reviewed: 2026-12-02", "last_reviewed: last week"), "convolution.md:36: 'last_reviewed' must be a date such as 2026-12-02, not 'last week'"),
    ("impossible date", broken(GOOD_V2, "last_reviewed: 2026-12-02", "last_reviewed: 2026-13-02"), "convolution.md:36: 'last_reviewed' must be a date such as 2026-12-02, not '2026-13-02'"),
    ("essential not true or false", broken(GOOD_V2, "    essential: true", "    essential: very"), "convolution.md:13: key point 2: 'essential' must be true or false"),
    ("key point mapping with an unknown field", broken(GOOD_V2, "    essential: true", "    essential: true\n    weight: 2"), "convolution.md:13: key point 2 has an unknown field 'weight' (known: text, essential)"),
    ("key point mapping without text", broken(GOOD_V2, "  - text: Local receptive field\n", "  - essential: true\n").replace("    essential: true\n  - Trans", "  - Trans"), "convolution.md:11: 'key_points': Key points must be a list of text."),
]  # fmt: skip


@pytest.mark.parametrize(("case", "text", "message"), ERRORS, ids=[e[0] for e in ERRORS])
def test_every_version_2_problem_is_reported_with_file_and_line(db, bank_dir, case, text, message):
    (bank_dir / "vision/convolution.md").write_text(text)
    report = import_bank([bank_dir])
    assert not report.ok
    lines = [str(p) for p in report.problems]
    assert any(line.endswith(message) for line in lines), lines
    assert not Question.objects.exists()
