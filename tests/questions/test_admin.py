from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

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


IMPORT = "/admin/questions/question/import/"


def upload(name: str, text: str | bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode() if isinstance(text, str) else text)


class TestImportAndExport:
    def test_only_staff_reach_the_import_page(self, client, alice_client, staff_client, db):
        assert client.get(IMPORT).status_code == 302
        assert alice_client.get(IMPORT).status_code == 302
        assert staff_client.get(IMPORT).status_code == 200
        assert b"Import files" in staff_client.get("/admin/questions/question/").content

    def test_a_dry_run_counts_and_writes_nothing(self, staff_client, db):
        response = staff_client.post(
            IMPORT, {"files": [upload("list.csv", "ID,Question\n1,What is a tensor\n")], "dry_run": "on"}
        )
        assert "Dry run, nothing written: 1 created" in response.content.decode()
        assert Question.objects.count() == 0

    def test_a_question_list_becomes_drafts(self, staff_client, small_bank):
        staff_client.post(
            IMPORT,
            {"files": [upload("list.csv", "ID,Question\n1,What is a tensor\n")], "drafts_category": "statistics"},
        )
        question = Question.objects.get(title="What is a tensor")
        assert (question.status, question.category.slug) == ("draft", "statistics")

    def test_problems_are_listed_by_uploaded_file_name_and_nothing_changes(self, staff_client, small_bank):
        response = staff_client.post(
            IMPORT,
            {"files": [upload("good.csv", "ID,Question\n1,What is X\n"), upload("bad.csv", "ID,Question\n1,\n")]},
        )
        body = response.content.decode()
        assert "1 problem; nothing was imported." in body
        assert "bad.csv:2: this row has no question text" in body
        assert Question.objects.count() == 5

    def test_the_export_action_zip_imports_back_with_no_changes(self, staff_client, small_bank):
        pks = list(Question.objects.values_list("pk", flat=True))
        response = staff_client.post("/admin/questions/question/", {"action": "export_files", "_selected_action": pks})
        assert response["Content-Type"] == "application/zip"
        archive = zipfile.ZipFile(io.BytesIO(response.content))
        assert "categories.yaml" in archive.namelist()
        assert "vision/vision-transformer.md" in archive.namelist()
        result = staff_client.post(IMPORT, {"files": [upload("bank.zip", response.content)]})
        assert "0 created, 0 updated, 5 unchanged" in result.content.decode()

    def test_a_zip_entry_that_escapes_its_folder_is_refused(self, staff_client, db):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("../../evil.md", "---\ntitle: x\n---\n")
        body = staff_client.post(IMPORT, {"files": [upload("evil.zip", buffer.getvalue())]}).content.decode()
        assert "a path outside the archive" in body
        assert Question.objects.count() == 0
