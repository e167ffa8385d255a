"""The bank the project ships (bank/): complete, consistent, and in our own words."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from questions.bank import import_bank, read_bank
from questions.markdown import _PARSER, _render_math, sanitise_html
from questions.rules import FULL_DESIGN_WORDS, word_count

SLUGS_FILE = Path(__file__).with_name("shipped_slugs.txt")
SEED_CHECK = Path(settings.BASE_DIR).parent / "shared" / "tools" / "check_seed_overlap.py"
MIN_QUESTIONS = 200
MIN_CATEGORIES = 12
MIN_ANSWER_WORDS = 120
MIN_FOLLOW_UPS, MIN_PITFALLS = 3, 2
# Issue 13's targets for the bank (answers that train for the real interview).
ISSUE_13_QUESTIONS = 300
ISSUE_13_LLM_CATEGORY, ISSUE_13_LLM_QUESTIONS = "transformers-llms", 75
ISSUE_13_DESIGNS, ISSUE_13_FULL_DESIGNS = 40, 25


@pytest.fixture(scope="module")
def bank(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        try:
            return read_bank([settings.BANK_DIR])
        finally:
            # Outside any test's transaction this connection would stay open to the end of the
            # session and stop PostgreSQL from dropping the test database.
            connection.close()


def published(bank):
    return [q for q in bank.questions if q.status == "published"]


def test_the_bank_reads_without_a_single_problem(bank):
    assert [str(p) for p in bank.problems] == []


def test_it_has_enough_published_questions_across_enough_categories(bank):
    questions = published(bank)
    assert len(questions) >= MIN_QUESTIONS
    assert len({q.category for q in questions}) >= MIN_CATEGORIES


def test_every_published_question_has_every_field(bank):
    incomplete = []
    for q in published(bank):
        words = len(re.findall(r"\w+", q.answer))
        checks = {
            "title": bool(q.title),
            f"answer of {MIN_ANSWER_WORDS}+ words ({words})": words >= MIN_ANSWER_WORDS,
            "short answer": 1 <= len(q.short_answer.splitlines()) <= 4,
            "3 to 6 key points": 3 <= len(q.key_points) <= 6,
            "a tag": bool(q.tags),
            "a reference": bool(q.references),
        }
        incomplete += [f"{q.source}: {what}" for what, ok in checks.items() if not ok]
    assert incomplete == []


def test_titles_are_unique(bank):
    counts = Counter(q.title.strip().lower() for q in bank.questions)
    assert [title for title, n in counts.items() if n > 1] == []


def test_scenario_and_design_questions_set_the_scene(bank):
    missing = [q.source for q in published(bank) if q.kind == "scenario" and not q.scenario]
    assert missing == []


def test_some_questions_are_marked_commonly_asked(bank):
    questions = published(bank)
    share = sum(q.commonly_asked for q in questions) / len(questions)
    assert 0.1 <= share <= 0.5


def test_slugs_are_stable(bank):
    """Slugs are permanent addresses: none may disappear, and new ones are listed on purpose."""
    listed = set(SLUGS_FILE.read_text().split())
    current = {q.slug for q in bank.questions}
    assert sorted(listed - current) == [], "a shipped slug disappeared; archive the question instead"
    assert sorted(current - listed) == [], f"new slugs: add them to {SLUGS_FILE.name}"


@pytest.mark.django_db
def test_the_shipped_bank_imports_and_round_trips(tmp_path):
    from questions.bank import export_bank

    first = import_bank([settings.BANK_DIR])
    assert first.ok and first.created >= MIN_QUESTIONS
    assert import_bank([settings.BANK_DIR]).unchanged == first.created
    export_bank(tmp_path)
    again = import_bank([tmp_path])
    assert (again.created, again.updated) == (0, 0)


@pytest.mark.skipif(not SEED_CHECK.exists(), reason="the seed documents live beside the project only")
def test_the_bank_and_docs_share_no_sentence_with_the_seed_documents():
    result = subprocess.run(
        [sys.executable, str(SEED_CHECK), "bank", "docs"], cwd=settings.BASE_DIR, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout[-2000:]


def formulas(markdown: str) -> list[tuple[str, bool]]:
    """Every `$...$` and `$$...$$` in a Markdown text as the renderer's parser finds them: the LaTeX
    and whether it is display maths."""
    found = []
    for token in _PARSER.parse(markdown):
        for part in [token, *(token.children or [])]:
            if part.type.startswith("math"):
                found.append((part.content, part.type != "math_inline"))
    return found


def test_every_formula_in_the_bank_renders_without_a_latex_command_left_as_text(bank):
    """latex2mathml prints a command it does not know as text (`\\arg\\max` came out as "\\arg"):
    render each formula of every text a page shows, as the pages do, and look for a command in
    what a reader would see."""
    rendered, broken = 0, []
    for q in bank.questions:
        texts = [q.answer, q.scenario, q.short_answer, *q.pitfalls]
        texts += [part for f in q.follow_ups for part in (f["question"], f["answer"])]
        for latex, display in (f for text in texts for f in formulas(text or "")):
            html = sanitise_html(_render_math(latex, display=display))
            seen = re.sub(r"<[^>]+>", " ", html)
            rendered += 1
            if "math-error" in html or "<mo />" in html or re.search(r"\\[A-Za-z]+", seen):
                broken.append(f"{Path(q.source).name}: {latex.strip()[:80]}")
    assert rendered > 1000
    assert broken == []


def test_every_reference_has_a_year_and_a_url_or_an_arxiv_id(bank):
    """A reader can find every source: a link (a DOI, the publisher, the official docs) or an arXiv
    id, and a year (for living documentation, the year of the version the answer was checked
    against)."""
    incomplete = [
        f"{Path(q.source).name}: {ref['title']}"
        for q in bank.questions
        for ref in q.references
        if not ref.get("year") or not (ref.get("url") or ref.get("arxiv"))
    ]
    assert incomplete == []


def test_every_published_question_has_its_follow_ups_and_pitfalls(bank):
    short = [
        f"{Path(q.source).name}: {len(q.follow_ups)} follow-ups, {len(q.pitfalls)} pitfalls"
        for q in published(bank)
        if len(q.follow_ups) < MIN_FOLLOW_UPS or len(q.pitfalls) < MIN_PITFALLS
    ]
    assert short == []


def test_bank_meets_issue_13_targets(bank):
    """Issue 13: at least 300 published questions, 75 of them in Transformers and LLMs, and 40
    designs of which 25 have a model answer of 1,500 words or more. The content lands in parts;
    this fails until all of it is in, and is never to be loosened to pass."""
    questions = published(bank)
    designs = [q for q in questions if q.kind == "design"]
    found = {
        "published questions": len(questions),
        "in transformers-llms": sum(q.category == ISSUE_13_LLM_CATEGORY for q in questions),
        "designs": len(designs),
        f"designs of {FULL_DESIGN_WORDS:,}+ words": sum(word_count(q.answer) >= FULL_DESIGN_WORDS for q in designs),
    }
    wanted = dict(zip(found, (ISSUE_13_QUESTIONS, ISSUE_13_LLM_QUESTIONS, ISSUE_13_DESIGNS, ISSUE_13_FULL_DESIGNS),
                      strict=True))  # fmt: skip
    assert {k: v for k, v in found.items() if v < wanted[k]} == {}, f"wanted at least {wanted}"


def test_no_design_question_is_rated_easy(bank):
    """Issue 13: a system design is never an easy question, however short its answer."""
    assert [q.source for q in published(bank) if q.kind == "design" and q.difficulty == "easy"] == []
