"""Reminder emails, for those who ask for them: "9 due today, plan Transformers due Friday".

`manage.py send_reminders` (run hourly by cron or the scheduler) enqueues one job per person
whose reminder is due in their own day (accounts.days): daily ones once a day from the hour
their day starts, weekly ones on Mondays. The job (django-tasks) checks again under a row
lock, so two runs of the command never send one person two emails. A reminder with nothing
to say (nothing due today and no plan due within a week) is not sent.

Here and not in practice because it speaks of study plans too (teams).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from accounts import page_version
from accounts.models import User
from practice.models import StudySettings
from practice.queue import build_queue, unseen_questions
from teams.services import plan_progress_for

UNSUBSCRIBE_SALT = "interviewprep.reminders.unsubscribe"
PLANS_AHEAD = timedelta(days=7)


@dataclass(frozen=True)
class PlanDue:
    title: str
    team: str
    due: date
    left: int  # questions not practised yet


@dataclass(frozen=True)
class Reminder:
    due_today: int
    new_left: int
    plans: list[PlanDue]

    @property
    def worth_sending(self) -> bool:
        return bool(self.due_today or self.plans)


def reminder_due(settings_row: StudySettings, today: date) -> bool:
    """Whether the person's reminder should go on their day `today` (pure)."""
    if settings_row.reminders == StudySettings.Reminders.DAILY:
        return settings_row.reminder_sent_on != today
    if settings_row.reminders == StudySettings.Reminders.WEEKLY:
        return today.weekday() == 0 and settings_row.reminder_sent_on != today
    return False


def reminder_for(user: User, now: datetime) -> Reminder:
    """What a reminder to `user` at `now` says."""
    queue = build_queue(user, now, limit=1)
    today = user.day_clock().day_of(now)
    plans = [
        PlanDue(plan.title, plan.team.name, plan.due_date, total - done)
        for plan, done, total in plan_progress_for(user)
        if done < total and plan.due_date <= today + PLANS_AHEAD
    ]
    new_left = queue.new_left_today if unseen_questions(user, now).exists() else 0
    return Reminder(due_today=queue.due_today, new_left=new_left, plans=plans)


def unsubscribe_token(user: User) -> str:
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT)


def user_for_unsubscribe(token: str) -> User | None:
    """The person a reminder's unsubscribe link was made for; None for a link that is not ours.
    The link does not expire: an old email's link must still work."""
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return User.objects.filter(pk=pk).first() if isinstance(pk, int) else None


def unsubscribe(*, user: User) -> None:
    StudySettings.objects.filter(user=user).update(reminders=StudySettings.Reminders.OFF)
    page_version.bump([user.pk])


def _weekday(day: date, today: date) -> str:
    if day < today:
        return f"overdue since {day:%a %-d %b}"
    if day == today:
        return "due today"
    return f"due {day:%A}" if day - today < timedelta(days=7) else f"due {day:%-d %b}"


def compose(user: User, reminder: Reminder, today: date) -> EmailMessage:
    """The email: the site's name in the subject and sign-off, a link to unsubscribe without
    signing in (also as List-Unsubscribe, with the one-click POST of RFC 8058)."""
    site = settings.SITE_NAME
    unsubscribe_url = settings.SITE_URL + reverse("reminders-unsubscribe", args=[unsubscribe_token(user)])
    parts = []
    if reminder.due_today:
        parts.append(f"{reminder.due_today} due")
    parts += [f"plan {p.title} {_weekday(p.due, today)}" for p in reminder.plans[:2]]
    subject = f"[{site}] " + ", ".join(parts)
    lines = [f"Hello {user.get_short_name()},", ""]
    if reminder.due_today:
        review = "question is" if reminder.due_today == 1 else "questions are"
        lines.append(f"{reminder.due_today} {review} due for review today.")
    if reminder.new_left:
        lines.append(f"{reminder.new_left} new ones are waiting for you too.")
    if reminder.plans:
        lines += ["", "Study plans due soon:"]
        lines += [
            f"- {p.title} ({p.team}), {_weekday(p.due, today)}: {p.left} left to practise" for p in reminder.plans
        ]
    lines += [
        "",
        f"Review now: {settings.SITE_URL}{reverse('practice:review')}",
        "",
        "You get this email because you asked for reminders. To stop them, open this link (no need to sign in):",
        unsubscribe_url,
        f"or change them in your study settings: {settings.SITE_URL}{reverse('practice:settings')}",
        "",
        f"— {site}",
    ]
    return EmailMessage(
        subject=subject,
        body="\n".join(lines),
        to=[user.email],
        headers={"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )


def send_reminder(*, user: User, now: datetime) -> bool:
    """Send `user` their reminder if it is due at `now` and has something to say; whether it went."""
    today = user.day_clock().day_of(now)
    with transaction.atomic():
        row = StudySettings.objects.select_for_update().filter(user=user).first()
        if row is None or not reminder_due(row, today):
            return False
        reminder = reminder_for(user, now)
        if not reminder.worth_sending:
            return False
        row.reminder_sent_on = today
        row.save(update_fields=["reminder_sent_on"])
        # Sent inside the lock: a second job for the same person waits, then finds it sent.
        compose(user, reminder, today).send()
    return True


@task()
def send_reminder_job(user_id: int) -> bool:
    user = User.objects.filter(pk=user_id).first()
    return send_reminder(user=user, now=timezone.now()) if user else False


def enqueue_reminders(*, now: datetime) -> int:
    """One job per person whose reminder is due now in their day; returns how many."""
    opted_in = StudySettings.objects.exclude(reminders=StudySettings.Reminders.OFF).select_related("user")
    count = 0
    for row in opted_in.iterator(chunk_size=1000):
        if row.user.is_active and reminder_due(row, row.user.day_clock().day_of(now)):
            send_reminder_job.enqueue(row.user_id)
            count += 1
    return count
