from __future__ import annotations

import pytest

from questions.models import Category
from tests.conftest import api_client_for
from tests.factories import CategoryFactory, QuestionFactory, TagFactory

QUESTIONS = "/api/v1/questions/"


def slugs(response) -> list[str]:
    return sorted(row["slug"] for row in response.json()["results"])


class TestQuestionList:
    def test_it_is_paginated_with_the_contract_fields(self, api, small_bank):
        body = api.get(QUESTIONS).json()
        assert set(body) == {"count", "next", "previous", "results"}
        assert body["count"] == 3
        row = next(r for r in body["results"] if r["slug"] == "vision-transformer")
        assert row["title"] == small_bank.vit.title
        assert (row["difficulty"], row["kind"]) == ("hard", "design")
        assert row["category"] == {"slug": "vision", "name": "Computer vision"}
        assert row["tags"] == ["cnn"]

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("category=deep-learning", ["vision-transformer", "what-is-a-convolution"]),
            ("category=vision", ["vision-transformer"]),
            ("difficulty=medium", ["bayes-rule"]),
            ("tag=cnn", ["vision-transformer", "what-is-a-convolution"]),
            ("kind=design", ["vision-transformer"]),
            ("search=bayes", ["bayes-rule"]),
            ("search=convolution", ["what-is-a-convolution"]),
            ("category=no-such-category", []),
        ],
    )
    def test_filters(self, api, small_bank, query, expected):
        assert slugs(api.get(f"{QUESTIONS}?{query}")) == expected

    def test_an_invalid_filter_value_is_a_400_naming_the_field(self, api, small_bank):
        response = api.get(QUESTIONS + "?difficulty=impossible&kind=essay")
        assert response.status_code == 400
        assert set(response.json()) == {"difficulty", "kind"}

    @pytest.mark.parametrize(("value", "expected"), [
        ("true", ["what-is-a-convolution"]), ("1", ["what-is-a-convolution"]), ("YES", ["what-is-a-convolution"]),
        ("false", ["bayes-rule", "vision-transformer", "what-is-a-convolution"]),
        ("0", ["bayes-rule", "vision-transformer", "what-is-a-convolution"]),
        ("no", ["bayes-rule", "vision-transformer", "what-is-a-convolution"]),
    ])  # fmt: skip
    def test_common_takes_the_usual_yes_and_no_words(self, api, small_bank, value, expected):
        assert slugs(api.get(f"{QUESTIONS}?common={value}")) == expected

    @pytest.mark.parametrize("field", ["common", "bookmarked"])
    def test_a_yes_no_filter_that_is_neither_is_a_400_naming_the_field(self, api, small_bank, field):
        response = api.get(f"{QUESTIONS}?{field}=maybe")
        assert response.status_code == 400
        assert list(response.json()) == [field]
        assert "Expected true or false" in response.json()[field][0]

    @pytest.mark.parametrize("page", ["abc", "0", "9999"])
    def test_a_page_that_does_not_exist_is_a_404_as_the_schema_says(self, api, small_bank, page):
        response = api.get(f"{QUESTIONS}?page={page}")
        assert response.status_code == 404
        assert response.json() == {"detail": "Invalid page."}

    def test_drafts_and_archived_questions_are_hidden_from_users_but_not_staff(self, api, alice, staff, small_bank):
        assert "secret-draft" not in slugs(api.get(QUESTIONS + "?search=draft"))
        assert slugs(api_client_for(alice).get(QUESTIONS + "?search=convolution")) == ["what-is-a-convolution"]
        assert slugs(api_client_for(staff).get(QUESTIONS + "?search=convolution")) == [
            "old-archived", "secret-draft", "what-is-a-convolution",
        ]  # fmt: skip


@pytest.mark.parametrize("rows", [5, 50])
def test_the_list_endpoint_runs_the_same_queries_for_5_or_50_questions(db, api, django_assert_num_queries, rows):
    tags = [TagFactory() for _ in range(3)]
    category = CategoryFactory()
    for i in range(rows):
        QuestionFactory(category=category, tags=tags[: i % 3 + 1])
    with django_assert_num_queries(3):  # count, page with categories joined, tags prefetch
        assert api.get(QUESTIONS).status_code == 200


class TestQuestionDetail:
    def test_it_adds_the_answer_fields(self, api, small_bank):
        body = api.get(QUESTIONS + "vision-transformer/").json()
        assert body["body_html"] == "<p>You have <strong>224×224</strong> images.</p>\n"
        assert body["short_answer"] == "First line.\nSecond line."
        assert body["key_points"] == ["one", "two", "three"]
        assert "<math" in body["answer_html"]
        assert body["references"] == [{"title": "Attention Is All You Need", "arxiv": "1706.03762"}]

    @pytest.mark.parametrize("slug", ["secret-draft", "old-archived", "never-existed"])
    def test_hidden_or_unknown_questions_are_404(self, api, alice, slug, small_bank):
        assert api.get(f"{QUESTIONS}{slug}/").status_code == 404
        assert api_client_for(alice).get(f"{QUESTIONS}{slug}/").status_code == 404

    def test_staff_can_read_a_draft(self, staff, small_bank):
        assert api_client_for(staff).get(QUESTIONS + "secret-draft/").json()["status"] == "draft"


def test_categories_and_tags_are_listed(api, small_bank):
    categories = api.get("/api/v1/categories/").json()
    assert {c["slug"]: c["parent"] for c in categories} == {
        "deep-learning": None, "statistics": None, "vision": "deep-learning",
    }  # fmt: skip
    assert [t["slug"] for t in api.get("/api/v1/tags/").json()] == ["cnn", "probability"]


def test_the_schema_documents_the_endpoints_and_their_errors(api, db):
    response = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    for path in ["/api/v1/questions/", "/api/v1/questions/{slug}/", "/api/v1/attempts/", "/api/v1/auth/token/"]:
        assert path in paths
    assert {"201", "400", "401"} <= set(paths["/api/v1/attempts/"]["post"]["responses"])
    assert {"200", "400", "401", "404"} <= set(paths["/api/v1/questions/"]["get"]["responses"])
    assert "Invalid page" in paths["/api/v1/questions/"]["get"]["responses"]["404"]["description"]
    for path in ["/api/v1/categories/{slug}/", "/api/v1/tags/{slug}/", "/api/v1/questions/{slug}/"]:
        assert {"200", "401", "404"} <= set(paths[path]["get"]["responses"]), path
    assert api.get("/api/docs/").status_code == 200


def test_tags_only_on_drafts_are_not_listed_for_users(api, staff, small_bank):
    small_bank.draft.tags.add(TagFactory(slug="secret-topic"))
    assert "secret-topic" not in [t["slug"] for t in api.get("/api/v1/tags/").json()]
    assert "secret-topic" in [t["slug"] for t in api_client_for(staff).get("/api/v1/tags/").json()]


def test_a_bad_token_is_a_401_even_where_anonymous_visitors_may_read(api, small_bank):
    api.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert api.get(QUESTIONS).status_code == 401


class TestCategoriesWithOnlyDrafts:
    @pytest.fixture
    def hidden(self, small_bank):
        """A branch holding only drafts, and a parent whose only published question sits in its child."""
        imported = CategoryFactory(slug="imported")
        QuestionFactory(category=CategoryFactory(slug="drafts-child", parent=imported), status="draft")
        holder = CategoryFactory(slug="holder")
        QuestionFactory(category=CategoryFactory(slug="published-child", parent=holder))
        return small_bank

    def test_they_are_not_listed_for_anonymous_visitors_or_users(self, api, alice, hidden):
        expected = {"deep-learning", "vision", "statistics", "holder", "published-child"}
        assert {c["slug"] for c in api.get("/api/v1/categories/").json()} == expected
        assert {c["slug"] for c in api_client_for(alice).get("/api/v1/categories/").json()} == expected

    def test_staff_see_every_category(self, staff, hidden):
        listed = {c["slug"] for c in api_client_for(staff).get("/api/v1/categories/").json()}
        assert {"imported", "drafts-child", "holder", "published-child"} <= listed

    @pytest.mark.parametrize("slug", ["imported", "drafts-child", "no-such-category"])
    def test_one_of_them_is_404_except_for_staff(self, api, alice, staff, hidden, slug):
        assert api.get(f"/api/v1/categories/{slug}/").status_code == 404
        assert api_client_for(alice).get(f"/api/v1/categories/{slug}/").status_code == 404
        expected = 404 if slug == "no-such-category" else 200
        assert api_client_for(staff).get(f"/api/v1/categories/{slug}/").status_code == expected

    def test_a_parent_of_a_visible_category_is_shown_with_its_fields(self, api, hidden):
        assert api.get("/api/v1/categories/holder/").json() == {
            "slug": "holder", "name": Category.objects.get(slug="holder").name, "description": "", "parent": None,
        }  # fmt: skip
        assert api.get("/api/v1/categories/published-child/").json()["parent"] == "holder"


@pytest.mark.parametrize("rows", [5, 50])
def test_categories_and_tags_endpoints_run_one_query_whatever_their_size(db, api, django_assert_num_queries, rows):
    parent = CategoryFactory()
    for _ in range(rows):
        QuestionFactory(category=CategoryFactory(parent=parent), tags=[TagFactory()])
    CategoryFactory(parent=CategoryFactory())  # nothing visible: left out, costs nothing
    with django_assert_num_queries(1):  # categories with their parent joined and "has a visible question"
        assert len(api.get("/api/v1/categories/").json()) == rows + 1
    with django_assert_num_queries(1):  # tags of visible questions
        api.get("/api/v1/tags/")
