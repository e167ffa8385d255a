"""Question lists from elsewhere: each quirk of the formats, on files this project writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from questions.bank import import_bank
from questions.foreign import clean_text, detect_format, read_foreign
from questions.models import Question

ZWJ, NBSP, BOM = "\u200d", "\u00a0", "\ufeff"

CSV_TEXT = (
    f'{BOM}ID,DESCRIPTION\r\n'
    '1, What is a learning rate\r\n'
    '2, "Compare L1, L2 and elastic net penalties"\r\n'
    '3,  Why normalise inputs\r\n'
    '4, "Give two uses of a validation set, and one misuse"\r\n'
)  # fmt: skip
TSV_TEXT = "S.No\tQuestions\n1\tWhat is a kernel trick\n2\tExplain k-means++ seeding\n3\tWhat is a residual\n"
MARKDOWN_TEXT = f"""# Our practice list

<table><tr><td>Check the answers yourself.</td></tr></table>

## Model{NBSP} selection

**Why do we hold out a test set? 👶**

To estimate performance on data the model never influenced.

<br/>

**What is nested cross-validation? {ZWJ}⭐️**

Answer here

<br/>

**How would you tune 40 hyperparameters on a budget? 🚀**

Use random or Bayesian search:

```python
# a comment inside a fence is not a heading
**not a question either**
study.optimize(objective, n_trials=100)
```

<br/>

## Coding

Given a table Sales(day, amount):

**1)** Total sales per day.

```sql
SELECT day, SUM(amount) FROM Sales GROUP BY day;
```

**2) Median.** Compute a running median of a stream.

Use two heaps.
"""
NUMBERED_TEXT = "1. What is padding\n2. Sigmoid vs softmax\n\n3. What is beam search\n"


def write(tmp_path: Path, name: str, text: str, *, newline: str = "\n") -> Path:
    path = tmp_path / name
    path.write_bytes(text.replace("\n", newline).encode("utf-8") if newline != "\n" else text.encode("utf-8"))
    return path


def drafts() -> dict[str, Question]:
    return {q.title: q for q in Question.objects.all()}


class TestCsv:
    def test_a_csv_with_bom_crlf_quoted_commas_and_leading_spaces(self, db, tmp_path):
        path = tmp_path / "list.csv"
        path.write_bytes(CSV_TEXT.encode("utf-8"))
        report = import_bank([path])
        assert report.ok, report.problems
        assert sorted(drafts()) == [
            "Compare L1, L2 and elastic net penalties",
            "Give two uses of a validation set, and one misuse",
            "What is a learning rate",
            "Why normalise inputs",
        ]
        assert {q.status for q in Question.objects.all()} == {"draft"}
        assert Question.objects.get(title="What is a learning rate").category.slug == "imported"

    def test_a_table_without_a_header_keeps_its_first_row(self, db, tmp_path):
        path = write(tmp_path, "plain.csv", "1,What is a tensor\n2,What is a gradient\n")
        import_bank([path])
        assert sorted(drafts()) == ["What is a gradient", "What is a tensor"]

    def test_named_columns_give_answers_and_difficulty(self, db, tmp_path):
        text = (
            "question,answer,difficulty\n"
            'What is bias?,"Error from wrong assumptions, not noise.",easy\n'
            "What is MAP?,TBD,hard\n"
        )
        import_bank([write(tmp_path, "qa.csv", text)])
        bias, map_ = drafts()["What is bias?"], drafts()["What is MAP?"]
        assert (bias.answer, bias.difficulty) == ("Error from wrong assumptions, not noise.", "easy")
        assert (map_.answer, map_.difficulty) == ("", "hard")  # a placeholder is no answer

    def test_a_quoted_cell_over_several_lines_gives_a_one_line_title(self, db, tmp_path):
        text = 'ID,Question,Answer\r\n1,"Why does\r\n  batch norm\n\thelp?","It keeps\nactivations scaled."\r\n'
        import_bank([write(tmp_path, "list.csv", text)])
        (question,) = drafts().values()
        assert question.title == "Why does batch norm help?"
        assert question.answer == "It keeps\nactivations scaled."

    def test_an_empty_row_cell_is_an_error_with_its_line(self, db, tmp_path):
        path = write(tmp_path, "gap.csv", "ID,Question\n1,What is a tensor\n2,  \n3,What is a loss\n")
        problems = [str(p) for p in import_bank([path]).problems]
        assert problems == [f"{path}:3: this row has no question text"]
        assert Question.objects.count() == 0


class TestTsv:
    def test_a_tab_separated_file_without_an_extension(self, db, tmp_path):
        path = write(tmp_path, "1. Machine learning questions", TSV_TEXT)
        assert detect_format(path, TSV_TEXT) == "tsv"
        import_bank([path])
        assert sorted(drafts()) == ["Explain k-means++ seeding", "What is a kernel trick", "What is a residual"]


class TestMarkdownLists:
    @pytest.fixture
    def imported(self, db, tmp_path) -> dict[str, Question]:
        report = import_bank([write(tmp_path, "practice.md", MARKDOWN_TEXT)])
        assert report.ok, report.problems
        return drafts()

    def test_bold_lines_are_questions_and_difficulty_markers_are_read(self, imported):
        assert {t: q.difficulty for t, q in imported.items()} == {
            "Why do we hold out a test set?": "easy",
            "What is nested cross-validation?": "medium",
            "How would you tune 40 hyperparameters on a budget?": "hard",
            "Total sales per day.": "medium",
            "Median. Compute a running median of a stream.": "medium",
        }

    def test_the_answer_runs_to_the_separator_and_placeholders_count_as_none(self, imported):
        assert (
            imported["Why do we hold out a test set?"].answer
            == "To estimate performance on data the model never influenced."
        )
        assert imported["What is nested cross-validation?"].answer == ""

    def test_code_fences_are_kept_whole_and_never_read_as_headings_or_questions(self, imported):
        answer = imported["How would you tune 40 hyperparameters on a budget?"].answer
        assert "# a comment inside a fence is not a heading" in answer
        assert "**not a question either**" in answer
        assert answer.endswith("```")

    def test_invisible_characters_and_odd_spaces_are_cleaned_from_sections(self, imported):
        question = imported["Why do we hold out a test set?"]
        assert [t.slug for t in question.tags.all()] == ["model-selection"]

    def test_a_sections_opening_text_is_kept_as_the_scenario(self, imported):
        assert imported["Total sales per day."].body == "Given a table Sales(day, amount):"
        assert imported["Median. Compute a running median of a stream."].answer == "Use two heaps."

    def test_an_unclosed_fence_is_reported(self, db, tmp_path):
        path = write(tmp_path, "broken.md", "**What is X?**\n\n```python\nx = 1\n")
        assert [str(p) for p in import_bank([path]).problems] == [f"{path}:4: a code fence is never closed"]


def test_a_numbered_list_without_an_extension(db, tmp_path):
    path = write(tmp_path, "2. Deep learning questions", NUMBERED_TEXT)
    assert detect_format(path, NUMBERED_TEXT) == "numbered"
    import_bank([path])
    assert sorted(drafts()) == ["Sigmoid vs softmax", "What is beam search", "What is padding"]


def test_prose_is_not_mistaken_for_a_question_list(db, tmp_path):
    path = write(tmp_path, "notes", "Some thoughts on models.\nNothing numbered here.\n")
    problems = [str(p) for p in import_bank([path]).problems]
    assert problems[0] == f"{path}:1: expected a numbered question such as '12. What is dropout?'"


def test_a_licence_file_is_skipped_in_folders_and_refused_by_name(db, tmp_path):
    write(tmp_path, "list.csv", "ID,Question\n1,What is a tensor\n")
    write(tmp_path, "LICENSE", "Permission is hereby granted...\n")
    assert import_bank([tmp_path]).created == 1
    assert str(import_bank([tmp_path / "LICENSE"]).problems[0]).endswith("LICENSE:0: LICENSE is not a question file")


class TestReimporting:
    def test_importing_the_same_list_again_changes_nothing(self, db, tmp_path):
        path = write(tmp_path, "practice.md", MARKDOWN_TEXT)
        import_bank([path])
        report = import_bank([path])
        assert (report.created, report.updated, report.unchanged) == (0, 0, 5)

    def test_two_files_with_the_same_question_give_two_drafts(self, db, tmp_path):
        import_bank([write(tmp_path, "a.csv", "ID,Question\n1,What is a tensor\n")])
        import_bank([write(tmp_path, "b.csv", "ID,Question\n1,What is a tensor\n")])
        assert Question.objects.filter(title="What is a tensor").count() == 2

    def test_a_draft_a_curator_published_is_never_reverted(self, db, tmp_path):
        path = write(tmp_path, "a.csv", "ID,Question\n1,What is a tensor\n")
        import_bank([path])
        Question.objects.update(status="published", answer="Curated answer.")
        report = import_bank([path])
        assert report.unchanged == 1
        question = Question.objects.get()
        assert (question.status, question.answer) == ("published", "Curated answer.")

    def test_drafts_can_go_to_a_chosen_category(self, db, tmp_path, small_bank):
        import_bank([write(tmp_path, "a.csv", "ID,Question\n1,What is a tensor\n")], drafts_category="statistics")
        assert Question.objects.get(title="What is a tensor").category.slug == "statistics"
        problems = import_bank([tmp_path / "a.csv"], drafts_category="no-such").problems
        assert "unknown category 'no-such' for imported drafts" in str(problems[0])

    def test_a_failed_file_stops_the_whole_batch(self, db, tmp_path):
        good = write(tmp_path, "good.csv", "ID,Question\n1,What is a tensor\n")
        bad = write(tmp_path, "bad.csv", "ID,Question\n1,\n")
        assert not import_bank([good, bad]).ok
        assert Question.objects.count() == 0


class TestExportingDrafts:
    """Drafts from foreign lists lack a short answer, key points and often an answer: they still
    leave as files and come back unchanged."""

    @pytest.fixture
    def imported(self, db, tmp_path):
        qa = "question,answer,difficulty\nWhat is x?,,easy\nWhat is y?,Why.,hard\n"
        report = import_bank([write(tmp_path, "qa.csv", qa), write(tmp_path, "practice.md", MARKDOWN_TEXT)])
        assert report.ok, report.problems
        return report.created

    def test_export_then_import_of_drafts_reports_no_changes(self, imported, tmp_path):
        from questions.bank import export_bank

        assert export_bank(tmp_path / "out") == imported
        report = import_bank([tmp_path / "out"])
        assert report.ok, [str(p) for p in report.problems]
        assert (report.created, report.updated, report.unchanged, report.categories) == (0, 0, imported, 0)

    def test_empty_fields_are_left_out_of_the_front_matter(self, imported):
        from questions.bank import question_to_text

        text = question_to_text(Question.objects.get(title="What is x?"))
        front = text.split("---\n")[1]
        assert "short_answer" not in front and "key_points" not in front and "|2" not in front
        assert "status: draft" in front

    def test_the_admin_export_of_drafts_is_an_importable_zip(self, imported, staff_client):
        from django.core.files.uploadedfile import SimpleUploadedFile

        pks = list(Question.objects.values_list("pk", flat=True))
        response = staff_client.post("/admin/questions/question/", {"action": "export_files", "_selected_action": pks})
        assert response["Content-Type"] == "application/zip"
        upload = SimpleUploadedFile("bank.zip", response.content)
        result = staff_client.post("/admin/questions/question/import/", {"files": [upload]}).content.decode()
        assert f"0 created, 0 updated, {imported} unchanged" in result

    def test_a_published_file_still_needs_its_short_answer_and_key_points(self, imported, tmp_path):
        from questions.bank import export_bank

        export_bank(tmp_path / "out")
        path = tmp_path / "out" / "imported" / Question.objects.get(title="What is y?").slug
        path = path.with_suffix(".md")
        path.write_text(path.read_text().replace("status: draft", "status: published"))
        problems = [str(p) for p in import_bank([tmp_path / "out"]).problems]
        assert any(p.endswith("'short_answer' is required") for p in problems), problems
        assert any(p.endswith("'key_points' is required") for p in problems), problems


class TestLongTitles:
    def test_a_long_csv_question_is_cut_at_a_word_and_kept_whole_in_the_scenario(self, db, tmp_path):
        long = "Why " + " ".join(["does the gradient vanish"] * 20) + "?"
        assert len(long) > 400
        report = import_bank([write(tmp_path, "long.csv", f"question,answer\n{long},Because.\n")])
        assert report.ok, report.problems
        question = Question.objects.get()
        assert len(question.title) <= 300
        assert question.title.endswith("…")
        assert long.startswith(question.title[:-1].rstrip())
        assert question.title[:-1].endswith(("vanish", "does", "the", "gradient"))
        assert question.body.startswith(long)

    def test_a_long_bold_question_keeps_its_section_text_after_the_whole_question(self, db, tmp_path):
        long = "How " + " ".join(["would you batch the requests"] * 15) + "?"
        text = f"## Serving\n\nA busy service.\n\n**{long}**\n\nUse a queue.\n"
        report = import_bank([write(tmp_path, "long.md", text)])
        assert report.ok, report.problems
        question = Question.objects.get()
        assert question.title.endswith("…") and len(question.title) <= 300
        assert question.body.startswith(long)
        assert "A busy service." in question.body


def test_clean_text_removes_joiners_and_odd_spaces():
    assert clean_text(f"  What{NBSP}is{ZWJ}\u200b  this?\ufe0f ") == "What is this?"


def test_a_bold_line_with_only_a_marker_is_an_error():
    questions, problems = read_foreign(Path("x.md"), "**👶**\n\nAnswer.\n")
    assert questions == [] and problems == [(1, "a bold question line with no text")]


CORPORA = Path(__file__).resolve().parents[3] / "shared" / "corpora"


@pytest.mark.skipif(not CORPORA.is_dir(), reason="the shared corpora are only on the project's own machines")
def test_every_real_public_question_file_imports_without_error(db):
    # Test material only: loaded into the throwaway test database, never into the bank.
    report = import_bank([CORPORA], dry_run=True)
    assert report.ok, [str(p) for p in report.problems[:10]]
    assert report.created >= 166 + 40 + 111 + 50
    assert Question.objects.count() == 0
