"""Lists run the same number of queries for 5 rows as for 50: everything joined or prefetched."""

from __future__ import annotations

import pytest
from django.utils import timezone

from practice.models import Bookmark, MockInterview, MockItem, Note, Project, ProjectAnswer
from practice.services import record_attempt
from tests.conftest import api_client_for, client_for
from tests.factories import QuestionFactory, TagFactory

SIZES = [5, 50]


def make_mocks(user, n):
    tag = TagFactory()
    for i in range(n):
        question = QuestionFactory(tags=[tag])
        mock = MockInterview.objects.create(user=user, finished_at=timezone.now() if i % 2 else None)
        MockItem.objects.create(mock=mock, position=0, question=question, answer_text="an answer")
        MockItem.objects.create(mock=mock, position=1, question=QuestionFactory(), project=None)


@pytest.mark.parametrize("rows", SIZES)
def test_the_mock_list_page(alice, django_assert_num_queries, rows):
    make_mocks(alice, rows)
    client = client_for(alice)
    # the session with the user and the header (due count, unread notifications, curator group); the mocks
    # with their visible-item counts (one annotated query), the category choices of the form
    with django_assert_num_queries(3):
        assert client.get("/practice/mocks/").status_code == 200


@pytest.mark.parametrize("rows", SIZES)
def test_the_mock_list_api(alice, django_assert_num_queries, rows):
    make_mocks(alice, min(rows, 50))
    client = api_client_for(alice)
    # the mocks; their visible items with question, attempt and project joined; the items' tags; their follow-ups
    with django_assert_num_queries(4):
        assert len(client.get("/api/v1/mocks/").json()) == rows


@pytest.mark.parametrize("rows", SIZES)
def test_the_bookmarks_api(alice, django_assert_num_queries, rows):
    for _ in range(rows):
        Bookmark.objects.create(user=alice, question=QuestionFactory())
    client = api_client_for(alice)
    with django_assert_num_queries(1):  # the bookmarks with their questions joined
        assert len(client.get("/api/v1/bookmarks/").json()) == rows


@pytest.mark.parametrize("rows", SIZES)
def test_the_notes_api(alice, django_assert_num_queries, rows):
    for _ in range(rows):
        Note.objects.create(user=alice, question=QuestionFactory(), text="n")
    client = api_client_for(alice)
    with django_assert_num_queries(1):  # the notes with their questions joined
        assert len(client.get("/api/v1/notes/").json()) == rows


def make_projects(user, n):
    for i in range(n):
        project = Project.objects.create(user=user, title=f"p{i}")
        ProjectAnswer.objects.create(project=project, prompt="problem", text="t")


@pytest.mark.parametrize("rows", SIZES)
def test_the_projects_page(alice, django_assert_num_queries, rows):
    make_projects(alice, rows)
    client = client_for(alice)
    # the session with the user and the header (due count, unread notifications, curator group);
    # the projects with their answer counts (annotated)
    with django_assert_num_queries(2):
        assert client.get("/practice/projects/").status_code == 200


@pytest.mark.parametrize("rows", SIZES)
def test_the_projects_api(alice, django_assert_num_queries, rows):
    make_projects(alice, rows)
    client = api_client_for(alice)
    with django_assert_num_queries(1):  # the projects with their answer counts (annotated)
        assert len(client.get("/api/v1/projects/").json()) == rows


@pytest.mark.parametrize("rows", SIZES)
def test_the_progress_api(alice, django_assert_num_queries, rows):
    for _ in range(rows):
        record_attempt(user=alice, question=QuestionFactory(), grade="good", answer_text="", seconds_taken=1,
                       now=timezone.now())  # fmt: skip
    client = api_client_for(alice)
    # what practice.progress.progress_for runs (as the dashboard page does, without the page's
    # session, user and header queries): settings, categories with their published counts,
    # review states per category and forecast day, those due this week with their questions,
    # attempts per day (with reviews and the totals)
    with django_assert_num_queries(5):
        assert client.get("/api/v1/progress/").status_code == 200
