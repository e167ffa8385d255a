"""Practice sessions, projects, exports and the queue over the API: the same services as the pages."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from django.utils import timezone

from practice.models import Attempt, Bookmark, PracticeSession, Project, ReviewState
from practice.services import record_attempt
from tests.conftest import api_client_for

SESSIONS = "/api/v1/sessions/"


class TestSessions:
    def test_a_session_from_a_filter_goes_reveal_grade_skip_to_the_end(self, alice, small_bank):
        client = api_client_for(alice)
        created = client.post(SESSIONS, {"category": "deep-learning"}, format="json")
        assert created.status_code == 201
        body = created.json()
        assert (body["title"], body["total"], body["position"]) == ("Deep learning", 2, 0)
        url = f"{SESSIONS}{body['id']}/"
        first = body["question"]["slug"]
        assert "answer_html" not in body["question"]  # nothing revealed yet

        reveal = client.post(url + "reveal/", {"answer_text": "one two", "position": 0}, format="json").json()
        assert reveal["question"]["slug"] == first and reveal["answer_html"] and reveal["key_points"]
        assert reveal["suggested_grade"] in {"again", "hard", "good", "easy"}
        assert isinstance(reveal["suggested_key_points"], list)

        graded = client.post(
            url + "grade/",
            {"grade": "good", "answer_text": "one", "key_points_covered": [0], "position": 0},
            format="json",
        )
        assert graded.status_code == 201 and graded.json()["question"]["slug"] == first
        attempt = Attempt.objects.get()
        assert (attempt.session_id, attempt.key_points_covered) == (body["id"], [0])
        assert ReviewState.objects.filter(user=alice).count() == 1

        assert client.post(url + "skip/", {"position": 0}, format="json").status_code == 409  # not current any more
        after = client.post(url + "skip/", {"position": 1}, format="json").json()
        assert after["question"] is None and after["finished_at"]
        assert client.post(url + "grade/", {"grade": "good"}, format="json").status_code == 409

    def test_bad_key_points_are_a_400_naming_the_field(self, alice, small_bank):
        client = api_client_for(alice)
        session = client.post(SESSIONS, {"tag": "cnn"}, format="json").json()
        response = client.post(
            f"{SESSIONS}{session['id']}/grade/", {"grade": "good", "key_points_covered": [9]}, format="json"
        )
        assert response.status_code == 400 and set(response.json()) == {"key_points_covered"}
        assert Attempt.objects.count() == 0

    def test_sessions_from_bookmarks_due_and_an_assignment(self, alice, bob, small_bank):
        from teams.services import create_plan, create_team

        client = api_client_for(alice)
        Bookmark.objects.create(user=alice, question=small_bank.vit)
        assert (
            client.post(SESSIONS, {"source": "bookmarks"}, format="json").json()["question"]["slug"]
            == "vision-transformer"
        )
        record_attempt(user=alice, question=small_bank.bayes, grade="again", answer_text="", seconds_taken=1,
                       now=timezone.now() - timezone.timedelta(days=2))  # fmt: skip
        due = client.post(SESSIONS, {"source": "due"}, format="json").json()
        assert due["title"] == "Review" and due["question"]["slug"] == "bayes-rule"

        team = create_team(user=bob, name="Reading group", now=timezone.now())
        from teams.models import Membership

        Membership.objects.create(team=team, user=alice, role="member")
        plan = create_plan(team=team, by=bob, title="Week 1", due_date=date(2027, 1, 1),
                           questions=[small_bank.convolution, small_bank.draft], now=timezone.now())  # fmt: skip
        mine = client.post(SESSIONS, {"source": "assignment", "assignment": plan.pk}, format="json").json()
        assert mine["title"] == "Reading group: Week 1" and mine["total"] == 1  # the draft is left out
        theirs = api_client_for(bob).post(SESSIONS, {"source": "assignment", "assignment": 99999}, format="json")
        assert theirs.status_code == 400 and set(theirs.json()) == {"assignment"}

    @pytest.mark.parametrize(
        ("payload", "fields"),
        [
            ({"difficulty": "brutal"}, {"difficulty"}),
            ({"source": "nope"}, {"source"}),
            ({"source": "assignment"}, {"assignment"}),
        ],
    )
    def test_bad_start_requests_are_a_400_per_field(self, alice, small_bank, payload, fields):
        response = api_client_for(alice).post(SESSIONS, payload, format="json")
        assert response.status_code == 400 and set(response.json()) == fields
        assert PracticeSession.objects.count() == 0

    def test_nothing_to_practise_is_a_409(self, alice, small_bank):
        response = api_client_for(alice).post(SESSIONS, {"search": "nothing matches this"}, format="json")
        assert response.status_code == 409 and PracticeSession.objects.count() == 0

    def test_the_list_holds_only_the_callers_sessions(self, alice, bob, small_bank):
        api_client_for(alice).post(SESSIONS, {"tag": "cnn"}, format="json")
        assert len(api_client_for(alice).get(SESSIONS).json()) == 1
        assert api_client_for(bob).get(SESSIONS).json() == []


class TestProjects:
    def test_create_read_update_and_answer_prompts(self, alice, bob):
        client = api_client_for(alice)
        created = client.post("/api/v1/projects/", {"title": "Churn model", "summary": "Cancellations."}, format="json")
        assert created.status_code == 201
        body = created.json()
        assert body["answered"] == 0 and [p["key"] for p in body["prompts"]][:2] == ["problem", "data"]
        url = f"/api/v1/projects/{body['id']}/"
        assert client.patch(url, {"title": "Churn model v2"}, format="json").json()["summary"] == "Cancellations."
        answered = client.put(url + "answers/", {"answers": {"problem": "Cut churn.", "data": ""}}, format="json")
        assert answered.status_code == 200 and answered.json()["answered"] == 1
        assert client.get("/api/v1/projects/").json()[0]["title"] == "Churn model v2"
        bad = client.put(url + "answers/", {"answers": {"nonsense": "x"}}, format="json")
        assert bad.status_code == 400 and set(bad.json()) == {"answers"}
        assert client.post("/api/v1/projects/", {"title": ""}, format="json").status_code == 400
        assert api_client_for(bob).get(url).status_code == 404
        assert Project.objects.get().title == "Churn model v2"


class TestExportsAndQueue:
    def test_the_attempts_csv_and_the_data_json(self, alice, small_bank):
        record_attempt(user=alice, question=small_bank.bayes, grade="good", answer_text="mine", seconds_taken=3,
                       now=timezone.now())  # fmt: skip
        client = api_client_for(alice)
        response = client.get("/api/v1/exports/attempts/")
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        assert rows[1][1] == "bayes-rule"
        data = json.loads(client.get("/api/v1/exports/my-data/").content)
        assert data["account"]["email"] == alice.email and len(data["attempts"]) == 1

    def test_the_queue_has_due_reviews_then_new_questions(self, alice, small_bank):
        record_attempt(user=alice, question=small_bank.bayes, grade="again", answer_text="", seconds_taken=1,
                       now=timezone.now() - timezone.timedelta(days=2))  # fmt: skip
        body = api_client_for(alice).get("/api/v1/review/queue/").json()
        assert body["due_count"] == 1 and [q["slug"] for q in body["due"]] == ["bayes-rule"]
        assert {q["slug"] for q in body["new"]} == {"what-is-a-convolution", "vision-transformer"}


def test_the_mock_payload_suggests_ticks_and_a_grade_once_answered(alice, small_bank):
    from tests.factories import QuestionFactory

    for kind in ("concept", "scenario", "design"):
        QuestionFactory(kind=kind, category=small_bank.stats)
    QuestionFactory(slug="project-deep-dive", kind="behavioural", category=small_bank.stats)
    client = api_client_for(alice)
    mock = client.post("/api/v1/mocks/", {"size": 3}, format="json").json()
    assert all(i["suggested_grade"] is None and i["suggested_key_points"] is None for i in mock["items"])
    url = f"/api/v1/mocks/{mock['id']}/"
    for position in range(3):
        client.post(url + "answer/", {"position": position, "answer_text": "three"}, format="json")
    body = client.get(url).json()
    assert body["items"][0]["suggested_key_points"] == [2] and body["items"][0]["suggested_grade"] == "hard"
    assert body["items"][-1]["deep_dive"] is True
