"""A question's revisions as readable diffs, for the history page and the API."""

from __future__ import annotations

import difflib
from typing import Any

from django.apps import apps
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from questions.models import Category, Question, Tag

DIFFED_FIELDS = [
    ("title", "Title"), ("status", "Status"), ("category_id", "Category"), ("difficulty", "Difficulty"),
    ("kind", "Kind"), ("commonly_asked", "Commonly asked"), ("body", "Scenario"), ("short_answer", "Short answer"),
    ("key_points", "Key points"), ("essential_points", "Essential key points"), ("answer", "Model answer"),
    ("follow_ups", "Follow-ups"), ("pitfalls", "Pitfalls"), ("references", "References"),
    ("last_reviewed", "Last reviewed"),
]  # fmt: skip


def _diff(old: Any, new: Any) -> SafeString:
    """A readable, escaped diff of one field between two revisions."""

    def lines(value: Any) -> list[str]:
        if isinstance(value, list):
            # A follow-up reads as its probe and answer, line by line, not as a Python dict.
            return [
                line
                for v in value
                for line in (
                    [f"Q: {v.get('question', '')}", *f"A: {v.get('answer', '')}".splitlines()]
                    if isinstance(v, dict) and "question" in v
                    else [str(v)]
                )
            ]
        return str(value if value is not None else "").splitlines()

    out = []
    for line in difflib.unified_diff(lines(old), lines(new), lineterm="", n=1):
        if line.startswith(("---", "+++", "@@")):
            continue
        css = {"+": "added", "-": "removed"}.get(line[:1], "same")
        out.append(f'<span class="diff-{css}">{escape(line)}</span>')
    if not any('class="diff-added"' in line or 'class="diff-removed"' in line for line in out) and old != new:
        # The lines read the same: a form's \r\n against a file's \n, or the last line's newline
        # (reverting an edit made in a browser to an imported revision does this). Say so rather
        # than show an empty diff.
        return mark_safe(
            '<span class="diff-same">Only the line endings changed (CRLF, LF or the final newline).</span>'
        )
    return mark_safe("".join(out))  # noqa: S308 - every line is escaped above


def revisions(question: Question) -> list[dict[str, Any]]:
    """Each revision, newest first, with who, when, why and what changed against the one before.

    Five queries whatever the number of revisions: the revisions with their users, the category
    names, the tag slugs, and the tags and related links of every revision (simple-history keeps
    each in a table of its own; linked questions are named through a join).
    """
    records = list(question.history.select_related("history_user").order_by("history_id"))
    categories = dict(Category.objects.values_list("id", "name"))
    tag_slugs = dict(Tag.objects.values_list("id", "slug"))
    tags_of: dict[int, list[str]] = {r.history_id: [] for r in records}
    historical_tags = apps.get_model("questions", "HistoricalQuestion_tags")
    for history_id, tag_id in historical_tags.objects.filter(history__in=records).values_list("history_id", "tag_id"):
        tags_of[history_id].append(tag_slugs.get(tag_id, "?"))
    related_of: dict[int, list[str]] = {r.history_id: [] for r in records}
    historical_related = apps.get_model("questions", "HistoricalQuestion_related")
    links = historical_related.objects.filter(history__in=records).values_list("history_id", "to_question__slug")
    for history_id, slug in links:
        related_of[history_id].append(slug or "(deleted)")
    rows = []
    previous = None
    for record in records:
        changes = []
        for name, label in DIFFED_FIELDS:
            new = getattr(record, name)
            old = getattr(previous, name) if previous else None
            if previous is None or old != new:
                if name == "category_id":
                    old, new = categories.get(old, old), categories.get(new, new)  # type: ignore[call-overload,arg-type]
                elif name == "essential_points":
                    old, new = ([f"key point {i + 1}" for i in v or []] for v in (old, new))
                changes.append({"label": label, "diff": _diff(old if previous else "", new)})
        tags_now = sorted(tags_of[record.history_id])
        tags_before: list[str] = sorted(tags_of[previous.history_id]) if previous else []
        if tags_now != tags_before:
            changes.append({"label": "Tags", "diff": _diff(" ".join(tags_before), " ".join(tags_now))})
        related_now = sorted(related_of[record.history_id])
        related_before: list[str] = sorted(related_of[previous.history_id]) if previous else []
        if related_now != related_before:
            changes.append({"label": "Related questions", "diff": _diff(related_before, related_now)})
        rows.append({"record": record, "changes": changes})
        previous = record
    return rows[::-1]
