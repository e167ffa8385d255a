"""The dashboard's figures come from SQL aggregates; they are what the per-state Python
computation they replaced gave, kept here as the reference."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

import pytest
from django.db.models import Count, Q
from django.template import engines
from rest_framework.renderers import JSONRenderer

from practice.models import Attempt, ReviewState
from practice.progress import READY_AFTER_REVIEWS
from practice.scheduling import StateCode, recall_probability
from practice.services import record_attempt
from questions.models import Category, Question
from teams.api.views import DashboardSerializer, dashboard_data
from teams.dashboard import TeamDashboard, plans_with_scope, readiness_level, team_dashboard
from teams.models import Membership, Team
from teams.services import create_plan, create_team
from tests.conftest import client_for
from tests.factories import CategoryFactory, QuestionFactory, UserFactory

# Microseconds in the clock, so whole days elapsed are counted to the microsecond.
NOW = datetime(2026, 11, 24, 12, 0, 0, 500_000, tzinfo=UTC)


def reference_readiness(team: Team, now: datetime, users: list[int]) -> dict[str, object]:
    """The dashboard's per-state loop as it was before the aggregates: every review state of
    every member read into Python, recall_probability called on each."""
    plans, plan_questions, chosen = plans_with_scope(team)
    assigned = {p.pk: chosen[p.pk] or set(users) for p in plans}
    wanted = set().union(*plan_questions.values()) if plans else set()
    earliest = min((p.created_at for p in plans), default=now)
    practised_questions: dict[int, set[int]] = defaultdict(set)
    pairs = (
        Attempt.objects.filter(user_id__in=users, question_id__in=wanted, created_at__gte=earliest)
        .values_list("user_id", "question_id")
        .order_by()
        .distinct()
    )
    for user_id, question_id in pairs:
        practised_questions[user_id].add(question_id)
    plan_rows: dict[int, list[tuple[int, int, int, bool]]] = defaultdict(list)
    for plan in plans:
        for user_id in assigned[plan.pk] & set(users):
            done = len(plan_questions[plan.pk] & practised_questions[user_id])
            total = len(plan_questions[plan.pk])
            plan_rows[user_id].append((plan.pk, done, total, plan.due_date < now.date() and done < total))

    categories = list(
        Category.objects.annotate(n=Count("questions", filter=Q(questions__status=Question.Status.PUBLISHED)))
        .filter(n__gt=0)
        .select_related("parent")
        .order_by("position", "name")
    )
    totals = {c.pk: c.n for c in categories}
    slugs = {c.pk: c.slug for c in categories}
    sums: dict[tuple[int, int], float] = defaultdict(float)
    seen: dict[int, int] = defaultdict(int)
    practised: dict[int, set[str]] = defaultdict(set)
    states = (
        ReviewState.objects.seen()
        .filter(user_id__in=users, question__status=Question.Status.PUBLISHED)
        .values_list("user_id", "question__category_id", "stability", "last_review", "reps")
    )
    for user_id, category_id, stability, last_review, reps in states:
        if reps >= READY_AFTER_REVIEWS:
            sums[(user_id, category_id)] += recall_probability(stability, last_review, now)
        seen[user_id] += 1
        practised[user_id].add(slugs[category_id])
    group_of = {c.pk: c.parent if c.parent_id and c.parent else c for c in categories}
    groups = list({group_of[c.pk].slug: group_of[c.pk] for c in categories}.values())
    readiness: dict[int, dict[str, float]] = {}
    group_readiness: dict[int, dict[str, float]] = {}
    for user_id in users:
        readiness[user_id] = {slugs[pk]: sums[(user_id, pk)] / total for pk, total in totals.items()}
        group_readiness[user_id] = {}
        for group in groups:
            members_of = [pk for pk in totals if group_of[pk].pk == group.pk]
            total = sum(totals[pk] for pk in members_of)
            group_readiness[user_id][group.slug] = sum(sums[(user_id, pk)] for pk in members_of) / total
    means = []
    for c in categories:
        practising = [readiness[u][c.slug] for u in users if c.slug in practised[u]]
        if practising:
            means.append((c.slug, str(c), sum(practising) / len(practising)))
    due = {user_id: ReviewState.objects.due_for(user_id, now).count() for user_id in users}  # type: ignore[arg-type]
    return {
        "due": due,
        "seen": dict(seen),
        "practised": dict(practised),
        "readiness": readiness,
        "group_readiness": group_readiness,
        "plans": dict(plan_rows),
        "weakest": sorted(means, key=lambda item: item[2])[:3],
        "categories": [(c.slug, c.name) for c in categories],
        "groups": [(g.slug, g.name) for g in groups],
        "questions": sum(totals.values()),
    }


def assert_same_as_reference(data: TeamDashboard, reference: dict[str, object]) -> None:
    assert data.categories == reference["categories"]
    assert data.groups == reference["groups"]
    assert data.questions == reference["questions"]
    assert [slug for slug, _, _ in data.weakest] == [slug for slug, _, _ in reference["weakest"]]
    assert [name for _, name, _ in data.weakest] == [name for _, name, _ in reference["weakest"]]
    assert [v for _, _, v in data.weakest] == pytest.approx([v for _, _, v in reference["weakest"]], rel=1e-9)
    for row in data.rows:
        user_id = row.user_id
        assert row.due == reference["due"][user_id]
        assert row.seen == reference["seen"].get(user_id, 0)
        assert row.practised == reference["practised"].get(user_id, set())
        assert row.readiness.keys() == reference["readiness"][user_id].keys()
        assert row.readiness == pytest.approx(reference["readiness"][user_id], rel=1e-9, abs=1e-15)
        assert list(row.group_readiness) == list(reference["group_readiness"][user_id])
        assert row.group_readiness == pytest.approx(reference["group_readiness"][user_id], rel=1e-9, abs=1e-15)
        plans = sorted((p.plan.pk, p.done, p.total, p.overdue) for p in row.plans)
        assert plans == sorted(reference["plans"].get(user_id, []))


def state(user, question, *, reps, stability, last_review, state=StateCode.REVIEW, due=None, **set_aside):
    return ReviewState.objects.create(
        user=user, question=question, state=state, stability=stability, difficulty=5.0, reps=reps,
        last_review=last_review, due=due or (last_review or NOW) + timedelta(days=3),
        introduced_at=NOW - timedelta(days=90), **set_aside,
    )  # fmt: skip


@pytest.fixture
def busy_team(db):
    """Five members, a two-level category tree, states of every kind, two plans."""
    alice, bob, charlie, dave, erin = (UserFactory(display_name=n) for n in ("Alice", "Bob", "Charlie", "Dave", "Erin"))
    team = create_team(user=alice, name="Busy", now=NOW - timedelta(days=60))
    for i, user in enumerate((bob, charlie, dave, erin)):
        Membership.objects.create(team=team, user=user, joined_at=NOW - timedelta(days=50 - i))
    deep = CategoryFactory(slug="deep", name="Deep learning", position=1)
    vision = CategoryFactory(slug="vision", name="Vision", parent=deep, position=2)
    nlp = CategoryFactory(slug="nlp", name="Language", parent=deep, position=3)
    stats = CategoryFactory(slug="stats", name="Statistics", position=4)
    CategoryFactory(slug="empty", name="Empty", position=5)  # no questions: no column
    drafts = CategoryFactory(slug="drafts", name="Drafts only", position=6)
    bank = {
        category: [QuestionFactory(category=category) for _ in range(n)]
        for category, n in ((deep, 2), (vision, 3), (nlp, 2), (stats, 4))
    }
    unpublished = QuestionFactory(category=drafts, status=Question.Status.DRAFT)
    archived = QuestionFactory(category=vision, status=Question.Status.ARCHIVED)

    day = timedelta(days=1)
    micro = timedelta(microseconds=1)
    # Whole days to the microsecond either side of a day boundary, a review in the future, no
    # stability or no last review, a single review (not counted towards readiness) and many.
    lasts = [
        NOW - 3 * day, NOW - 3 * day + micro, NOW - 3 * day - micro, NOW.replace(microsecond=0) - 2 * day,
        NOW + 2 * day, NOW - 40 * day - timedelta(hours=7), NOW - timedelta(minutes=5), NOW - 365 * day,
    ]  # fmt: skip
    stabilities = [0.4, 1.0, 3.7, 12.5, 60.0, 250.0, 0.05]
    flat = [q for qs in bank.values() for q in qs]
    k = 0
    for user_index, user in enumerate((alice, bob, charlie, dave)):
        for q_index, question in enumerate(flat):
            if (q_index + user_index) % 4 == 3:
                continue  # some questions never seen
            reps = (1, 2, 3, 7)[(q_index + k) % 4]
            # Set aside now and then: suspended, buried until later, buried until a moment ago.
            set_aside = (
                {}, {"suspended_at": NOW - 3 * day}, {"buried_until": NOW + micro}, {"buried_until": NOW - micro}, {}
            )[k % 5]  # fmt: skip
            state(user, question, reps=reps, stability=stabilities[k % 7], last_review=lasts[k % 8], **set_aside)
            k += 1
        state(user, unpublished, reps=5, stability=20.0, last_review=NOW - 2 * day, due=NOW - day)
        state(user, archived, reps=5, stability=20.0, last_review=NOW - 2 * day, due=NOW - day)
    # Odd rows: seen, but with no stability or no last review (recall 0 in both computations).
    state(erin, bank[stats][0], reps=2, stability=None, last_review=NOW - day)
    state(erin, bank[stats][1], reps=3, stability=5.0, last_review=None)
    # Never-graded states, not seen: a suspended new question; one buried until a moment ago,
    # which is due again (as ReviewState.objects.due_for counts it); one due exactly now.
    state(erin, bank[nlp][0], reps=0, stability=None, last_review=None, state=StateCode.NEW, suspended_at=NOW)
    state(erin, bank[nlp][1], reps=0, stability=None, last_review=None, state=StateCode.NEW, due=NOW - 2 * day,
          buried_until=NOW - day)  # fmt: skip
    state(erin, bank[deep][1], reps=1, stability=2.0, last_review=NOW - 2 * day, due=NOW)

    plan_all = create_plan(
        team=team, by=alice, title="All", due_date=date(2026, 11, 10), questions=bank[vision] + bank[deep][:1],
        now=NOW - timedelta(days=20),
    )  # fmt: skip
    plan_some = create_plan(
        team=team, by=alice, title="Some", due_date=date(2027, 1, 1), questions=bank[stats][:3], members=[bob, dave],
        now=NOW - timedelta(days=10),
    )  # fmt: skip
    for user, question, days in (
        (bob, bank[vision][0], 15), (bob, bank[vision][0], 14), (bob, bank[vision][1], 25), (bob, bank[stats][0], 12),
        (charlie, bank[vision][2], 5), (dave, bank[stats][1], 3), (dave, bank[stats][2], 30), (erin, bank[deep][0], 1),
        (alice, bank[vision][0], 2), (alice, bank[stats][0], 2),
    ):  # fmt: skip
        Attempt.objects.create(user=user, question=question, grade="good", created_at=NOW - timedelta(days=days))
    return team, [alice, bob, charlie, dave, erin], (plan_all, plan_some)


def reference_due(user, now: datetime) -> int:
    """The roster's due backlog as it was counted, a subquery per member."""
    return Membership.objects.filter(user=user).annotate(
        n=Count("user__review_states", filter=Q(
            user__review_states__due__lte=now, user__review_states__suspended_at__isnull=True,
            user__review_states__question__status=Question.Status.PUBLISHED,
        ) & (Q(user__review_states__buried_until__isnull=True) | Q(user__review_states__buried_until__lte=now))),
    ).get().n  # fmt: skip


def test_the_dashboard_equals_the_per_state_computation_it_replaced(busy_team):
    team, users, _ = busy_team
    data = team_dashboard(team, NOW)
    assert [row.user_id for row in data.rows] == [u.pk for u in users]
    assert_same_as_reference(data, reference_readiness(team, NOW, [u.pk for u in users]))
    bob = data.rows[1]
    # Bob: "All" (vision and one deep question, due in the past) and "Some" (three stats questions).
    assert sorted((p.plan.title, p.done, p.total, p.overdue) for p in bob.plans) == [
        ("All", 1, 4, True),
        ("Some", 1, 3, False),
    ]
    assert {r.name for r in data.rows if len(r.plans) == 2} == {"Bob", "Dave"}
    erin = data.rows[4]
    assert erin.practised == {"stats", "deep"} and erin.seen == 3
    assert erin.due == 2  # the buried new question, and the one due now
    assert [row.due for row in data.rows[:4]] == [reference_due(u, NOW) for u in users[:4]]


def test_the_dashboard_equals_the_reference_at_other_times(busy_team):
    team, users, _ = busy_team
    for now in (NOW + timedelta(days=1, microseconds=-500_000), NOW + timedelta(days=400), NOW - timedelta(days=30)):
        assert_same_as_reference(team_dashboard(team, now), reference_readiness(team, now, [u.pk for u in users]))


def test_the_dashboard_equals_the_reference_after_real_reviews(db):
    owner, member = UserFactory(), UserFactory()
    team = create_team(user=owner, name="Real", now=NOW - timedelta(days=40))
    Membership.objects.create(team=team, user=member)
    questions = [QuestionFactory() for _ in range(4)]
    for i, question in enumerate(questions):
        for back, grade in ((30, "good"), (18 - i, "again"), (6 + i, "hard"), (2, "easy"))[: i + 1]:
            record_attempt(
                user=member, question=question, grade=grade, answer_text="", seconds_taken=5,
                now=NOW - timedelta(days=back, hours=i),
            )  # fmt: skip
    data = team_dashboard(team, NOW)
    assert_same_as_reference(data, reference_readiness(team, NOW, [owner.pk, member.pk]))
    assert data.rows[1].seen == 4 and sum(data.rows[1].readiness.values()) > 0


def reference_figures(user, now: datetime) -> tuple[int, int, int, int, datetime | None]:
    """A member's attempt figures (7 days, 30 days, reviews, recalled, last active) counted one by one."""
    attempts = list(Attempt.objects.filter(user=user).values_list("created_at", "grade"))
    return (
        sum(at >= now - timedelta(days=7) for at, _ in attempts),
        sum(at >= now - timedelta(days=30) for at, _ in attempts),
        len(attempts),
        sum(grade != "again" for _, grade in attempts),
        max((at for at, _ in attempts), default=None),
    )


def test_the_roster_figures_equal_each_members_attempts_counted_one_by_one(busy_team):
    team, users, _ = busy_team
    bob = users[1]
    question = QuestionFactory()
    # On the 7 and 30 day boundaries and a microsecond either side, some forgotten.
    micro = timedelta(microseconds=1)
    for back, grade in (
        (timedelta(days=7), "again"), (timedelta(days=7) + micro, "good"),
        (timedelta(days=30), "again"), (timedelta(days=30) - micro, "hard"), (timedelta(days=400), "again"),
    ):  # fmt: skip
        Attempt.objects.create(user=bob, question=question, grade=grade, created_at=NOW - back)
    frank = UserFactory(display_name="Frank")  # joined, never practised
    Membership.objects.create(team=team, user=frank, joined_at=NOW - timedelta(days=1))
    # Someone who left: their attempts are nobody's in this team.
    gone = UserFactory()
    Membership.objects.create(team=team, user=gone).delete()
    Attempt.objects.create(user=gone, question=question, grade="good", created_at=NOW - timedelta(days=1))

    roster = list(Membership.objects.filter(team=team).for_dashboard(NOW).order_by("joined_at"))
    assert [m.user for m in roster] == [*users, frank]
    for m in roster:
        figures = (m.attempts_7d, m.attempts_30d, m.reviews, m.recalled, m.last_active)  # type: ignore[attr-defined]
        assert figures == reference_figures(m.user, NOW)
    assert reference_figures(bob, NOW)[:4] == (1, 8, 9, 6)  # a boundary is inside its window
    assert reference_figures(frank, NOW) == (0, 0, 0, 0, None)


# The rows as the template printed them before the view made them (teams.views.dashboard_table).
OLD_ROWS = """{% load l10n progress_charts %}{% localize off %}{% for row, cells in heat %}
    <tr><td><a href="{% url 'teams:member' team.slug row.user_id %}">{{ row.name }}</a></td>
      <td>{% if row.plan_completion is not None %}{{ row.plan_completion|percent }}{% for p in row.plans %}{% if p.overdue %} <span class="badge badge-hard" title="{{ p.plan.title }}">overdue</span>{% endif %}{% endfor %}{% else %}–{% endif %}</td>
      <td>{{ row.attempts_7d }}</td><td>{{ row.attempts_30d }}</td><td>{{ row.due }}</td><td>{{ row.retention|percent }}</td>
      <td>{% if row.last_active %}{{ row.last_active|timesince }} ago{% else %}never{% endif %}</td>
      {% for slug, value, level in cells %}<td class="heat level-{{ level }}" title="{{ value|percent }}">{{ value|percent }}</td>{% endfor %}</tr>
  {% endfor %}{% endlocalize %}"""  # noqa: E501


def test_the_dashboard_page_prints_the_rows_the_template_printed(busy_team):
    team, users, _ = busy_team
    alice = users[0]
    Membership.objects.create(team=team, user=UserFactory(display_name="<Frank & co>"))  # never active
    create_plan(team=team, by=alice, title='Late "<b>" & co', due_date=date(2026, 1, 1), questions=[QuestionFactory()],
                now=NOW - timedelta(days=400))  # fmt: skip
    response = client_for(alice).get(f"/teams/{team.slug}/dashboard/")
    data = response.context["data"]
    heat = [
        (row, [(slug, row.group_readiness.get(slug, 0), readiness_level(row.group_readiness.get(slug, 0)))
               for slug, _ in data.groups])
        for row in data.rows
    ]  # fmt: skip
    old = engines["django"].from_string(OLD_ROWS).render({"team": team, "heat": heat})
    page = response.content.decode()
    assert old.strip() in page
    # "All" and "Late" are the whole team's, and both overdue for everyone.
    assert page.count("overdue</span>") == 2 * (len(users) + 1) and "&lt;Frank &amp; co&gt;" in page
    assert 'title="Late &quot;&lt;b&gt;&quot; &amp; co">overdue' in page


def test_without_plans_the_plans_cell_is_a_dash_and_the_rows_are_the_templates(db):
    owner, member = UserFactory(display_name="Olga"), UserFactory(display_name="Mo")
    team = create_team(user=owner, name="Planless", now=NOW)
    Membership.objects.create(team=team, user=member)
    response = client_for(owner).get(f"/teams/{team.slug}/dashboard/")
    data = response.context["data"]
    heat = [(row, []) for row in data.rows]  # no published questions: no heatmap columns
    assert data.groups == []
    old = engines["django"].from_string(OLD_ROWS).render({"team": team, "heat": heat})
    assert old.strip() in response.content.decode()
    assert response.content.decode().count("<td>–</td>") == 4  # plans and retention, both members


def test_the_dashboard_endpoint_answers_what_its_serializer_would(busy_team):
    team, users, _ = busy_team
    Membership.objects.create(team=team, user=UserFactory(display_name="Frank"))  # never active
    data = team_dashboard(team, NOW)
    weakest = [slug for slug, _, _ in data.weakest]
    expected = JSONRenderer().render(DashboardSerializer({"members": data.rows, "weakest": weakest}).data)
    assert JSONRenderer().render(dashboard_data(data)) == expected
    assert b'"last_active":null' in expected and b'"last_active":"2026-' in expected and b'"plans":[{' in expected
