"""Exports: an Anki deck of any filter, a CSV of one's attempts, and all of one's data as JSON."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

import genanki
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string

from accounts.models import User
from practice.models import (
    Attempt,
    Bookmark,
    MockInterview,
    Note,
    PracticeSession,
    Project,
    ReviewState,
    StudySettings,
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
    writer = csv.writer(out)
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


def user_data(user: User, now: datetime) -> dict[str, Any]:
    """Everything the site keeps about `user` that is theirs, for download."""
    settings = StudySettings.objects.filter(user=user).first()
    return {
        "exported_at": now,
        "account": {"email": user.email, "display_name": user.display_name, "date_joined": user.date_joined},
        "study_settings": {
            "desired_retention": settings.desired_retention if settings else None,
            "new_per_day": settings.new_per_day if settings else None,
            "interview_date": settings.interview_date if settings else None,
        },
        "attempts": [
            {
                "question": a.question.slug,
                "created_at": a.created_at,
                "grade": a.grade,
                "seconds_taken": a.seconds_taken,
                "key_points_covered": a.key_points_covered,
                "answer_text": a.answer_text,
            }
            for a in Attempt.objects.for_user(user).select_related("question").order_by("created_at", "id")
        ],
        "review_states": list(
            ReviewState.objects.filter(user=user)
            .order_by("question__slug")
            .values("question__slug", "state", "due", "stability", "difficulty", "last_review", "reps", "lapses")
        ),
        "bookmarks": list(
            Bookmark.objects.filter(user=user).order_by("created_at").values("question__slug", "created_at")
        ),
        "notes": list(
            Note.objects.filter(user=user).order_by("question__slug").values("question__slug", "text", "updated_at")
        ),
        "practice_sessions": list(
            PracticeSession.objects.filter(user=user).values("title", "created_at", "finished_at", "position")
        ),
        "mock_interviews": [
            {
                "created_at": m.created_at,
                "seconds_per_question": m.seconds_per_question,
                "finished_at": m.finished_at,
                "graded_at": m.graded_at,
                "items": [
                    {
                        "question": i.question.slug,
                        "answer_text": i.answer_text,
                        "seconds_taken": i.seconds_taken,
                        "grade": i.attempt.grade if i.attempt else None,
                    }
                    for i in m.items.all()
                ],
            }
            for m in MockInterview.objects.filter(user=user).prefetch_related("items__question", "items__attempt")
        ],
        "projects": [
            {"title": p.title, "summary": p.summary, "answers": {a.prompt: a.text for a in p.answers.all()}}
            for p in Project.objects.filter(user=user).prefetch_related("answers")
        ],
    }


def user_data_json(user: User, now: datetime) -> str:
    return json.dumps(user_data(user, now), cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
