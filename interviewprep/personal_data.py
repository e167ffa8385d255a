"""All of a user's data as one JSON file: every model in every app that points at them, and its
kind of export (practice.export_jobs; registered in InterviewprepConfig.ready).

It needs every app, so it lives here at the top of the app order.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth.models import AnonymousUser
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q

from accounts.models import Notification, User
from practice.export_jobs import ExportFile
from practice.exports import SizedByAttempts
from practice.models import (
    Attempt,
    Bookmark,
    Export,
    MockInterview,
    Note,
    ParameterFit,
    PracticeSession,
    Project,
    ReviewState,
    StudySettings,
)
from questions.models import Question, Report, Submission
from teams.models import Invitation, Membership, StudyPlan

# The section of the export holding each model that points at the user. tests/practice/
# test_exports.py walks every model with a foreign key to the user and fails on one that is in
# neither this map nor NOT_EXPORTED, so a new model cannot be forgotten. (Deleting an account
# has the same walk: tests/test_account_deletion.py.)
EXPORTED = {
    "account.EmailAddress": "email_addresses",
    "accounts.Notification": "notifications",
    "practice.StudySettings": "study_settings",
    "practice.ParameterFit": "parameter_fit",
    "practice.Attempt": "attempts",
    "practice.ReviewState": "review_states",
    "practice.Bookmark": "bookmarks",
    "practice.Note": "notes",
    "practice.PracticeSession": "practice_sessions",
    "practice.MockInterview": "mock_interviews",
    "practice.Project": "projects",
    "practice.Export": "exports",
    "questions.Question": "authored_questions",
    "questions.HistoricalQuestion": "question_edits",
    "questions.Submission": "submissions",
    "questions.Report": "reports",
    "teams.Membership": "team_memberships",
    "teams.Invitation": "invitations_sent",
    "teams.StudyPlan": "assignments",
}
NOT_EXPORTED = {
    "admin.LogEntry": "the admin's audit log of staff actions, not the user's own data",
    "accounts.ApiToken": "an API credential (only its hash is kept): never written into a file",
    "accounts.Session": "a browser's sign-in (its key is a credential): never written into a file",
}


def user_data(user: User, now: datetime) -> dict[str, Any]:
    """Everything the site keeps about `user` that is theirs, for download: one section per model
    that points at them (EXPORTED). A fixed number of queries, whatever the amounts."""
    settings = StudySettings.objects.filter(user=user).first()
    history = Question.history.model
    return {
        "exported_at": now,
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "date_joined": user.date_joined,
            "timezone": user.timezone,
            "day_starts_at": user.day_starts_at,
        },
        "email_addresses": list(
            EmailAddress.objects.filter(user=user).order_by("email").values("email", "verified", "primary")
        ),
        "study_settings": {
            "desired_retention": settings.desired_retention if settings else None,
            "new_per_day": settings.new_per_day if settings else None,
            "interview_date": settings.interview_date if settings else None,
            "learning_steps": settings.learning_steps if settings else None,
            "relearning_steps": settings.relearning_steps if settings else None,
            "leech_threshold": settings.leech_threshold if settings else None,
            "fsrs_parameters": settings.fsrs_parameters if settings else None,
            "reminders": settings.reminders if settings else None,
            "reminder_sent_on": settings.reminder_sent_on if settings else None,
        },
        "parameter_fit": list(
            ParameterFit.objects.filter(user=user).values(
                "status",
                "requested_at",
                "finished_at",
                "reviews",
                "log_loss_before",
                "log_loss_after",
                "kept",
                "parameters",
                "recommended_retention",
            )  # fmt: skip
        ),
        "attempts": [
            {
                "question": a.question.slug,
                "created_at": a.created_at,
                "grade": a.grade,
                "seconds_taken": a.seconds_taken,
                "key_points_covered": a.key_points_covered,
                "coverage": a.coverage,
                "session": a.session_id,
                "answer_text": a.answer_text,
            }
            for a in Attempt.objects.for_user(user).select_related("question").order_by("created_at", "id")
        ],
        "review_states": list(
            ReviewState.objects.filter(user=user)
            .order_by("question__slug")
            .values(
                "question__slug",
                "state",
                "step",
                "due",
                "stability",
                "difficulty",
                "last_review",
                "reps",
                "lapses",
                "introduced_at",
                "suspended_at",
                "buried_until",
            )  # fmt: skip
        ),
        "bookmarks": list(
            Bookmark.objects.filter(user=user).order_by("created_at").values("question__slug", "created_at")
        ),
        "notes": list(
            Note.objects.filter(user=user).order_by("question__slug").values("question__slug", "text", "updated_at")
        ),
        "practice_sessions": list(
            PracticeSession.objects.filter(user=user)
            .order_by("created_at", "id")
            .values("id", "title", "question_ids", "position", "created_at", "finished_at")
        ),
        "mock_interviews": [
            {
                "created_at": m.created_at,
                "seconds_per_question": m.seconds_per_question,
                "probes_per_question": m.probes_per_question,
                "finished_at": m.finished_at,
                "graded_at": m.graded_at,
                "items": [
                    {
                        "question": i.question.slug,
                        "prompt": i.prompt,
                        "project": i.project_id,
                        "answer_text": i.answer_text,
                        "seconds_taken": i.seconds_taken,
                        "shown_at": i.shown_at,
                        "answered_at": i.answered_at,
                        "grade": i.attempt.grade if i.attempt else None,
                        "key_points_covered": i.attempt.key_points_covered if i.attempt else None,
                        "follow_ups": [
                            {
                                "question": p.question,
                                "answer_text": p.answer_text,
                                "seconds_taken": p.seconds_taken,
                                "shown_at": p.shown_at,
                                "answered_at": p.answered_at,
                                "grade": p.grade or None,
                            }
                            for p in i.probes.all()
                        ],
                    }
                    for i in m.items.all()
                ],
            }
            for m in MockInterview.objects.filter(user=user)
            .order_by("created_at", "id")
            .prefetch_related("items__question", "items__attempt", "items__probes")
        ],
        "projects": [
            {
                "id": p.pk,
                "title": p.title,
                "summary": p.summary,
                "created_at": p.created_at,
                "updated_at": p.updated_at,
                "answers": {a.prompt: {"text": a.text, "updated_at": a.updated_at} for a in p.answers.all()},
            }
            for p in Project.objects.filter(user=user).order_by("created_at", "id").prefetch_related("answers")
        ],
        "authored_questions": list(
            Question.objects.filter(author=user)
            .order_by("created_at", "id")
            .values("slug", "title", "status", "kind", "difficulty", "created_at", "updated_at")
        ),
        "question_edits": list(
            history.objects.filter(history_user=user)
            .order_by("history_date")
            .values("slug", "title", "status", "history_type", "history_date")
        ),
        "submissions": list(
            Submission.objects.filter(submitter=user)
            .order_by("created_at", "id")
            .values("question__slug", "question__title", "status", "message", "created_at", "updated_at")
        ),
        "reports": list(
            Report.objects.filter(reporter=user)
            .order_by("created_at", "id")
            .values("question__slug", "kind", "comment", "created_at", "resolved_at", "resolution")
        ),
        "team_memberships": [
            {
                "team": m.team.slug,
                "name": m.team.name,
                "role": m.role,
                "share_answers": m.share_answers,
                "joined_at": m.joined_at,
            }
            for m in Membership.objects.filter(user=user).select_related("team").order_by("joined_at", "id")
        ],
        "invitations_sent": list(
            Invitation.objects.filter(created_by=user)
            .order_by("created_at", "id")
            .values("team__slug", "email", "created_at", "expires_at", "uses", "revoked_at")
        ),
        "assignments": [
            {
                "team": plan.team.slug,
                "title": plan.title,
                "due_date": plan.due_date,
                "note": plan.note,
                "created_by_me": plan.created_by_id == user.pk,
            }
            for plan in StudyPlan.objects.filter(Q(created_by=user) | Q(members=user))
            .select_related("team")
            .distinct()
            .order_by("due_date", "id")
        ],
        "notifications": list(
            Notification.objects.filter(user=user)
            .order_by("created_at", "id")
            .values("text", "url", "created_at", "read_at")
        ),
        # What was prepared, not the files: each is a copy of data this file already holds.
        "exports": list(
            Export.objects.filter(owner=user)
            .order_by("created_at", "id")
            .values("kind", "title", "parameters", "status", "size", "created_at", "finished_at", "expires_at")
        ),
    }


def user_data_json(user: User, now: datetime) -> str:
    return json.dumps(user_data(user, now), cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)


class PersonalDataExport(SizedByAttempts):
    name = "my-data"
    label = "data download"

    def title(self, user: User | AnonymousUser, parameters: dict[str, Any]) -> str:
        return "All your data (JSON)"

    def build(self, user: User | AnonymousUser, parameters: dict[str, Any], now: datetime) -> ExportFile:
        assert isinstance(user, User)  # the views and the API ask for an account first
        return ExportFile(user_data_json(user, now).encode(), "interviewprep-my-data.json", "application/json")
