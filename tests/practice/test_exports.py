from __future__ import annotations

import csv
import io
import json
import sqlite3
import tempfile
import zipfile
from pathlib import Path

from django.utils import timezone

from practice.models import Bookmark, Note, Project
from practice.services import record_attempt


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
