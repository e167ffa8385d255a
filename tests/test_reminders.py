"""Reminder emails: opt-in, daily or weekly in the person's own day, sent by a background job,
with an unsubscribe link that works without signing in."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django_tasks_db.models import DBTaskResult

from interviewprep.reminders import (
    enqueue_reminders,
    reminder_due,
    send_reminder,
    send_reminder_job,
    unsubscribe_token,
)
from practice.models import StudySettings
from practice.services import record_attempt
from teams.models import Membership
from teams.services import create_plan, create_team
from tests.conftest import api_client_for
from tests.jobs import run_queued_jobs

MONDAY = datetime(2026, 11, 30, 12, tzinfo=UTC)


def due(user, question, now):
    record_attempt(
        user=user, question=question, grade="again", answer_text="", seconds_taken=3, now=now - timedelta(days=9)
    )


def test_whether_a_reminder_is_due_follows_the_choice_and_the_last_day_sent():
    daily, weekly, off = (StudySettings(reminders=r) for r in ("daily", "weekly", "off"))
    monday, tuesday = date(2026, 11, 30), date(2026, 12, 1)
    assert reminder_due(daily, tuesday) and reminder_due(weekly, monday) and not reminder_due(weekly, tuesday)
    assert not reminder_due(off, monday)
    daily.reminder_sent_on = tuesday
    assert not reminder_due(daily, tuesday) and reminder_due(daily, tuesday + timedelta(days=1))


class TestSending:
    def test_a_daily_reminder_says_what_is_due_and_which_plan_and_carries_the_sites_name(
        self, alice, bob, small_bank, settings
    ):
        settings.SITE_NAME = "Prep Club"
        StudySettings.objects.create(user=bob, reminders="daily")
        due(bob, small_bank.bayes, MONDAY)
        team = create_team(user=alice, name="Cohort 7", now=MONDAY)
        Membership.objects.create(team=team, user=bob, role="member")
        create_plan(team=team, by=alice, title="Transformers", due_date=date(2026, 12, 4),
                    questions=[small_bank.vit], now=MONDAY)  # fmt: skip
        assert send_reminder(user=bob, now=MONDAY)
        [email] = mail.outbox
        assert email.to == ["bob@example.com"]
        assert email.subject == "[Prep Club] 1 due, plan Transformers due Friday"
        assert "1 question is due for review today." in email.body and "Transformers (Cohort 7)" in email.body
        assert email.body.rstrip().endswith("— Prep Club")
        assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert "/reminders/unsubscribe/" in email.extra_headers["List-Unsubscribe"]

    def test_it_goes_once_a_day_of_the_persons_own(self, alice, small_bank):
        alice.timezone, alice.day_starts_at = "America/New_York", 4
        alice.save()
        StudySettings.objects.create(user=alice, reminders="daily")
        due(alice, small_bank.bayes, MONDAY)
        assert send_reminder(user=alice, now=MONDAY)
        assert not send_reminder(user=alice, now=MONDAY + timedelta(hours=3))
        # 08:00 UTC on Tuesday is 03:00 in New York: still Monday there.
        assert not send_reminder(user=alice, now=datetime(2026, 12, 1, 8, tzinfo=UTC))
        assert send_reminder(user=alice, now=datetime(2026, 12, 1, 9, tzinfo=UTC))  # 04:00 there
        assert len(mail.outbox) == 2

    def test_weekly_reminders_go_on_mondays_only(self, alice, small_bank):
        StudySettings.objects.create(user=alice, reminders="weekly")
        due(alice, small_bank.bayes, MONDAY)
        assert not send_reminder(user=alice, now=MONDAY + timedelta(days=1))
        assert send_reminder(user=alice, now=MONDAY)

    def test_nothing_to_say_means_no_email_and_nobody_is_emailed_without_asking(self, alice, bob, small_bank):
        StudySettings.objects.create(user=alice, reminders="daily")
        due(bob, small_bank.bayes, MONDAY)  # bob has something due but never asked
        assert not send_reminder(user=alice, now=MONDAY) and not send_reminder(user=bob, now=MONDAY)
        assert mail.outbox == []

    # The worker closes its database connection after each job: a transaction test survives that.
    @pytest.mark.django_db(transaction=True)
    def test_the_command_enqueues_one_job_per_person_due_and_the_worker_sends_them(self, alice, bob, small_bank):
        StudySettings.objects.create(user=alice, reminders="daily")
        StudySettings.objects.create(user=bob, reminders="off")
        due(alice, small_bank.bayes, datetime.now(UTC))
        call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
        assert list(DBTaskResult.objects.values_list("task_path", flat=True)) == [
            "interviewprep.reminders.send_reminder_job"
        ]
        run_queued_jobs()
        assert len(mail.outbox) == 1 and mail.outbox[0].to == ["alice@example.com"]
        assert enqueue_reminders(now=datetime.now(UTC)) == 0  # sent today: not enqueued again

    def test_a_job_for_a_deleted_user_does_nothing(self, alice):
        pk = alice.pk
        alice.delete()
        assert send_reminder_job.call(pk) is False


class TestUnsubscribe:
    def test_the_link_works_without_signing_in_and_asks_before_stopping(self, alice, small_bank):
        StudySettings.objects.create(user=alice, reminders="daily")
        url = f"/reminders/unsubscribe/{unsubscribe_token(alice)}/"
        client = Client(enforce_csrf_checks=True)
        page = client.get(url)
        assert page.status_code == 200 and "Stop reminders" in page.content.decode()
        assert StudySettings.objects.get(user=alice).reminders == "daily"  # a GET changes nothing
        done = client.post(url, {"List-Unsubscribe": "One-Click"})
        assert done.status_code == 200 and "no more reminders" in done.content.decode()
        assert StudySettings.objects.get(user=alice).reminders == "off"

    @pytest.mark.parametrize("token", ["nonsense", "1", "MQ:1tAaaa:forged"])
    def test_a_forged_or_cut_link_changes_nothing(self, client, alice, token):
        StudySettings.objects.create(user=alice, reminders="daily")
        assert client.post(f"/reminders/unsubscribe/{token}/").status_code == 404
        assert StudySettings.objects.get(user=alice).reminders == "daily"

    def test_one_persons_link_never_unsubscribes_another(self, client, alice, bob):
        StudySettings.objects.create(user=alice, reminders="daily")
        StudySettings.objects.create(user=bob, reminders="daily")
        client.post(f"/reminders/unsubscribe/{unsubscribe_token(bob)}/")
        assert StudySettings.objects.get(user=alice).reminders == "daily"


def test_reminders_are_a_setting_of_the_page_and_the_api(alice_client, alice):
    data = {"desired_retention": "0.9", "new_per_day": "10", "reminders": "weekly"}
    assert alice_client.post("/practice/settings/", data).status_code == 302
    assert StudySettings.objects.get(user=alice).reminders == "weekly"
    client = api_client_for(alice)
    assert client.patch("/api/v1/settings/", {"reminders": "daily"}, format="json").json()["reminders"] == "daily"
    assert client.patch("/api/v1/settings/", {"reminders": "hourly"}, format="json").status_code == 400
