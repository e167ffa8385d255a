"""Mock interviews with follow-up probes: after each answer the interviewer asks the question's
first follow-ups in turn, timed like the question; at the end each is graded held, partly or
missed against its brief answer, and the summary says how far down each ladder the candidate
held up. The service, the pages (no JavaScript needed) and the API."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from practice.mocks import ItemGrade, MockError, answer_item, create_mock, finish_mock, grade_mock, ladder
from practice.models import MockInterview, MockProbe, Project
from tests.conftest import api_client_for
from tests.factories import CategoryFactory, QuestionFactory

NOW = timezone.now()


def follow_ups(n: int) -> list[dict[str, str]]:
    return [{"question": f"Probe {r} of question {n}?", "answer": f"Brief answer **{r}** of {n}."} for r in range(3)]


@pytest.fixture
def bank(db):
    category = CategoryFactory(slug="models")
    return [QuestionFactory(slug=f"q-{n}", category=category, follow_ups=follow_ups(n)) for n in range(3)]


def order(mock: MockInterview) -> list[tuple[int, int | None]]:
    """(item position, follow-up position or None) in the order the interview asks them."""
    return [
        step
        for item in mock.items.order_by("position")
        for step in [(item.position, None), *((item.position, p.position) for p in item.probes.all())]
    ]


class TestTheService:
    def test_each_question_is_followed_by_its_first_follow_ups_copied_when_the_mock_starts(self, alice, bank):
        mock = create_mock(user=alice, size=3, probes_per_question=2, now=NOW)
        assert order(mock) == [(0, None), (0, 0), (0, 1), (1, None), (1, 0), (1, 1), (2, None), (2, 0), (2, 1)]
        first = mock.items.get(position=0)
        asked = first.question.follow_ups[:2]
        assert [(p.question, p.answer) for p in first.probes.all()] == [(f["question"], f["answer"]) for f in asked]
        # An edit to the bank during the interview changes nothing that is asked.
        first.question.follow_ups = follow_ups(9)
        first.question.save()
        assert first.probes.get(position=0).question == asked[0]["question"]

    def test_no_follow_ups_when_none_are_asked_for_or_the_question_has_none(self, alice, bank):
        assert not MockProbe.objects.filter(item__mock=create_mock(user=alice, size=3, probes_per_question=0, now=NOW))
        bank[0].follow_ups = []
        bank[0].save()
        mock = create_mock(user=alice, size=3, probes_per_question=1, now=NOW)
        assert len(order(mock)) == 3 + 2
        with pytest.raises(MockError, match="0 to 2 follow-ups"):
            create_mock(user=alice, size=3, probes_per_question=3, now=NOW)

    def test_a_prompt_about_the_users_own_project_gets_no_follow_up(self, alice, bank):
        QuestionFactory(slug="project-deep-dive", kind="behavioural", follow_ups=follow_ups(7))
        Project.objects.create(user=alice, title="Image search")
        mock = create_mock(user=alice, size=4, probes_per_question=1, now=NOW)
        deep_dive = mock.items.get(position=3)
        assert deep_dive.prompt and not deep_dive.probes.exists()

    def test_answers_go_in_order_each_timed_from_when_it_was_shown(self, alice, bank):
        mock = create_mock(user=alice, size=3, probes_per_question=2, now=NOW)
        mock.items.filter(position=0).update(shown_at=NOW)
        with pytest.raises(MockError, match="in order"):
            answer_item(mock=mock, user=alice, position=0, follow_up=0, answer_text="too soon", now=NOW)
        answer_item(mock=mock, user=alice, position=0, answer_text="main", now=NOW + timedelta(seconds=50))
        with pytest.raises(MockError, match="in order"):
            answer_item(mock=mock, user=alice, position=1, answer_text="skipping the probe", now=NOW)
        with pytest.raises(MockError, match="in order"):
            answer_item(mock=mock, user=alice, position=0, follow_up=1, answer_text="the second first", now=NOW)
        answer_item(mock=mock, user=alice, position=0, follow_up=0, answer_text="p0", now=NOW + timedelta(seconds=80))
        probe = MockProbe.objects.get(item__mock=mock, item__position=0, position=0)
        assert (probe.answer_text, probe.seconds_taken) == ("p0", 30)
        assert MockProbe.objects.get(item__mock=mock, item__position=0, position=1).shown_at == NOW + timedelta(
            seconds=80
        )
        for position, follow_up in order(mock)[2:]:
            answer_item(mock=mock, user=alice, position=position, follow_up=follow_up, answer_text="x", now=NOW)
        mock.refresh_from_db()
        assert mock.finished_at is not None

    def test_grading_needs_every_follow_up_and_the_ladder_says_how_far_each_held(self, alice, bank):
        mock = create_mock(user=alice, size=3, probes_per_question=2, now=NOW)
        for position, follow_up in order(mock):
            answer_item(mock=mock, user=alice, position=position, follow_up=follow_up, answer_text="a", now=NOW)
        rungs = {0: {0: "held", 1: "held"}, 1: {0: "held", 1: "missed"}, 2: {0: "partly", 1: "held"}}
        with pytest.raises(MockError, match=r"missing: 2\.2"):
            grade_mock(mock=mock, user=alice, now=NOW, grades={
                p: ItemGrade("good", (), {0: rungs[p][0]} if p == 1 else rungs[p]) for p in range(3)})  # fmt: skip
        with pytest.raises(MockError, match=r"No such follow-up was asked: 1\.3"):
            extra = {p: ItemGrade("good", (), {**rungs[p], 2: "held"} if p == 0 else rungs[p]) for p in range(3)}
            grade_mock(mock=mock, user=alice, now=NOW, grades=extra)
        assert not MockProbe.objects.exclude(grade="").exists()  # a refused grading saves nothing
        grade_mock(mock=mock, user=alice, now=NOW, grades={p: ItemGrade("good", (), rungs[p]) for p in range(3)})
        ladders = [ladder([p.grade for p in mock.items.get(position=n).probes.all()]) for n in range(3)]
        assert [(lad.held, lad.stopped, lad.text) for lad in ladders] == [
            (2, None, "Held all 2"),
            (1, "missed", "Held 1 of 2, then missed the second"),
            (0, "partly", "Partly held the first"),
        ]

    def test_ending_early_leaves_the_follow_ups_blank_to_grade_like_the_rest(self, alice, bank):
        mock = create_mock(user=alice, size=3, probes_per_question=1, now=NOW)
        answer_item(mock=mock, user=alice, position=0, answer_text="main", now=NOW)
        finish_mock(mock=mock, now=NOW)
        assert not MockProbe.objects.filter(item__mock=mock, answered_at__isnull=True).exists()
        assert [p.answer_text for p in MockProbe.objects.filter(item__mock=mock)] == ["", "", ""]


def test_the_ladder_of_no_follow_up_is_empty():
    assert (ladder([]).asked, ladder([]).text) == (0, "No follow-up asked")
    assert ladder(["held"]).text == "Held the follow-up" and ladder(["missed"]).text == "Missed the first"


class TestThePages:
    def test_a_mock_with_follow_ups_from_start_to_summary_without_javascript(self, alice_client, bank):
        response = alice_client.post("/practice/mocks/", {"size": 3, "minutes": 2, "follow_ups": 1})
        mock = MockInterview.objects.get()
        url = response["Location"]
        assert url == f"/practice/mocks/{mock.pk}/"
        first = alice_client.get(url).content.decode()
        assert "question 1 of 3" in first and "follow-up" not in first.split("<h1")[0].split("<p class=")[-1][:40]
        assert "Answer, and hear the follow-up" in first
        alice_client.post(url, {"action": "answer", "position": 0, "answer_text": "My main answer."})
        probe_page = alice_client.get(url).content.decode()
        item = mock.items.get(position=0)
        assert "question 1 of 3 · follow-up 1 of 1" in probe_page
        assert "The interviewer follows up on" in probe_page and item.probes.get().question in probe_page
        assert 'name="follow_up" value="0"' in probe_page and "My main answer." in probe_page
        assert "Brief answer" not in probe_page  # nothing of the answers before the end
        for position, follow_up in order(mock)[1:]:
            data = {"action": "answer", "position": position, "answer_text": f"answer {position}"}
            alice_client.post(url, {**data, **({"follow_up": follow_up} if follow_up is not None else {})})
        grading = alice_client.get(url).content.decode()
        assert grading.count("Did you hold up?") == 3 and 'name="probe-0-0" value="held"' in grading
        assert "Brief answer <strong>0</strong> of" in grading
        grades = {f"grade-{n}": "good" for n in range(3)} | {"probe-0-0": "held", "probe-1-0": "missed"}
        refused = alice_client.post(url, {"action": "grade", **grades}, follow=True)
        assert "Grade every follow-up held, partly or missed; missing: 3.1." in refused.content.decode()
        alice_client.post(url, {"action": "grade", **grades, "probe-2-0": "partly"})
        summary = alice_client.get(url).content.decode()
        assert "How far you held up under follow-ups" in summary
        assert (
            "Held every follow-up on 1 of 3 questions probed; of 3 follow-ups: 1 held, 1 partly, 1 missed." in summary
        )
        assert "Held the follow-up" in summary and "Missed the first" in summary and "Partly held the first" in summary


class TestTheApi:
    def test_items_carry_their_follow_ups_asked_in_turn_then_graded(self, alice, bank):
        client = api_client_for(alice)
        created = client.post("/api/v1/mocks/", {"size": 3, "follow_ups": 2}, format="json").json()
        url = f"/api/v1/mocks/{created['id']}/"
        assert created["follow_ups_per_question"] == 2 and created["current"] == {"position": 0, "follow_up": None}
        probes = created["items"][0]["follow_ups"]
        assert [p["question"] for p in probes] == [None, None]  # not known before they are asked
        assert probes[0]["answer"] is None
        wrong = client.post(url + "answer/", {"position": 0, "follow_up": 0, "answer_text": "x"}, format="json")
        assert wrong.status_code == 409
        state = client.post(url + "answer/", {"position": 0, "answer_text": "main"}, format="json").json()
        assert state["current"] == {"position": 0, "follow_up": 0}
        assert (
            state["items"][0]["follow_ups"][0]["question"]
            == "Probe 0 of question " + state["items"][0]["question"]["slug"].removeprefix("q-") + "?"
        )
        assert state["items"][0]["follow_ups"][1]["question"] is None
        while state["current"] is not None:
            body = {**state["current"], "answer_text": "a"}
            state = client.post(url + "answer/", body, format="json").json()
        assert state["status"] == "grading"
        assert state["items"][2]["follow_ups"][1]["answer"].startswith("Brief answer **1** of")
        great = {"position": 0, "grade": "good", "follow_ups": [{"position": 0, "grade": "great"}]}
        bad = client.post(url + "grades/", {"grades": [great]}, format="json")
        assert bad.status_code == 400, bad.json()
        assert "follow_ups" in bad.json()["grades"]["0"], bad.json()
        grades = [{"position": n, "grade": "good", "follow_ups": [{"position": 0, "grade": "held"},
                                                                   {"position": 1, "grade": "partly"}]}
                  for n in range(3)]  # fmt: skip
        missing = client.post(url + "grades/", {"grades": [{**g, "follow_ups": g["follow_ups"][:1]} for g in grades]},
                              format="json")  # fmt: skip
        assert missing.status_code == 409 and "missing: 1.2, 2.2, 3.2" in missing.json()["detail"]
        graded = client.post(url + "grades/", {"grades": grades}, format="json").json()
        assert graded["items"][0]["ladder"] == {
            "asked": 2, "held": 1, "stopped": "partly", "grades": ["held", "partly"],
            "text": "Held 1 of 2, then partly held the second",
        }  # fmt: skip
        summary = client.get(url + "summary/").json()
        assert summary["follow_ups_summary"] == {
            "questions_probed": 3, "held_to_the_end": 0, "follow_ups_asked": 6,
            "follow_ups_held": 3, "follow_ups_partly": 3, "follow_ups_missed": 0,
        }  # fmt: skip
        assert [p["grade"] for p in summary["items"][1]["follow_ups"]] == ["held", "partly"]
