"""Exports: an Anki deck of any filter and a CSV of one's attempts, and their kinds for
practice.export_jobs (which decides whether the request builds them or the worker does). All of
one's data as JSON needs every app, so it lives in interviewprep/personal_data.py."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

import genanki
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string

from accounts.models import User
from interviewprep.spreadsheets import SpreadsheetSafeWriter
from practice.export_jobs import ExportFile, ExportKind, ExportRefused
from practice.models import Attempt
from questions.forms import QuestionFilterForm
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


# The kinds practice.export_jobs builds (registered in PracticeConfig.ready) -------------------

# The filters of the question list that pick a deck's questions (its order does not matter there).
DECK_FILTERS = ("search", "category", "difficulty", "kind", "tag", "common", "bookmarked")


class AnkiDeckExport(ExportKind):
    name = "anki"
    label = "Anki deck"
    parameter_names = DECK_FILTERS
    parameters_help = "the question list's filters: search, category, difficulty, kind, tag, common, bookmarked"

    def inline_limit(self) -> int:
        return settings.EXPORT_INLINE_MAX_QUESTIONS

    def _form(self, user: User | AnonymousUser, raw: Mapping[str, Any]) -> QuestionFilterForm:
        wrong = {name: ["Not a valid string."] for name, value in raw.items() if not isinstance(value, str | bool)}
        if wrong:
            raise ExportRefused(wrong)
        form = QuestionFilterForm(dict(raw), user=user)
        if not form.is_valid():
            raise ExportRefused({field: [str(e) for e in errors] for field, errors in form.errors.items()})
        return form

    def clean(self, user: User | AnonymousUser, raw: Mapping[str, Any]) -> dict[str, Any]:
        data = self._form(user, raw).cleaned_data
        # Only what is set, so two requests for the same deck store the same parameters.
        return {name: data[name] for name in DECK_FILTERS if data.get(name) not in (None, "", False)}

    def questions(self, user: User | AnonymousUser, parameters: dict[str, Any]) -> Any:
        return Question.objects.visible_to(user).matching(**self._form(user, parameters).filters())

    def size(self, user: User | AnonymousUser, parameters: dict[str, Any]) -> int:
        return self.questions(user, parameters).count()

    def title(self, user: User | AnonymousUser, parameters: dict[str, Any]) -> str:
        return self._form(user, parameters).describe()

    def build(self, user: User | AnonymousUser, parameters: dict[str, Any], now: datetime) -> ExportFile:
        questions = (
            self.questions(user, parameters)
            .select_related("category")
            .prefetch_related("tags")
            .order_by("category__position", "title")
        )
        data = anki_deck(questions, title=self.title(user, parameters))
        return ExportFile(data, "interviewprep.apkg", "application/octet-stream")


class SizedByAttempts(ExportKind):
    """A person's own data, whose size is their attempts: they outnumber everything else of
    theirs (each review is one)."""

    def inline_limit(self) -> int:
        return settings.EXPORT_INLINE_MAX_ROWS

    def size(self, user: User | AnonymousUser, parameters: dict[str, Any]) -> int:
        assert isinstance(user, User)  # the views and the API ask for an account first
        return Attempt.objects.filter(user=user).count()


class AttemptsExport(SizedByAttempts):
    name = "attempts"
    label = "attempts CSV"

    def title(self, user: User | AnonymousUser, parameters: dict[str, Any]) -> str:
        return "All your attempts"

    def build(self, user: User | AnonymousUser, parameters: dict[str, Any], now: datetime) -> ExportFile:
        assert isinstance(user, User)  # the views and the API ask for an account first
        return ExportFile(attempts_csv(user).encode(), "interviewprep-attempts.csv", "text/csv; charset=utf-8")
