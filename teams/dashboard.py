"""The coach's view of a team: one row per member, built from a fixed number of queries.

Queries, whatever the team's size: the roster (memberships with each member's name and attempts
in 7 and 30 days, reviews, recalls and last activity aggregated in one join, read as values; the
views read it once after their access check and pass it in), plans, plan scope (questions and
members in one UNION), plan progress (the members' practised plan questions), categories, and
one pass over the members' review states that counts what is seen and due and sums recall per
member and category: six, five when the roster is passed in. The database does the per-state work; a row per member and
category comes back, however many questions the members have seen. The roster and the pass are
compiled once per process (accounts.compiled): building them through the ORM took longer than
the database took to answer the roster.
Notes are never read here, and typed answers only on a member's own page, when they opted in.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, IntegerField, Q, QuerySet, Sum, Value
from django.db.models.functions import TruncDate

from accounts.compiled import MARK_ID, MARK_IDS, MARK_OTHER_IDS, MARK_TIME, Compiled
from accounts.day_numbers import epoch_microseconds
from accounts.id_lists import OneOf
from practice.models import Attempt, ReviewState, set_aside
from practice.progress import CALENDAR_DAYS, READY_AFTER_REVIEWS, CalendarDay, calendar_of
from practice.recall import recall_at
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
    user_id: int
    name: str  # as User.__str__ gives it: the display name, else the email
    email: str
    role: str
    share_answers: bool = False
    attempts_7d: int = 0
    attempts_30d: int = 0
    reviews: int = 0
    recalled: int = 0
    due: int = 0
    seen: int = 0
    last_active: datetime | None = None
    readiness: dict[str, float] = field(default_factory=dict)
    group_readiness: dict[str, float] = field(default_factory=dict)  # per top-level category, its children in it
    practised: set[str] = field(default_factory=set)  # slugs of the categories the member has seen questions of
    plans: list[PlanProgress] = field(default_factory=list)

    @property
    def retention(self) -> float | None:
        return self.recalled / self.reviews if self.reviews else None

    @property
    def plan_completion(self) -> float | None:
        total = sum(p.total for p in self.plans)
        return sum(p.done for p in self.plans) / total if total else None


@dataclass
class TeamDashboard:
    team: Team
    rows: list[MemberRow]
    categories: list[tuple[str, str]]  # (slug, name) of categories with published questions
    weakest: list[tuple[str, str, float]]  # (slug, name, mean readiness of the members who practised it)
    # (slug, name) of the top-level categories: the heatmap's columns, so 17 categories stay readable.
    groups: list[tuple[str, str]] = field(default_factory=list)
    questions: int = 0  # published questions in the bank


def plans_with_scope(team: Team) -> tuple[list[StudyPlan], dict[int, set[int]], dict[int, set[int]]]:
    """The team's plans, each plan's question ids and each plan's chosen member ids, in two queries."""
    plans = list(team.plans.order_by("due_date", "title"))
    questions: dict[int, set[int]] = {p.pk: set() for p in plans}
    members: dict[int, set[int]] = {p.pk: set() for p in plans}
    if plans:
        picked = (
            StudyPlan.questions.through.objects.filter(studyplan__team=team)
            .annotate(is_member=Value(0, output_field=IntegerField()))
            .values_list("studyplan_id", "question_id", "is_member")  # type: ignore[misc]  # an annotation
            .order_by()
        )
        chosen = (
            StudyPlan.members.through.objects.filter(studyplan__team=team)
            .annotate(is_member=Value(1, output_field=IntegerField()))
            .values_list("studyplan_id", "user_id", "is_member")  # type: ignore[misc]  # an annotation
            .order_by()
        )
        for plan_id, other_id, is_member in picked.union(chosen, all=True):
            (members if is_member else questions)[plan_id].add(other_id)
    return plans, questions, members


# What the roster reads of each membership (MembershipQuerySet.for_dashboard), in MemberRow's order.
ROSTER_COLUMNS = ("user_id", "user__display_name", "user__email", "role", "share_answers",
                  "attempts_7d", "attempts_30d", "reviews", "recalled", "last_active")  # fmt: skip
_ROSTER = Compiled(
    lambda team, now: (
        Membership.objects.filter(team_id=team).for_dashboard(now).order_by("joined_at").values_list(*ROSTER_COLUMNS)
    ),
    markers={"team": MARK_ID, "now": MARK_TIME},
    # for_dashboard's windows, as it computes them from now
    derived={"week": lambda v: v["now"] - timedelta(days=7), "month": lambda v: v["now"] - timedelta(days=30)},
)


def _member_row(values: tuple[Any, ...]) -> MemberRow:
    user_id, display_name, email, role, share_answers, *figures = values
    row = MemberRow(user_id=user_id, name=display_name or email, email=email, role=role, share_answers=share_answers)
    row.attempts_7d, row.attempts_30d, row.reviews, row.recalled, row.last_active = figures
    return row


def roster(team: Team, now: datetime) -> list[MemberRow]:
    """Every member of `team` with their attempt figures, in the order they joined, in one query."""
    return [_member_row(values) for values in _ROSTER.rows(team=team.pk, now=now)]


def member_of(team: Team, user_id: int, now: datetime) -> MemberRow | None:
    """One member's row, as the roster has it; None if they are not in `team`."""
    values = team.memberships.filter(user_id=user_id).for_dashboard(now).values_list(*ROSTER_COLUMNS).first()
    return None if values is None else _member_row(values)


def _per_category(users: list[int], now: datetime) -> QuerySet[ReviewState, tuple[Any, ...]]:
    """Per member and category of the members' states: seen, summed recall and due."""
    # Counted on user_id (never null) rather than id, and by the state's own category (null unless
    # its question is published, practice/state_categories.py) rather than the question's: then
    # review_dashboard (practice.ReviewState) holds every column the pass reads in the order it
    # groups them, and the database aggregates one index entry after another, reading no question.
    return (
        ReviewState.objects.filter(OneOf("user_id", users), category__isnull=False)
        .values_list("user_id", "category_id")
        .annotate(
            seen=Count("user", filter=Q(reps__gt=0)),
            # As on the member's own progress page, a question counts from its second review on.
            recall=Sum(recall_at(now), filter=Q(reps__gte=READY_AFTER_REVIEWS), default=0.0),
            # What ReviewState.objects.due_for(member, now) would count (a buried question never
            # graded falls due again when it comes back).
            due=Count("user", filter=Q(due__lte=now) & ~set_aside(now)),
        )
        .order_by()
    )


def _practised(users: list[int], questions: list[int], since: datetime) -> QuerySet[Attempt, tuple[int, int]]:
    """The distinct (member, question) pairs of the members' attempts at these questions since then."""
    # Pairs rather than a count per plan in SQL: on SQLite the count joins plans, questions and
    # attempts and sorts twice, at twice the time. Both lists go in whole (OneOf), so either
    # database reads each member's attempts since then on attempt_user_recent (user, created_at),
    # the index that matches two of the conditions. (Joined to the memberships instead, the plan
    # PostgreSQL keeps for the prepared statement probed that index once per member and checked
    # each probe against the whole list of members: 5 ms here, where this takes 1.)
    return (
        Attempt.objects.filter(OneOf("user_id", users), OneOf("question_id", questions), created_at__gte=since)
        .values_list("user_id", "question_id")
        .order_by()  # Attempt's default ordering would join the DISTINCT and repeat pairs
        .distinct()
    )


_PRACTISED = Compiled(_practised, markers={"users": MARK_IDS, "questions": MARK_OTHER_IDS, "since": MARK_TIME})
_PER_CATEGORY = Compiled(
    _per_category,
    markers={"users": MARK_IDS, "now": MARK_TIME},
    derived={"now_micros": lambda v: epoch_microseconds(v["now"])},  # recall_at's elapsed days
)


def team_dashboard(team: Team, now: datetime, *, members: list[MemberRow] | None = None) -> TeamDashboard:
    """One row per member; `members` must come from roster(team, now) or member_of (and are filled in)."""
    if members is None:
        members = roster(team, now)
    users = [m.user_id for m in members]
    rows = {m.user_id: m for m in members}

    plans, plan_questions, chosen = plans_with_scope(team)
    assigned = {p.pk: chosen[p.pk] or set(users) for p in plans}
    wanted = set().union(*plan_questions.values()) if plans else set()
    earliest = min((p.created_at for p in plans), default=now)
    practised: dict[int, set[int]] = defaultdict(set)
    if wanted:
        for user_id, question_id in _PRACTISED.rows(users=users, questions=sorted(wanted), since=earliest):
            practised[user_id].add(question_id)
    for plan in plans:
        for user_id in assigned[plan.pk] & set(rows):
            done = len(plan_questions[plan.pk] & practised[user_id])
            total = len(plan_questions[plan.pk])
            rows[user_id].plans.append(
                PlanProgress(plan=plan, done=done, total=total, overdue=plan.due_date < now.date() and done < total)
            )

    categories = list(
        Category.objects.annotate(n=Count("questions", filter=Q(questions__status=Question.Status.PUBLISHED)))
        .filter(n__gt=0)
        .select_related("parent")
        .order_by("position", "name")
    )
    totals = {c.pk: c.n for c in categories}
    slugs = {c.pk: c.slug for c in categories}
    sums: dict[tuple[int, int], float] = {}
    per_category = _PER_CATEGORY.rows(users=users, now=now) if users else []
    for user_id, category_id, seen, recall, due in per_category:
        rows[user_id].due += due
        # (A category whose first question was published after `categories` was read has no
        # column in this answer yet.)
        if seen and category_id in slugs:
            sums[(user_id, category_id)] = recall
            rows[user_id].seen += seen
            rows[user_id].practised.add(slugs[category_id])
    # A sub-category goes in its top-level category's column (the tree is two levels deep).
    group_of = {c.pk: c.parent if c.parent_id and c.parent else c for c in categories}
    groups = list({group_of[c.pk].slug: group_of[c.pk] for c in categories}.values())
    members_of = {g.pk: [pk for pk in totals if group_of[pk].pk == g.pk] for g in groups}
    group_totals = {g.pk: sum(totals[pk] for pk in members_of[g.pk]) for g in groups}
    for user_id, member in rows.items():
        member.readiness = {slugs[pk]: sums.get((user_id, pk), 0.0) / total for pk, total in totals.items()}
        for group in groups:
            ready = sum(sums.get((user_id, pk), 0.0) for pk in members_of[group.pk])
            member.group_readiness[group.slug] = ready / group_totals[group.pk]

    # Weak means practised and forgotten: a category counts only over the members who practised it.
    means = []
    for c in categories:
        practising = [r.readiness[c.slug] for r in rows.values() if c.slug in r.practised]
        if practising:
            means.append((c.slug, str(c), sum(practising) / len(practising)))
    weakest = sorted(means, key=lambda item: item[2])[:WEAKEST]
    return TeamDashboard(
        team=team,
        rows=list(rows.values()),
        categories=[(c.slug, c.name) for c in categories],
        weakest=weakest,
        questions=sum(totals.values()),
        groups=[(g.slug, g.name) for g in groups],
    )


@dataclass
class Week:
    start: date
    attempts: int
    recalled: int

    @property
    def retention(self) -> float | None:
        return self.recalled / self.attempts if self.attempts else None


TREND_WEEKS = 8


def activity_of(user_id: int, now: datetime) -> tuple[list[CalendarDay], list[tuple[int, str]], list[Week]]:
    """A member's year of practice days and their last TREND_WEEKS weeks (attempts, recalled), in one query."""
    today = now.date()
    since = now - timedelta(days=CALENDAR_DAYS)
    per_day: dict[date, tuple[int, int]] = {
        day: (n, recalled)
        for day, n, recalled in Attempt.objects.filter(user_id=user_id, created_at__gte=since)
        .annotate(day=TruncDate("created_at"))
        .order_by()
        .values_list("day")
        .annotate(n=Count("id"), recalled=Count("id", filter=~Q(grade="again")))
    }
    calendar, months = calendar_of({day: n for day, (n, _) in per_day.items()}, today)
    monday = today - timedelta(days=today.weekday())
    weeks = []
    for back in range(TREND_WEEKS - 1, -1, -1):
        start = monday - timedelta(weeks=back)
        days = [per_day.get(start + timedelta(days=i), (0, 0)) for i in range(7)]
        weeks.append(Week(start=start, attempts=sum(n for n, _ in days), recalled=sum(r for _, r in days)))
    return calendar, months, weeks


def readiness_level(value: float) -> int:
    """0-4, for the heatmap's colour."""
    return min(4, int(value * 5))


def dashboard_csv_rows(dashboard: TeamDashboard) -> list[list[str]]:
    """The dashboard as rows for interviewprep.spreadsheets.csv_text, which keeps names from running as formulas."""
    header = ["member", "role", "plan completion", "attempts 7d", "attempts 30d", "due", "retention", "last active"]
    header += [f"readiness {slug}" for slug, _ in dashboard.categories]
    out = [header]
    for row in dashboard.rows:
        out.append(
            [
                row.name,
                row.role,
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
