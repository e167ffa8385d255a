"""Reading and checking bank files (and foreign question lists) without writing anything.

Every problem is collected as `file:line: message`, so a curator sees all of them at once; the
database is only read, to know which categories and linked questions already exist.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.text import slugify

from questions.foreign import IMPORTED_CATEGORY, MAX_TITLE, foreign_slugs, read_foreign
from questions.models import Category, Question, Tag
from questions.rules import (
    ARXIV_RE,
    KEY_POINTS_RANGE,
    MAX_SHORT_ANSWER_LINES,
    REFERENCE_KEYS,
    URL_RE,
    Bad,
    clean_also_asked_as,
    clean_code,
    clean_follow_ups,
    clean_pitfalls,
    clean_references,
    code_text,
    key_points_problem,
    last_reviewed_from,
    short_answer_problem,
)

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CATEGORIES_FILE = "categories.yaml"
QUESTION_KEYS = (
    "title", "category", "difficulty", "kind", "tags", "commonly_asked", "status",
    "scenario", "short_answer", "key_points", "references", "related", "also_asked_as",
    "follow_ups", "pitfalls", "last_reviewed", "starter_code", "tests",
)  # fmt: skip
KEY_POINT_KEYS = ("text", "essential")
REQUIRED_KEYS = ("title", "category", "difficulty", "kind")
# What a reader sees once a question is published; a draft (often a foreign list's) may lack them.
PUBLISHED_KEYS = ("short_answer", "key_points")
QUESTION_SUFFIXES = {".md", ".markdown", ".csv", ".tsv", ".tab", ".txt"}
NOT_QUESTIONS = {"README", "LICENSE", "LICENCE", "COPYING", "NOTICE", "CHANGELOG", "CONTRIBUTING"}


def _max_length(model: Any, name: str) -> int:
    return model._meta.get_field(name).max_length


# The columns' own limits, so an over-long value is a file:line message, not a database error.
MAX_LENGTHS = {
    "question slug": _max_length(Question, "slug"),
    "title": _max_length(Question, "title"),
    "tag": min(_max_length(Tag, "slug"), _max_length(Tag, "name")),
    "category slug": _max_length(Category, "slug"),
    "category name": _max_length(Category, "name"),
}


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class CategoryRecord:
    slug: str
    name: str
    description: str
    parent: str | None
    position: int
    source: str = ""
    line: int = 1


@dataclass
class QuestionRecord:
    """One question as read from a file, in the shape the database stores."""

    slug: str
    title: str
    category: str
    difficulty: str
    kind: str
    status: str = Question.Status.PUBLISHED
    commonly_asked: bool = False
    scenario: str = ""
    answer: str = ""
    short_answer: str = ""
    key_points: list[str] = field(default_factory=list)
    essential_points: list[int] = field(default_factory=list)
    references: list[dict[str, Any]] = field(default_factory=list)
    follow_ups: list[dict[str, str]] = field(default_factory=list)
    pitfalls: list[str] = field(default_factory=list)
    also_asked_as: list[str] = field(default_factory=list)
    last_reviewed: date | None = None
    starter_code: str = ""
    tests: str = ""
    tags: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    source: str = ""
    line: int = 1
    field_lines: dict[Any, int] = field(default_factory=dict, compare=False, repr=False)
    # Read from a foreign format: a draft that never overwrites a question already curated.
    foreign: bool = False
    # The file has problems of its own; kept only so its links and category are checked too.
    broken: bool = field(default=False, compare=False, repr=False)

    def line_of(self, key: Any) -> int:
        return self.field_lines.get(key, 2)


@dataclass
class Bank:
    categories: list[CategoryRecord] = field(default_factory=list)
    questions: list[QuestionRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Slugs of bank files too broken to read at all: a link to one is not a second problem.
    unreadable: set[str] = field(default_factory=set)


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    categories: int = 0
    problems: list[Problem] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


class _Rollback(Exception):
    """Raised inside the import transaction to undo a dry run."""


# Reading ---------------------------------------------------------------------------------


def collect_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[Problem]]:
    """Expand folders into the files they hold, categories files first."""
    files: list[Path] = []
    problems: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p.relative_to(path)))
            files.extend(p for p in found if p.name == CATEGORIES_FILE)
            files.extend(p for p in found if p.name != CATEGORIES_FILE and _is_question_file(p))
        elif path.is_file() and path.stem.upper() in NOT_QUESTIONS:
            problems.append(Problem(str(path), 0, f"{path.name} is not a question file"))
        elif path.is_file():
            files.append(path)
        else:
            problems.append(Problem(str(path), 0, "no such file or folder"))
    return files, problems


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def _is_question_file(path: Path) -> bool:
    """Files a folder import reads: Markdown, tables, text, and text files without an extension."""
    if path.stem.upper() in NOT_QUESTIONS:
        return False
    return path.suffix.lower() in QUESTION_SUFFIXES or (path.suffix == "" or " " in path.suffix)


def read_bank(paths: Iterable[str | Path], *, drafts_category: str = IMPORTED_CATEGORY) -> Bank:
    """Read and check files and folders; every problem found is in `Bank.problems`.

    Native bank files (front matter) are read as they are written; anything else goes through
    `questions.foreign` and becomes drafts in `drafts_category`.
    """
    files, problems = collect_files(paths)
    bank = Bank(problems=problems)
    for path in files:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            bank.problems.append(Problem(str(path), 1, f"not UTF-8 text ({exc.reason} at byte {exc.start})"))
            continue
        except OSError as exc:
            bank.problems.append(Problem(str(path), 0, f"cannot read: {exc.strerror}"))
            continue
        if "\x00" in text:
            bank.problems.append(Problem(str(path), 1, "a binary file, not a question file"))
        elif path.name == CATEGORIES_FILE:
            _read_categories(path, text, bank)
        elif _is_native(path, text):
            record = _read_question(path, text, bank.problems)
            if record:
                bank.questions.append(record)
            else:
                bank.unreadable.add(path.stem)
        else:
            _read_foreign_file(path, text, bank, drafts_category)
    _check_across_files(bank, drafts_category)
    bank.questions = [r for r in bank.questions if not r.broken]
    return bank


def _is_native(path: Path, text: str) -> bool:
    """Front matter makes a bank file; so does a .md file with no bold question lines (then the
    missing front matter is the problem to report)."""
    if FRONT_MATTER_RE.match(text):
        return True
    return path.suffix.lower() == ".md" and not re.search(r"^\*\*.+\*\*", text, re.M)


def _read_foreign_file(path: Path, text: str, bank: Bank, category: str) -> None:
    found, problems = read_foreign(path, text)
    bank.problems.extend(Problem(str(path), line, message) for line, message in problems)
    for question, slug in zip(found, foreign_slugs(path, [q.title for q in found]), strict=True):
        section_tag = slugify(question.section)[: MAX_LENGTHS["tag"]].strip("-")
        title = shorten_title(question.title)
        scenario = question.context
        if title != question.title:
            # The whole question opens the scenario, so cutting the title loses nothing.
            scenario = "\n\n".join(part for part in (question.title, question.context) if part)
        bank.questions.append(
            QuestionRecord(
                slug=slug,
                title=title,
                category=category,
                difficulty=question.difficulty,
                kind=Question.Kind.CONCEPT,
                status=Question.Status.DRAFT,
                scenario=scenario,
                answer=question.answer,
                tags=[section_tag] if section_tag else [],
                source=str(path),
                line=question.line,
                foreign=True,
            )
        )


def shorten_title(title: str, limit: int = MAX_TITLE) -> str:
    """`title` if it fits the column; otherwise cut at the last word boundary that fits, with "…"."""
    if len(title) <= limit:
        return title
    cut = title[: limit - 1]
    if " " in cut and not title[limit - 1].isspace():
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-–—") + "…"


def _yaml_lines(node: yaml.Node, offset: int) -> dict[Any, int]:
    """Line of each key of a mapping node (and of each item of its list values). A block text
    (`key: |`) also gets ("text", key): the line its first line of text is on."""
    lines: dict[Any, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            lines[key_node.value] = key_node.start_mark.line + 1 + offset
            if isinstance(value_node, yaml.ScalarNode) and value_node.style in ("|", ">"):
                lines[("text", key_node.value)] = value_node.start_mark.line + 2 + offset
            if isinstance(value_node, yaml.SequenceNode):
                for i, item in enumerate(value_node.value):
                    lines[(key_node.value, i)] = item.start_mark.line + 1 + offset
    return lines


class _BankLoader(yaml.SafeLoader):
    """Safe YAML whose dates stay text: `last_reviewed_from` then says what is wrong with an
    impossible one (2026-13-02), where PyYAML would raise a bare ValueError."""


_BankLoader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)  # type: ignore[type-var]


def _parse_yaml(path: Path, text: str, offset: int, problems: list[Problem]) -> tuple[Any, yaml.Node | None]:
    try:
        node = yaml.compose(text, Loader=_BankLoader)
        data = yaml.load(text, Loader=_BankLoader)  # noqa: S506 - a SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + offset) if mark else offset + 1
        problems.append(Problem(str(path), line, f"invalid YAML: {exc.problem or exc.context}"))
        return None, None
    except yaml.YAMLError as exc:
        problems.append(Problem(str(path), offset + 1, f"invalid YAML: {exc}"))
        return None, None
    return data, node


def _read_categories(path: Path, text: str, bank: Bank) -> None:
    data, node = _parse_yaml(path, text, 0, bank.problems)
    if data is None and node is None:
        return
    if not isinstance(data, list):
        bank.problems.append(Problem(str(path), 1, "expected a list of categories"))
        return

    def walk(entries: list[Any], nodes: list[yaml.Node], parent: str | None) -> None:
        for position, (entry, entry_node) in enumerate(zip(entries, nodes, strict=True)):
            line = entry_node.start_mark.line + 1
            if not isinstance(entry, dict):
                bank.problems.append(Problem(str(path), line, "a category must be a mapping with slug and name"))
                continue
            lines = _yaml_lines(entry_node, 0)
            unknown = sorted(set(entry) - {"slug", "name", "description", "children"})
            for key in unknown:
                bank.problems.append(Problem(str(path), lines.get(key, line), f"unknown field '{key}'"))
            slug, name = entry.get("slug"), entry.get("name")
            if not isinstance(slug, str) or not SLUG_RE.match(slug):
                bank.problems.append(
                    Problem(str(path), lines.get("slug", line), "slug must be lowercase letters, digits and hyphens")
                )
                continue
            if len(slug) > MAX_LENGTHS["category slug"]:
                bank.problems.append(
                    Problem(str(path), lines["slug"], f"slug is longer than {MAX_LENGTHS['category slug']} characters")
                )
                continue
            if not isinstance(name, str) or not name.strip():
                bank.problems.append(Problem(str(path), lines.get("name", line), f"category '{slug}' needs a name"))
                continue
            if len(name.strip()) > MAX_LENGTHS["category name"]:
                limit = MAX_LENGTHS["category name"]
                bank.problems.append(
                    Problem(str(path), lines["name"], f"category '{slug}' name is longer than {limit} characters")
                )
                continue
            description = entry.get("description") or ""
            bank.categories.append(
                CategoryRecord(
                    slug=slug,
                    name=name.strip(),
                    description=str(description).strip(),
                    parent=parent,
                    position=position,
                    source=str(path),
                    line=line,
                )
            )
            children = entry.get("children") or []
            if children:
                child_node = next(v for k, v in entry_node.value if k.value == "children")
                if not isinstance(children, list):
                    bank.problems.append(Problem(str(path), lines["children"], "children must be a list"))
                else:
                    walk(children, child_node.value, slug)

    assert isinstance(node, yaml.SequenceNode)
    walk(data, node.value, None)


FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?$\n?", re.S | re.M)


def _read_question(path: Path, text: str, problems: list[Problem]) -> QuestionRecord | None:
    name = str(path)
    slug = path.stem
    match = FRONT_MATTER_RE.match(text)
    if not match:
        problems.append(Problem(name, 1, "expected YAML front matter between two '---' lines"))
        return None
    data, node = _parse_yaml(path, match.group(1), 1, problems)
    if data is None and node is None:
        return None
    if not isinstance(data, dict):
        problems.append(Problem(name, 2, "front matter must be a mapping of fields"))
        return None
    lines = _yaml_lines(node, 1) if node is not None else {}
    answer_line = text[: match.end()].count("\n") + 1
    found: list[Problem] = []

    def bad(key: Any, message: str) -> None:
        found.append(Problem(name, lines.get(key, 2), message))

    if not SLUG_RE.match(slug):
        found.append(Problem(name, 1, f"file name '{slug}' is not a slug (lowercase letters, digits, hyphens)"))
    elif len(slug) > MAX_LENGTHS["question slug"]:
        found.append(Problem(name, 1, f"file name '{slug}' is longer than {MAX_LENGTHS['question slug']} characters"))
    for key in sorted(set(data) - set(QUESTION_KEYS), key=str):
        bad(key, f"unknown field '{key}' (known: {', '.join(QUESTION_KEYS)})")
    published = data.get("status", Question.Status.PUBLISHED) in (None, "", Question.Status.PUBLISHED)
    for key in REQUIRED_KEYS + (PUBLISHED_KEYS if published else ()):
        if data.get(key) in (None, "", []):
            found.append(Problem(name, lines.get(key, 2), f"'{key}' is required"))

    def text_field(key: str) -> str:
        value = data.get(key)
        if value is None:
            return ""
        if not isinstance(value, str | int | float):
            bad(key, f"'{key}' must be text")
            return ""
        return str(value).strip()

    def choice(key: str, choices: Sequence[str], default: str = "") -> str:
        value = data.get(key, default)
        if value in (None, ""):
            return default
        if value not in choices:
            bad(key, f"'{key}' must be one of {', '.join(choices)}, not '{value}'")
        return str(value)

    def slug_list(key: str, limit: int = 0) -> list[str]:
        value = data.get(key) or []
        if not isinstance(value, list):
            bad(key, f"'{key}' must be a list")
            return []
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, str) or not SLUG_RE.match(item):
                bad((key, i), f"'{key}' item {item!r} is not a slug")
            elif limit and len(item) > limit:
                bad((key, i), f"'{key}' item '{item}' is longer than {limit} characters")
            else:
                out.append(item)
                # Keyed by the item too: skipped and repeated items shift the kept ones' indexes.
                lines.setdefault((key, item), lines.get((key, i), lines.get(key, 2)))
        return list(dict.fromkeys(out))

    def required_text(key: str) -> str:
        value = text_field(key)
        needed = key in REQUIRED_KEYS or published
        if needed and not value and data.get(key) not in (None, "", []) and isinstance(data.get(key), str):
            bad(key, f"'{key}' is required")  # only spaces
        return value

    def code_field(key: str) -> str | None:
        """Python source as written, with its leading and trailing blank lines dropped (their
        count kept, so a syntax error names the file's own line); None when it is not text."""
        value = data.get(key)
        if value is None:
            return ""
        if not isinstance(value, str):
            bad(key, f"'{key}' must be text (Python source, written as a block: `{key}: |`)")
            return None
        source = value.replace("\r\n", "\n")
        skipped[key] = len(source) - len(source.lstrip("\n"))
        return code_text(source)

    skipped: dict[str, int] = {}

    def bad_code(where: Any, message: str) -> None:
        if isinstance(where, tuple) and ("text", where[0]) in lines:
            field_name, line = where
            found.append(Problem(name, lines[("text", field_name)] + skipped.get(field_name, 0) + line - 1, message))
        else:
            bad(where[0] if isinstance(where, tuple) else where, message)

    title = required_text("title")
    if len(title) > MAX_LENGTHS["title"]:
        bad("title", f"'title' is longer than {MAX_LENGTHS['title']} characters ({len(title)})")
    short_answer = required_text("short_answer")
    if message := short_answer_problem(short_answer):
        bad("short_answer", f"'short_answer': {message}")
    key_points, essential_points = _key_points(data.get("key_points") or [], bad)

    def bad_in(key: str) -> Bad:
        return lambda where, message: bad(where, f"'{key}': {message}")

    follow_ups = clean_follow_ups(data.get("follow_ups"), bad_in("follow_ups"))
    pitfalls = clean_pitfalls(data.get("pitfalls"), bad_in("pitfalls"))
    also_asked_as = clean_also_asked_as(data.get("also_asked_as"), bad_in("also_asked_as"))
    try:
        last_reviewed = last_reviewed_from(data.get("last_reviewed"))
    except ValueError as exc:
        bad("last_reviewed", str(exc))
        last_reviewed = None
    starter_code, tests = code_field("starter_code"), code_field("tests")
    if starter_code is not None and tests is not None:
        clean_code(
            kind=str(data.get("kind") or ""), starter_code=starter_code, tests=tests, bad=bad_code, published=published
        )
    commonly_asked = data.get("commonly_asked", False)
    if not isinstance(commonly_asked, bool):
        bad("commonly_asked", "'commonly_asked' must be true or false")
    category = text_field("category")
    if category and not SLUG_RE.match(category):
        bad("category", f"'category' {category!r} is not a slug")
        category = ""  # said once; not "unknown category" as well
    answer = text[match.end() :].strip()
    if not answer and published:
        found.append(Problem(name, answer_line, "the model answer (the Markdown after the front matter) is empty"))
    related = slug_list("related")
    if slug in related:
        bad("related", "a question cannot be related to itself")
    record = QuestionRecord(
        slug=slug,
        title=title,
        category=category,
        difficulty=choice("difficulty", Question.Difficulty.values),
        kind=choice("kind", Question.Kind.values),
        status=choice("status", Question.Status.values, Question.Status.PUBLISHED),
        commonly_asked=commonly_asked is True,
        scenario=text_field("scenario"),
        answer=answer,
        short_answer=short_answer,
        key_points=key_points,
        essential_points=essential_points,
        references=clean_references(data.get("references"), bad),
        follow_ups=follow_ups,
        pitfalls=pitfalls,
        also_asked_as=also_asked_as,
        last_reviewed=last_reviewed,
        starter_code=starter_code or "",
        tests=tests or "",
        tags=slug_list("tags", MAX_LENGTHS["tag"]),
        related=[s for s in related if s != slug],
        source=name,
        line=answer_line,
        field_lines=lines,
        broken=bool(found),
    )
    problems.extend(found)
    return record


def _key_points(value: Any, bad: Bad) -> tuple[list[str], list[int]]:
    """Key points as a file writes them: text, or `{text, essential: true}` for one a strong answer
    must contain; returns the texts and the indexes of the essential ones."""
    if not isinstance(value, list):
        bad("key_points", f"'key_points': {key_points_problem(value)}")
        return [], []
    texts: list[Any] = []
    essential = []
    for i, item in enumerate(value):
        if isinstance(item, dict):
            for key in sorted(set(item) - set(KEY_POINT_KEYS), key=str):
                bad(("key_points", i), f"key point {i + 1} has an unknown field '{key}' (known: text, essential)")
            if item.get("essential", False) not in (True, False):
                bad(("key_points", i), f"key point {i + 1}: 'essential' must be true or false")
            elif item.get("essential"):
                essential.append(i)
            item = item.get("text")
        texts.append(item)
    if message := key_points_problem(texts):
        bad("key_points", f"'key_points': {message}")
        return [], []
    # Indexes taken from the list itself, so essential_points_problem has nothing to find here.
    return [t.strip() for t in texts], essential


def _fold(title: str) -> str:
    """A title as compared for repeats: case and runs of spaces aside."""
    return " ".join(title.split()).lower()


def _check_across_files(bank: Bank, drafts_category: str) -> None:
    """Problems no single file shows: duplicates, unknown categories and links.

    A link may name a question of these files or one already in the bank, whatever its status,
    so a partial export comes back whole; the bank is asked once for all the links' slugs.
    """
    seen_categories: dict[str, CategoryRecord] = {}
    for cat in bank.categories:
        if cat.slug in seen_categories:
            first = seen_categories[cat.slug]
            bank.problems.append(
                Problem(
                    cat.source, cat.line, f"category '{cat.slug}' is already defined at {first.source}:{first.line}"
                )
            )
        seen_categories[cat.slug] = cat
    known_categories = set(seen_categories) | set(Category.objects.values_list("slug", flat=True))
    if drafts_category == IMPORTED_CATEGORY:
        known_categories.add(IMPORTED_CATEGORY)  # created on first use
    elif drafts_category not in known_categories and any(r.foreign for r in bank.questions):
        bank.problems.append(Problem(drafts_category, 0, f"unknown category '{drafts_category}' for imported drafts"))
    seen: dict[str, QuestionRecord] = {}
    for record in bank.questions:
        if record.slug in seen:
            bank.problems.append(
                Problem(record.source, 1, f"slug '{record.slug}' is also used by {seen[record.slug].source}")
            )
        seen[record.slug] = record
    batch_slugs = set(seen)
    wanted = {s for r in bank.questions for s in r.related} - batch_slugs
    # Only published titles must be unique: an archived question keeps its title beside its
    # replacement, and drafts (two lists sharing a question) wait for a curator to merge them.
    titled = [r for r in bank.questions if not r.foreign and r.status == Question.Status.PUBLISHED and r.title]
    # One query for the links and the titles both: the bank's questions outside these files.
    in_bank = list(
        Question.objects.annotate(folded=Lower("title"))
        .filter(Q(slug__in=wanted) | Q(status=Question.Status.PUBLISHED, folded__in={_fold(r.title) for r in titled}))
        .exclude(slug__in=batch_slugs)
        .values_list("slug", "title", "status")
    )
    known_questions = batch_slugs | bank.unreadable | {slug for slug, _, _ in in_bank}
    titles = {_fold(title): slug for slug, title, status in in_bank if status == Question.Status.PUBLISHED}
    for record in titled:
        other = titles.setdefault(_fold(record.title), record.slug)
        if other != record.slug:
            bank.problems.append(Problem(record.source, record.line_of("title"), f"title repeats '{other}'"))
    for record in bank.questions:
        if record.foreign:
            continue  # their category is checked once, above
        if record.category and record.category not in known_categories:
            bank.problems.append(
                Problem(record.source, record.line_of("category"), f"unknown category '{record.category}'")
            )
        for slug in record.related:
            if slug not in known_questions:
                bank.problems.append(
                    Problem(
                        record.source,
                        record.line_of(("related", slug)),
                        f"related question '{slug}' is neither in these files nor in the bank",
                    )
                )
