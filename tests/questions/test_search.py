"""Search: ranked full-text plus vectors, the same engine on SQLite and PostgreSQL (run this file
with DATABASE_URL naming a PostgreSQL database to check the second)."""

from __future__ import annotations

import pytest
from django.db import connection

from questions.bank.loading import import_bank
from questions.models import Question
from questions.search import engine
from questions.search.highlight import highlight
from questions.search.schema import FTS_TABLE
from questions.search.spelling import Vocabulary
from questions.search.text import index_terms, parse_query
from tests.conftest import api_client_for, client_for
from tests.factories import CategoryFactory, QuestionFactory, UserFactory

LIST, API = "/questions/", "/api/v1/questions/"


@pytest.fixture
def bank(db):
    """A few questions whose words overlap the way real ones do."""
    ml = CategoryFactory(slug="ml", name="ML")
    make = lambda slug, title, **kw: QuestionFactory(slug=slug, title=title, category=ml, **kw)  # noqa: E731
    return {
        "rag": make("rag", "What is retrieval-augmented generation, and how do you evaluate it?",
                    short_answer="Retrieve passages from a corpus and put them in the prompt."),
        "average": make("average", "Why average many models into an ensemble?",
                        short_answer="Averaging cuts variance; storage of many models costs memory."),
        "kmeans": make("kmeans", "Is k-means guaranteed to converge?", short_answer="Each step lowers the objective."),
        "norm": make("norm", "What is batch normalisation, and why does it help?",
                     short_answer="Normalise activations with batch statistics."),
        "reg": make("reg", "What is regularisation?", short_answer="A penalty that discourages complex models."),
        "dropout": make("dropout", "How does dropout work at inference time?",
                        short_answer="Units are dropped in training only; inverted scaling keeps expectations."),
        "precision": make("precision", "What are precision and recall?",
                          short_answer="Precision: correct share of predicted positives. Recall: share found."),
        "draft": make("draft", "A draft about dropout and regularisation", status="draft"),
    }  # fmt: skip


def ranked(text: str) -> list[str]:
    slugs = dict(Question.objects.values_list("id", "slug"))
    return [slugs[pk] for pk in engine.search(text).ids]


def api_slugs(client, query: str) -> list[str]:
    return [row["slug"] for row in client.get(API + query).json()["results"]]


class TestQueryUnderstanding:
    def test_british_and_american_spellings_are_one_word(self):
        assert index_terms("normalisation regularisation optimiser neighbours modelling") == index_terms(
            "normalization regularization optimizer neighbors modeling"
        )

    def test_a_noise_is_no_british_spelling_of_anything(self):
        assert index_terms("noise") == ["noise"]

    def test_hyphenated_and_joined_compounds_meet(self):
        assert "kmeans" in index_terms("k-means") and "kmeans" in parse_query("kmeans").terms
        assert "tsne" in index_terms("t-SNE")

    def test_acronyms_stand_for_their_phrases_both_ways(self):
        assert "rag" in index_terms("Retrieval-augmented generation (plural: generations)")
        assert "gan" in parse_query("generative adversarial networks").terms
        assert "kvcache" in parse_query("KV cache").terms

    def test_question_words_and_vs_are_left_out(self):
        assert parse_query("explain the difference between precision vs recall").terms == ("precision", "recall")

    def test_a_typo_is_corrected_from_the_banks_words_only(self):
        words = Vocabulary(["dropout", "dropout", "gradient", "backpropagation"])
        assert words.correct("dropuot") == "dropout"  # two letters swapped
        assert words.correct("backpropogation") == "backpropagation"
        assert words.correct("gradient") is None  # a word of the bank
        assert words.correct("zebra") is None


class TestRanking:
    def test_the_best_match_comes_first(self, bank):
        assert ranked("batch norm")[0] == "norm"
        assert ranked("precision vs recall")[0] == "precision"
        assert ranked("explain dropout at test time")[0] == "dropout"

    def test_rag_finds_retrieval_augmented_generation_and_not_average_or_storage(self, bank):
        found = ranked("RAG")
        assert found[0] == "rag" and "average" not in found

    def test_spelling_compounds_and_typos(self, bank):
        assert ranked("regularization")[0] == "reg"
        assert ranked("kmeans")[0] == "kmeans"
        assert ranked("dropuot")[0] == "dropout"
        assert engine.search("dropuot inference").suggestion == "dropout inference"

    def test_nonsense_finds_nothing(self, bank):
        assert ranked("qwzx flurb") == []
        assert engine.search("qwzx flurb").suggestion == ""

    def test_the_order_is_the_same_on_the_list_page_and_the_api(self, bank, client, api):
        page = [q.slug for q in client.get(LIST + "?search=dropout regularisation").context["page"].object_list]
        published = [slug for slug in ranked("dropout regularisation") if slug != "draft"]
        assert page == api_slugs(api, "?search=dropout regularisation") == published
        assert page[0] == "dropout"

    def test_filters_still_apply_to_a_search(self, bank, api):
        bank["norm"].difficulty = "hard"
        bank["norm"].save()
        assert api_slugs(api, "?search=batch norm&difficulty=hard") == ["norm"]
        assert api_slugs(api, "?search=batch norm&difficulty=easy") == []


class TestIndexInStep:
    def test_a_new_question_is_found_at_once(self, bank):
        QuestionFactory(slug="lora", title="How does LoRA fine-tune a model cheaply?")
        assert ranked("low-rank adaptation")[0] == "lora"

    def test_an_edit_replaces_the_old_words(self, bank):
        question = bank["kmeans"]
        question.title, question.short_answer = "What is a Gaussian mixture?", "Soft clusters."
        question.save()
        assert "kmeans" not in ranked("k-means")
        assert ranked("gaussian mixture")[0] == "kmeans"

    def test_an_archived_question_is_in_the_index_but_not_in_a_visitors_results(self, bank, api):
        bank["dropout"].status = "archived"
        bank["dropout"].save()
        assert "dropout" in ranked("dropout")
        assert "dropout" not in api_slugs(api, "?search=dropout")

    def test_a_deleted_question_leaves_the_index(self, bank):
        bank["dropout"].delete()
        assert "dropout" not in ranked("dropout inference")

    def test_imported_questions_are_searchable_with_their_other_phrasings(self, db, tmp_path):
        (tmp_path / "categories.yaml").write_text("- slug: ml\n  name: ML\n")
        (tmp_path / "ml").mkdir()
        (tmp_path / "ml" / "label-smoothing.md").write_text(
            "---\ntitle: What is label smoothing?\ncategory: ml\ndifficulty: easy\nkind: concept\n"
            "short_answer: Soften the one-hot targets.\nkey_points: [Targets, Calibration, Overconfidence]\n"
            "also_asked_as:\n  - why not train on hard one-hot targets\n"
            "---\nMix the one-hot target with a uniform one.\n"
        )
        assert import_bank([tmp_path]).ok
        question = Question.objects.get(slug="label-smoothing")
        assert question.also_asked_as == ["why not train on hard one-hot targets"]
        assert ranked("hard targets")[0] == "label-smoothing"

    @pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 table")
    def test_the_fts_table_holds_every_question_once(self, bank):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH 'dropout'")
            assert cursor.fetchone()[0] == 2  # the published one and the draft


class TestPages:
    def test_the_list_shows_the_count_highlights_and_a_snippet(self, bank, client):
        html = client.get(LIST + "?search=dropout").content.decode()
        assert "1 question matching" in html
        assert "How does <mark>dropout</mark> work" in html
        assert 'class="snippet"' in html

    def test_html_in_a_query_or_a_title_is_escaped_before_marking(self, bank, client):
        QuestionFactory(slug="html", title="Is <b>dropout</b> a <script>regulariser</script>?")
        html = client.get(LIST + "?search=<b>dropout</b>").content.decode()
        assert "<b>dropout</b>" not in html and "<script>regulariser" not in html
        assert "&lt;b&gt;<mark>dropout</mark>&lt;/b&gt;" in html
        assert str(highlight("a <i>x</i> & dropout", frozenset({"dropout"}))) == (
            "a &lt;i&gt;x&lt;/i&gt; &amp; <mark>dropout</mark>"
        )

    def test_did_you_mean_offers_the_corrected_query(self, bank, client):
        html = client.get(LIST + "?search=dropuot").content.decode()
        assert "Did you mean" in html and "search=dropout" in html

    def test_suggestions_give_at_most_five_titles_visible_to_the_user(self, bank, client):
        for i in range(7):
            QuestionFactory(slug=f"drop-{i}", title=f"Dropout question {i}")
        response = client.get("/questions/search/suggestions/?search=dropo")
        assert response.status_code == 200
        html = response.content.decode()
        assert html.count("<li>") == 5 and "draft" not in html

    def test_the_search_box_works_as_a_plain_form_and_asks_for_suggestions_with_htmx(self, bank, client):
        html = client.get(LIST).content.decode()
        assert 'method="get"' in html and 'hx-get="/questions/search/suggestions/"' in html


class TestSimilar:
    def test_the_similar_endpoint_gives_published_questions_with_a_score(self, bank, api):
        rows = api.get(API + "reg/similar/").json()
        assert 0 < len(rows) <= 5
        assert {"slug", "url", "title", "score"} <= set(rows[0])
        slugs = [r["slug"] for r in rows]
        assert "reg" not in slugs and "draft" not in slugs

    def test_a_draft_has_no_similar_endpoint_for_visitors_but_has_for_staff(self, bank, api):
        assert api.get(API + "draft/similar/").status_code == 404
        staff = UserFactory(is_staff=True)
        rows = api_client_for(staff).get(API + "draft/similar/").json()
        assert "draft" not in [r["slug"] for r in rows] and all(r["slug"] != "draft" for r in rows)

    def test_a_page_without_related_questions_shows_similar_ones(self, bank, client):
        html = client.get("/questions/reg/").content.decode()
        assert "Similar questions" in html

    def test_the_moderation_page_shows_likely_duplicates(self, bank, db):
        from django.utils import timezone

        from curation.services import Content, submit_question

        author, curator = UserFactory(), UserFactory(is_staff=True)
        submission = submit_question(
            user=author,
            content=Content(title="How does dropout behave at inference time?", category=bank["reg"].category,
                            difficulty="easy", kind="concept"),
            now=timezone.now(),
        )  # fmt: skip
        html = client_for(curator).get(f"/curation/submissions/{submission.pk}/").content.decode()
        assert "Possible duplicates" in html and bank["dropout"].title in html


class TestQueries:
    @pytest.mark.parametrize("rows", [5, 50])
    def test_the_api_search_runs_the_same_queries_for_5_or_50_results(self, db, api, django_assert_num_queries, rows):
        for i in range(rows):
            QuestionFactory(title=f"Dropout question {i}")
        api.get(API + "?search=dropout")  # the bank read into memory once per version
        # The bank's version; count; the page of rows with categories joined; tags prefetched.
        with django_assert_num_queries(4):
            assert api.get(API + "?search=dropout").json()["count"] == rows
