from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from practice.mocks import ItemGrade, MockError, answer_item, create_mock, finish_mock, grade_mock, save_project_answers
from practice.models import Attempt, MockInterview, Project, ReviewState
from tests.factories import CategoryFactory, QuestionFactory

NOW = datetime(2026, 11, 24, 10, tzinfo=UTC)


@pytest.fixture
def mixed_bank(small_bank):
    """Enough of each kind for a five-question mock interview."""
    for kind in ("concept", "concept", "scenario", "design", "behavioural"):
        QuestionFactory(kind=kind, category=small_bank.stats)
    return small_bank


class TestMockService:
    def test_it_mixes_kinds_like_an_interview(self, alice, mixed_bank):
        mock = create_mock(user=alice, now=NOW)
        kinds = [item.question.kind for item in mock.items.select_related("question")]
        assert kinds[:2] == ["concept", "concept"] or set(kinds[:2]) <= {"concept", "math"}
        assert kinds[2:] == ["scenario", "design", "behavioural"]
        assert all(item.question.status == "published" for item in mock.items.all())

    def test_answers_go_in_order_then_it_finishes(self, alice, mixed_bank):
        mock = create_mock(user=alice, size=3, now=NOW)
        with pytest.raises(MockError, match="in order"):
            answer_item(mock=mock, user=alice, position=1, answer_text="x", now=NOW)
        for position in range(3):
            answer_item(mock=mock, user=alice, position=position, answer_text=f"a{position}", now=NOW)
        mock.refresh_from_db()
        assert mock.status == "grading"
        with pytest.raises(MockError, match="over"):
            answer_item(mock=mock, user=alice, position=0, answer_text="changed", now=NOW)

    def test_grading_feeds_attempts_and_review_states(self, alice, mixed_bank):
        mock = create_mock(user=alice, size=3, now=NOW)
        with pytest.raises(MockError, match="Finish"):
            grade_mock(mock=mock, user=alice, grades={}, now=NOW)
        finish_mock(mock=mock, now=NOW)
        with pytest.raises(MockError, match="missing: 2, 3"):
            grade_mock(mock=mock, user=alice, grades={0: ItemGrade("good")}, now=NOW)
        assert Attempt.objects.count() == 0
        grade_mock(
            mock=mock, user=alice, grades={i: ItemGrade("hard", [0]) for i in range(3)}, now=NOW + timedelta(minutes=20)
        )
        assert Attempt.objects.filter(user=alice, grade="hard").count() == 3
        assert ReviewState.objects.filter(user=alice).count() == 3
        with pytest.raises(MockError, match="already graded"):
            grade_mock(mock=mock, user=alice, grades={i: ItemGrade("easy") for i in range(3)}, now=NOW)

    @pytest.mark.parametrize("size", [2, 11])
    def test_sizes_outside_the_range_are_refused(self, alice, mixed_bank, size):
        with pytest.raises(MockError, match="3 to 10"):
            create_mock(user=alice, size=size, now=NOW)
        assert MockInterview.objects.count() == 0

    def test_a_bank_too_small_is_refused(self, alice, db):
        with pytest.raises(MockError, match="Not enough"):
            create_mock(user=alice, now=NOW)


class TestMockPages:
    def test_a_full_mock_interview_through_the_pages(self, alice_client, alice, mixed_bank):
        response = alice_client.post("/practice/mocks/", {"size": 3, "minutes": 2})
        mock = MockInterview.objects.get()
        assert response["Location"] == f"/practice/mocks/{mock.pk}/"
        page = alice_client.get(f"/practice/mocks/{mock.pk}/")
        assert page.templates[0].name == "practice/mock_answer.html"
        assert "Model answer" not in page.content.decode()  # hidden until the end
        for position in range(3):
            alice_client.post(
                f"/practice/mocks/{mock.pk}/", {"action": "answer", "position": position, "answer_text": "my answer"}
            )
        grading = alice_client.get(f"/practice/mocks/{mock.pk}/")
        assert grading.templates[0].name == "practice/mock_grade.html"
        # Every grade says when the question would come back: four waits per question.
        assert grading.content.decode().count('<span class="wait">') == 4 * 3
        alice_client.post(
            f"/practice/mocks/{mock.pk}/",
            {"action": "grade", "grade-0": "good", "grade-1": "again", "grade-2": "easy", "covered-0": ["0", "1"]},
        )
        summary = alice_client.get(f"/practice/mocks/{mock.pk}/")
        assert summary.templates[0].name == "practice/mock_summary.html"
        first = summary.context["items"][0]
        assert first.attempt.grade == "good" and first.missed == [first.question.key_points[2]]
        # And the summary says when each comes back.
        due = ReviewState.objects.get(user=alice, question=first.question).due
        assert first.returns.due == due and f'datetime="{due.isoformat()}"' in summary.content.decode()
        assert alice_client.get("/practice/mocks/").context["mocks"][0].status == "graded"

    def test_bad_settings_are_explained(self, alice_client, mixed_bank):
        response = alice_client.post("/practice/mocks/", {"size": 30, "minutes": 0})
        assert response.status_code == 200 and MockInterview.objects.count() == 0
        assert set(response.context["form"].errors) == {"size", "minutes"}

    def test_another_users_mock_is_404(self, alice, bob_client, mixed_bank):
        mock = create_mock(user=alice, size=3, now=NOW)
        assert bob_client.get(f"/practice/mocks/{mock.pk}/").status_code == 404
        assert bob_client.post(f"/practice/mocks/{mock.pk}/", {"action": "finish"}).status_code == 404
        mock.refresh_from_db()
        assert mock.finished_at is None


class TestProjects:
    def test_describe_a_project_and_keep_the_answers(self, alice_client, alice):
        alice_client.post("/practice/projects/", {"title": "Churn model", "summary": "Predicting cancellations."})
        project = Project.objects.get(user=alice)
        alice_client.post(f"/practice/projects/{project.pk}/", {"problem": "Cut churn by 5%.", "evaluation": ""})
        assert {a.prompt: a.text for a in project.answers.all()} == {"problem": "Cut churn by 5%."}
        rehearse = alice_client.get(f"/practice/projects/{project.pk}/?mode=rehearse").content.decode()
        assert "Cut churn by 5%." in rehearse and "<details" in rehearse

    def test_unknown_prompts_are_refused(self, alice):
        project = Project.objects.create(user=alice, title="x")
        with pytest.raises(MockError, match="Unknown prompt"):
            save_project_answers(project=project, answers={"nonsense": "x"}, now=NOW)

    def test_projects_are_private(self, alice, bob_client):
        project = Project.objects.create(user=alice, title="secret")
        assert bob_client.get(f"/practice/projects/{project.pk}/").status_code == 404
        assert "secret" not in bob_client.get("/practice/projects/").content.decode()


class TestDeepDive:
    """Every mock interview has exactly one project deep-dive item, whatever its size."""

    @pytest.fixture
    def bank(self, small_bank):
        for kind in ("concept", "concept", "scenario", "design", "behavioural"):
            QuestionFactory(kind=kind, category=small_bank.stats)
        QuestionFactory(slug="project-deep-dive", kind="behavioural", category=small_bank.stats)
        return small_bank

    @pytest.mark.parametrize("size", [3, 4, 5])
    def test_without_a_project_it_is_the_banks_deep_dive_question(self, alice, bank, size):
        mock = create_mock(user=alice, size=size, now=NOW)
        items = list(mock.items.select_related("question"))
        assert len(items) == size
        assert [i.is_deep_dive for i in items] == [False] * (size - 1) + [True]
        assert items[-1].question.slug == "project-deep-dive" and items[-1].prompt == ""
        assert "behavioural" not in [i.question.kind for i in items[:-1]]

    @pytest.mark.parametrize("size", [3, 5])
    def test_with_a_project_it_is_one_of_its_prompts_about_that_project(self, alice, bob, bank, size):
        from practice.mocks import PROMPT_KEYS

        Project.objects.create(user=bob, title="Bob's", created_at=NOW)
        project = Project.objects.create(user=alice, title="Churn model", created_at=NOW)
        save_project_answers(project=project, answers={"evaluation": "AUC then an A/B test."}, now=NOW)
        mock = create_mock(user=alice, size=size, now=NOW)
        items = list(mock.items.select_related("question", "project"))
        deep = [i for i in items if i.is_deep_dive]
        assert len(deep) == 1 and deep[0] is items[-1]
        assert deep[0].project == project and deep[0].prompt in PROMPT_KEYS
        assert deep[0].prompt == "evaluation"  # the answered prompt, to rehearse it
        assert deep[0].title == "How did you evaluate it, offline and online?"

    def test_a_five_question_mock_has_concepts_a_scenario_a_design_and_the_deep_dive(self, alice, bank):
        mock = create_mock(user=alice, size=5, now=NOW)
        kinds = [i.question.kind for i in mock.items.select_related("question")]
        assert kinds[2:4] == ["scenario", "design"] and set(kinds[:2]) <= {"concept", "math"}

    def test_the_pages_show_the_prompt_about_the_project(self, alice, alice_client, bank):
        Project.objects.create(user=alice, title="Churn model", summary="Predicting cancellations.", created_at=NOW)
        mock = create_mock(user=alice, size=3, now=NOW)
        url = f"/practice/mocks/{mock.pk}/"
        for position in range(2):
            alice_client.post(url, {"action": "answer", "position": position, "answer_text": "x"})
        page = alice_client.get(url).content.decode()
        assert "about your project “Churn model”" in page and "Predicting cancellations." in page
        assert "question 3 of 3" in page


class TestMockCategoryChoices:
    @pytest.fixture
    def secret(self, mixed_bank):
        category = CategoryFactory(slug="secretcat", name="SecretCat")
        QuestionFactory(category=category, status="draft")
        return category

    def test_a_category_holding_only_drafts_is_not_offered(self, alice_client, secret):
        body = alice_client.get("/practice/mocks/").content.decode()
        assert "Statistics" in body
        assert "SecretCat" not in body and "secretcat" not in body

    def test_choosing_it_anyway_is_a_form_error_and_starts_nothing(self, alice_client, secret):
        response = alice_client.post("/practice/mocks/", {"size": 3, "minutes": 2, "category": "secretcat"})
        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()
        assert not MockInterview.objects.exists()

    def test_staff_are_offered_it(self, staff_client, secret):
        assert "SecretCat" in staff_client.get("/practice/mocks/").content.decode()
