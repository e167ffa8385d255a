"""Exports: an Anki deck of any filter and a CSV of one's attempts. All of one's data as JSON
needs every app, so it lives in interviewprep/personal_data.py."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable

import genanki
from django.template.loader import render_to_string

from accounts.models import User
from interviewprep.spreadsheets import SpreadsheetSafeWriter
from practice.models import (
    Attempt,
)
from questions.models import Question

# Fixed ids: Anki recognises a re-imported deck and model and updates them in place.
ANKI_MODEL_ID = 1_607_392_319
ANKI_DECK_ID = 2_059_400_110
ANKI_MODEL = genanki.Model(
    ANKI_MODEL_ID,
    "InterviewPrep question",
    fields=[{"name": "Question"}, {"name": "Answer"}, {"name": "Slug"}],
    templates=[
        {
            "name": "Question → answer",
            "qfmt": '<div class="question">{{Question}}</div>',
            "afmt": '{{FrontSide}}<hr id="answer"><div class="answer">{{Answer}}</div>',
        }
    ],
    css=(
        ".card { font-family: system-ui, sans-serif; font-size: 18px; text-align: left; max-width: 46em; }"
        " .short li { margin: .2em 0; } .muted { color: #666; font-size: .85em; } pre { white-space: pre-wrap; }"
    ),
)


def anki_deck(questions: Iterable[Question], *, title: str) -> bytes:
    """An .apkg with one note per question: the question on the front, the model answer behind."""
    deck_id = ANKI_DECK_ID + int(hashlib.sha1(title.encode()).hexdigest()[:6], 16)
    deck = genanki.Deck(deck_id, f"InterviewPrep::{title}")
    for question in questions:
        front = render_to_string("practice/anki_front.html", {"question": question})
        back = render_to_string("practice/anki_back.html", {"question": question})
        tags = [t.slug.replace(" ", "_") for t in question.tags.all()] + [question.difficulty]
        deck.add_note(
            genanki.Note(
                model=ANKI_MODEL, fields=[front, back, question.slug], tags=tags, guid=genanki.guid_for(question.slug)
            )
        )
    buffer = io.BytesIO()
    genanki.Package(deck).write_to_file(buffer)
    return buffer.getvalue()


ATTEMPT_COLUMNS = [
    "created_at",
    "question",
    "title",
    "category",
    "grade",
    "seconds_taken",
    "key_points_covered",
    "answer",
]


def attempts_csv(user: User) -> str:
    out = io.StringIO()
    writer = SpreadsheetSafeWriter(out)
    writer.writerow(ATTEMPT_COLUMNS)
    for attempt in Attempt.objects.for_user(user).for_list_page().iterator(chunk_size=2000):
        writer.writerow(
            [
                attempt.created_at.isoformat(),
                attempt.question.slug,
                attempt.question.title,
                attempt.question.category.slug,
                attempt.grade,
                attempt.seconds_taken,
                " ".join(str(i) for i in attempt.key_points_covered),
                attempt.answer_text,
            ]
        )
    return out.getvalue()
