"""Loading checked bank files into the database: one transaction, idempotent by slug."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import transaction

from questions.bank.reading import Bank, ImportReport, QuestionRecord, _Rollback, read_bank
from questions.revisions import save_revision
from questions.foreign import IMPORTED_CATEGORY
from questions.models import Category, Question, Tag

if TYPE_CHECKING:
    from accounts.models import User

COMMAND = "manage.py import_bank"


def import_bank(
    paths: Iterable[str | Path],
    *,
    dry_run: bool = False,
    drafts_category: str = IMPORTED_CATEGORY,
    user: User | None = None,
) -> ImportReport:
    """Check, then load in one transaction: all files or nothing. Idempotent by slug.

    Each question created or changed gets exactly one revision, "Imported from <file>", by `user`;
    without a user (a script, a deploy) the reason names the command instead.
    """
    bank = read_bank(paths, drafts_category=drafts_category)
    report = ImportReport(dry_run=dry_run, problems=bank.problems)
    if bank.problems:
        return report
    try:
        with transaction.atomic():
            _load(bank, report, user)
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass
    return report


def _load(bank: Bank, report: ImportReport, user: User | None) -> None:

    categories = {c.slug: c for c in Category.objects.all()}
    kept_order = _siblings_in_file_order(bank, categories)
    for entry in bank.categories:
        parent = categories.get(entry.parent) if entry.parent else None
        current = categories.get(entry.slug)
        # A file lists siblings in order; positions already in that order are left as they are,
        # so an export (which writes no positions) comes back unchanged.
        position = current.position if current is not None and entry.parent in kept_order else entry.position
        values = {
            "name": entry.name, "description": entry.description,
            "parent": parent, "position": position,
        }  # fmt: skip
        if current is None:
            categories[entry.slug] = Category.objects.create(slug=entry.slug, **values)
            report.categories += 1
        elif any(getattr(current, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(current, key, value)
            current.save()
            report.categories += 1
    if IMPORTED_CATEGORY not in categories and any(r.category == IMPORTED_CATEGORY for r in bank.questions):
        categories[IMPORTED_CATEGORY] = Category.objects.create(
            slug=IMPORTED_CATEGORY,
            name="Imported (to review)",
            description="Drafts imported from other question lists, waiting for a curator.",
            position=10_000,
        )
        report.categories += 1

    tag_slugs = {t for r in bank.questions for t in r.tags}
    tags = {t.slug: t for t in Tag.objects.filter(slug__in=tag_slugs)}
    Tag.objects.bulk_create([Tag(slug=s, name=s.replace("-", " ")) for s in sorted(tag_slugs - set(tags))])
    tags = {t.slug: t for t in Tag.objects.filter(slug__in=tag_slugs)}

    existing = {
        q.slug: q
        for q in Question.objects.filter(slug__in=[r.slug for r in bank.questions]).prefetch_related("tags", "related")
    }
    saved: dict[str, Question] = {}
    changed: dict[str, str] = {}  # slug -> the reason its revision records
    created: set[str] = set()  # slugs new to the bank: their one revision is a creation
    for record in bank.questions:
        question = existing.get(record.slug)
        fields = _fields(record, categories[record.category])
        if record.foreign and question is not None and question.status != Question.Status.DRAFT:
            # A curator already took this one further; an import of a foreign list never undoes that.
            report.unchanged += 1
            continue
        reason = f"Imported from {Path(record.source).name}" + ("" if user else f" by {COMMAND}")
        if question is None:
            # Saved without a revision for now: links need every question of the bank to exist first.
            question = Question(slug=record.slug, **fields)
            question.save_without_historical_record()  # type: ignore[attr-defined]
            report.created += 1
            changed[record.slug] = reason
            created.add(record.slug)
        else:
            differs = [k for k, v in fields.items() if getattr(question, k) != v]
            differs_tags = {t.slug for t in question.tags.all()} != set(record.tags)
            differs_links = {q.slug for q in question.related.all()} != set(record.related)
            for key in differs:
                setattr(question, key, fields[key])
            if differs or differs_tags or differs_links:
                report.updated += 1
                changed[record.slug] = reason
            else:
                report.unchanged += 1
        saved[record.slug] = question

    link_targets = {s for r in bank.questions for s in r.related} - set(saved)
    targets = {**{q.slug: q for q in Question.objects.filter(slug__in=link_targets)}, **saved}
    for record in bank.questions:
        if record.slug in changed and record.slug in saved:
            # Fields, tags and links in one revision, whichever of them changed.
            save_revision(
                saved[record.slug],
                reason=changed[record.slug],
                user=user,
                tags=[tags[t] for t in record.tags],
                related=[targets[s] for s in record.related],
                created=record.slug in created,
            )


def _siblings_in_file_order(bank: Bank, categories: dict[str, Category]) -> set[str | None]:
    """Parents (None for the top level) whose known children the bank already orders as the file does."""
    groups: dict[str | None, list[str]] = {}
    for record in bank.categories:
        groups.setdefault(record.parent, []).append(record.slug)
    kept: set[str | None] = set()
    for parent, slugs in groups.items():
        known = [categories[s] for s in slugs if s in categories]
        in_bank = sorted(known, key=lambda c: (c.position, c.name))
        if len(known) == len(slugs) and [c.slug for c in in_bank] == slugs:
            kept.add(parent)
    return kept


def _fields(record: QuestionRecord, category: Category) -> dict[str, Any]:
    return {
        "title": record.title,
        "category": category,
        "difficulty": record.difficulty,
        "kind": record.kind,
        "status": record.status,
        "commonly_asked": record.commonly_asked,
        "body": record.scenario,
        "answer": record.answer,
        "short_answer": record.short_answer,
        "key_points": record.key_points,
        "essential_points": record.essential_points,
        "references": record.references,
        "follow_ups": record.follow_ups,
        "pitfalls": record.pitfalls,
        "also_asked_as": record.also_asked_as,
        "last_reviewed": record.last_reviewed,
        "starter_code": record.starter_code,
        "tests": record.tests,
    }
