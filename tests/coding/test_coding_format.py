"""The `coding` kind in bank files, the model and its rules: starter code and tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from questions.bank import export_bank, import_bank, read_bank
from questions.models import Question
from questions.rules import MAX_CODE_CHARS, clean_code, code_publish_problem, code_text
from tests.factories import QuestionFactory
from tests.questions.test_bank import CATEGORIES, write

# Lines: starter_code 12 (its code from 13), tests 16 (its code from 17).
CODING = """\
---
title: Implement a running mean
category: statistics
difficulty: easy
kind: coding
short_answer: Keep a count and a total.
key_points: [count, total, divide once]
tags: [statistics]
references:
  - title: Welford's method
    url: https://example.org/welford
starter_code: |
  def mean(xs):
      \"\"\"The arithmetic mean of a non-empty list.\"\"\"
      raise NotImplementedError
tests: |
  def test_mean_of_three():
      assert mean([1, 2, 6]) == 3


  def test_one_value():
      assert mean([5]) == 5
---
Add them up and divide by how many there are.

```python
def mean(xs):
    return sum(xs) / len(xs)
```
"""

STARTER = CODING[CODING.index("starter_code:") : CODING.index("tests:")]


@pytest.fixture
def bank_dir(tmp_path) -> Path:
    return write(tmp_path / "bank", {"categories.yaml": CATEGORIES, "statistics/running-mean.md": CODING})


def test_a_coding_file_imports_with_its_starter_code_and_tests(db, bank_dir):
    report = import_bank([bank_dir])
    assert report.ok, [str(p) for p in report.problems]
    question = Question.objects.get(slug="running-mean")
    assert question.kind == "coding"
    assert question.starter_code.splitlines()[0] == "def mean(xs):"
    assert question.starter_code.endswith("raise NotImplementedError")
    assert question.tests.count("def test_") == 2
    assert "\n\n\ndef test_one_value" in question.tests  # blank lines inside the code are kept


def test_the_export_writes_the_code_as_blocks_and_comes_back_unchanged(db, bank_dir, tmp_path):
    import_bank([bank_dir])
    export_bank(tmp_path / "out")
    text = (tmp_path / "out" / "statistics" / "running-mean.md").read_text()
    assert "starter_code: |\n  def mean(xs):\n" in text
    assert "tests: |\n  def test_mean_of_three():\n" in text
    again = import_bank([tmp_path / "out"])
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)


def test_a_syntax_error_names_the_file_line_it_is_on(db, tmp_path):
    bad = CODING.replace("      assert mean([5]) == 5", "      assert mean([5] == 5")
    root = write(tmp_path / "bank", {"categories.yaml": CATEGORIES, "statistics/running-mean.md": bad})
    problems = [str(p) for p in read_bank([root]).problems]
    assert problems == [
        f"{root}/statistics/running-mean.md:22: Tests, line 6: not valid Python ('(' was never closed)."
    ]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (STARTER, "", "running-mean.md:2: Starter code: a published coding question needs starter code."),
        ("def test_mean_of_three", "def check_mean_of_three", None),
        ("def test_one_value", "def test_mean_of_three",
         "running-mean.md:16: Tests: test_mean_of_three is defined more than once"),
        ("kind: coding", "kind: concept",
         "running-mean.md:12: Starter code: only coding questions have starter code and tests."),
        (STARTER, "starter_code: [1, 2]\n", "running-mean.md:12: 'starter_code' must be text"),
    ],
    ids=["published without starter code", "one test left", "a test defined twice", "code on a concept",
         "code not text"],
)  # fmt: skip
def test_each_code_problem_is_reported_with_file_and_line(db, tmp_path, old, new, message):
    assert old in CODING
    root = write(
        tmp_path / "bank", {"categories.yaml": CATEGORIES, "statistics/running-mean.md": CODING.replace(old, new, 1)}
    )
    problems = [str(p) for p in read_bank([root]).problems]
    if message is None:
        assert problems == []
    else:
        assert any(message in p for p in problems), problems


def test_a_draft_coding_question_may_leave_the_code_out(db, tmp_path):
    draft = CODING.replace("kind: coding\n", "kind: coding\nstatus: draft\n")
    draft = draft[: draft.index("starter_code:")] + draft[draft.index("---\nAdd") :]
    root = write(tmp_path / "bank", {"categories.yaml": CATEGORIES, "statistics/running-mean.md": draft})
    assert read_bank([root]).problems == []


def test_code_is_stored_without_trailing_spaces_windows_line_ends_or_blank_edges():
    assert code_text("\n\ndef f():  \r\n    return 1\t\r\n\n") == "def f():\n    return 1"


def test_the_rules_bound_the_size_and_count_the_tests():
    found: list[tuple[object, str]] = []

    def bad(where, message):
        found.append((where, message))

    huge = "x = 1\n" * (MAX_CODE_CHARS // 6 + 1)
    many = "".join(f"def test_{i}():\n    pass\n" for i in range(31))
    clean_code(kind="coding", starter_code=huge, tests=many, bad=bad, published=True)
    assert [w for w, _ in found] == ["starter_code", "tests"]
    assert "20,000 characters" in found[0][1]
    assert "at most 30 test functions, not 31" in found[1][1]


def test_publishing_a_coding_question_needs_both_fields():
    assert code_publish_problem(kind="coding", starter_code="x = 1", tests="") == (
        "Tests: a published coding question needs tests."
    )
    assert code_publish_problem(kind="coding", starter_code="x = 1", tests="def test_a():\n    pass") is None
    assert code_publish_problem(kind="concept", starter_code="", tests="") is None


def test_the_admin_form_rules_name_the_field_and_line(db):
    question = QuestionFactory.build(kind="coding", status="published", starter_code="def f(:\n", tests="")
    with pytest.raises(ValidationError) as caught:
        question.clean()
    assert caught.value.message_dict["starter_code"] == ["Starter code, line 1: not valid Python (invalid syntax)."]
    assert caught.value.message_dict["tests"] == ["Tests: a published coding question needs tests."]
