"""The question bank as files: read, check, import and export (docs/bank-format.md).

Reading collects every problem as `file:line: message`, so a curator sees all of them at once.
Importing runs only when reading found none, inside one transaction: a bank either loads whole or not at all.
"""

from questions.bank.exporting import categories_to_text, dump_yaml, export_bank, question_to_text
from questions.bank.loading import import_bank
from questions.bank.reading import (
    CATEGORIES_FILE,
    Bank,
    ImportReport,
    Problem,
    QuestionRecord,
    read_bank,
)

__all__ = [
    "CATEGORIES_FILE", "Bank", "ImportReport",
    "Problem", "QuestionRecord", "categories_to_text", "dump_yaml", "export_bank", "import_bank",
    "question_to_text", "read_bank",
]  # fmt: skip
