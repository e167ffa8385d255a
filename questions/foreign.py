"""Question lists in formats a curator meets in the wild, read as drafts to review.

Three shapes are understood, told apart by extension and then by content:

- CSV and TSV tables (a header row is detected, not assumed; UTF-8 BOM, CRLF, quoted fields
  with commas and stray leading spaces are all fine);
- Markdown lists where a question is a bold line (`**What is X? 👶**` or `**1)** Do Y`)
  followed by its answer, under `##` section headings;
- plain numbered lists, one question per line (`12. What is X`).

Everything read here becomes a *draft*: nothing from outside is ever published directly.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from django.utils.text import slugify

from questions.models import Question

IMPORTED_CATEGORY = "imported"
MAX_TITLE: int = Question._meta.get_field("title").max_length  # type: ignore[assignment]
# Room left under Question.slug for the "-2-abc123" a foreign slug ends with.
MAX_SLUG: int = Question._meta.get_field("slug").max_length - 40  # type: ignore[operator]

# Characters that carry no meaning in a question but break matching: joiners, variation
# selectors, byte-order marks and soft hyphens vanish; exotic spaces become plain spaces.
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\ufe0e\ufe0f\u00ad"))
SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2009\u200a\u3000"), " ")
DIFFICULTY_MARKERS = {"👶": "easy", "⭐": "medium", "🚀": "hard", "🔥": "hard"}
PLACEHOLDER_ANSWERS = {"answer here", "tbc", "tbd", "todo", "to do", "coming soon", "..."}
HEADER_WORDS = {
    "id", "no", "no.", "s.no", "sno", "#", "number", "question", "questions", "description",
    "title", "text", "answer", "answers", "difficulty", "level", "category", "topic", "tags",
}  # fmt: skip
QUESTION_HEADERS = ("question", "questions", "title", "description", "text")
ANSWER_HEADERS = ("answer", "answers", "solution")
DIFFICULTY_HEADERS = ("difficulty", "level")
DIFFICULTY_WORDS = {
    "easy": "easy",
    "medium": "medium",
    "hard": "hard",
    "expert": "hard",
    "e": "easy",
    "m": "medium",
    "h": "hard",
}


@dataclass
class ForeignQuestion:
    title: str
    line: int
    answer: str = ""
    difficulty: str = Question.Difficulty.MEDIUM
    section: str = ""
    context: str = ""  # text its section opens with (a schema several questions refer to)


def clean_text(text: str) -> str:
    """Drop invisible characters, normalise spaces and Unicode forms, trim."""
    text = unicodedata.normalize("NFC", text.translate(INVISIBLE).translate(SPACES))
    return re.sub(r"[ \t]+", " ", text).strip()


def is_placeholder(answer: str) -> bool:
    return clean_text(answer).strip(" .:!").lower() in PLACEHOLDER_ANSWERS


def split_difficulty(title: str) -> tuple[str, str | None]:
    """Remove trailing difficulty emoji from a title; return the title, on one line, and what they meant."""
    found = None
    cleaned = title.translate(INVISIBLE)
    for marker, level in DIFFICULTY_MARKERS.items():
        if marker in cleaned:
            found = level
            cleaned = cleaned.replace(marker, " ")
    # A quoted CSV cell may run over several lines; a title is one.
    return " ".join(clean_text(cleaned).split()), found


def detect_format(path: Path, text: str) -> str:
    """'csv', 'tsv', 'markdown' or 'numbered' for a foreign file (native files are told apart earlier)."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix in {".tsv", ".tab"}:
        return "tsv"
    if suffix in {".md", ".markdown"}:
        return "markdown"
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if not lines:
        return "numbered"
    if "\t" in lines[0]:
        return "tsv"
    if any(re.match(r"^\*\*.+\*\*", ln.strip()) for ln in lines):
        return "markdown"
    numbered = sum(bool(re.match(r"^\s*\d+\s*[.)]\s+\S", ln)) for ln in lines)
    if numbered >= len(lines) / 2:
        return "numbered"
    return "csv" if "," in lines[0] else "numbered"


def read_foreign(path: Path, text: str) -> tuple[list[ForeignQuestion], list[tuple[int, str]]]:
    """Questions and problems (line, message) from one foreign file."""
    kind = detect_format(path, text)
    if kind in {"csv", "tsv"}:
        questions, problems = _read_table(text, delimiter="\t" if kind == "tsv" else ",")
    elif kind == "markdown":
        questions, problems = _read_markdown(text)
    else:
        questions, problems = _read_numbered(text)
    if not questions and not problems:
        problems.append((1, f"no questions found (read as {kind})"))
    return questions, problems


# Tables ----------------------------------------------------------------------------------


def _looks_like_header(row: list[str], next_row: list[str] | None) -> bool:
    cells = [clean_text(c).lower() for c in row]
    if any(c in HEADER_WORDS for c in cells):
        return True
    first_is_number = bool(cells) and cells[0].isdigit()
    next_first_is_number = bool(next_row) and clean_text(next_row[0]).isdigit()  # type: ignore[index]
    return not first_is_number and next_first_is_number and len(row) > 1


def _read_table(text: str, *, delimiter: str) -> tuple[list[ForeignQuestion], list[tuple[int, str]]]:
    # skipinitialspace: '1, "a, b"' is two fields, not three.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, skipinitialspace=True)
    rows: list[tuple[int, list[str]]] = []
    problems: list[tuple[int, str]] = []
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append((reader.line_num, row))
    except csv.Error as exc:
        return [], [(reader.line_num, f"unreadable table: {exc}")]
    if not rows:
        return [], []
    header = None
    if _looks_like_header(rows[0][1], rows[1][1] if len(rows) > 1 else None):
        header = [clean_text(c).lower() for c in rows[0][1]]
        rows = rows[1:]
    question_col, answer_col, difficulty_col = _columns(header, rows)
    questions = []
    for line, row in rows:
        cells = [clean_text(c) for c in row]
        title = cells[question_col] if question_col < len(cells) else ""
        if not title:
            problems.append((line, "this row has no question text"))
            continue
        title, marker = split_difficulty(title)
        answer = cells[answer_col] if answer_col is not None and answer_col < len(cells) else ""
        level = cells[difficulty_col].lower() if difficulty_col is not None and difficulty_col < len(cells) else ""
        questions.append(
            ForeignQuestion(
                title=title,
                line=line,
                answer="" if is_placeholder(answer) else answer,
                difficulty=DIFFICULTY_WORDS.get(level) or marker or Question.Difficulty.MEDIUM,
            )
        )
    return questions, problems


def _columns(header: list[str] | None, rows: list[tuple[int, list[str]]]) -> tuple[int, int | None, int | None]:
    def find(names: tuple[str, ...]) -> int | None:
        if header:
            for i, name in enumerate(header):
                if name in names:
                    return i
        return None

    question = find(QUESTION_HEADERS)
    if question is None:
        # No named column: the one with the longest text on average holds the questions.
        width = max(len(r) for _, r in rows)
        lengths = [sum(len(r[i]) for _, r in rows if i < len(r)) for i in range(width)]
        question = max(range(width), key=lambda i: lengths[i])
    return question, find(ANSWER_HEADERS), find(DIFFICULTY_HEADERS)


# Markdown lists ---------------------------------------------------------------------------

BOLD_LINE = re.compile(r"^\*\*(?P<title>[^*].*?)\*\*\s*$")
# "**1)** Do Y", "**1) FizzBuzz.** Print ...", "**2) Factorial**. Compute ..."
NUMBERED_BOLD = re.compile(r"^\*\*\s*\d+\s*[.)]\s*(?P<title>.*)$")
HEADING = re.compile(r"^(#{1,6})\s+(?P<name>.+?)\s*#*\s*$")
SEPARATOR = re.compile(r"^\s*(<br\s*/?>|&nbsp;|<hr\s*/?>|---+|\*\*\*+)\s*$", re.I)


def _question_title(line: str) -> str | None:
    """The question on a bold question line, or None when the line is not one."""
    match = NUMBERED_BOLD.match(line) or BOLD_LINE.match(line)
    return match.group("title").replace("**", "") if match else None


def _tidy_block(lines: list[str]) -> str:
    text = "\n".join(lines).strip("\n")
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _read_markdown(text: str) -> tuple[list[ForeignQuestion], list[tuple[int, str]]]:
    questions: list[ForeignQuestion] = []
    problems: list[tuple[int, str]] = []
    section, preamble = "", cast(list[str], [])
    current: ForeignQuestion | None = None
    answer_lines: list[str] = []
    in_fence = False

    def finish() -> None:
        if current is not None:
            answer = _tidy_block(answer_lines)
            current.answer = "" if is_placeholder(answer) else answer
            questions.append(current)

    lines = text.splitlines()
    for number, raw in enumerate(lines, start=1):
        stripped = raw.strip()
        fence = stripped.startswith(("```", "~~~"))
        # Inside a code fence, "# comment" is not a heading and "**x**" is not a question.
        if not in_fence and not fence:
            heading = HEADING.match(stripped)
            title = _question_title(stripped)
            if heading:
                finish()
                current, answer_lines, preamble = None, [], []
                section = clean_text(heading.group("name"))
                continue
            if title is not None:
                finish()
                title, marker = split_difficulty(title)
                answer_lines = []
                if not title:
                    problems.append((number, "a bold question line with no text"))
                    current = None
                    continue
                current = ForeignQuestion(
                    title=title,
                    line=number,
                    difficulty=marker or Question.Difficulty.MEDIUM,
                    section=section,
                    context=_tidy_block(preamble),
                )
                continue
            if current is not None and SEPARATOR.match(stripped):
                finish()
                current, answer_lines = None, []
                continue
        if fence:
            in_fence = not in_fence
        tidy = raw.translate(INVISIBLE).translate(SPACES).rstrip()
        if current is not None:
            answer_lines.append(tidy)
        elif not any(q.section == section for q in questions[-1:]) and not SEPARATOR.match(stripped):
            preamble.append(tidy)
    if in_fence:
        problems.append((len(lines), "a code fence is never closed"))
    finish()
    return questions, problems


# Plain numbered lists ---------------------------------------------------------------------

NUMBERED = re.compile(r"^\s*\d+\s*[.)]\s*(?P<title>.*)$")


def _read_numbered(text: str) -> tuple[list[ForeignQuestion], list[tuple[int, str]]]:
    questions, problems = [], []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = clean_text(raw)
        if not line:
            continue
        match = NUMBERED.match(line)
        if not match:
            problems.append((number, "expected a numbered question such as '12. What is dropout?'"))
            continue
        title = clean_text(match.group("title"))
        if not title:
            problems.append((number, "a numbered line with no question text"))
            continue
        title, marker = split_difficulty(title)
        questions.append(ForeignQuestion(title=title, line=number, difficulty=marker or Question.Difficulty.MEDIUM))
    return questions, problems


def foreign_slugs(path: Path, titles: list[str]) -> list[str]:
    """Stable slugs for the questions of one foreign file.

    A question is known by its file's name and its title, so importing the same file again
    updates its drafts, and two files that share a title give two drafts, never one
    overwriting the other. A title repeated within a file gets -2, -3, ...
    """
    tag = hashlib.sha1(path.name.encode()).hexdigest()[:6]
    seen: dict[str, int] = {}
    slugs = []
    for title in titles:
        base = slugify(title)[: MAX_SLUG - 10].strip("-") or "question"
        seen[base] = seen.get(base, 0) + 1
        slugs.append(f"{base}-{seen[base]}-{tag}" if seen[base] > 1 else f"{base}-{tag}")
    return slugs
