"""The bank file format: import, export, and every way a file can be wrong."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from questions.bank import export_bank, import_bank, read_bank
from questions.models import Category, Question, Tag
from tests.factories import QuestionFactory

CATEGORIES = """\
- slug: deep-learning
  name: Deep learning
  description: Networks.
  children:
    - slug: vision
      name: Computer vision
- slug: statistics
  name: Statistics
"""

# Its title differs from the small bank's convolution question: published titles may not repeat.
GOOD = """\
---
title: What does a convolution block compute?
category: vision
difficulty: easy
kind: concept
tags: [cnn, computer-vision]
commonly_asked: true
short_answer: |
  A small kernel slides over the input and takes dot products.
  Weights are shared across positions.
key_points:
  - Weight sharing
  - Local receptive field
  - Translation equivariance
references:
  - title: Deep Residual Learning for Image Recognition
    arxiv: "1512.03385"
  - title: A guide to convolution arithmetic
    url: https://example.org/conv
    authors: Dumoulin and Visin
    year: 2016
related: [bayes-rule]
---
A convolution computes $y = w * x + b$ at every position.
"""

BAYES = """\
---
title: State Bayes' rule
category: statistics
difficulty: medium
kind: math
short_answer: Posterior is proportional to likelihood times prior.
key_points: [prior, likelihood, evidence]
---
$$P(A \\mid B) = \\frac{P(B \\mid A) P(A)}{P(B)}$$
"""


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def bank_dir(tmp_path) -> Path:
    return write(
        tmp_path / "bank",
        {"categories.yaml": CATEGORIES, "vision/convolution.md": GOOD, "statistics/bayes-rule.md": BAYES},
    )


def snapshot() -> list[tuple]:
    """Everything an import can change, to prove a failed import changed nothing."""
    questions = [
        (q.slug, q.title, q.status, q.answer, q.category.slug, tuple(t.slug for t in q.tags.all()))
        for q in Question.objects.order_by("slug").prefetch_related("tags").select_related("category")
    ]
    return [questions, list(Category.objects.values_list("slug", "name")), list(Tag.objects.values_list("slug"))]


class TestImport:
    def test_it_creates_categories_tags_and_questions(self, db, bank_dir):
        report = import_bank([bank_dir])
        assert report.ok, report.problems
        assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
        question = Question.objects.get(slug="convolution")
        assert question.status == "published"
        assert question.category.parent.slug == "deep-learning"
        assert sorted(t.slug for t in question.tags.all()) == ["cnn", "computer-vision"]
        assert question.short_answer_lines == [
            "A small kernel slides over the input and takes dot products.",
            "Weights are shared across positions.",
        ]
        assert question.references[1] == {
            "title": "A guide to convolution arithmetic", "authors": "Dumoulin and Visin", "year": 2016,
            "url": "https://example.org/conv",
        }  # fmt: skip
        assert "<math" in question.answer_html
        assert [q.slug for q in question.related.all()] == ["bayes-rule"]
        assert [q.slug for q in Question.objects.get(slug="bayes-rule").related_from.all()] == ["convolution"]

    def test_importing_again_changes_nothing_and_says_so(self, db, bank_dir):
        import_bank([bank_dir])
        before = snapshot()
        report = import_bank([bank_dir])
        assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
        assert snapshot() == before
        assert Question.objects.count() == 2

    def test_an_edited_file_updates_its_question_in_place(self, db, bank_dir):
        import_bank([bank_dir])
        pk = Question.objects.get(slug="convolution").pk
        path = bank_dir / "vision/convolution.md"
        path.write_text(path.read_text().replace("tags: [cnn, computer-vision]", "tags: [cnn]"))
        report = import_bank([bank_dir])
        assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
        assert [t.slug for t in Question.objects.get(pk=pk).tags.all()] == ["cnn"]

    def test_a_dry_run_counts_but_writes_nothing(self, db, bank_dir):
        report = import_bank([bank_dir], dry_run=True)
        assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
        assert Question.objects.count() == Category.objects.count() == Tag.objects.count() == 0

    def test_single_files_can_be_imported_once_their_category_exists(self, db, bank_dir):
        import_bank([bank_dir / "categories.yaml"])
        report = import_bank([bank_dir / "statistics/bayes-rule.md"])
        assert report.created == 1


class TestRoundTrip:
    def test_export_then_import_reports_no_changes(self, db, bank_dir, tmp_path):
        import_bank([bank_dir])
        before = snapshot()
        assert export_bank(tmp_path / "out") == 2
        report = import_bank([tmp_path / "out"])
        assert report.ok, report.problems
        assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
        assert snapshot() == before

    def test_an_export_loads_into_an_empty_database_as_the_same_bank(self, db, bank_dir, tmp_path):
        import_bank([bank_dir])
        export_bank(tmp_path / "out")
        before = snapshot()
        Question.objects.all().delete()
        Category.objects.filter(parent__isnull=False).delete()
        Category.objects.all().delete()
        Tag.objects.all().delete()
        assert import_bank([tmp_path / "out"]).created == 2
        assert snapshot() == before

    def test_the_commands_print_their_counts(self, db, bank_dir, tmp_path):
        out = io.StringIO()
        call_command("import_bank", str(bank_dir), stdout=out)
        assert "2 created, 0 updated, 0 unchanged" in out.getvalue()
        call_command("export_bank", str(tmp_path / "out"), stdout=out)
        call_command("import_bank", str(tmp_path / "out"), "--dry-run", stdout=out)
        assert "dry run, nothing written: 0 created, 0 updated, 2 unchanged" in out.getvalue()


class TestPartialExport:
    """A selection keeps its links to questions outside it; importing resolves them against the bank."""

    @pytest.fixture
    def selection(self, db, bank_dir, tmp_path) -> Path:
        """The bank of bank_dir plus an archived question; convolution, linked to both others, exported alone."""
        import_bank([bank_dir])
        convolution = Question.objects.get(slug="convolution")
        old = QuestionFactory(slug="old-archived", status="archived", category=convolution.category)
        convolution.related.add(old)
        Question.objects.get(slug="bayes-rule").related.add(convolution)  # a link into the selection
        assert export_bank(tmp_path / "out", Question.objects.filter(slug="convolution")) == 1
        return tmp_path / "out"

    @staticmethod
    def links() -> dict[str, list[str]]:
        return {q.slug: sorted(r.slug for r in q.related.all()) for q in Question.objects.prefetch_related("related")}

    def test_the_files_keep_links_to_questions_outside_the_selection(self, selection):
        text = (selection / "vision/convolution.md").read_text()
        assert "related: [bayes-rule, old-archived]" in text
        assert not (selection / "statistics").exists()

    @pytest.mark.parametrize("dry_run", [False, True])
    def test_importing_them_into_the_same_site_changes_nothing_and_keeps_every_link(self, selection, dry_run):
        before = (snapshot(), self.links())
        report = import_bank([selection], dry_run=dry_run)
        assert report.ok, report.problems
        assert (report.created, report.updated, report.unchanged) == (0, 0, 1)
        assert (snapshot(), self.links()) == before
        assert before[1] == {
            "bayes-rule": ["convolution"],
            "convolution": ["bayes-rule", "old-archived"],
            "old-archived": [],
        }

    @pytest.mark.parametrize("dry_run", [False, True])
    def test_importing_them_into_an_empty_site_fails_once_per_missing_link_and_changes_nothing(
        self, selection, dry_run
    ):
        Question.objects.all().delete()
        Category.objects.filter(parent__isnull=False).delete()
        Category.objects.all().delete()
        Tag.objects.all().delete()
        report = import_bank([selection], dry_run=dry_run)
        path = selection / "vision/convolution.md"
        line = path.read_text().splitlines().index("related: [bayes-rule, old-archived]") + 1
        assert [str(p) for p in report.problems] == [
            f"{path}:{line}: related question 'bayes-rule' is neither in these files nor in the bank",
            f"{path}:{line}: related question 'old-archived' is neither in these files nor in the bank",
        ]
        assert (report.created, report.updated, report.unchanged) == (0, 0, 0)
        assert Question.objects.count() == Category.objects.count() == Tag.objects.count() == 0

    def test_an_edited_file_links_to_a_question_in_the_bank_from_both_ends(self, selection):
        path = selection / "vision/convolution.md"
        path.write_text(path.read_text().replace("related: [bayes-rule, old-archived]", "related: [old-archived]"))
        report = import_bank([selection])
        assert (report.created, report.updated, report.unchanged) == (0, 1, 0)
        assert self.links() == {"bayes-rule": ["convolution"], "convolution": ["old-archived"], "old-archived": []}
        old = Question.objects.get(slug="old-archived")
        assert [q.slug for q in old.related_from.all()] == ["convolution"]

    def test_reading_asks_the_bank_once_for_all_the_links(self, selection, django_assert_num_queries):
        path = selection / "vision/convolution.md"
        slugs = ", ".join(["bayes-rule", "old-archived"] + [f"missing-{i}" for i in range(5)])
        path.write_text(path.read_text().replace("related: [bayes-rule, old-archived]", f"related: [{slugs}]"))
        # 1: the categories' slugs; 2: which of the linked slugs name questions in the bank.
        with django_assert_num_queries(2):
            bank = read_bank([selection])
        assert len(bank.problems) == 5


def broken(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


ERRORS = [
    ("no front matter", "Just an answer.\n", "convolution.md:1: expected YAML front matter"),
    ("bad yaml", broken(GOOD, "kind: concept", "kind: [concept"), "convolution.md:6: invalid YAML"),
    ("missing title", broken(GOOD, "title: What does a convolution block compute?\n", ""), "convolution.md:2: 'title' is required"),
    ("bad difficulty", broken(GOOD, "difficulty: easy", "difficulty: trivial"), "convolution.md:4: 'difficulty' must be one of easy, medium, hard, not 'trivial'"),
    ("bad kind", broken(GOOD, "kind: concept", "kind: essay"), "convolution.md:5: 'kind' must be one of"),
    ("bad status", broken(GOOD, "commonly_asked: true", "status: live"), "convolution.md:7: 'status' must be one of draft, in_review, published, rejected, archived"),
    ("unknown field", broken(GOOD, "commonly_asked: true", "comonly_asked: true"), "convolution.md:7: unknown field 'comonly_asked'"),
    ("bool as text", broken(GOOD, "commonly_asked: true", "commonly_asked: often"), "convolution.md:7: 'commonly_asked' must be true or false"),
    ("five lines", broken(GOOD, "  Weights are shared across positions.\n", "  b\n  c\n  d\n  e\n"), "convolution.md:8: 'short_answer': Keep the short answer to 4 lines."),
    ("two key points", broken(GOOD, "  - Translation equivariance\n", ""), "convolution.md:11: 'key_points': Give 3 to 6 key points, not 2."),
    ("bad tag", broken(GOOD, "tags: [cnn, computer-vision]", "tags: [cnn, Computer Vision]"), "convolution.md:6: 'tags' item 'Computer Vision' is not a slug"),
    ("ref without title", broken(GOOD, "  - title: Deep Residual Learning for Image Recognition\n    arxiv", "  - arxiv"), "convolution.md:16: reference 1 needs a title"),
    ("bad arxiv", broken(GOOD, '"1512.03385"', '"arXiv 15"'), "convolution.md:16: reference 1 arxiv id 'arXiv 15' is not of the form"),
    ("bad url", broken(GOOD, "https://example.org/conv", "javascript:alert(1)"), "convolution.md:18: reference 2 url must start with http"),
    ("bad year", broken(GOOD, "year: 2016", "year: last year"), "convolution.md:18: reference 2 year must be a four-digit number"),
    ("unknown category", broken(GOOD, "category: vision", "category: astrology"), "convolution.md:3: unknown category 'astrology'"),
    ("dangling link", broken(GOOD, "related: [bayes-rule]", "related: [no-such-question]"), "convolution.md:22: related question 'no-such-question' is neither in these files nor in the bank"),
    ("self link", broken(GOOD, "related: [bayes-rule]", "related: [convolution]"), "convolution.md:22: a question cannot be related to itself"),
    ("file name not a slug", {"vision/Convolution_Layer.md": GOOD}, "Convolution_Layer.md:1: file name 'Convolution_Layer' is not a slug"),
    ("front matter a list", "---\n- a\n- b\n---\nAn answer.\n", "convolution.md:2: front matter must be a mapping of fields"),
    ("key points as text", broken(GOOD, "key_points:\n  - Weight sharing\n", "key_points: Weight sharing\nx:\n"), "convolution.md:11: 'key_points': Key points must be a list of text."),
    ("references as text", broken(GOOD, "references:\n  - title: Deep", "references: see below\nx:\n  - title: Deep"), "convolution.md:15: 'references' must be a list"),
    ("title not text", broken(GOOD, "title: What does a convolution block compute?", "title: {what: convolution}"), "convolution.md:2: 'title' must be text"),
    ("unknown reference field", broken(GOOD, "    year: 2016\n", "    year: 2016\n    pages: 12\n"), "convolution.md:18: reference 2 has an unknown field 'pages'"),
    ("binary file", b"\x00\x00\x00\x18ftypmp42\x00\x00", "convolution.md:1: a binary file, not a question file"),
    ("category not a slug", broken(GOOD, "category: vision", "category: Computer Vision"), "convolution.md:3: 'category' 'Computer Vision' is not a slug"),
    ("children not a list", {"categories.yaml": CATEGORIES + "  children: none\n"}, "categories.yaml:9: children must be a list"),
    ("category not a mapping", {"categories.yaml": CATEGORIES + "- just-a-name\n"}, "categories.yaml:9: a category must be a mapping"),
    ("empty list", {"lists/empty.csv": "\n \n"}, "empty.csv:1: no questions found (read as csv)"),
    ("numbered line without text", {"lists/list.txt": "1. What is a tensor?\n2.\n3. What is a rank?\n"}, "list.txt:2: a numbered line with no question text"),
    # Values longer than their database column, and required text that is only spaces.
    ("title too long", broken(GOOD, "compute?", "compute" + "e" * 300 + "?"), "convolution.md:2: 'title' is longer than 300 characters (338)"),
    ("tag too long", broken(GOOD, "computer-vision]", "t" * 61 + "]"), f"convolution.md:6: 'tags' item '{'t' * 61}' is longer than 60 characters"),
    ("file name too long", {f"vision/{'c' * 121}.md": GOOD}, f"{'c' * 121}.md:1: file name '{'c' * 121}' is longer than 120 characters"),
    ("category slug too long", {"categories.yaml": CATEGORIES + f"- slug: {'c' * 81}\n  name: Long\n"}, "categories.yaml:9: slug is longer than 80 characters"),
    ("category name too long", {"categories.yaml": CATEGORIES + f"- slug: long\n  name: {'N' * 121}\n"}, "categories.yaml:10: category 'long' name is longer than 120 characters"),
    ("empty answer", broken(GOOD, "A convolution computes $y = w * x + b$ at every position.\n", "\n  \n"), "convolution.md:24: the model answer (the Markdown after the front matter) is empty"),
    ("blank title", broken(GOOD, "title: What does a convolution block compute?", "title: '   '"), "convolution.md:2: 'title' is required"),
    ("blank short answer", broken(GOOD, "short_answer: |\n  A small kernel slides over the input and takes dot products.\n  Weights are shared across positions.\n", "short_answer: ' '\n"), "convolution.md:8: 'short_answer' is required"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "text", "message"), ERRORS, ids=[e[0] for e in ERRORS])
def test_every_problem_is_reported_with_file_and_line_and_nothing_changes(db, bank_dir, case, text, message):
    import_bank([bank_dir])
    (bank_dir / "statistics/bayes-rule.md").write_text(BAYES.replace("State Bayes' rule", "Changed title"))
    before = snapshot()
    if isinstance(text, dict):
        write(bank_dir, text)
    elif isinstance(text, bytes):
        (bank_dir / "vision/convolution.md").write_bytes(text)
    else:
        (bank_dir / "vision/convolution.md").write_text(text)
    report = import_bank([bank_dir])
    assert not report.ok
    lines = [str(p) for p in report.problems]
    assert any(line.endswith(message) or message in line for line in lines), lines
    assert all(line.startswith(str(bank_dir)) for line in lines), lines
    # The valid, changed file next to the broken one was not applied either.
    assert snapshot() == before


def test_it_reports_every_problem_at_once_not_just_the_first(db, bank_dir):
    text = broken(broken(GOOD, "difficulty: easy", "difficulty: trivial"), "kind: concept", "kind: essay")
    (bank_dir / "vision/convolution.md").write_text(text)
    (bank_dir / "statistics/bayes-rule.md").write_text("no front matter")
    assert len(import_bank([bank_dir]).problems) == 3


def test_two_files_with_the_same_slug_are_an_error(db, bank_dir):
    import_bank([bank_dir])
    before = snapshot()
    write(bank_dir, {"other/convolution.md": GOOD.replace("What does a convolution", "What does another")})
    problems = [str(p) for p in import_bank([bank_dir]).problems]
    assert any(
        p.endswith(f"vision/convolution.md:1: slug 'convolution' is also used by {bank_dir}/other/convolution.md")
        for p in problems
    ), problems
    assert snapshot() == before


def test_a_file_with_its_own_problem_still_has_its_category_and_links_checked(db, bank_dir):
    import_bank([bank_dir])
    before = snapshot()
    text = broken(GOOD, "difficulty: easy", "difficulty: trivial")
    text = broken(text, "category: vision", "category: astrology")
    text = broken(text, "related: [bayes-rule]", "related: [bayes-rule, no-such-question]")
    (bank_dir / "vision/convolution.md").write_text(text)
    err = io.StringIO()
    with pytest.raises(CommandError, match="3 problem"):
        call_command("import_bank", str(bank_dir), stderr=err)
    printed = err.getvalue().splitlines()
    path = bank_dir / "vision/convolution.md"
    assert printed == [
        f"{path}:4: 'difficulty' must be one of easy, medium, hard, not 'trivial'",
        f"{path}:3: unknown category 'astrology'",
        f"{path}:22: related question 'no-such-question' is neither in these files nor in the bank",
    ]
    assert snapshot() == before


def test_a_missing_link_is_reported_on_its_own_line_after_a_bad_or_repeated_item(db, bank_dir):
    listed = "related:\n  - Bayes Rule\n  - bayes-rule\n  - bayes-rule\n  - no-such-question\n"
    (bank_dir / "vision/convolution.md").write_text(broken(GOOD, "related: [bayes-rule]\n", listed))
    path = bank_dir / "vision/convolution.md"
    assert [str(p) for p in import_bank([bank_dir]).problems] == [
        f"{path}:23: 'related' item 'Bayes Rule' is not a slug",
        f"{path}:26: related question 'no-such-question' is neither in these files nor in the bank",
    ]
    assert Question.objects.count() == 0


def test_a_link_to_a_file_too_broken_to_read_is_not_a_second_problem(db, bank_dir):
    (bank_dir / "statistics/bayes-rule.md").write_text("no front matter")
    problems = [str(p) for p in import_bank([bank_dir]).problems]
    assert len(problems) == 1 and problems[0].endswith(
        "bayes-rule.md:1: expected YAML front matter between two '---' lines"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- slug: Bad Slug\n  name: X\n", "categories.yaml:1: slug must be lowercase"),
        ("- slug: x\n", "categories.yaml:1: category 'x' needs a name"),
        ("- slug: x\n  name: X\n  colour: red\n", "categories.yaml:3: unknown field 'colour'"),
        ("- slug: x\n  name: X\n- slug: x\n  name: Y\n", "categories.yaml:3: category 'x' is already defined at"),
        ("slug: x\n", "categories.yaml:1: expected a list of categories"),
    ],
)
def test_category_file_problems_have_a_line_too(db, tmp_path, text, message):
    write(tmp_path, {"categories.yaml": text})
    problems = [str(p) for p in import_bank([tmp_path]).problems]
    assert any(message in p for p in problems), problems
    assert Category.objects.count() == 0


def test_a_file_that_is_not_utf8_is_reported(db, bank_dir):
    (bank_dir / "vision/convolution.md").write_bytes(b"---\ntitle: caf\xe9\n---\n")
    assert "not UTF-8 text" in str(import_bank([bank_dir]).problems[0])


def test_a_missing_path_is_reported(db, tmp_path):
    assert str(import_bank([tmp_path / "nope"]).problems[0]).endswith("nope:0: no such file or folder")


def test_the_command_prints_every_problem_and_fails(db, bank_dir):
    (bank_dir / "vision/convolution.md").write_text(broken(GOOD, "kind: concept", "kind: essay"))
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 problem"):
        call_command("import_bank", str(bank_dir), stderr=err)
    assert "convolution.md:5: 'kind' must be one of" in err.getvalue()
    assert Question.objects.count() == 0


def test_hostile_markdown_in_a_bank_file_is_sanitised(db, bank_dir):
    hostile = GOOD.replace(
        "A convolution computes", textwrap.dedent("<script>alert(1)</script> [x](javascript:alert(1))")
    )
    (bank_dir / "vision/convolution.md").write_text(hostile)
    import_bank([bank_dir])
    html = Question.objects.get(slug="convolution").answer_html
    assert "<script" not in html and 'href="javascript' not in html


def test_the_documented_complete_example_is_the_real_bank_file_whole():
    root = Path(__file__).resolve().parents[2]
    doc = (root / "docs/bank-format.md").read_text(encoding="utf-8")
    example = doc.split("### A complete example", 1)[1].split("````markdown\n", 1)[1].split("\n````\n", 1)[0]
    assert example + "\n" == (root / "bank/regularisation/dropout.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (f"- slug: {'c' * 81}\n  name: Long\n", "categories.yaml:9: slug is longer than 80 characters"),
        (f"- slug: long\n  name: {'N' * 121}\n", "categories.yaml:10: category 'long' name is longer than 120"),
    ],
)
def test_a_category_problem_does_not_hide_the_question_files_problems(db, bank_dir, entry, message):
    import_bank([bank_dir])
    before = snapshot()
    write(bank_dir, {"categories.yaml": CATEGORIES + entry})
    (bank_dir / "vision/convolution.md").write_text(broken(GOOD, "kind: concept", "kind: essay"))
    (bank_dir / "statistics/bayes-rule.md").write_text(broken(BAYES, "category: statistics", "category: astrology"))
    problems = [str(p) for p in import_bank([bank_dir]).problems]
    assert any(message in p for p in problems), problems
    assert any("convolution.md:5: 'kind' must be one of" in p for p in problems), problems
    assert any("bayes-rule.md" in p and "unknown category 'astrology'" in p for p in problems), problems
    assert len(problems) == 3, problems
    assert snapshot() == before


class TestRepeatedTitles:
    def test_two_files_with_the_same_title_are_an_error(self, db, bank_dir):
        import_bank([bank_dir])
        before = snapshot()
        title = "What  does a CONVOLUTION block compute?"  # case and spacing aside, the same
        write(bank_dir, {"vision/conv-again.md": GOOD.replace("What does a convolution block compute?", title)})
        problems = [str(p) for p in import_bank([bank_dir]).problems]
        assert problems == [f"{bank_dir}/vision/convolution.md:2: title repeats 'conv-again'"] or problems == [
            f"{bank_dir}/vision/conv-again.md:2: title repeats 'convolution'"
        ], problems
        assert snapshot() == before

    def test_a_title_of_another_question_in_the_bank_is_an_error(self, db, bank_dir, tmp_path):
        import_bank([bank_dir])
        before = snapshot()
        write(tmp_path / "more", {"vision/conv-again.md": GOOD})
        problems = [str(p) for p in import_bank([tmp_path / "more"]).problems]
        assert problems == [f"{tmp_path}/more/vision/conv-again.md:2: title repeats 'convolution'"], problems
        assert snapshot() == before

    def test_renaming_a_question_in_the_same_import_is_fine(self, db, bank_dir):
        import_bank([bank_dir])
        (bank_dir / "vision/convolution.md").write_text(GOOD.replace("convolution block compute", "conv block do"))
        write(bank_dir, {"vision/conv-again.md": GOOD})
        report = import_bank([bank_dir])
        assert report.ok, [str(p) for p in report.problems]

    def test_drafts_and_archived_questions_may_repeat_a_title(self, db, bank_dir):
        # An archived question keeps its title beside its replacement; drafts wait to be merged.
        import_bank([bank_dir])
        write(bank_dir, {"vision/conv-old.md": GOOD.replace("commonly_asked: true", "status: archived")})
        write(bank_dir, {"vision/conv-draft.md": GOOD.replace("commonly_asked: true", "status: draft")})
        report = import_bank([bank_dir])
        assert report.ok, [str(p) for p in report.problems]
