"""After the answer is revealed: the follow-ups (answers folded) and the red flags, with the
essential key points marked, on the question page, a session's reveal (page and API) and Anki."""

from __future__ import annotations

import io
import sqlite3
import tempfile
import zipfile
from pathlib import Path

import pytest

from practice.models import PracticeSession
from tests.conftest import api_client_for

FOLLOW_UPS = [
    {"question": "Why divide by $p(x)$?", "answer": "So the posterior **sums to one**."},
    {"question": "What if the prior is zero?", "answer": "No evidence can move it."},
    {"question": "When is the evidence hard?", "answer": "When it is an integral over many parameters."},
]
PITFALLS = ["Confusing the likelihood with the posterior.", "Ignoring a base rate of $0.1\\%$."]


@pytest.fixture
def bayes(small_bank):
    question = small_bank.bayes
    question.key_points = ["Prior", "Likelihood", "Evidence"]
    question.essential_points = [1]
    question.follow_ups, question.pitfalls = FOLLOW_UPS, PITFALLS
    question.save()
    return question


def test_the_question_page_shows_the_probes_with_folded_answers_and_the_red_flags(client, bayes):
    body = client.get("/questions/bayes-rule/").content.decode()
    reveal = body[body.index('<details class="reveal"') :]
    assert "The interviewer may ask next" in reveal and "Red flags" in reveal
    # The probe is shown; its answer waits behind its own fold, so the candidate can try first.
    assert '<p class="follow-up-question">Why divide by <math' in reveal
    assert '<details class="follow-up-answer"><summary>Try it first, then show the answer</summary>' in reveal
    assert "<p>So the posterior <strong>sums to one</strong>.</p>\n</details>" in reveal
    assert "Confusing the likelihood with the posterior." in reveal and reveal.count("<math") >= 2
    assert '<li class="essential">Likelihood <span class="badge badge-essential"' in reveal


def test_a_question_without_follow_ups_shows_neither_heading(client, small_bank):
    body = client.get("/questions/vision-transformer/").content.decode()
    assert "The interviewer may ask next" not in body and "Red flags" not in body


def test_markup_in_a_follow_up_is_sanitised(client, bayes):
    bayes.follow_ups = [{**FOLLOW_UPS[0], "answer": "<script>alert(1)</script> [x](javascript:alert(1))"}]
    bayes.save()
    body = client.get("/questions/bayes-rule/").content.decode()
    assert "<script>alert(1)" not in body and "&lt;script&gt;alert(1)" in body
    assert 'href="javascript:' not in body


def test_the_session_reveal_shows_them_too(alice_client, alice, bayes):
    alice_client.post("/practice/sessions/", {"search": "bayes"})
    session = PracticeSession.objects.get()
    hidden = alice_client.get(f"/practice/sessions/{session.pk}/").content.decode()
    assert "The interviewer may ask next" not in hidden  # not before the reveal
    revealed = alice_client.post(f"/practice/sessions/{session.pk}/", {"action": "reveal", "answer_text": "Prior."})
    body = revealed.content.decode()
    assert "The interviewer may ask next" in body and "Ignoring a base rate of" in body
    assert '<details class="follow-up-answer">' in body and 'class="badge badge-essential"' in body
    api = api_client_for(alice).post(f"/api/v1/sessions/{session.pk}/reveal/", {"answer_text": "Prior."}, format="json")
    got = api.json()
    assert [f["question"] for f in got["follow_ups"]] == [f["question"] for f in FOLLOW_UPS]
    assert got["pitfalls"] == PITFALLS and got["essential_points"] == [1]


def test_the_anki_back_carries_the_follow_ups_and_red_flags(client, bayes):
    archive = zipfile.ZipFile(io.BytesIO(client.get("/practice/export/anki/?search=bayes").content))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "c.anki2"
        path.write_bytes(archive.read("collection.anki2"))
        with sqlite3.connect(path) as db:
            [(fields,)] = db.execute("select flds from notes").fetchall()
    back = fields.split("\x1f")[1]
    assert "The interviewer may ask next" in back and "What if the prior is zero?" in back
    assert "No evidence can move it." in back and "Red flags" in back and "Confusing the likelihood" in back
    assert '<b>Likelihood</b> <span class="muted">(essential)</span>' in back
