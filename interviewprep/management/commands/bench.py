"""Fill a database with many users and review states, then time the pages that read them.

    python manage.py bench [--users 10000] [--states 1000000] [--samples 200] [--questions 10000]

Run it against a database of its own (`make bench` uses BENCH_DATABASE_URL, by default a
SQLite file bench.sqlite3): it adds users, questions when the bank is smaller than
states/users, review states and a year of attempts for the sampled users. Filling is skipped
when the database already holds that many review states. Reports median and p95 latency and
the query count per whole request, each made afresh (the cache emptied before it), for the due
queue (page and API) and the progress dashboard (page and API), then the 200-member team
dashboard (page, API and CSV).

Then search: the shipped bank is imported and copied, reworded, up to `--questions` questions,
and `GET /api/v1/questions/?search=` is timed on the development queries with each result
computed afresh (the engine's result cache emptied before every request, its per-query vector
cache kept), with the memory the in-memory vectors take.
"""

from __future__ import annotations

import gc
import random
import statistics
import time
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from practice.models import Attempt, ReviewState
from practice.scheduling import StateCode
from questions.bank.loading import import_bank
from questions.models import Category, Question
from questions.search import engine
from questions.search.evaluation import load_queries
from teams.models import Membership, Team
from teams.services import create_plan, create_team

BATCH = 20_000
ENDPOINTS = {
    "due queue page": "/practice/review/",
    "due queue API": "/api/v1/review/due/",
    "progress dashboard": "/practice/progress/",
    "progress API": "/api/v1/progress/",
}
TEAM_ENDPOINTS = {
    "team dashboard (200)": "/teams/bench-team/dashboard/",
    "team dashboard API": "/api/v1/teams/bench-team/dashboard/",
    "team dashboard CSV": "/teams/bench-team/dashboard/?format=csv",
}
TEAM_SIZE = 200
# The promise for a 200-member team's dashboard, page and API, per whole request.
QUERY_BUDGET = dict.fromkeys(TEAM_ENDPOINTS, 10)


class Command(BaseCommand):
    help = "Fill the database with users and review states and report due-queue and dashboard latency."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--users", type=int, default=10_000)
        parser.add_argument("--states", type=int, default=1_000_000)
        parser.add_argument("--samples", type=int, default=200, help="requests timed per endpoint")
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--questions", type=int, default=10_000, help="questions to search among (0: skip)")

    def handle(
        self, *args: Any, users: int, states: int, samples: int, seed: int, questions: int, **options: Any
    ) -> None:
        rng = random.Random(seed)
        per_user = max(1, states // users)
        started = time.perf_counter()
        if ReviewState.objects.count() < states:
            self.fill(users=users, per_user=per_user, rng=rng)
        # The same users every run (a generator of their own: filling or not leaves it alone), so
        # runs before and after a change time the same people and their history is added once.
        bench_ids = list(User.objects.filter(email__startswith="bench-").order_by("pk").values_list("pk", flat=True))
        chosen = random.Random(seed).sample(bench_ids, min(len(bench_ids), max(1, samples // 4)))
        by_pk = User.objects.in_bulk(chosen)
        sample_users = [by_pk[pk] for pk in chosen]
        self.add_history(sample_users, rng)
        if connection.vendor == "postgresql":
            # A live server's autovacuum would have vacuumed and analysed the tables long since:
            # without statistics the planner guesses, and without a current visibility map no
            # index-only scan skips the heap, so the timings would say more about a new table.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        self.stdout.write(
            f"database ({connection.vendor}): {User.objects.count()} users, {Question.objects.count()} questions, "
            f"{ReviewState.objects.count()} review states, {Attempt.objects.count()} attempts "
            f"(ready in {time.perf_counter() - started:.0f} s)"
        )
        owner = self.bench_team(sample_users)
        # A 200-member team's CSV is built by the worker in production (EXPORT_INLINE_MAX_MEMBERS);
        # here it is built in the request, so that what the job does is what is timed.
        settings.EXPORT_INLINE_MAX_MEMBERS = TEAM_SIZE
        gc.freeze()  # as interviewprep/wsgi.py does in each server process once it has loaded
        client = Client(HTTP_HOST="127.0.0.1")
        self.stdout.write(f"{'endpoint':<22}{'median ms':>11}{'p95 ms':>9}{'queries':>9}  ({samples} requests each)")
        jobs = [(name, url, sample_users) for name, url in ENDPOINTS.items()]
        jobs += [(name, url, [owner]) for name, url in TEAM_ENDPOINTS.items()]
        for name, url, users_for in jobs:
            timings, queries = [], set()
            # One request untimed first: a page's first request compiles its templates and fills
            # caches, which no later request pays; with 20 samples it alone would be the p95.
            client.force_login(users_for[0])
            client.get(url)
            # The team's endpoints are slower, so fewer requests; enough that the p95 is not the slowest.
            for i in range(samples if users_for is sample_users else max(20, samples // 4)):
                client.force_login(users_for[i % len(users_for)])
                # Each page made afresh: a person's own pages are cached (interviewprep/page_cache.py),
                # and what is timed here is the work of making one.
                cache.clear()
                reset_queries()  # the query log is capped; start each request from empty
                with CaptureQueriesContext(connection) as captured:
                    t0 = time.perf_counter()
                    response = client.get(url)
                    timings.append((time.perf_counter() - t0) * 1000)
                assert response.status_code == 200, (url, response.status_code)
                # The whole request, session and user lookups included.
                queries.add(len(captured))
            timings.sort()
            p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
            counts = "/".join(str(q) for q in sorted(queries))
            budget = QUERY_BUDGET.get(name)
            over = f"  over the budget of {budget}" if budget and max(queries) > budget else ""
            self.stdout.write(f"{name:<22}{statistics.median(timings):>11.1f}{p95:>9.1f}{counts:>9}{over}")
        if questions:
            self.bench_search(client, questions=questions, samples=samples, rng=rng)

    def bench_search(self, client: Client, *, questions: int, samples: int, rng: random.Random) -> None:
        """The API's search among `questions` questions: the bank, then reworded copies of it."""
        if not Question.objects.filter(slug="dropout").exists():
            import_bank([settings.BASE_DIR / "bank"])
        originals = list(Question.objects.published().exclude(slug__startswith="bench-"))
        have = Question.objects.published().count()
        started = time.perf_counter()
        copies = []
        for i in range(have, questions):
            source = originals[i % len(originals)]
            words = source.title.rstrip("?").split()
            rng.shuffle(words)
            copies.append(
                Question(
                    slug=f"bench-search-{i}",
                    title=f"{' '.join(words)} (variant {i})?",
                    category=source.category,
                    status=Question.Status.PUBLISHED,
                    difficulty=source.difficulty,
                    kind=source.kind,
                    short_answer=source.short_answer,
                    key_points=source.key_points,
                    answer=source.answer,
                    also_asked_as=source.also_asked_as,
                )  # fmt: skip
            )
        for at in range(0, len(copies), 1_000):
            Question.objects.bulk_create(copies[at : at + 1_000])
        texts = [q.text for q in load_queries("dev")]
        client.logout()
        client.get("/api/v1/questions/?search=warm")  # reads the bank into memory once
        index = engine.bank_index()
        self.stdout.write(
            f"search among {len(index.ids)} questions (ready in {time.perf_counter() - started:.0f} s); vectors in "
            f"memory: {index.matrix.nbytes / 2**20:.1f} MiB ({index.memory_bytes / 2**20:.1f} MiB with ids), "
            f"vocabulary {len(index.vocabulary)} words"
        )
        timings, queries = [], set()
        for i in range(samples):
            engine._results.clear()  # each search ranked afresh, as a new query would be
            reset_queries()
            with CaptureQueriesContext(connection) as captured:
                t0 = time.perf_counter()
                response = client.get("/api/v1/questions/", {"search": texts[i % len(texts)]})
                timings.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, response.status_code
            queries.add(len(captured))
        timings.sort()
        p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
        counts = "/".join(str(q) for q in sorted(queries))
        self.stdout.write(f"{'search API':<22}{statistics.median(timings):>11.1f}{p95:>9.1f}{counts:>9}")

    def bench_team(self, sample_users: list[User]) -> User:
        """A team of 200 bench users with a plan, owned by a sampled user; returns the owner."""
        team = Team.objects.filter(slug="bench-team").first()
        if team is None:
            owner = sample_users[0]
            team = create_team(user=owner, name="Bench team", slug="bench-team", now=timezone.now())
            others = User.objects.filter(email__startswith="bench-").exclude(pk=owner.pk)[: TEAM_SIZE - 1]
            Membership.objects.bulk_create(Membership(team=team, user=u) for u in others)
            questions = list(Question.objects.published()[:20])
            create_plan(team=team, by=owner, title="Bench plan", due_date=timezone.now().date(), questions=questions,
                        now=timezone.now())  # fmt: skip
        return team.memberships.get(role="owner").user

    def fill(self, *, users: int, per_user: int, rng: random.Random) -> None:
        now = timezone.now()
        category, _ = Category.objects.get_or_create(slug="bench", defaults={"name": "Benchmark"})
        missing = per_user - Question.objects.published().count()
        if missing > 0:
            Question.objects.bulk_create(
                Question(
                    slug=f"bench-{i}",
                    title=f"Benchmark question {i}",
                    category=category,
                    status=Question.Status.PUBLISHED,
                    key_points=["a", "b", "c"],
                )  # fmt: skip
                for i in range(missing)
            )
        question_ids = list(Question.objects.published().values_list("id", flat=True))
        have = User.objects.filter(email__startswith="bench-").count()
        # One unusable password hash for all: hashing 10 000 passwords would dominate the run.
        User.objects.bulk_create(
            (User(email=f"bench-{i}@example.com", password="!") for i in range(have, users)), batch_size=BATCH
        )
        self.stdout.write(f"users: {users}")
        user_ids = list(User.objects.filter(email__startswith="bench-").values_list("id", flat=True))
        existing = set(ReviewState.objects.values_list("user_id").distinct().values_list("user_id", flat=True))
        batch: list[ReviewState] = []
        written = 0
        for user_id in user_ids:
            if user_id in existing:
                continue
            for question_id in rng.sample(question_ids, min(per_user, len(question_ids))):
                last = now - timedelta(days=rng.uniform(0, 120))
                batch.append(
                    ReviewState(
                        user_id=user_id,
                        question_id=question_id,
                        state=StateCode.REVIEW,
                        stability=rng.uniform(0.5, 90),
                        difficulty=rng.uniform(1, 10),
                        due=last + timedelta(days=rng.uniform(0.5, 60)),
                        last_review=last,
                        reps=rng.randint(1, 12),
                        lapses=rng.randint(0, 3),
                        introduced_at=last - timedelta(days=1),
                    )  # fmt: skip
                )
            if len(batch) >= BATCH:
                ReviewState.objects.bulk_create(batch)
                written += len(batch)
                batch = []
                self.stdout.write(f"review states: {written}", ending="\r")
        ReviewState.objects.bulk_create(batch)
        self.stdout.write(f"review states: {written + len(batch)}")

    def add_history(self, users: list[User], rng: random.Random) -> None:
        """A year of attempts for the sampled users, so the dashboard has something to draw."""
        now = timezone.now()
        if Attempt.objects.filter(user__in=users).exists():
            return
        rows = []
        for user in users:
            question_ids = list(ReviewState.objects.filter(user=user).values_list("question_id", flat=True)[:50])
            if not question_ids:
                continue
            for day in range(365):
                for _ in range(rng.choice((0, 0, 1, 3))):
                    rows.append(
                        Attempt(
                            user=user,
                            question_id=rng.choice(question_ids),
                            created_at=now - timedelta(days=day),
                            grade=rng.choice(("again", "hard", "good", "good", "easy")),
                            seconds_taken=rng.randint(20, 300),
                        )  # fmt: skip
                    )
        Attempt.objects.bulk_create(rows, batch_size=BATCH)
