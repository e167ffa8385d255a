"""The one CSV writer every export uses: text that a spreadsheet would run as a formula is not."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from interviewprep.spreadsheets import csv_text

ROOT = Path(__file__).resolve().parent.parent
APPS = ["accounts", "questions", "curation", "practice", "teams", "interviewprep"]


def read(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("x","y")'])
def test_text_starting_like_a_formula_gets_a_leading_quote(cell):
    assert read(csv_text([[cell]])) == [[f"'{cell}"]]


def test_other_text_and_numbers_are_written_as_they_are():
    rows = [["What is 1+1?", "a, with comma", 'say "hi"', "", "multi\nline"], [3, -2, 0.5, None]]
    assert read(csv_text(rows)) == [["What is 1+1?", "a, with comma", 'say "hi"', "", "multi\nline"],
                                    ["3", "-2", "0.5", ""]]  # fmt: skip


def test_every_cell_is_quoted_so_a_semicolon_locale_cannot_split_one():
    # Spreadsheets set to ';' as separator would otherwise read "a;=1" as two cells, the second a formula.
    assert csv_text([["a;=1", 2]]) == '"a;=1","2"\r\n'


def test_every_csv_export_goes_through_the_one_writer():
    writers = [
        f"{path.relative_to(ROOT)}:{number}"
        for app in APPS
        for path in sorted((ROOT / app).rglob("*.py"))
        if path.name != "spreadsheets.py"
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if re.search(r"csv\.(writer|DictWriter)\(", line)
    ]
    assert writers == []
