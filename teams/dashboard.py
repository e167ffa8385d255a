"""The coach's view of a team: one row per member, built from a fixed number of queries.

Queries, whatever the team's size: memberships, plans, plan questions, plan members, plan
progress, activity, due backlog, review states and categories: nine. Notes are never read
here, and typed answers only on a member's own page, when they opted in.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, Max, Q

from practice.models import Attempt, ReviewState
from practice.scheduling import recall_probability
from questions.models import Category, Question
from teams.models import Membership, StudyPlan, Team

WEAKEST = 3


@dataclass
class PlanProgress:
    plan: StudyPlan
    done: int
    total: int
    overdue: bool

    @property
    def share(self) -> float:
        return self.done / self.total if self.total else 0.0


@dataclass
class MemberRow:
    membership: Membership
    attempts_7d: int = 0
    attempts_30d: int = 0
    reviews: int = 0
    recalled: int = 0
    due: int = 0
    last_active: datetime | None = None
    readiness: dict[str, float] = field(default_factory=dict)
    plans: list[PlanProgress] = field(default_factory=list)

    @property
    def retention(self) -> float | None:
        return self.recalled / self.reviews if self.reviews else None

    @property
    def plan_completion(self) -> float | None:
        total = sum(p.total for p in self.plans)
        return sum(p.done for p in self.plans) / total if total else None

    @property
    def name(self) -> str:
        return str(self.membership.user)


@dataclass
class TeamDashboard:
    team: Team
    rows: list[MemberRow]
    categories: list[tuple[str, str]]  # (slug, name) of categories with published questions
    weakest: list[tuple[str, str, float]]  # (slug, name, mean readiness)


def plans_with_scope(team: Team) -> list[StudyPlan]:
    return list(team.plans.prefetch_related("questions", "members").order_by("due_date", "title"))


def team_dashboard(team: Team, now: datetime, *, member_ids: list[int] | None = None) -> TeamDashboard:
    memberships = list(Membership.objects.filter(team=team).select_related("user").order_by("joined_at"))
    if member_ids is not None:
        memberships = [m for m in memberships if m.user_id in member_ids]
    users = [m.user_id for m in memberships]
    rows = {m.user_id: MemberRow(membership=m) for m in memberships}

    plans = plans_with_scope(team)
    plan_questions = {p.pk: {q.pk for q in p.questions.all()} for p in plans}
    assigned = {p.pk: {u.pk for u in p.members.all()} or set(users) for p in plans}
    wanted = set().union(*plan_questions.values()) if plans else set()
    earliest = min((p.created_at for p in plans), default=now)
    practised: dict[int, set[int]] = defaultdict(set)
    if wanted:
        pairs = (
            Attempt.objects.filter(user_id__in=users, question_id__in=wanted, created_at__gte=earliest)
            .values_list("user_id", "question_id")
            .distinct()
        )
        for user_id, question_id in pairs:
            practised[user_id].add(question_id)
    for plan in plans:
        for user_id in assigned[plan.pk] & set(rows):
            done = len(plan_questions[plan.pk] & practised[user_id])
            total = len(plan_questions[plan.pk])
            rows[user_id].plans.append(
                PlanProgress(plan=plan, done=done, total=total, overdue=plan.due_date < now.date() and done < total)
            )

    activity = (
        Attempt.objects.filter(user_id__in=users)
        .values("user_id")
        .annotate(
            d7=Count("id", filter=Q(created_at__gte=now - timedelta(days=7))),
            d30=Count("id", filter=Q(created_at__gte=now - timedelta(days=30))),
            total=Count("id"),
            recalled=Count("id", filter=~Q(grade="again")),
            last=Max("created_at"),
        )
        .order_by()
    )
    for row in activity:
        member = rows[row["user_id"]]
        member.attempts_7d, member.attempts_30d, member.last_active = row["d7"], row["d30"], row["last"]
        member.reviews, member.recalled = row["total"], row["recalled"]

    due = (
        ReviewState.objects.filter(user_id__in=users, due__lte=now, question__status=Question.Status.PUBLISHED)
        .values("user_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in due:
        rows[row["user_id"]].due = row["n"]

    categories = list(
        Category.objects.annotate(n=Count("questions", filter=Q(questions__status=Question.Status.PUBLISHED)))
        .filter(n__gt=0)
        .order_by("position", "name")
    )
    totals = {c.pk: c.n for c in categories}  # type: ignore[attr-defined]
    slugs = {c.pk: c.slug for c in categories}
    sums: dict[tuple[int, int], float] = defaultdict(float)
    states = ReviewState.objects.filter(user_id__in=users, question__status=Question.Status.PUBLISHED).values_list(
        "user_id", "question__category_id", "stability", "last_review"
    )
    for user_id, category_id, stability, last_review in states.iterator(chunk_size=5000):
        sums[(user_id, category_id)] += recall_probability(stability, last_review, now)
    for user_id, member in rows.items():
        member.readiness = {slugs[pk]: sums[(user_id, pk)] / total for pk, total in totals.items()}

    means = [(c.slug, c.name, sum(r.readiness[c.slug] for r in rows.values()) / len(rows)) for c in categories if rows]
    weakest = sorted(means, key=lambda item: item[2])[:WEAKEST]
    return TeamDashboard(
        team=team, rows=list(rows.values()), categories=[(c.slug, c.name) for c in categories], weakest=weakest
    )


def readiness_level(value: float) -> int:
    """0-4, for the heatmap's colour."""
    return min(4, int(value * 5))


def dashboard_csv_rows(dashboard: TeamDashboard) -> list[list[str]]:
    header = ["member", "role", "plan completion", "attempts 7d", "attempts 30d", "due", "retention", "last active"]
    header += [f"readiness {slug}" for slug, _ in dashboard.categories]
    out = [header]
    for row in dashboard.rows:
        out.append(
            [
                row.name,
                row.membership.role,
                "" if row.plan_completion is None else f"{row.plan_completion:.2f}",
                str(row.attempts_7d),
                str(row.attempts_30d),
                str(row.due),
                "" if row.retention is None else f"{row.retention:.2f}",
                row.last_active.isoformat() if row.last_active else "",
                *(f"{row.readiness.get(slug, 0):.2f}" for slug, _ in dashboard.categories),
            ]
        )
    return out
