"""Emailed invitations, declining, reserved addresses, plan filters, overdue plans, the CSV and the member page."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from django.utils import timezone

from practice.services import record_attempt
from teams.models import Invitation, Membership, StudyPlan
from teams.services import TeamError, accept_invitation, create_invitation, create_plan, create_team
from tests.conftest import api_client_for, client_for
from tests.factories import QuestionFactory, UserFactory

NOW = timezone.now


@pytest.fixture
def team(alice, bob, small_bank):
    team = create_team(user=alice, name="Cohort 7", now=NOW())
    Membership.objects.create(team=team, user=bob, role="member")
    return team


class TestEmailedInvitations:
    def test_an_emailed_invitation_is_good_for_one_use_by_its_address(self, team, alice):
        invitation = create_invitation(team=team, by=alice, now=NOW(), email="Eve@Example.com")
        assert invitation.max_uses == 1
        with pytest.raises(TeamError, match="sent to another email address"):
            accept_invitation(invitation=invitation, user=UserFactory(email="mallory@example.com"), now=NOW())
        accept_invitation(invitation=invitation, user=UserFactory(email="eve@example.com"), now=NOW())
        assert team.memberships.filter(user__email="eve@example.com").exists()

    def test_another_account_on_the_page_is_told_why(self, team, alice):
        invitation = create_invitation(team=team, by=alice, now=NOW(), email="eve@example.com")
        client = client_for(UserFactory(email="mallory@example.com"))
        assert "sent to another email address" in client.get(invitation.get_absolute_url()).content.decode()
        response = client.post(invitation.get_absolute_url(), {"action": "accept"}, follow=True)
        assert "sent to another email address" in response.content.decode()
        assert team.memberships.count() == 2

    def test_a_link_without_email_still_has_no_limit(self, team, alice):
        assert create_invitation(team=team, by=alice, now=NOW()).max_uses is None


class TestDeclining:
    def test_declining_an_emailed_invitation_stops_it_and_the_team_sees_it(self, team, alice):
        invitation = create_invitation(team=team, by=alice, now=NOW(), email="eve@example.com")
        eve = UserFactory(email="eve@example.com")
        response = client_for(eve).post(invitation.get_absolute_url(), {"action": "decline"}, follow=True)
        assert "You declined the invitation to Cohort 7." in response.content.decode()
        invitation.refresh_from_db()
        assert invitation.declined_at is not None
        with pytest.raises(TeamError, match="was declined"):
            accept_invitation(invitation=invitation, user=eve, now=NOW())
        assert "declined" in client_for(alice).get(team.get_absolute_url()).content.decode()

    def test_declining_a_shared_link_leaves_it_usable_for_others(self, team, alice):
        invitation = create_invitation(team=team, by=alice, now=NOW())
        client_for(UserFactory()).post(invitation.get_absolute_url(), {"action": "decline"})
        accept_invitation(invitation=invitation, user=UserFactory(), now=NOW())

    def test_declining_through_the_api(self, team, alice):
        invitation = create_invitation(team=team, by=alice, now=NOW(), email="eve@example.com")
        response = api_client_for(UserFactory(email="eve@example.com")).post(
            f"/api/v1/invitations/{invitation.token}/decline/"
        )
        assert response.status_code == 200 and "declined" in response.json()["detail"]
        assert Invitation.objects.get().declined_at is not None

    def test_coaches_list_invitations_with_uses_expiry_and_revocation(self, team, alice, bob):
        create_invitation(team=team, by=alice, now=NOW(), max_uses=3)
        rows = api_client_for(alice).get(f"/api/v1/teams/{team.slug}/invitations/").json()
        assert {"uses", "max_uses", "expires_at", "revoked_at", "declined_at"} <= set(rows[0])
        assert api_client_for(bob).get(f"/api/v1/teams/{team.slug}/invitations/").status_code == 403


class TestReservedAddresses:
    def test_a_team_named_invitations_gets_another_address(self, alice):
        team = create_team(user=alice, name="Invitations", now=NOW())
        assert team.slug == "invitations-2"
        assert client_for(alice).get(team.get_absolute_url()).status_code == 200

    def test_asking_for_a_reserved_address_says_so(self, alice):
        with pytest.raises(TeamError, match="used by the site"):
            create_team(user=alice, name="X", slug="invitations", now=NOW())
        response = client_for(alice).post("/teams/", {"name": "X", "slug": "invitations"})
        assert "used by the site itself" in response.content.decode()
        response = api_client_for(alice).post("/api/v1/teams/", {"name": "X", "slug": "invitations"}, format="json")
        assert response.status_code == 400 and "slug" in response.json()


class TestPlanFilters:
    @pytest.fixture
    def trees(self, small_bank):
        """A category with easy, medium and hard questions."""
        from tests.factories import CategoryFactory

        trees = CategoryFactory(slug="trees-and-ensembles", name="Trees and ensembles")
        for difficulty in ("easy", "medium", "medium", "hard"):
            QuestionFactory(category=trees, difficulty=difficulty)
        return trees

    def test_the_page_takes_several_difficulties_and_reads_back(self, team, alice, trees):
        data = {"title": "Trees", "due_date": "2030-01-31", "category": "trees-and-ensembles",
                "difficulty": ["medium", "hard"]}  # fmt: skip
        response = client_for(alice).post(f"/teams/{team.slug}/plans/new/", data)
        assert response.status_code == 302
        plan = StudyPlan.objects.get()
        assert {q.difficulty for q in plan.questions.all()} == {"medium", "hard"} and plan.questions.count() == 3
        assert plan.filters == {"category": "trees-and-ensembles", "difficulty": ["medium", "hard"]}
        assert plan.filter_label == "Trees and ensembles, medium and hard"
        assert "Trees and ensembles, medium and hard" in client_for(alice).get(team.get_absolute_url()).content.decode()

    def test_the_page_picks_the_category_from_a_select_of_tree_names(self, team, alice, trees):
        from tests.factories import CategoryFactory

        ml = CategoryFactory(slug="machine-learning", name="Machine learning")
        trees.parent = ml
        trees.save()
        page = client_for(alice).get(f"/teams/{team.slug}/plans/new/").content.decode()
        assert '<select name="category"' in page
        assert '<option value="trees-and-ensembles">Machine learning › Trees and ensembles</option>' in page
        # The hand-picked slugs come after the filter.
        assert page.index('name="category"') < page.index('name="slugs"')
        data = {"title": "Trees", "due_date": "2030-01-31", "category": "trees-and-ensembles", "difficulty": ["hard"]}
        assert client_for(alice).post(f"/teams/{team.slug}/plans/new/", data).status_code == 302
        assert StudyPlan.objects.get().filters == {"category": "trees-and-ensembles", "difficulty": ["hard"]}

    def test_the_page_refuses_a_category_not_in_the_list(self, team, alice, trees):
        data = {"title": "Trees", "due_date": "2030-01-31", "category": "Trees and ensembles"}
        response = client_for(alice).post(f"/teams/{team.slug}/plans/new/", data)
        assert response.status_code == 200 and "Choose a category from the list." in response.content.decode()
        assert StudyPlan.objects.count() == 0

    def test_the_page_refuses_a_due_date_in_the_past(self, team, alice, trees):
        yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
        data = {"title": "Trees", "due_date": yesterday, "category": "trees-and-ensembles"}
        response = client_for(alice).post(f"/teams/{team.slug}/plans/new/", data)
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert errors["due_date"] == ["The due date is in the past; choose today or a later day."]
        assert StudyPlan.objects.count() == 0

    def test_the_api_refuses_a_due_date_in_the_past_naming_the_field(self, team, alice, trees):
        yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
        body = {"title": "Trees", "due_date": yesterday, "filter": {"category": "trees-and-ensembles"}}
        response = api_client_for(alice).post(f"/api/v1/teams/{team.slug}/plans/", body, format="json")
        assert response.status_code == 400
        assert response.json() == {"due_date": ["The due date is in the past; choose today or a later day."]}
        assert StudyPlan.objects.count() == 0

    def test_a_plan_may_be_due_today(self, team, alice, trees):
        today = timezone.localdate().isoformat()
        body = {"title": "Trees", "due_date": today, "filter": {"category": "trees-and-ensembles"}}
        response = api_client_for(alice).post(f"/api/v1/teams/{team.slug}/plans/", body, format="json")
        assert response.status_code == 201, response.json()

    @pytest.mark.parametrize("difficulty", [["medium", "hard"], "medium,hard"])
    def test_the_api_takes_a_list_or_a_comma_separated_string(self, team, alice, trees, difficulty):
        body = {"title": "Trees", "due_date": "2030-01-31",
                "filter": {"category": "trees-and-ensembles", "difficulty": difficulty, "kind": "concept"}}  # fmt: skip
        response = api_client_for(alice).post(f"/api/v1/teams/{team.slug}/plans/", body, format="json")
        assert response.status_code == 201, response.json()
        assert len(response.json()["questions"]) == 3
        assert response.json()["filter_label"] == "Trees and ensembles, medium and hard, concept"

    def test_an_empty_filter_is_refused_not_the_whole_bank(self, team, alice):
        response = client_for(alice).post(f"/teams/{team.slug}/plans/new/", {"title": "All", "due_date": "2030-01-31"})
        assert "Choose at least one filter" in response.content.decode()
        api = api_client_for(alice).post(
            f"/api/v1/teams/{team.slug}/plans/", {"title": "All", "due_date": "2030-01-31", "filter": {}}, format="json"
        )
        assert api.status_code == 400 and "Choose at least one filter" in str(api.json()["filter"])
        assert StudyPlan.objects.count() == 0

    @pytest.mark.parametrize(
        ("plan_filter", "message"),
        [
            ({"colour": "red"}, "Unknown filter key: colour"),
            ({"difficulty": ["impossible"]}, "impossible"),
            ({"category": "nope"}, "No such category: nope."),
            ({"difficulty": 3}, "give a list"),
        ],
    )
    def test_bad_filters_are_400_with_a_reason(self, team, alice, plan_filter, message):
        body = {"title": "x", "due_date": "2030-01-31", "filter": plan_filter}
        response = api_client_for(alice).post(f"/api/v1/teams/{team.slug}/plans/", body, format="json")
        assert response.status_code == 400 and message in str(response.json())
        assert StudyPlan.objects.count() == 0

    def test_slugs_and_a_filter_together_are_refused(self, team, alice):
        body = {"title": "x", "due_date": "2030-01-31", "questions": ["bayes-rule"], "filter": {"category": "vision"}}
        response = api_client_for(alice).post(f"/api/v1/teams/{team.slug}/plans/", body, format="json")
        assert response.status_code == 400 and "not both" in str(response.json())

    def test_a_filter_over_the_cap_is_reported_not_cut(self, team, alice):
        from tests.factories import CategoryFactory

        many = CategoryFactory(slug="many")
        QuestionFactory.create_batch(201, category=many)
        response = client_for(alice).post(
            f"/teams/{team.slug}/plans/new/", {"title": "x", "due_date": "2030-01-31", "category": "many"}
        )
        assert "This filter matches 201 questions; a plan holds at most 200." in response.content.decode()
        assert StudyPlan.objects.count() == 0


class TestOverdueAndMemberPage:
    def test_the_team_page_marks_overdue_plans(self, team, alice, bob, small_bank):
        # Assigned a week ago, due two days ago.
        create_plan(team=team, by=alice, title="Late", due_date=timezone.localdate() - timedelta(days=2),
                    questions=[small_bank.bayes], now=NOW() - timedelta(days=7))  # fmt: skip
        create_plan(team=team, by=alice, title="Later", due_date=date(2030, 1, 1), questions=[small_bank.vit],
                    now=NOW())  # fmt: skip
        page = client_for(bob).get(team.get_absolute_url()).content.decode()
        late, later = page.split("<strong>Late</strong>")[1].split("<strong>Later</strong>")
        assert "overdue" in late and "overdue" not in later.split("<h2>")[0]

    def test_the_member_page_shows_readiness_the_weekly_trend_and_plans(self, team, alice, bob, small_bank):
        create_plan(team=team, by=alice, title="Stats week", due_date=date(2030, 1, 1),
                    questions=[small_bank.bayes, small_bank.vit], now=NOW())  # fmt: skip
        record_attempt(user=bob, question=small_bank.bayes, grade="good", answer_text="", seconds_taken=2, now=NOW())
        record_attempt(user=bob, question=small_bank.bayes, grade="again", answer_text="", seconds_taken=2,
                       now=NOW() - timedelta(days=14))  # fmt: skip
        response = client_for(alice).get(f"/teams/{team.slug}/members/{bob.pk}/")
        page = response.content.decode()
        assert "Readiness per category, now" in page and "Statistics" in page
        assert "Stats week: 1 of 2 practised (50%)" in page
        weeks = response.context["weeks"]
        assert len(weeks) == 8
        assert (weeks[-1][0].attempts, weeks[-1][0].retention) == (1, 1.0)
        assert sum(w.attempts for w, _ in weeks) == 2


class TestCsv:
    def test_formulas_in_names_are_neutralised(self, team, alice, bob):
        bob.display_name = '=HYPERLINK("http://evil.example","click")'
        bob.save()
        body = client_for(alice).get(f"/teams/{team.slug}/dashboard/?format=csv").content.decode()
        names = [row[0] for row in csv.reader(io.StringIO(body))]
        assert '\'=HYPERLINK("http://evil.example","click")' in names
        assert not any(name.startswith(("=", "+", "-", "@")) for name in names)
