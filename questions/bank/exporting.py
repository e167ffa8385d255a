"""Writing questions back as bank files, in the format the reader reads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from questions.bank.reading import CATEGORIES_FILE
from questions.models import Category, Question, QuestionQuerySet


class _BankDumper(yaml.SafeDumper):
    """YAML that reads like the hand-written files: block text, short lists on one line."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Indent list items under their key ("  - item"), as people write them.
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


class _Flow(list):
    """A list written inline: [a, b, c]."""


_BankDumper.add_representer(str, _represent_str)
_BankDumper.add_representer(
    _Flow, lambda dumper, value: dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)
)


def dump_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_BankDumper, sort_keys=False, allow_unicode=True, width=4096)


def question_to_text(question: Question) -> str:
    """One question in the file format; what `read_bank` reads back to the same values."""
    front: dict[str, Any] = {
        "title": question.title,
        "category": question.category.slug,
        "difficulty": question.difficulty,
        "kind": question.kind,
        "tags": _Flow(sorted(t.slug for t in question.tags.all())),
        "commonly_asked": question.commonly_asked,
        "status": question.status,
    }
    if question.body:
        front["scenario"] = question.body + ("\n" if "\n" in question.body else "")
    # Left out when empty (a draft's): a blank block scalar reads badly and says nothing.
    if question.short_answer:
        front["short_answer"] = question.short_answer + "\n"
    if question.key_points:
        essential = set(question.essential_points)
        front["key_points"] = [
            {"text": point, "essential": True} if i in essential else point for i, point in enumerate(question.key_points)
        ]
    if question.references:
        front["references"] = [dict(ref) for ref in question.references]
    related = sorted(q.slug for q in question.related.all())
    if related:
        front["related"] = _Flow(related)
    if question.also_asked_as:
        front["also_asked_as"] = list(question.also_asked_as)
    if question.follow_ups:
        front["follow_ups"] = [
            {"question": f["question"], "answer": f["answer"] + ("\n" if "\n" in f["answer"] else "")}
            for f in question.follow_ups
        ]
    if question.pitfalls:
        front["pitfalls"] = list(question.pitfalls)
    if question.last_reviewed:
        front["last_reviewed"] = question.last_reviewed
    for name in ("starter_code", "tests"):
        if source := getattr(question, name):
            front[name] = source + "\n"
    return f"---\n{dump_yaml(front)}---\n{question.answer}\n"


def categories_to_text() -> str:
    categories = list(Category.objects.order_by("position", "name"))
    by_parent: dict[int | None, list[Category]] = {}
    for category in categories:
        by_parent.setdefault(category.parent_id, []).append(category)

    def entries(parent: int | None) -> list[dict[str, Any]]:
        out = []
        for category in by_parent.get(parent, []):
            entry: dict[str, Any] = {"slug": category.slug, "name": category.name}
            if category.description:
                entry["description"] = category.description
            if by_parent.get(category.pk):
                entry["children"] = entries(category.pk)
            out.append(entry)
        return out

    return dump_yaml(entries(None))


def export_bank(directory: str | Path, questions: QuestionQuerySet | None = None) -> int:
    """Write categories.yaml and one file per question under `directory`; returns the count.

    A selection keeps its links to questions outside it: dropping them would lose them when the
    files come back to this site. Importing resolves such a link against the bank, and refuses
    it with a file:line problem where the bank lacks that question.
    """
    root = Path(directory)
    root.mkdir(parents=True, exist_ok=True)
    (root / CATEGORIES_FILE).write_text(categories_to_text(), encoding="utf-8")
    if questions is None:
        questions = Question.objects.all()
    count = 0
    for question in questions.select_related("category").prefetch_related("tags", "related").order_by("slug"):
        folder = root / question.category.slug
        folder.mkdir(exist_ok=True)
        (folder / f"{question.slug}.md").write_text(question_to_text(question), encoding="utf-8")
        count += 1
    return count
