"""Every coding question the bank ships works: its reference solution (the first ```python block
of its model answer) passes every one of its own tests and its starter code passes none, run by
plain Python through the same runner the browser uses, in a subprocess with a time limit."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection

from questions.bank import read_bank
from questions.coding import runner
from questions.coding.checking import reference_solution, run_with_python

PASS = runner.PASS
TESTS_PER_QUESTION = (4, 8)


@pytest.fixture(scope="module")
def coding_questions(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        try:
            bank = read_bank([settings.BANK_DIR])
        finally:
            connection.close()  # as in test_shipped_bank: no connection left open to the test database
    return [q for q in bank.questions if q.kind == "coding" and q.status == "published"]


def test_the_bank_ships_coding_questions(coding_questions):
    assert len(coding_questions) >= 10


def test_every_coding_question_has_4_to_8_tests_and_a_reference_solution(coding_questions):
    wrong = []
    for q in coding_questions:
        count = len(runner.test_functions(q.tests))
        if not TESTS_PER_QUESTION[0] <= count <= TESTS_PER_QUESTION[1]:
            wrong.append(f"{q.source}: {count} tests")
        if reference_solution(q.answer) is None:
            wrong.append(f"{q.source}: no ```python block in the model answer")
    assert wrong == []


def test_every_reference_solution_passes_its_own_tests(coding_questions):
    failing = []
    for q in coding_questions:
        result = run_with_python(reference_solution(q.answer) or "", q.tests)
        if result["error"] or result["passed"] != result["total"]:
            bad = [f"{t['name']}: {t['status']} {t['message']}" for t in result["tests"] if t["status"] != "pass"]
            failing.append(f"{q.source}: {result['error'] or bad}")
    assert failing == []


def test_every_starter_code_fails_every_test(coding_questions):
    passing = []
    for q in coding_questions:
        result = run_with_python(q.starter_code, q.tests)
        if result["error"]:
            passing.append(f"{q.source}: the starter code does not run: {result['error']}")
        passing += [
            f"{q.source}: {t['name']} passes on the starter code" for t in result["tests"] if t["status"] == PASS
        ]
    assert passing == []
