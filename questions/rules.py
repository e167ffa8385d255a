"""The content rules of a question, written once.

A question can arrive through a bank file, the admin, the curator's edit page, a submission
form or the API. Each of those calls these functions and only words the outcome for its own
interface (a `file:line` message, a form error, a 400), so a question one path accepts is
one every other path accepts too.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from questions.coding.runner import TEST_PREFIX, test_functions

URL_RE = re.compile(r"^https?://\S+$")
ARXIV_RE = re.compile(r"^(\d{4}\.\d{4,5}|[a-z][a-z.-]*/\d{7})(v\d+)?$")
MAX_SHORT_ANSWER_LINES = 4
KEY_POINTS_RANGE = (3, 6)
REFERENCE_KEYS = ("title", "authors", "year", "url", "arxiv")
FOLLOW_UPS_RANGE = (3, 5)
FOLLOW_UP_KEYS = ("question", "answer")
MAX_FOLLOW_UP_QUESTION, MAX_FOLLOW_UP_ANSWER = 300, 2_000
PITFALLS_RANGE = (2, 4)
MAX_PITFALL = 600
MAX_ALSO_ASKED_AS, MAX_ALSO_ASKED_AS_LENGTH = 10, 200
# A coding question's two Python fields (docs/bank-format.md), and their bounds.
CODE_FIELDS = {"starter_code": "Starter code", "tests": "Tests"}
MAX_CODE_CHARS = 20_000
MAX_TESTS = 30
# A curator types key points one per line; a line starting with this marks an essential one.
ESSENTIAL_MARK = "!"

# A design answer this long covers the whole interview (requirements to monitoring); bank_stats counts them.
FULL_DESIGN_WORDS = 1_500
WORD_RE = re.compile(r"\w+")


def word_count(text: str) -> int:
    """Words in a model answer, as the bank's checks and bank_stats count them (runs of letters and
    digits; a formula's symbols count as words too)."""
    return len(WORD_RE.findall(text))


# `bad(where, message)`: `where` is a field name for the whole value, or (field, index) for one item.
Bad = Callable[[Any, str], None]


def short_answer_problem(text: str) -> str | None:
    """What is wrong with a short answer, if anything: it is what to say first, four lines at most."""
    if len([line for line in text.splitlines() if line.strip()]) > MAX_SHORT_ANSWER_LINES:
        return f"Keep the short answer to {MAX_SHORT_ANSWER_LINES} lines."
    return None


def key_points_problem(value: Any) -> str | None:
    """What is wrong with `key_points`, if anything: a list of 3 to 6 texts, or none at all
    (drafts may leave them out; a published question's publish check requires them)."""
    if not isinstance(value, list) or not all(isinstance(p, str) and p.strip() for p in value):
        return "Key points must be a list of text."
    if value and not KEY_POINTS_RANGE[0] <= len(value) <= KEY_POINTS_RANGE[1]:
        return f"Give {KEY_POINTS_RANGE[0]} to {KEY_POINTS_RANGE[1]} key points, not {len(value)}."
    return None


def essential_points_problem(essential: Any, key_points: list[str]) -> str | None:
    """What is wrong with `essential_points`, if anything: indexes into `key_points` of the points a
    strong answer must contain, each once. Indexes, like an attempt's `key_points_covered`, so
    rewording a key point keeps its mark and every reader of `key_points` sees plain text."""
    if not isinstance(essential, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in essential):
        return "Essential points must be a list of key-point numbers."
    if len(set(essential)) != len(essential):
        return "Mark each essential key point once."
    outside = [i for i in essential if not 0 <= i < len(key_points)]
    if outside:
        return f"Key point {outside[0] + 1} is marked essential, but there are only {len(key_points)} key points."
    return None


def key_points_from_lines(text: str) -> tuple[list[str], list[int]]:
    """Key points typed one per line (a leading "-" or "*" is a bullet), and the indexes of those
    marked essential by a leading "!"; what the submission and edit forms read."""
    points: list[str] = []
    essential: list[int] = []
    for raw in text.splitlines():
        line = raw.strip(" -*\t")
        marked = line.startswith(ESSENTIAL_MARK)
        line = line.removeprefix(ESSENTIAL_MARK).strip(" -*\t") if marked else line
        if not line:
            continue
        if marked:
            essential.append(len(points))
        points.append(line)
    return points, essential


def key_points_as_lines(key_points: list[str], essential: list[int]) -> str:
    """The inverse of key_points_from_lines, for a form's initial text."""
    marked = set(essential)
    return "\n".join(f"{ESSENTIAL_MARK} {p}" if i in marked else p for i, p in enumerate(key_points))


FOLLOW_UP_QUESTION_MARK, FOLLOW_UP_ANSWER_MARK = "Q:", "A:"


def follow_ups_from_text(text: str) -> list[dict[str, str]]:
    """Follow-ups typed on a form: each starts with a line "Q: the probe", its answer follows after
    "A:" and may run over several lines (Markdown), until the next "Q:". ValueError says what is
    wrong; the counts and lengths are clean_follow_ups' to check."""
    items: list[dict[str, list[str]]] = []
    into = ""
    for number, raw in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        line = raw.strip()
        if line.upper().startswith(FOLLOW_UP_QUESTION_MARK):
            items.append({"question": [line[2:].strip()], "answer": []})
            into = "question"
        elif line.upper().startswith(FOLLOW_UP_ANSWER_MARK) and items and into == "question":
            items[-1]["answer"].append(line[2:].strip())
            into = "answer"
        elif not items:
            if line:
                raise ValueError(f"Line {number}: start each follow-up with “Q:” and its answer with “A:”.")
        else:
            items[-1][into].append(raw.rstrip() if into == "answer" else line)
    return [
        {"question": " ".join(p for p in item["question"] if p), "answer": "\n".join(item["answer"]).strip()}
        for item in items
    ]


def follow_ups_as_text(follow_ups: list[dict[str, str]]) -> str:
    """The inverse of follow_ups_from_text, for a form's initial text."""
    return "\n\n".join(
        f"{FOLLOW_UP_QUESTION_MARK} {f.get('question', '')}\n{FOLLOW_UP_ANSWER_MARK} {f.get('answer', '')}"
        for f in follow_ups
    )


def items_from_lines(text: str) -> list[str]:
    """A list typed on a form one item per line (pitfalls, other phrasings); a leading "-" or
    "*" is a bullet."""
    return [line.strip(" -*\t") for line in text.splitlines() if line.strip(" -*\t")]


def problems_of(clean: Callable[..., Any], value: Any) -> tuple[Any, list[tuple[int | None, str]]]:
    """Run one of the clean_* rules and return what it cleaned with its problems, each as
    (item index or None for the whole value, message): how a form or a serializer words them."""
    found: list[tuple[int | None, str]] = []

    def bad(where: Any, message: str) -> None:
        found.append((where[1] if isinstance(where, tuple) else None, message))

    return clean(value, bad), found


def _count_problem(name: str, found: int, allowed: tuple[int, int], *, published: bool) -> str | None:
    low, high = allowed
    if found == 0 and not published:
        return None  # a draft may leave them out
    if not low <= found <= high:
        return f"Give {low} to {high} {name}, not {found}."
    return None


def clean_follow_ups(value: Any, bad: Bad, *, published: bool = False) -> list[dict[str, str]]:
    """Follow-up probes as stored, each `{question, answer}`, with each problem passed to `bad`:
    3 to 5 of them (none at all is fine for a draft), a question of at most 300 characters and an
    answer of at most 2,000, neither empty."""
    if value is None:
        value = []
    if not isinstance(value, list):
        bad("follow_ups", "Follow-ups must be a list of questions with their answers.")
        return []
    clean = []
    for i, item in enumerate(value):
        where = ("follow_ups", i)
        if not isinstance(item, dict):
            bad(where, f"Follow-up {i + 1} must have a question and an answer.")
            continue
        for key in sorted(set(item) - set(FOLLOW_UP_KEYS), key=str):
            bad(where, f"Follow-up {i + 1} has an unknown field '{key}' (known: {', '.join(FOLLOW_UP_KEYS)}).")
        texts = {}
        for key, limit in (("question", MAX_FOLLOW_UP_QUESTION), ("answer", MAX_FOLLOW_UP_ANSWER)):
            text = item.get(key)
            text = text.strip() if isinstance(text, str) else ""
            if not text:
                bad(where, f"Follow-up {i + 1} needs {'a question' if key == 'question' else 'an answer'}.")
            elif len(text) > limit:
                bad(where, f"Follow-up {i + 1}: keep the {key} to {limit:,} characters ({len(text):,}).")
            texts[key] = text
        clean.append({"question": texts["question"], "answer": texts["answer"]})
    if message := _count_problem("follow-ups", len(value), FOLLOW_UPS_RANGE, published=published):
        bad("follow_ups", message)
    return clean


def clean_pitfalls(value: Any, bad: Bad, *, published: bool = False) -> list[str]:
    """Pitfalls ("red flags": common wrong or weak answers) as stored, with each problem passed to
    `bad`: 2 to 4 texts (none at all is fine for a draft) of at most 600 characters."""
    if value is None:
        value = []
    if not isinstance(value, list):
        bad("pitfalls", "Pitfalls must be a list of text.")
        return []
    clean = []
    for i, item in enumerate(value):
        text = item.strip() if isinstance(item, str) else ""
        if not text:
            bad(
                ("pitfalls", i),
                f"Pitfall {i + 1} is empty." if isinstance(item, str) else f"Pitfall {i + 1} must be text.",
            )
            continue
        if len(text) > MAX_PITFALL:
            bad(("pitfalls", i), f"Pitfall {i + 1}: keep it to {MAX_PITFALL} characters ({len(text):,}).")
        clean.append(text)
    if message := _count_problem("pitfalls", len(value), PITFALLS_RANGE, published=published):
        bad("pitfalls", message)
    return clean


def clean_also_asked_as(value: Any, bad: Bad) -> list[str]:
    """Other ways people phrase the question (search reads them) as stored, with each problem
    passed to `bad`: at most 10 texts of at most 200 characters, each once (case aside)."""
    if value is None:
        return []
    if not isinstance(value, list):
        bad("also_asked_as", "Other phrasings must be a list of text.")
        return []
    clean: list[str] = []
    seen: set[str] = set()
    for i, item in enumerate(value):
        text = " ".join(item.split()) if isinstance(item, str) else ""
        if not text:
            bad(
                ("also_asked_as", i),
                f"Phrasing {i + 1} is empty." if isinstance(item, str) else f"Phrasing {i + 1} must be text.",
            )
            continue
        if len(text) > MAX_ALSO_ASKED_AS_LENGTH:
            bad(
                ("also_asked_as", i),
                f"Phrasing {i + 1}: keep it to {MAX_ALSO_ASKED_AS_LENGTH} characters ({len(text):,}).",
            )
            continue
        if text.lower() in seen:
            bad(("also_asked_as", i), f"Phrasing {i + 1} repeats an earlier one.")
            continue
        seen.add(text.lower())
        clean.append(text)
    if len(value) > MAX_ALSO_ASKED_AS:
        bad("also_asked_as", f"Give at most {MAX_ALSO_ASKED_AS} other phrasings, not {len(value)}.")
    return clean


def last_reviewed_from(value: Any) -> date | None:
    """The date a question was last checked, from a date or an ISO text (2026-12-02); ValueError
    says what is wrong."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(f"'last_reviewed' must be a date such as 2026-12-02, not {value!r}") from None


def clean_references(value: Any, bad: Bad) -> list[dict[str, Any]]:
    """References as stored, with each problem passed to `bad(where, message)`; `where` is
    ("references", index) for one reference, "references" for the whole list."""
    if value in (None, []):
        return []
    if not isinstance(value, list):
        bad("references", "'references' must be a list")
        return []
    refs = []
    for i, ref in enumerate(value):
        where = ("references", i)
        if not isinstance(ref, dict) or not isinstance(ref.get("title"), str) or not ref["title"].strip():
            bad(where, f"reference {i + 1} needs a title")
            continue
        for key in sorted(set(ref) - set(REFERENCE_KEYS), key=str):
            bad(where, f"reference {i + 1} has an unknown field '{key}' (known: {', '.join(REFERENCE_KEYS)})")
        url, arxiv, year = ref.get("url"), ref.get("arxiv"), ref.get("year")
        if url is not None and not (isinstance(url, str) and URL_RE.match(url)):
            bad(where, f"reference {i + 1} url must start with http:// or https://")
        if arxiv is not None and not ARXIV_RE.match(str(arxiv)):
            bad(where, f"reference {i + 1} arxiv id {arxiv!r} is not of the form 1706.03762")
        if year is not None and not (isinstance(year, int) and 1600 < year < 2200):
            bad(where, f"reference {i + 1} year must be a four-digit number")
        clean = {"title": ref["title"].strip()}
        for key in ("authors", "year", "url", "arxiv"):
            if ref.get(key) not in (None, ""):
                clean[key] = ref[key] if key == "year" else str(ref[key]).strip()
        refs.append(clean)
    return refs


def reference_from_line(line: str) -> dict[str, Any]:
    """One reference typed on a form as `title | URL or arXiv id`; ValueError says what is wrong."""
    title, _, where = (part.strip() for part in line.partition("|"))
    if not title:
        raise ValueError("needs a title before the |")
    if not where:
        return {"title": title}
    if ARXIV_RE.match(where):
        return {"title": title, "arxiv": where}
    if URL_RE.match(where):
        return {"title": title, "url": where}
    raise ValueError(f"“{where}” is neither a URL nor an arXiv id")


def code_text(source: str) -> str:
    """Python source as stored: Unix line ends, no trailing spaces, no blank lines before or after;
    every path that writes code stores it so, and an export then comes back unchanged."""
    lines = [line.rstrip() for line in source.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip("\n")


def python_problem(source: str) -> tuple[int, str] | None:
    """(line, what is wrong) when `source` is not Python that parses; None when it parses."""
    try:
        ast.parse(source)
    except SyntaxError as exc:
        return exc.lineno or 1, exc.msg
    except ValueError as exc:  # a NUL character
        return 1, str(exc)
    return None


def clean_code(*, kind: str, starter_code: str, tests: str, bad: Bad, published: bool) -> None:
    """A coding question's starter code and tests, with each problem passed to `bad`: only coding
    questions have them; a published one needs both; each at most 20,000 characters of Python
    that parses (a syntax error is passed as (field, line in that field)); the tests define 1 to
    30 `test_*` functions at the top level, each name once (a second one would replace the first)."""
    values = {"starter_code": starter_code or "", "tests": tests or ""}
    if kind != "coding":
        for name, label in CODE_FIELDS.items():
            if values[name].strip():
                bad(name, f"{label}: only coding questions have starter code and tests.")
        return
    for name, label in CODE_FIELDS.items():
        source = values[name]
        if not source.strip():
            if published:
                bad(name, f"{label}: a published coding question needs {label.lower()}.")
            continue
        if len(source) > MAX_CODE_CHARS:
            bad(name, f"{label}: keep it to {MAX_CODE_CHARS:,} characters ({len(source):,}).")
            continue
        if problem := python_problem(source):
            line, message = problem
            bad((name, line), f"{label}, line {line}: not valid Python ({message}).")
            continue
        if name == "tests":
            names = test_functions(source)
            repeated = sorted({n for n in names if names.count(n) > 1})
            if not names:
                bad(name, f"Tests: define at least one function whose name starts with {TEST_PREFIX}.")
            elif len(names) > MAX_TESTS:
                bad(name, f"Tests: at most {MAX_TESTS} test functions, not {len(names)}.")
            elif repeated:
                bad(name, f"Tests: {', '.join(repeated)} is defined more than once; the last would replace the first.")


def code_publish_problem(*, kind: str, starter_code: str, tests: str) -> str | None:
    """Why a question cannot be published as it is, for the paths that publish without a full
    edit (approving a submission, the admin's publish action): a coding question needs both its
    starter code and its tests, as clean_code checks for a published question."""
    problems: list[str] = []
    clean_code(
        kind=kind, starter_code=starter_code, tests=tests, bad=lambda _, message: problems.append(message),
        published=True,
    )  # fmt: skip
    return problems[0] if problems else None
