"""One small, fixed world for the tests that walk every API endpoint.

Everything has a fixed name, so two runs build the same rows; ids start from 1 on every
database (PostgreSQL sequences are not rolled back with a test, so they are restarted here).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management.color import no_style
from django.db import connection
from django.utils import timezone

from accounts.models import User
from accounts.services import issue_token
from curation.services import Content, report_problem, submit_question
from practice.export_jobs import queue_export, run_export
from practice.mocks import create_mock
from practice.models import Attempt, Export, MockInterview, PracticeSession, Project
from practice.services import add_bookmark, create_project, record_attempt, save_note, start_session
from questions.models import Category, Question, Report, Submission, Tag
from teams.models import Invitation, Membership, Team
from teams.services import create_invitation, create_team
from tests.factories import PASSWORD, CategoryFactory, QuestionFactory, TagFactory, UserFactory


@dataclass
class World:
    alice: User  # owns the team, has practised, submitted and reported
    bob: User  # a member of alice's team
    carol: User  # a curator (the curator group, not staff)
    category: Category
    tag: Tag
    question: Question
    team: Team
    invitation: Invitation
    submission: Submission
    report: Report
    session: PracticeSession
    mock: MockInterview
    project: Project
    attempt: Attempt
    revision: int  # a history id of `question`
    token: int  # the id of one of alice's API tokens, for the calls that revoke one
    export: Export  # alice's attempts, prepared and ready to download

    def path_parameters(self, path: str) -> dict[str, Any]:
        """Real values for the parameters of an API path template, so a request reaches a row."""
        resource = path.removeprefix("/api/v1/").split("/")[0]
        ids = {
            "attempts": self.attempt.pk,
            "mocks": self.mock.pk,
            "sessions": self.session.pk,
            "projects": self.project.pk,
            "submissions": self.submission.pk,
            "reports": self.report.pk,
            "auth": self.token,
            "exports": self.export.pk,
        }
        slugs = {"teams": self.team.slug, "categories": self.category.slug, "tags": self.tag.slug}
        values = {
            "id": ids.get(resource),
            "slug": slugs.get(resource, self.question.slug),
            "user_id": self.bob.pk,
            "token": self.invitation.token,
            "history_id": self.revision,
        }
        return {name: value for name, value in values.items() if "{" + name + "}" in path and value is not None}


def restart_ids() -> None:
    """Make ids start from 1 again, as they do on SQLite once a test's rows are rolled back."""
    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def build_world() -> World:
    restart_ids()
    now = timezone.now()
    alice = UserFactory(email="alice@example.com", password=PASSWORD)
    bob = UserFactory(email="bob@example.com", password=PASSWORD)
    carol = UserFactory(email="carol@example.com", password=PASSWORD)
    carol.groups.add(Group.objects.get_or_create(name="curator")[0])

    parent = CategoryFactory(slug="deep-learning", name="Deep learning", position=1)
    category = CategoryFactory(slug="vision", name="Computer vision", parent=parent)
    tag = TagFactory(slug="cnn")
    questions = [
        QuestionFactory(slug=f"question-{n}", title=f"What does layer {n} compute?", category=category, tags=[tag])
        for n in range(1, 6)
    ]
    question = questions[0]
    QuestionFactory(slug="a-draft", title="An unfinished draft", category=parent, status="draft")

    attempt = record_attempt(
        user=alice, question=question, grade="good", answer_text="Sums.", seconds_taken=30, now=now
    )
    add_bookmark(user=alice, question=question, now=now)
    save_note(user=alice, question=question, text="Mine.", now=now)
    session = start_session(user=alice, title="Vision", questions=questions, now=now)
    mock = create_mock(user=alice, size=3, now=now)
    project = create_project(user=alice, title="Image search", summary="Embeddings.", now=now)

    team = create_team(user=alice, name="Vision group", now=now)
    Membership.objects.create(team=team, user=bob, role="member", joined_at=now)
    invitation = create_invitation(team=team, by=alice, now=now)

    content = Content(
        title="Why does batch norm help?", category=category, difficulty="medium", kind="concept", answer="It helps."
    )
    submission = submit_question(user=alice, content=content, now=now)
    report = report_problem(question=question, user=alice, kind="typo", comment="A typo.", now=now)
    export = run_export(export=queue_export(user=alice, kind="attempts", parameters={}, now=now), attempt=1, now=now)
    return World(
        alice, bob, carol, category, tag, question, team, invitation, submission, report, session, mock, project,
        attempt, revision=question.history.order_by("history_id").first().history_id,
        token=issue_token(user=alice, now=now).token.pk, export=export,
    )  # fmt: skip
