"""The one CSV writer of every export: what people typed reaches a spreadsheet as text, never as a formula.

A cell starting with =, +, - or @ (or a tab or carriage return, which some spreadsheets skip
before reading one of those) is run as a formula when the file is opened: an answer or a
question title could fetch a URL or read other cells (OWASP "CSV injection"). Such text gets a
leading apostrophe, which spreadsheets show as text. Numbers are written as they are: a number
cannot be a formula, and "-2" must stay a number. Every cell is quoted, so a spreadsheet that
splits on ";" cannot cut a cell into a harmless part and a formula.

It lives in the project package beside api_errors.py and, like it, imports no app, so every app
may use it (tests/test_architecture.py checks that; tests/test_spreadsheets.py that no other module writes CSV).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import TextIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: object) -> object:
    """`cell`, with a leading apostrophe when it is text a spreadsheet would run as a formula."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return f"'{cell}"
    return cell


class SpreadsheetSafeWriter:
    """csv.writer's writerow and writerows, every cell made safe and quoted."""

    def __init__(self, out: TextIO) -> None:
        self._writer = csv.writer(out, quoting=csv.QUOTE_ALL)

    def writerow(self, row: Iterable[object]) -> None:
        self._writer.writerow([spreadsheet_safe(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_text(rows: Iterable[Iterable[object]]) -> str:
    out = io.StringIO()
    SpreadsheetSafeWriter(out).writerows(rows)
    return out.getvalue()
