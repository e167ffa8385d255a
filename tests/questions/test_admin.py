from __future__ import annotations

import html
import io
import json
import os
import struct
import tracemalloc
import zipfile
import zlib
from functools import cache

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from questions.admin import OverLimit, copy_at_most
from questions.bank import Problem
from questions.models import Category, Question, category_with_descendants
from tests.factories import CategoryFactory


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


MB = 1 << 20
BANK_FILE = "---\ntitle: What is a tensor?\ncategory: statistics\ndifficulty: easy\nkind: concept\nstatus: draft\n---\n"


@cache
def deflated_zeros(megabytes: int) -> tuple[bytes, int]:
    """A raw deflate stream of `megabytes` MB of zeros and its CRC, quick to build however large: one
    compressed megabyte, flushed so that it stands alone, repeated."""
    squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)
    megabyte = squeeze.compress(bytes(MB)) + squeeze.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(megabytes):
        crc = zlib.crc32(bytes(MB), crc)
    return megabyte * megabytes + squeeze.flush(), crc


def zip_of_zeros(name: str, megabytes: int, *, declared: int | None = None) -> bytes:
    """A one-member zip holding `megabytes` MB of zeros, whose headers say it holds `declared` bytes."""
    stream, crc = deflated_zeros(megabytes)
    size = megabytes * MB if declared is None else declared
    encoded = name.encode()
    header = (crc, len(stream), size, len(encoded))
    local = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 33, *header, 0) + encoded
    central = struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 33, *header, 0, 0, 0, 0, 0, 0) + encoded
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 1, 1, len(central), len(local) + len(stream), 0)
    return local + stream + central + end


class TestZipBombs:
    """The import's limits (IMPORT_MAX_MB, IMPORT_MAX_FILES, IMPORT_MAX_RATIO) hold for what the
    headers declare and for the bytes that really come out; past one, nothing is imported."""

    def post(self, client, *files) -> str:
        return client.post(IMPORT, {"files": list(files)}).content.decode()

    def test_a_300_mb_bomb_is_refused_without_expanding_it(self, staff_client, small_bank):
        bomb = zip_of_zeros("bomb.md", 300)
        assert len(bomb) < 400_000
        tracemalloc.start()
        try:
            body = self.post(staff_client, upload("bomb.zip", bomb))
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert "bomb.zip:0: expands to 300 MB; at most 50 MB may be imported at once" in body
        assert "nothing was imported" in body
        assert peak < 20 * MB
        assert Question.objects.count() == 5

    def test_a_member_that_compresses_too_well_is_refused(self, staff_client, small_bank):
        body = self.post(staff_client, upload("bank.zip", zip_of_zeros("zeros.md", 2)))
        assert "bank.zip/zeros.md:0: expands" in body and "from its compressed size; at most 100:1 is accepted" in body
        assert "nothing was imported" in body

    def test_sizes_the_headers_understate_are_caught_while_extracting(self, staff_client, small_bank):
        # The headers claim 1 000 bytes of a fair ratio; 300 MB come out.
        body = self.post(staff_client, upload("liar.zip", zip_of_zeros("liar.md", 300, declared=1_000)))
        assert "liar.zip:0: not a readable zip file" in body
        assert "nothing was imported" in body
        assert Question.objects.count() == 5

    def test_too_many_members_are_refused(self, staff_client, small_bank, settings):
        settings.IMPORT_MAX_FILES = 3
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for n in range(4):
                archive.writestr(f"q{n}.md", BANK_FILE.replace("tensor", f"tensor {n}"))
        body = self.post(staff_client, upload("many.zip", buffer.getvalue()))
        assert "many.zip:0: holds 4 files; at most 3 files may be imported at once" in body
        assert Question.objects.count() == 5

    def test_a_directory_of_too_many_files_is_refused_before_it_is_read(self, staff_client, small_bank, settings):
        settings.IMPORT_MAX_FILES = 1
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for n in range(40):
                archive.writestr(f"{'x' * 60}{n}.md", "")
        body = self.post(staff_client, upload("wide.zip", buffer.getvalue()))
        assert "wide.zip:0: holds too many files; at most 1 files may be imported at once" in body

    def test_a_file_that_is_not_a_zip_is_refused(self, staff_client, small_bank):
        body = self.post(staff_client, upload("bank.zip", b"PK\x03\x04 not really"))
        assert "bank.zip:0: not a readable zip file" in body

    def test_the_total_counts_every_member_and_every_upload(self, staff_client, small_bank, settings):
        settings.IMPORT_MAX_MB = 1
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("a.md", os.urandom(300_000).hex())  # 600 kB each, hardly compressible
        within = upload("a.zip", buffer.getvalue())
        assert "expands" not in self.post(staff_client, within)
        within.seek(0)
        body = self.post(staff_client, within, upload("b.md", os.urandom(300_000).hex()))
        assert "b.md:0: more than 1 MB in all; at most 1 MB may be imported at once" in body
        assert Question.objects.count() == 5

    def test_a_bank_zip_within_the_limits_still_imports(self, staff_client, small_bank):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("statistics/from-the-zip.md", BANK_FILE + "\nWhat is a tensor?\n")
        body = self.post(staff_client, upload("bank.zip", buffer.getvalue()))
        assert "1 created" in body, body
        assert Question.objects.filter(slug="from-the-zip").exists()


def test_copying_counts_the_bytes_that_come_out_and_stops_past_the_limit(tmp_path):
    target = tmp_path / "out"
    too_big = Problem("a.md", 0, "too big")
    assert copy_at_most(io.BytesIO(b"x" * 100), target, limit=100, too_big=too_big) == 100
    assert target.read_bytes() == b"x" * 100
    with pytest.raises(OverLimit) as refused:
        copy_at_most(io.BytesIO(b"x" * 100_001), target, limit=100_000, too_big=too_big)
    assert refused.value.problem == too_big
    assert target.stat().st_size <= 100_000


class TestCategoryTree:
    def change(self, client, category, parent) -> str:
        response = client.post(
            f"/admin/questions/category/{category.pk}/change/",
            {"slug": category.slug, "name": category.name, "description": "", "parent": parent.pk, "position": 0},
        )
        assert response.status_code == 200, "the form should have come back with an error"
        return response.content.decode()

    @pytest.mark.parametrize("parent", ["deep", "vision"], ids=["itself", "its-child"])
    def test_a_category_cannot_be_put_under_itself_or_its_own_child(self, staff_client, small_bank, parent):
        body = self.change(staff_client, small_bank.deep, getattr(small_bank, parent))
        assert "A category cannot sit under itself or one of its own subcategories." in body
        assert Category.objects.get(pk=small_bank.deep.pk).parent_id is None

    def test_a_grandchild_cannot_become_the_parent_either(self, staff_client, small_bank):
        grandchild = CategoryFactory(parent=small_bank.vision)
        self.change(staff_client, small_bank.deep, grandchild)
        assert Category.objects.get(pk=small_bank.deep.pk).parent_id is None

    def test_moving_a_category_under_another_branch_is_fine(self, staff_client, small_bank):
        staff_client.post(
            f"/admin/questions/category/{small_bank.vision.pk}/change/",
            {"slug": "vision", "name": "Computer vision", "parent": small_bank.stats.pk, "position": 0},
        )
        assert Category.objects.get(pk=small_bank.vision.pk).parent == small_bank.stats

    def test_a_cycle_already_in_the_database_does_not_hang_a_filtered_request(self, client, small_bank):
        # Saved behind the admin's back (an old row, a raw update): the walk still ends.
        Category.objects.filter(pk=small_bank.deep.pk).update(parent=small_bank.vision)
        assert sorted(category_with_descendants("vision")) == sorted([small_bank.vision.pk, small_bank.deep.pk])
        assert client.get("/questions/?category=deep-learning").status_code == 200


def question_form(question: Question, **changes: str) -> dict[str, object]:
    """The admin change form of `question` as posted, with `changes` applied."""
    data: dict[str, object] = {
        "title": question.title, "slug": question.slug, "status": question.status,
        "category": question.category_id, "difficulty": question.difficulty, "kind": question.kind,
        "tags": [t.pk for t in question.tags.all()], "body": question.body,
        "short_answer": question.short_answer, "key_points": json.dumps(question.key_points),
        "answer": question.answer, "references": json.dumps(question.references),
        "created_at_0": "2026-01-01", "created_at_1": "10:00:00",
    }  # fmt: skip
    return {**data, **changes}


class TestHostileReferences:
    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("references", '[{"title": "evil", "url": "javascript:alert(1)"}]', "reference 1 url must start with http"),
            ("references", '[{"title": "x", "url": "data:text/html,hi"}]', "reference 1 url must start with http"),
            ("references", '"a link"', "&#x27;references&#x27; must be a list"),
            ("references", '[{"url": "https://example.org"}]', "reference 1 needs a title"),
            ("references", '[{"title": "x", "onclick": "alert(1)"}]', "reference 1 has an unknown field"),
            ("key_points", '"not a list"', "Key points must be a list of text."),
            ("key_points", '[1, 2, 3]', "Key points must be a list of text."),
        ],
    )  # fmt: skip
    def test_the_admin_refuses_them_with_an_error_and_stores_nothing(
        self, staff_client, small_bank, field, value, message
    ):
        question = small_bank.bayes
        before = (question.references, question.key_points, question.history.count())
        response = staff_client.post(
            f"/admin/questions/question/{question.pk}/change/", question_form(question, **{field: value})
        )
        assert response.status_code == 200
        assert message in response.content.decode()
        question.refresh_from_db()
        assert (question.references, question.key_points, question.history.count()) == before

    def test_good_references_still_save(self, staff_client, small_bank):
        question = small_bank.bayes
        refs = '[{"title": "Bayes", "url": "https://example.org/bayes", "year": 1763}]'
        response = staff_client.post(
            f"/admin/questions/question/{question.pk}/change/", question_form(question, references=refs)
        )
        assert response.status_code == 302
        question.refresh_from_db()
        assert question.references == [{"title": "Bayes", "url": "https://example.org/bayes", "year": 1763}]


def test_exporting_a_selection_keeps_its_links_and_imports_back_unchanged(staff_client, small_bank):
    small_bank.vit.related.add(small_bank.convolution, small_bank.bayes)
    pks = [small_bank.vit.pk, small_bank.convolution.pk]
    response = staff_client.post("/admin/questions/question/", {"action": "export_files", "_selected_action": pks})
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert "related: [bayes-rule, what-is-a-convolution]" in archive.read("vision/vision-transformer.md").decode()
    # Back into the same site: bayes-rule is in the bank, so the link is kept.
    result = staff_client.post(IMPORT, {"files": [upload("bank.zip", response.content)]}).content.decode()
    assert "0 created, 0 updated, 2 unchanged" in result, result
    assert {q.slug for q in small_bank.vit.related.all()} == {"bayes-rule", "what-is-a-convolution"}
    # Into a site that has never seen bayes-rule: refused with the reason, nothing imported.
    Question.objects.all().delete()
    result = staff_client.post(IMPORT, {"files": [upload("bank.zip", response.content)]}).content.decode()
    assert "1 problem; nothing was imported." in result, result
    assert html.escape("related question 'bayes-rule' is neither in these files nor in the bank") in result
    assert Question.objects.count() == 0
