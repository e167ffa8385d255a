"""Print recall@5 and MRR of lexical, semantic and hybrid search on a committed query set.

    python manage.py search_eval [--set dev|held_out|all] [--misses]

It ranks the questions of the database it runs on: import the shipped bank first
(`manage.py import_bank bank/`). The held-out set was written before the search was tuned and
is run once, at the end; tune on `dev`.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from questions.models import Question
from questions.search import engine
from questions.search.evaluation import QUERY_SETS, load_queries, score


class Command(BaseCommand):
    help = "Recall@5 and MRR of lexical, semantic and hybrid search on the committed query sets."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--set", choices=[*QUERY_SETS, "all"], default="dev", dest="query_set")
        parser.add_argument("--misses", action="store_true", help="list the queries not answered in the top 5")

    def handle(self, *args: Any, query_set: str, misses: bool, **options: Any) -> None:
        published = dict(Question.objects.published().values_list("id", "slug"))
        names = list(QUERY_SETS) if query_set == "all" else [query_set]
        rankers = {
            "lexical": engine.lexical_only,
            "semantic": engine.semantic_only,
            "hybrid": lambda text: list(engine.search(text).ids),
        }
        self.stdout.write(f"database: {connection.vendor}, {len(published)} published questions")
        self.stdout.write(f"{'set':<10}{'queries':>8}  {'method':<10}{'recall@5':>9}{'MRR':>7}")
        for name in names:
            queries = load_queries(name)
            unknown = sorted({q.slug for q in queries} - set(published.values()))
            if unknown:
                raise CommandError(f"not published in this database: {', '.join(unknown)} (import bank/ first)")
            for method, ranker in rankers.items():

                def ranked(text: str, r: Any = ranker) -> list[str]:
                    return [published[i] for i in r(text) if i in published]

                found = score(queries, ranked)
                figures = f"{found.recall_at_5:>9.3f}{found.mrr:>7.3f}"
                self.stdout.write(f"{name:<10}{len(queries):>8}  {method:<10}{figures}")
                if misses:
                    for query, position in found.misses:
                        where = f"rank {position}" if position else "not found"
                        self.stdout.write(f"    {query.kind:<11}{query.text!r} → {query.slug} ({where})")
