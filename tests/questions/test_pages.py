from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from practice.services import toggle_bookmark
from questions.models import BankVersion
from tests.conftest import client_for
from tests.factories import CategoryFactory, QuestionFactory, TagFactory, UserFactory

LIST = reverse("questions:list")


def titles(response) -> list[str]:
    return [q.title for q in response.context["page"].object_list]


def detail(slug: str) -> str:
    return reverse("questions:detail", args=[slug])


class TestBrowsing:
    def test_anonymous_visitors_see_only_published_questions(self, client, small_bank):
        response = client.get(LIST)
        assert response.status_code == 200
        assert sorted(titles(response)) == sorted(
            [small_bank.convolution.title, small_bank.vit.title, small_bank.bayes.title]
        )
        assert b"secret-draft" not in response.content

    def test_signed_in_users_do_not_see_drafts_either(self, alice_client, small_bank):
        assert small_bank.draft.title not in titles(alice_client.get(LIST))
        assert small_bank.archived.title not in titles(alice_client.get(LIST + "?search=archived"))

    def test_staff_see_drafts_and_archived_questions_marked_as_such(self, staff_client, small_bank):
        response = staff_client.get(LIST)
        assert small_bank.draft.title in titles(response)
        assert small_bank.archived.title in titles(response)
        assert b"badge-status" in response.content

    def test_a_category_filter_includes_its_children(self, client, small_bank):
        response = client.get(LIST + "?category=deep-learning")
        assert sorted(titles(response)) == sorted([small_bank.convolution.title, small_bank.vit.title])
        assert titles(client.get(LIST + "?category=vision")) == [small_bank.vit.title]

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("difficulty=hard", ["vit"]),
            ("kind=math", ["bayes"]),
            ("tag=cnn", ["convolution", "vit"]),
            ("common=on", ["convolution"]),
            ("search=bayes", ["bayes"]),
            ("search=TRANSFORMER image", ["vit"]),
            ("search=convolution", ["convolution"]),
            ("tag=cnn&difficulty=easy", ["convolution"]),
            ("search=nothing+matches+this", []),
        ],
    )
    def test_filters_and_search_narrow_the_list(self, client, small_bank, query, expected):
        response = client.get(f"{LIST}?{query}")
        assert sorted(titles(response)) == sorted(getattr(small_bank, name).title for name in expected)

    def test_counts_per_filter_value_leave_out_the_facets_own_filter(self, client, small_bank):
        facets = client.get(LIST + "?difficulty=hard").context["facets"]
        assert {value: n for value, _, n in facets.difficulty} == {"easy": 1, "medium": 1, "hard": 1}
        deep = next(c for c in facets.categories if c.slug == "deep-learning")
        # Only the hard question counts under the difficulty filter; the child adds into the parent.
        assert (deep.count, deep.children[0].count) == (1, 1)
        assert {slug: n for slug, _, n in facets.tags} == {"cnn": 1}

    def test_counts_never_include_drafts_for_non_staff(self, client, staff_client, small_bank):
        facets = client.get(LIST).context["facets"]
        assert next(n for slug, _, n in facets.tags if slug == "cnn") == 2
        assert next(c for c in facets.categories if c.slug == "deep-learning").count == 2
        staff_facets = staff_client.get(LIST).context["facets"]
        assert next(n for slug, _, n in staff_facets.tags if slug == "cnn") == 3

    def test_a_nonsense_filter_value_is_ignored_with_a_note(self, client, small_bank):
        response = client.get(LIST + "?difficulty=impossible&tag=cnn")
        assert response.status_code == 200
        assert response.context["ignored"] == ["difficulty"]
        assert len(titles(response)) == 2

    def test_a_yes_no_filter_that_is_neither_is_ignored_with_a_note(self, client, small_bank):
        response = client.get(LIST + "?common=maybe")
        assert response.context["ignored"] == ["common"]
        assert len(titles(response)) == 3

    def test_the_list_is_paginated_and_keeps_its_filters(self, client, settings, small_bank):
        settings.QUESTIONS_PER_PAGE = 1
        response = client.get(LIST + "?tag=cnn")
        assert response.context["page"].paginator.num_pages == 2
        assert re.search(rb'href="\?tag=cnn&amp;page=2"', response.content)
        assert client.get(LIST + "?tag=cnn&page=99").context["page"].number == 2


@pytest.mark.parametrize("rows", [5, 50])
def test_the_list_page_runs_the_same_queries_for_5_or_50_questions(db, client, django_assert_num_queries, rows):
    tags = [TagFactory() for _ in range(3)]
    parent = CategoryFactory()
    child = CategoryFactory(parent=parent)
    for i in range(rows):
        QuestionFactory(category=child if i % 2 else parent, tags=tags[: i % 3 + 1])
    client.get(LIST + "?search=concept")  # the engine reads the bank into memory and ranks once
    cache.clear()  # the page itself is made afresh; the engine keeps its ranking
    BankVersion.forget()  # and the page cache reads the bank's version again
    # The page cache's bank version; count + page + tags prefetch; one per facet (category,
    # difficulty, kind, tag, common) and the category tree; the search engine's bank version,
    # once for the list and its facets (the ranking is cached for that version); session/auth
    # none for anonymous.
    with django_assert_num_queries(11):
        response = client.get(LIST + "?search=concept")
    assert response.status_code == 200
    with django_assert_num_queries(0):  # then from the cache, under the version read a moment ago
        assert client.get(LIST + "?search=concept").content == response.content


def test_filtering_by_category_adds_one_query_for_the_tree(client, django_assert_num_queries, small_bank):
    # The ten above, plus the category's descendants, looked up once for the list and its facets.
    with django_assert_num_queries(11):
        client.get(LIST + "?category=deep-learning")


@pytest.mark.parametrize("rows", [5, 50])
@pytest.mark.parametrize("who", ["alice_client", "staff_client"])
def test_signed_in_and_staff_list_pages_run_the_same_queries_for_5_or_50_questions(
    request, db, django_assert_num_queries, rows, who
):
    client = request.getfixturevalue(who)
    tags = [TagFactory(slug=f"tag-{i}") for i in range(3)]
    parent = CategoryFactory(slug="parent")
    child = CategoryFactory(parent=parent)
    for i in range(rows):
        QuestionFactory(
            category=child if i % 2 else parent, tags=tags[: i % 3 + 1], status="published" if i % 4 else "draft"
        )
    # the session with the user and the header's "due for review" count; count + page (each with the user's
    # review state joined, practice/marks.py) + tags prefetch; the category's descendants (once);
    # one per facet (category, difficulty, kind, tag, common) and the category tree; how long
    # the page stays true, for the page cache (the header brings the bank's version).
    with django_assert_num_queries(12):
        response = client.get(LIST + "?category=parent&tag=tag-0")
    assert response.status_code == 200
    assert response.context["page"].paginator.count == (rows if who == "staff_client" else rows - (rows + 3) // 4)
    # Then from the page cache, the person's own copy: the session with the user and the header (and version).
    with django_assert_num_queries(1):
        assert client.get(LIST + "?category=parent&tag=tag-0").status_code == 200


class TestQuestionPage:
    def test_anyone_can_read_a_published_question_with_its_answer(self, client, small_bank):
        response = client.get(detail("vision-transformer"))
        assert response.status_code == 200
        body = response.content.decode()
        assert "<details" in body and "Show answer" in body
        assert "<strong>224×224</strong>" in body  # the scenario, rendered
        assert "<math" in body  # the model answer, rendered on save
        assert "First line." in body and "one" in body  # short answer and key points
        assert 'href="https://arxiv.org/abs/1706.03762"' in body

    @pytest.mark.parametrize("slug", ["secret-draft", "old-archived"])
    def test_drafts_and_archived_questions_are_404_for_everyone_but_staff(
        self, client, alice_client, staff_client, small_bank, slug
    ):
        assert client.get(detail(slug)).status_code == 404
        assert alice_client.get(detail(slug)).status_code == 404
        assert staff_client.get(detail(slug)).status_code == 200

    def test_an_unknown_slug_is_404(self, client, small_bank):
        assert client.get(detail("no-such-question")).status_code == 404

    def test_related_questions_show_from_both_ends_but_never_a_draft(self, client, small_bank):
        small_bank.convolution.related.add(small_bank.vit, small_bank.draft)
        assert [q.slug for q in client.get(detail("vision-transformer")).context["related"]] == [
            "what-is-a-convolution"
        ]
        assert [q.slug for q in client.get(detail("what-is-a-convolution")).context["related"]] == [
            "vision-transformer"
        ]


class TestTags:
    @pytest.fixture
    def many_tags(self, db):
        """40 tags: tag-00 on 40 questions, tag-01 on 39, ... tag-39 on one."""
        tags = [TagFactory(slug=f"tag-{i:02}", name=f"Tag {i:02}") for i in range(40)]
        for n in range(40):
            QuestionFactory(tags=tags[: n + 1], difficulty="hard" if n == 0 else "easy")
        return tags

    def test_every_tag_is_offered_with_its_count_the_rest_under_a_fold(self, client, many_tags):
        response = client.get(LIST)
        facets = response.context["facets"]
        assert [(slug, n) for slug, _, n in facets.tags] == [(f"tag-{i:02}", 40 - i) for i in range(40)]
        assert len(facets.tags_shown) == 30
        body = response.content.decode()
        fold = body.index('<details class="more-tags">')
        assert "<summary>10 more tags</summary>" in body
        assert body.index("Tag 29 <span") < fold < body.index("Tag 39 <span")

    def test_a_tag_picked_from_under_the_fold_stays_in_sight_with_its_count(self, client, many_tags):
        facets = client.get(LIST + "?tag=tag-39").context["facets"]
        assert ("tag-39", "Tag 39", 1) in facets.tags_shown
        assert len(facets.tags_shown) == 30
        assert "tag-39" not in [slug for slug, _, _ in facets.tags_more]

    def test_a_picked_tag_with_no_match_under_the_other_filters_is_shown_with_zero(self, client, many_tags):
        # Only the first question is hard, and it has only tag-00.
        facets = client.get(LIST + "?tag=tag-39&difficulty=hard").context["facets"]
        assert facets.tags == [("tag-00", "Tag 00", 1), ("tag-39", "Tag 39", 0)]

    def test_tags_on_drafts_alone_are_not_offered(self, client, many_tags):
        QuestionFactory(tags=[TagFactory(slug="secret-topic")], status="draft")
        assert "secret-topic" not in [slug for slug, _, _ in client.get(LIST).context["facets"].tags]


def test_the_home_page_counts_published_questions_per_top_category(client: Client, small_bank):
    response = client.get("/")
    assert response.status_code == 200
    totals = {c.slug: c.total for c in response.context["categories"]}
    assert totals == {"deep-learning": 2, "statistics": 1}
    assert response.context["stats"] == {"total": 3, "common": 1}


def test_categories_with_nothing_visible_are_not_offered(client, small_bank):
    CategoryFactory(slug="imported", name="Imported (to review)")
    QuestionFactory(category=small_bank.stats, status="draft")
    body = client.get(LIST).content.decode()
    assert "Imported (to review)" not in body
    assert "Imported (to review)" not in client.get("/").content.decode()


@pytest.mark.parametrize("rows", [5, 50])
def test_the_home_page_runs_the_same_queries_for_5_or_50_categories(db, client, django_assert_num_queries, rows):
    for _ in range(rows):
        QuestionFactory(category=CategoryFactory(parent=CategoryFactory()))
    # The bank's version; counts per category, top categories, their children, totals.
    with django_assert_num_queries(5):
        assert client.get("/").status_code == 200
    with django_assert_num_queries(0):  # then from the cache, under the version read a moment ago
        assert client.get("/").status_code == 200


class TestAHiddenCategoryByItsSlug:
    """A guessed slug of a category holding only drafts is treated as an unknown one."""

    @pytest.fixture
    def secret(self, small_bank):
        category = CategoryFactory(slug="secretcat", name="SecretCat")
        QuestionFactory(category=category, status="draft", title="A hidden thought")
        return category

    @staticmethod
    def deck_text(response) -> bytes:
        import io
        import zipfile

        archive = zipfile.ZipFile(io.BytesIO(response.content))
        return b"".join(archive.read(name) for name in archive.namelist())

    @pytest.mark.parametrize("who", ["client", "alice_client"])
    def test_the_list_page_does_not_name_it(self, request, secret, who):
        response = request.getfixturevalue(who).get(LIST + "?category=secretcat")
        assert response.status_code == 200
        assert b"SecretCat" not in response.content
        assert titles(response) == []
        # The same as a slug that names nothing at all.
        unknown = request.getfixturevalue(who).get(LIST + "?category=no-such-category")
        assert titles(unknown) == []

    def test_the_anki_deck_is_not_named_after_it(self, client, secret):
        response = client.get("/practice/export/anki/?category=secretcat")
        assert response.status_code == 200
        assert b"SecretCat" not in self.deck_text(response)

    def test_the_filter_form_describes_it_as_nothing(self, alice, secret):
        from questions.forms import QuestionFilterForm

        form = QuestionFilterForm({"category": "secretcat", "difficulty": "hard"}, user=alice)
        assert form.is_valid()
        assert form.describe() == "hard"

    def test_staff_see_it_by_name(self, staff_client, secret):
        response = staff_client.get(LIST + "?category=secretcat")
        assert b"SecretCat" in response.content
        assert titles(response) == ["A hidden thought"]
        deck = staff_client.get("/practice/export/anki/?category=secretcat")
        assert b"SecretCat" in self.deck_text(deck)


def test_the_facets_are_counted_once_per_bank_version_for_everyone(db, small_bank):
    """Signed in, the list is each person's own, but its facets are the same for all who see the
    same questions: the second person's page reads them from the fragment the first one made."""
    first = client_for(UserFactory()).get(LIST).content.decode()
    bob = client_for(UserFactory())
    with CaptureQueriesContext(connection) as made:
        second = bob.get(LIST).content.decode()
    assert facets_of(first) == facets_of(second) and "Medium" in facets_of(second)
    assert not difficulty_counted(made)
    QuestionFactory(category=small_bank.bayes.category, difficulty="hard", title="A new hard one")
    with CaptureQueriesContext(connection) as remade:
        third = bob.get(LIST).content.decode()
    assert difficulty_counted(remade) and facets_of(third) != facets_of(second)


def test_my_bookmarks_facets_count_the_persons_own_bookmarks_afresh(db, small_bank):
    alice = UserFactory()
    client = client_for(alice)
    assert '<span class="count">1</span>' not in facets_of(client.get(LIST + "?bookmarked=on").content.decode())
    toggle_bookmark(user=alice, question=small_bank.bayes)
    with CaptureQueriesContext(connection) as made:
        page = client.get(LIST + "?bookmarked=on").content.decode()
    assert difficulty_counted(made) and '<span class="count">1</span>' in facets_of(page)


def facets_of(page: str) -> str:
    return page[page.index('<details class="filters">') : page.index('<section class="results"')]


def difficulty_counted(queries: CaptureQueriesContext) -> bool:
    return any(q["sql"].startswith('SELECT "questions_question"."difficulty" AS') for q in queries.captured_queries)
