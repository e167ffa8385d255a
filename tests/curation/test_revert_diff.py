"""A revert's revision shows what it changed, even when only line endings differ (a form posts
CRLF, the bank's files have LF), instead of an empty "Model answer" diff."""

from __future__ import annotations

import pytest

from curation.history import revisions
from curation.services import revert_question
from questions.revisions import save_revision
from tests.factories import QuestionFactory, UserFactory


@pytest.mark.django_db
def test_a_revert_shows_its_changes_line_by_line():
    carol = UserFactory(is_staff=True)
    question = QuestionFactory(answer="First answer.\n\nSecond paragraph.")
    save_revision(question, reason="start", user=carol)
    first = question.history.order_by("history_id").last().history_id
    question.answer = "Changed answer.\n\nSecond paragraph."
    save_revision(question, reason="edit", user=carol)
    revert_question(question=question, history_id=first, user=carol)
    latest = revisions(question)[0]
    diff = {c["label"]: str(c["diff"]) for c in latest["changes"]}
    assert '<span class="diff-removed">-Changed answer.</span>' in diff["Model answer"]
    assert '<span class="diff-added">+First answer.</span>' in diff["Model answer"]


@pytest.mark.django_db
def test_a_change_of_line_endings_alone_says_so():
    carol = UserFactory(is_staff=True)
    question = QuestionFactory(answer="One line.\nTwo lines.")
    save_revision(question, reason="start", user=carol)
    first = question.history.order_by("history_id").last().history_id
    question.answer = "One line.\r\nTwo lines.\r\n"  # as a browser's form posts it
    save_revision(question, reason="edit in the page", user=carol)
    revert_question(question=question, history_id=first, user=carol)
    for row in revisions(question)[:2]:
        diff = {c["label"]: str(c["diff"]) for c in row["changes"]}
        assert "Only the line endings changed" in diff["Model answer"]
