"""Measuring search on the committed query sets (queries/dev.yaml, queries/held_out.yaml).

Each query names the one question that answers it; a ranker is scored by recall@5 (the share
of queries whose question is among the first five results) and MRR (the mean of 1/rank,
0 when it is not found), over the published questions, as a visitor sees them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

QUERY_SETS = {"dev": "dev.yaml", "held_out": "held_out.yaml"}
QUERIES_DIR = Path(__file__).with_name("queries")


@dataclass(frozen=True)
class EvalQuery:
    text: str
    slug: str
    kind: str


@dataclass(frozen=True)
class Score:
    recall_at_5: float
    mrr: float
    misses: tuple[tuple[EvalQuery, int], ...]  # queries not in the top 5, with the rank found (0: none)


def load_queries(name: str) -> list[EvalQuery]:
    data: list[dict[str, Any]] = yaml.safe_load((QUERIES_DIR / QUERY_SETS[name]).read_text(encoding="utf-8"))
    return [EvalQuery(str(d["q"]), str(d["slug"]), str(d.get("kind", ""))) for d in data]


def score(queries: list[EvalQuery], rank: Callable[[str], list[str]]) -> Score:
    """`rank(text)` gives result slugs best first."""
    hits, reciprocal, misses = 0, 0.0, []
    for query in queries:
        slugs = rank(query.text)
        position = slugs.index(query.slug) + 1 if query.slug in slugs else 0
        hits += 0 < position <= 5
        reciprocal += 1 / position if position else 0.0
        if not 0 < position <= 5:
            misses.append((query, position))
    n = max(1, len(queries))
    return Score(hits / n, reciprocal / n, tuple(misses))
