"""A member is told, in the site and by email, when a study plan is assigned to them; emails
carry the site's name."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import Notification
from teams.models import Membership
from teams.services import create_plan, create_team
from tests.conftest import client_for
from tests.factories import QuestionFactory, UserFactory
from tests.jobs import run_queued_jobs

NOW = timezone.now()


@pytest.fixture
def team(alice, bob):
    team = create_team(user=alice, name="Cohort 9", now=NOW)
    Membership.objects.create(team=team, user=bob, role="member")
    return team


def send_queued_mail():
    run_queued_jobs()


def test_members_are_told_in_the_inbox_and_by_email(team, alice, bob, django_capture_on_commit_callbacks):
    carol = UserFactory(email="carol@example.com")
    Membership.objects.create(team=team, user=carol, role="member")
    with django_capture_on_commit_callbacks(execute=True):
        create_plan(team=team, by=alice, title="Trees", due_date=(NOW + timedelta(days=4)).date(),
                    questions=QuestionFactory.create_batch(3), now=NOW)  # fmt: skip
    send_queued_mail()
    told = {n.user.email: n.text for n in Notification.objects.select_related("user")}
    assert set(told) == {"bob@example.com", "carol@example.com"}  # not the coach who assigned it
    assert "“Trees” in Cohort 9: 3 questions by" in told["bob@example.com"]
    assert sorted(m.to[0] for m in mail.outbox) == ["bob@example.com", "carol@example.com"]
    assert all(len(m.to) == 1 and m.subject == "[InterviewPrep] New study plan: Trees" for m in mail.outbox)
    assert "/teams/" in mail.outbox[0].body


def test_only_the_chosen_members_are_told(team, alice, bob):
    carol = UserFactory()
    Membership.objects.create(team=team, user=carol, role="member")
    create_plan(team=team, by=alice, title="Only Bob", due_date=NOW.date(), questions=[QuestionFactory()],
                members=[bob], now=NOW)  # fmt: skip
    assert list(Notification.objects.values_list("user__email", flat=True)) == ["bob@example.com"]


def test_a_refused_plan_tells_nobody(team, alice):
    with pytest.raises(Exception, match="at least one question"):
        create_plan(team=team, by=alice, title="Empty", due_date=NOW.date(), questions=[], now=NOW)
    assert not Notification.objects.exists()


def test_the_inbox_shows_it(team, alice, bob):
    create_plan(team=team, by=alice, title="Vision week", due_date=NOW.date(), questions=[QuestionFactory()], now=NOW)
    assert "Vision week" in client_for(bob).get("/accounts/notifications/").content.decode()


def test_allauth_emails_carry_the_site_name_not_the_host(client, db, django_capture_on_commit_callbacks):
    client.post("/accounts/password/reset/", {"email": "nobody@example.com"})
    UserFactory(email="dora@example.com")
    client.post("/accounts/password/reset/", {"email": "dora@example.com"})
    send_queued_mail()
    assert mail.outbox and all(m.subject.startswith("[InterviewPrep] ") for m in mail.outbox)
    assert not any("127.0.0.1" in m.subject or "testserver" in m.subject for m in mail.outbox)


def test_no_role_menu_for_yourself(team, alice, bob):
    body = client_for(alice).get(team.get_absolute_url()).content.decode()
    assert f'id="role-{bob.pk}"' in body
    assert f'id="role-{alice.pk}"' not in body
