"""Counts per filter value for the browse page ("Medium (42)").

Each facet is counted with every other active filter applied but not its own, the way
faceted search works in a shop: picking "hard" still shows how many easy questions match the
rest. One query per facet, whatever the size of the bank.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q

from questions.models import Category, Question, QuestionQuerySet, Tag

# Tags shown before the "more tags" fold; the rest are one click (or none: <details>) away.
TOP_TAGS = 30


@dataclass
class CategoryFacet:
    slug: str
    name: str
    count: int
    children: list[CategoryFacet] = field(default_factory=list)


@dataclass
class Facets:
    categories: list[CategoryFacet]
    difficulty: list[tuple[str, str, int]]
    kind: list[tuple[str, str, int]]
    tags: list[tuple[str, str, int]]
    common: int

    @property
    def tags_shown(self) -> list[tuple[str, str, int]]:
        return self.tags[:TOP_TAGS]

    @property
    def tags_more(self) -> list[tuple[str, str, int]]:
        return self.tags[TOP_TAGS:]


def _without(filters: dict[str, Any], key: str) -> dict[str, Any]:
    empty: dict[str, Any] = {"common": False, "bookmarked_by": None}
    without = {**filters, key: empty.get(key, "")}
    if key == "category":
        without.pop("category_ids", None)
    return without


def count_facets(visible: QuestionQuerySet, filters: dict[str, Any]) -> Facets:
    """Counts for each filter value among the questions in `visible`."""
    per_category = dict(
        visible.matching(**_without(filters, "category"))
        .order_by()
        .values_list("category_id")
        .annotate(n=Count("id", distinct=True))
    )
    categories = _category_tree(per_category, visible)

    def by_field(name: str, choices: list[tuple[str, str]]) -> list[tuple[str, str, int]]:
        counts = dict(
            visible.matching(**_without(filters, name))
            .order_by()
            .values_list(name)
            .annotate(n=Count("id", distinct=True))
        )
        return [(value, label, counts.get(value, 0)) for value, label in choices]

    # Every tag with a question among the matches, and the selected one even when it has none,
    # so it can always be seen and unselected. Most used first.
    selected = filters.get("tag") or ""
    among = Q(questions__in=visible.matching(**_without(filters, "tag")).values("pk"))
    tag_rows = list(
        Tag.objects.annotate(n=Count("questions", filter=among, distinct=True))
        .filter(Q(n__gt=0) | Q(slug=selected))
        .order_by("-n", "slug")
        .values_list("slug", "name", "n")
    )
    if selected in (slug for slug, _, _ in tag_rows[TOP_TAGS:]):
        # A tag picked from under the fold stays in sight once picked.
        row = next(r for r in tag_rows if r[0] == selected)
        tag_rows.remove(row)
        tag_rows.insert(TOP_TAGS - 1, row)
    common = visible.matching(**_without(filters, "common")).filter(commonly_asked=True).count()
    return Facets(
        categories=categories,
        difficulty=by_field("difficulty", Question.Difficulty.choices),
        kind=by_field("kind", Question.Kind.choices),
        tags=[(slug, name, n) for slug, name, n in tag_rows],
        common=common,
    )


def _category_tree(per_category: dict[int, int], visible: QuestionQuerySet) -> list[CategoryFacet]:
    """Nest categories and add each child's count into its parent's.

    Only categories holding a question of `visible` (or under one that does) are in the tree, as
    in `categories_for_user`: a selected category of drafts alone, its slug guessed, stays unnamed.
    """
    holds = Exists(visible.filter(category=OuterRef("pk")))
    rows = list(
        Category.objects.annotate(holds=holds)
        .order_by("position", "name")
        .values_list("id", "slug", "name", "parent_id", "holds")
    )
    parents = {pk: parent_id for pk, _, _, parent_id, _ in rows}
    shown: set[int] = set()
    for pk, *_, holds_any in rows:
        walk: int | None = pk if holds_any else None
        while walk is not None and walk not in shown:
            shown.add(walk)
            walk = parents.get(walk)
    rows = [row for row in rows if row[0] in shown]
    nodes = {pk: CategoryFacet(slug=slug, name=name, count=per_category.get(pk, 0)) for pk, slug, name, *_ in rows}
    roots: list[CategoryFacet] = []
    for pk, _, _, parent_id, _ in rows:
        (nodes[parent_id].children if parent_id in nodes else roots).append(nodes[pk])

    def total(node: CategoryFacet) -> int:
        node.count += sum(total(child) for child in node.children)
        return node.count

    for root in roots:
        total(root)
    return roots
