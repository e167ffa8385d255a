from __future__ import annotations

import csv
import io
import json
import sqlite3
import tempfile
import zipfile
from pathlib import Path

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from interviewprep.personal_data import user_data
from practice.models import Bookmark, Note, Project
from practice.services import record_attempt
from tests.conftest import client_for
from tests.factories import QuestionFactory


def notes_in_deck(data: bytes) -> list[tuple[str, str]]:
    """(slug, tags) of every note in an .apkg, read the way Anki would."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "collection.anki2"
        path.write_bytes(archive.read("collection.anki2"))
        with sqlite3.connect(path) as db:
            rows = db.execute("select flds, tags from notes").fetchall()
    return sorted((fields.split("\x1f")[2], tags.strip()) for fields, tags in rows)


def test_an_anki_deck_of_a_filter(client, small_bank):
    response = client.get("/practice/export/anki/?tag=cnn")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="interviewprep.apkg"'
    assert notes_in_deck(response.content) == [
        ("vision-transformer", "cnn hard"),
        ("what-is-a-convolution", "cnn easy"),
    ]


def test_the_deck_holds_the_model_answer_on_the_back(client, small_bank):
    archive = zipfile.ZipFile(io.BytesIO(client.get("/practice/export/anki/?search=bayes").content))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "c.anki2"
        path.write_bytes(archive.read("collection.anki2"))
        with sqlite3.connect(path) as db:
            [(fields,)] = db.execute("select flds from notes").fetchall()
    front, back, slug = fields.split("\x1f")
    assert small_bank.bayes.title.replace("'", "&#x27;") in front
    assert "Posterior is prior times likelihood." in back and "Key points" in back


def test_drafts_never_reach_a_users_deck(client, small_bank):
    slugs = [slug for slug, _ in notes_in_deck(client.get("/practice/export/anki/").content)]
    assert "secret-draft" not in slugs and len(slugs) == 3


def test_a_bad_filter_is_a_400(client, small_bank):
    assert client.get("/practice/export/anki/?difficulty=extreme").status_code == 400


def test_attempts_csv_holds_only_my_attempts(alice_client, alice, bob, small_bank):
    record_attempt(
        user=alice,
        question=small_bank.bayes,
        grade="good",
        answer_text="a, with comma",
        seconds_taken=3,
        now=timezone.now(),
    )
    record_attempt(
        user=bob, question=small_bank.vit, grade="again", answer_text="bob", seconds_taken=3, now=timezone.now()
    )
    rows = list(csv.DictReader(io.StringIO(alice_client.get("/practice/export/attempts.csv").content.decode())))
    assert [(r["question"], r["grade"], r["answer"]) for r in rows] == [("bayes-rule", "good", "a, with comma")]


def test_my_data_json_has_everything_of_mine_and_nothing_of_others(alice_client, alice, bob, small_bank):
    record_attempt(
        user=alice, question=small_bank.bayes, grade="good", answer_text="mine", seconds_taken=3, now=timezone.now()
    )
    Bookmark.objects.create(user=alice, question=small_bank.vit)
    Note.objects.create(user=alice, question=small_bank.vit, text="my note")
    Note.objects.create(user=bob, question=small_bank.vit, text="bob's note")
    Project.objects.create(user=alice, title="Churn")
    data = json.loads(alice_client.get("/practice/export/my-data.json").content)
    assert data["account"]["email"] == "alice@example.com"
    assert [a["answer_text"] for a in data["attempts"]] == ["mine"]
    assert data["review_states"][0]["question__slug"] == "bayes-rule"
    assert [n["text"] for n in data["notes"]] == ["my note"]
    assert data["bookmarks"][0]["question__slug"] == "vision-transformer"
    assert data["projects"][0]["title"] == "Churn"


def test_personal_exports_need_an_account(client, db):
    assert client.get("/practice/export/attempts.csv").status_code == 302
    assert client.get("/practice/export/my-data.json").status_code == 302


def test_every_model_pointing_at_the_user_has_a_section_of_the_export(alice):
    """A new model with a foreign key to the user fails here until the export holds it
    (practice.exports.EXPORTED) or says why not (NOT_EXPORTED)."""
    from django.apps import apps

    from accounts.models import User
    from interviewprep.personal_data import EXPORTED, NOT_EXPORTED, user_data

    pointing = {
        model._meta.label
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if field.concrete and field.is_relation and field.related_model is User
    }
    data = user_data(alice, timezone.now())
    missing = sorted(label for label in pointing if label not in EXPORTED and label not in NOT_EXPORTED)
    assert missing == [], f"add these to the export or to NOT_EXPORTED with a reason: {missing}"
    assert {label: EXPORTED[label] in data for label in pointing & set(EXPORTED)} == dict.fromkeys(
        pointing & set(EXPORTED), True
    )
    assert not set(NOT_EXPORTED) - pointing, "NOT_EXPORTED names a model that no longer points at the user"


def test_the_export_holds_the_fields_the_audit_listed(alice, bob, small_bank):
    from accounts.models import Notification
    from practice.mocks import ItemGrade, create_mock, finish_mock, grade_mock
    from practice.services import start_session
    from questions.models import Report, Submission
    from teams.models import Membership
    from teams.services import create_team
    from tests.factories import QuestionFactory

    now = timezone.now()
    session = start_session(user=alice, title="s", questions=[small_bank.bayes], now=now)
    record_attempt(user=alice, question=small_bank.bayes, grade="good", answer_text="x", seconds_taken=3, now=now,
                   key_points_covered=[0], session=session)  # fmt: skip
    for kind in ("concept", "scenario"):
        QuestionFactory(kind=kind, category=small_bank.stats)
    mock = finish_mock(mock=create_mock(user=alice, size=3, now=now), now=now)
    grade_mock(mock=mock, user=alice, grades={i.position: ItemGrade("hard", [1]) for i in mock.items.all()}, now=now)
    mine = QuestionFactory(slug="my-own", author=alice, status="draft")
    Submission.objects.create(question=mine, submitter=alice)
    Report.objects.create(question=small_bank.vit, reporter=alice, kind="typo", comment="teh")
    Report.objects.create(question=small_bank.vit, reporter=bob, kind="typo", comment="bob's")
    team = create_team(user=bob, name="Readers", now=now)
    Membership.objects.create(team=team, user=alice, role="member", share_answers=True)
    Notification.objects.create(user=alice, text="Welcome", url="/")
    Notification.objects.create(user=bob, text="Not alice's", url="/")
    Project.objects.create(user=alice, title="Churn", created_at=now, updated_at=now)

    data = json.loads(json.dumps(user_data(alice, now), cls=DjangoJSONEncoder))
    attempt = next(a for a in data["attempts"] if a["session"] == session.pk)
    assert attempt["coverage"] == pytest.approx(1 / 3) and attempt["key_points_covered"] == [0]
    state = next(s for s in data["review_states"] if s["question__slug"] == "bayes-rule")
    assert {"step", "introduced_at"} <= set(state)
    assert data["practice_sessions"][0]["question_ids"] == [small_bank.bayes.pk]
    assert all(i["key_points_covered"] == [1] for i in data["mock_interviews"][0]["items"])
    assert {"created_at", "updated_at"} <= set(data["projects"][0])
    assert [q["slug"] for q in data["authored_questions"]] == ["my-own"]
    assert [s["question__slug"] for s in data["submissions"]] == ["my-own"]
    assert [r["comment"] for r in data["reports"]] == ["teh"]
    assert data["team_memberships"] == [
        {"team": team.slug, "name": "Readers", "role": "member", "share_answers": True,
         "joined_at": data["team_memberships"][0]["joined_at"]}
    ]  # fmt: skip
    assert [n["text"] for n in data["notifications"]] == ["Welcome"]


@pytest.mark.parametrize("rows", [1, 8])
def test_the_export_runs_the_same_queries_however_much_there_is(alice, small_bank, django_assert_num_queries, rows):
    from practice.models import MockInterview, MockItem
    from tests.factories import QuestionFactory

    for _ in range(rows):
        q = QuestionFactory()
        record_attempt(user=alice, question=q, grade="good", answer_text="", seconds_taken=1, now=timezone.now())
        Project.objects.create(user=alice, title="p")
        MockItem.objects.create(mock=MockInterview.objects.create(user=alice), position=0, question=q)
    # settings, the last FSRS fit, email addresses, attempts, review states, bookmarks, notes, sessions, mocks
    # (+ items, their questions, their follow-ups; their attempts too once one is graded), projects (+ answers),
    # authored questions, edits, submissions, reports, memberships, invitations, assignments, notifications,
    # prepared exports.
    with django_assert_num_queries(23):
        user_data(alice, timezone.now())


FORMULAS = ["=1+1", "+1", "-2+3", "@SUM(A1:A2)", "\tx", "\r=1"]


@pytest.mark.parametrize("url", ["/practice/export/attempts.csv", "/api/v1/exports/attempts/"])
def test_attempts_csv_keeps_formulas_in_answers_and_titles_from_running(url, alice, small_bank):
    """A spreadsheet opening the file must show what was typed, never run it (OWASP CSV injection)."""
    now = timezone.now()
    evil = QuestionFactory(title='=HYPERLINK("http://evil.example","click")', category=small_bank.stats)
    record_attempt(user=alice, question=evil, grade="good", answer_text="plain", seconds_taken=3, now=now)
    for formula in FORMULAS:
        record_attempt(user=alice, question=small_bank.bayes, grade="good", answer_text=formula, seconds_taken=3,
                       now=now)  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(client_for(alice).get(url).content.decode(), newline="")))
    assert sorted(r["answer"] for r in rows) == sorted(["plain", *(f"'{f}" for f in FORMULAS)])
    assert '\'=HYPERLINK("http://evil.example","click")' in {r["title"] for r in rows}
    assert {r["seconds_taken"] for r in rows} == {"3"}
