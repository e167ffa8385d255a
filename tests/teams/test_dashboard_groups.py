"""The coach's dashboard groups sub-categories under their top-level category, and "weakest"
counts a category only over the members who practised it."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from practice.services import record_attempt
from teams.dashboard import team_dashboard
from teams.models import Membership
from teams.services import create_team
from tests.conftest import client_for
from tests.factories import CategoryFactory, QuestionFactory

NOW = timezone.now()


def grade_twice(user, question, grade):
    for days in (30, 20):
        record_attempt(user=user, question=question, grade=grade, answer_text="", seconds_taken=5,
                       now=NOW - timedelta(days=days))  # fmt: skip


def test_sub_categories_share_their_parents_column(alice, bob):
    team = create_team(user=alice, name="Group", now=NOW)
    Membership.objects.create(team=team, user=bob)
    deep = CategoryFactory(slug="deep", name="Deep learning")
    vision, nlp = CategoryFactory(slug="vision", parent=deep), CategoryFactory(slug="nlp", parent=deep)
    stats = CategoryFactory(slug="stats", name="Statistics")
    q_vision = QuestionFactory(category=vision)
    QuestionFactory(category=nlp)
    QuestionFactory(category=stats)
    grade_twice(bob, q_vision, "easy")
    data = team_dashboard(team, NOW)
    assert [slug for slug, _ in data.groups] == ["deep", "stats"]
    bob_row = next(r for r in data.rows if r.user_id == bob.pk)
    # One of Deep learning's two questions remembered well: about half.
    assert 0.3 < bob_row.group_readiness["deep"] < 0.51 and bob_row.group_readiness["stats"] == 0
    body = client_for(alice).get(f"/teams/{team.slug}/dashboard/").content.decode()
    assert body.count('class="heat-head"') == 2


def test_weakest_counts_only_categories_and_members_that_practised(alice, bob):
    team = create_team(user=alice, name="Group", now=NOW)
    Membership.objects.create(team=team, user=bob)
    strong, weak, untouched = (CategoryFactory(slug=s, name=s.title()) for s in ("strong", "weak", "untouched"))
    QuestionFactory(category=untouched)
    grade_twice(bob, QuestionFactory(category=strong), "easy")
    grade_twice(bob, QuestionFactory(category=weak), "again")
    data = team_dashboard(team, NOW)
    names = [name for _, name, _ in data.weakest]
    assert names[0] == "Weak" and "Untouched" not in names
    # Alice never practised "strong": she does not pull its mean to zero.
    assert {slug: value for slug, _, value in data.weakest}["strong"] > 0.5
