"""Suspend, bury and leeches; the user's day in streaks, "new today" and the settings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from practice.mocks import create_mock
from practice.models import ReviewState, StudySettings
from practice.progress import progress_for
from practice.queue import build_queue
from practice.services import bury_question, choose_session_questions, record_attempt, suspend_question
from tests.conftest import api_client_for
from tests.factories import QuestionFactory


def grade(user, question, g="good", when=None):
    return record_attempt(
        user=user, question=question, grade=g, answer_text="", seconds_taken=5, now=when or timezone.now()
    )


def due_now(user, question):
    grade(user, question, "again", timezone.now() - timedelta(days=5))


class TestSuspend:
    def test_a_suspended_question_leaves_the_due_queue_and_the_header(self, alice_client, alice, small_bank):
        due_now(alice, small_bank.bayes)
        assert build_queue(alice, timezone.now()).due_count == 1
        response = api_client_for(alice).post("/api/v1/review/states/bayes-rule/suspend/")
        assert response.status_code == 200 and response.json()["suspended"] is True
        assert build_queue(alice, timezone.now()).due_count == 0
        assert 'title="Reviews due now"' not in alice_client.get("/questions/").content.decode()
        assert api_client_for(alice).get("/api/v1/review/due/").json()["count"] == 0

    def test_unsuspending_puts_it_back_on_its_schedule(self, alice, small_bank):
        due_now(alice, small_bank.bayes)
        client = api_client_for(alice)
        client.post("/api/v1/review/states/bayes-rule/suspend/")
        body = client.post("/api/v1/review/states/bayes-rule/unsuspend/").json()
        assert body["suspended"] is False and build_queue(alice, timezone.now()).due_count == 1

    def test_a_suspended_question_never_seen_is_not_offered_as_new_nor_counted_as_seen(self, alice, small_bank):
        now = timezone.now()
        suspend_question(user=alice, question=small_bank.convolution, now=now)
        queue = build_queue(alice, now)
        assert small_bank.convolution not in queue.new and queue.new_left_today == 10
        assert progress_for(alice, now).seen == 0
        assert api_client_for(alice).get("/api/v1/review/states/what-is-a-convolution/").json()["state"] == "new"

    def test_suspended_questions_stay_out_of_sessions_and_mocks(self, alice, small_bank):
        now = timezone.now()
        for _ in range(6):
            QuestionFactory(kind="concept")
        suspend_question(user=alice, question=small_bank.bayes, now=now)
        questions, _ = choose_session_questions(user=alice, source="filter", filters={}, title="All", now=now)
        assert small_bank.bayes not in questions and small_bank.vit in questions
        for _ in range(5):
            mock = create_mock(user=alice, size=5, now=now)
            assert small_bank.bayes.pk not in set(mock.items.values_list("question_id", flat=True))

    def test_the_page_buttons_suspend_and_unsuspend(self, alice_client, alice, small_bank):
        page = alice_client.get("/questions/bayes-rule/").content.decode()
        assert 'action="/practice/questions/bayes-rule/suspend/"' in page
        alice_client.post("/practice/questions/bayes-rule/suspend/")
        page = alice_client.get("/questions/bayes-rule/").content.decode()
        assert "Suspended" in page and 'action="/practice/questions/bayes-rule/unsuspend/"' in page
        alice_client.post("/practice/questions/bayes-rule/unsuspend/")
        assert ReviewState.objects.get(user=alice).suspended_at is None

    def test_nobody_suspends_a_draft_they_cannot_see_and_visitors_are_sent_to_sign_in(self, alice, client, small_bank):
        assert api_client_for(alice).post("/api/v1/review/states/secret-draft/suspend/").status_code == 404
        assert client.post("/practice/questions/bayes-rule/suspend/").status_code == 302
        assert client.post("/api/v1/review/states/bayes-rule/suspend/").status_code == 401
        assert not ReviewState.objects.exists()

    def test_suspending_is_mine_alone(self, alice, bob, small_bank):
        due_now(bob, small_bank.bayes)
        api_client_for(alice).post("/api/v1/review/states/bayes-rule/suspend/")
        assert build_queue(bob, timezone.now()).due_count == 1


class TestBury:
    def test_a_buried_question_is_out_of_the_queue_until_the_users_next_day(self, alice, small_bank):
        alice.timezone, alice.day_starts_at = "Asia/Tokyo", 5
        alice.save()
        grade(alice, small_bank.bayes, "again", datetime(2026, 5, 20, tzinfo=UTC))
        now = datetime(2026, 6, 1, 12, tzinfo=UTC)  # 21:00 in Tokyo
        state = bury_question(user=alice, question=small_bank.bayes, now=now)
        assert state.buried_until == datetime(2026, 6, 1, 20, tzinfo=UTC)  # 05:00 on 2 June in Tokyo
        assert build_queue(alice, now).due_count == 0
        assert build_queue(alice, datetime(2026, 6, 1, 19, 59, tzinfo=UTC)).due_count == 0
        assert build_queue(alice, datetime(2026, 6, 1, 20, tzinfo=UTC)).due_count == 1

    def test_the_api_buries_and_says_until_when(self, alice, small_bank):
        due_now(alice, small_bank.bayes)
        body = api_client_for(alice).post("/api/v1/review/states/bayes-rule/bury/").json()
        assert datetime.fromisoformat(body["buried_until"]) > timezone.now()
        assert build_queue(alice, timezone.now()).due_count == 0

    def test_grading_a_buried_question_unburies_it(self, alice, small_bank):
        now = timezone.now()
        bury_question(user=alice, question=small_bank.bayes, now=now)
        grade(alice, small_bank.bayes, "good", now)
        assert ReviewState.objects.get(user=alice).buried_until is None


class TestLeeches:
    def forget(self, user, question, times):
        when = timezone.now() - timedelta(days=200)
        grade(user, question, "good", when)
        for _ in range(times):
            when += timedelta(days=10)
            grade(user, question, "again", when)

    def test_a_question_forgotten_the_threshold_number_of_times_is_flagged_with_what_to_do(
        self, alice_client, alice, small_bank
    ):  # noqa: E501
        StudySettings.objects.create(user=alice, leech_threshold=3)
        self.forget(alice, small_bank.bayes, 2)
        assert "A leech" not in alice_client.get("/questions/bayes-rule/").content.decode()
        assert api_client_for(alice).get("/api/v1/review/states/bayes-rule/").json()["leech"] is False
        self.forget(alice, small_bank.bayes, 1)
        page = alice_client.get("/questions/bayes-rule/").content.decode()
        assert "A leech" in page and 'href="#note"' in page and 'href="#report"' in page
        assert '<details class="report" id="report" open>' in page
        assert api_client_for(alice).get("/api/v1/review/states/bayes-rule/").json()["leech"] is True

    def test_the_default_threshold_is_eight_lapses(self, alice, small_bank):
        self.forget(alice, small_bank.bayes, 7)
        assert api_client_for(alice).get("/api/v1/review/states/bayes-rule/").json()["leech"] is False
        self.forget(alice, small_bank.bayes, 1)
        body = api_client_for(alice).get("/api/v1/review/states/bayes-rule/").json()
        assert body["lapses"] == 8 and body["leech"] is True


class TestTheUsersDay:
    def test_time_zone_and_day_start_are_settings_validated_by_the_api(self, alice):
        client = api_client_for(alice)
        body = client.patch("/api/v1/settings/", {"timezone": "America/New_York", "day_starts_at": 0}, format="json")
        assert body.status_code == 200 and (body.json()["timezone"], body.json()["day_starts_at"]) == (
            "America/New_York",
            0,
        )
        alice.refresh_from_db()
        assert (alice.timezone, alice.day_starts_at) == ("America/New_York", 0)
        bad = client.patch("/api/v1/settings/", {"timezone": "Moon/Base", "day_starts_at": 24}, format="json")
        assert bad.status_code == 400 and set(bad.json()) == {"timezone", "day_starts_at"}
        alice.refresh_from_db()
        assert alice.timezone == "America/New_York"

    def test_the_settings_page_sets_the_time_zone(self, alice_client, alice):
        data = {"desired_retention": "0.9", "new_per_day": "10", "timezone": "Europe/Paris", "day_starts_at": "6"}
        assert alice_client.post("/practice/settings/", data).status_code == 302
        alice.refresh_from_db()
        assert (alice.timezone, alice.day_starts_at) == ("Europe/Paris", 6)
        bad = alice_client.post("/practice/settings/", {**data, "timezone": "Nowhere/Land"})
        assert bad.status_code == 200 and "Nowhere/Land" in bad.content.decode()

    def test_new_today_counts_in_the_users_day(self, alice, small_bank):
        StudySettings.objects.create(user=alice, new_per_day=2)
        alice.timezone, alice.day_starts_at = "America/Los_Angeles", 4
        alice.save()
        # 10:00 UTC on 2 Feb is 02:00 in Los Angeles: still the day of 1 February there.
        grade(alice, small_bank.bayes, "good", datetime(2026, 2, 1, 20, tzinfo=UTC))
        grade(alice, small_bank.vit, "good", datetime(2026, 2, 2, 10, tzinfo=UTC))
        assert build_queue(alice, datetime(2026, 2, 2, 11, tzinfo=UTC)).new_left_today == 0
        assert build_queue(alice, datetime(2026, 2, 2, 12, tzinfo=UTC)).new_left_today == 2  # 04:00 there

    def test_the_streak_and_calendar_count_the_users_days_across_a_dst_change(self, alice, small_bank):
        alice.timezone, alice.day_starts_at = "Europe/London", 4
        alice.save()
        # 02:00 and 23:00 local each day around the change on 29 March 2026 (BST from 01:00 UTC).
        for day, hour in [(27, 2), (27, 23), (28, 23), (29, 2)]:  # UTC hours; 29th 02:00 UTC = 03:00 BST
            grade(alice, small_bank.bayes, "good", datetime(2026, 3, day, hour, tzinfo=UTC))
        progress = progress_for(alice, datetime(2026, 3, 29, 12, tzinfo=UTC))
        counted = {cell.day.isoformat(): cell.count for cell in progress.calendar if cell.count}
        # 27th 02:00 GMT belongs to the 26th; 29th 03:00 BST (before 04:00) belongs to the 28th.
        assert counted == {"2026-03-26": 1, "2026-03-27": 1, "2026-03-28": 2}
        assert progress.streak == 3  # the 26th to the 28th; nothing yet on the 29th, so it ends yesterday

    @pytest.mark.parametrize("name", ["UTC", "Pacific/Kiritimati"])
    def test_due_today_runs_to_the_end_of_the_users_day(self, alice, small_bank, name):
        alice.timezone = name
        alice.save()
        now = timezone.now()
        grade(alice, small_bank.bayes, "good", now - timedelta(days=40))
        state = ReviewState.objects.get(user=alice)
        end = alice.day_clock().bounds(now)[1]
        state.due = end - timedelta(minutes=1)
        state.save()
        queue = build_queue(alice, now)
        assert (queue.due_count, queue.due_today) == (0, 1)
        assert api_client_for(alice).get("/api/v1/review/queue/").json()["due_today"] == 1
