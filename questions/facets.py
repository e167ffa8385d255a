"""Counts per filter value for the browse page ("Medium (42)").

Each facet is counted with every other active filter applied but not its own, the way
faceted search works in a shop: picking "hard" still shows how many easy questions match the
rest. One query per facet, whatever the size of the bank.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count

from questions.models import Category, Question, QuestionQuerySet

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


def _without(filters: dict[str, Any], key: str) -> dict[str, Any]:
    empty: dict[str, Any] = {"common": False, "bookmarked_by": None}
    return {**filters, key: empty.get(key, "")}


def count_facets(visible: QuestionQuerySet, filters: dict[str, Any]) -> Facets:
    """Counts for each filter value among the questions in `visible`."""
    per_category = dict(
        visible.matching(**_without(filters, "category"))
        .order_by()
        .values_list("category_id")
        .annotate(n=Count("id", distinct=True))
    )
    categories = _category_tree(per_category)

    def by_field(name: str, choices: list[tuple[str, str]]) -> list[tuple[str, str, int]]:
        counts = dict(
            visible.matching(**_without(filters, name))
            .order_by()
            .values_list(name)
            .annotate(n=Count("id", distinct=True))
        )
        return [(value, label, counts.get(value, 0)) for value, label in choices]

    tag_rows = (
        visible.matching(**_without(filters, "tag"))
        .order_by()
        .filter(tags__isnull=False)
        .values_list("tags__slug", "tags__name")
        .annotate(n=Count("id", distinct=True))
        .order_by("-n", "tags__slug")[:TOP_TAGS]
    )
    common = visible.matching(**_without(filters, "common")).filter(commonly_asked=True).count()
    return Facets(
        categories=categories,
        difficulty=by_field("difficulty", Question.Difficulty.choices),
        kind=by_field("kind", Question.Kind.choices),
        tags=[(slug, name, n) for slug, name, n in tag_rows],
        common=common,
    )


def _category_tree(per_category: dict[int, int]) -> list[CategoryFacet]:
    """Nest categories and add each child's count into its parent's."""
    rows = list(Category.objects.order_by("position", "name").values_list("id", "slug", "name", "parent_id"))
    nodes = {pk: CategoryFacet(slug=slug, name=name, count=per_category.get(pk, 0)) for pk, slug, name, _ in rows}
    roots: list[CategoryFacet] = []
    for pk, _, _, parent_id in rows:
        (nodes[parent_id].children if parent_id in nodes else roots).append(nodes[pk])

    def total(node: CategoryFacet) -> int:
        node.count += sum(total(child) for child in node.children)
        return node.count

    for root in roots:
        total(root)
    return roots
