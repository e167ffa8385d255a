from __future__ import annotations

import pytest

from questions.models import Question


@pytest.mark.parametrize(
    "url",
    [
        "/admin/questions/question/",
        "/admin/questions/question/?status__exact=draft&q=convolution",
        "/admin/questions/question/add/",
        "/admin/questions/category/",
        "/admin/questions/tag/",
        "/admin/practice/attempt/",
        "/admin/accounts/user/",
    ],
)
def test_staff_can_open_every_curation_page(staff_client, small_bank, url):
    assert staff_client.get(url).status_code == 200


@pytest.mark.parametrize("who", ["client", "alice_client"])
def test_non_staff_are_sent_to_the_admin_login(request, small_bank, who):
    response = request.getfixturevalue(who).get("/admin/questions/question/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_edit_page_shows_the_rendered_answer(staff_client, small_bank):
    body = staff_client.get(f"/admin/questions/question/{small_bank.convolution.pk}/change/").content.decode()
    assert '<div class="answer-preview">' in body
    assert "<math" in body


def test_category_and_tags_use_autocomplete(staff_client, small_bank):
    body = staff_client.get(f"/admin/questions/question/{small_bank.convolution.pk}/change/").content.decode()
    assert 'data-field-name="category"' in body and 'data-field-name="tags"' in body
    response = staff_client.get(
        "/admin/autocomplete/?term=vis&app_label=questions&model_name=question&field_name=category"
    )
    assert [r["text"] for r in response.json()["results"]] == ["Deep learning › Computer vision"]


def test_search_finds_questions_by_words_in_the_answer(staff_client, small_bank):
    response = staff_client.get("/admin/questions/question/?q=likelihood")
    assert list(response.context["cl"].result_list) == [small_bank.bayes]


def test_the_publish_action_publishes_drafts(staff_client, small_bank):
    staff_client.post("/admin/questions/question/", {"action": "publish", "_selected_action": [small_bank.draft.pk]})
    assert Question.objects.get(pk=small_bank.draft.pk).status == "published"
