from __future__ import annotations

import io
import tempfile
import zipfile
import zlib
from pathlib import Path
from typing import IO

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from questions.bank import ImportReport, Problem, export_bank, import_bank
from questions.foreign import IMPORTED_CATEGORY
from questions.models import Category, Question, Report, Submission, Tag


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(f, initial) for f in files if f] or super().clean(None, initial)


class ImportForm(forms.Form):
    files = MultipleFileField(  # type: ignore[assignment]  # a field named like BaseForm.files
        widget=MultipleFileInput(),
        help_text="Bank files (.md with front matter, categories.yaml), a .zip of them (what the export action "
        "writes), or question lists (.csv, .tsv, Markdown, numbered text), which become drafts.",
    )
    drafts_category = forms.ModelChoiceField(
        Category.objects.all(),
        required=False,
        to_field_name="slug",
        label="Category for drafts",
        help_text=f"Where questions from CSV, TSV and Markdown lists go; empty means '{IMPORTED_CATEGORY}'.",
    )
    dry_run = forms.BooleanField(required=False, initial=True, label="Dry run: check and count, change nothing")


MB = 1 << 20
CHUNK = 64 * 1024
# The ratio limit applies to members that grow past this: a small file may compress very well
# (a list of similar lines) and does no harm.
RATIO_APPLIES_FROM = MB
# Room per file in a zip's central directory: 46 bytes and the name, as zipfile reads it.
DIRECTORY_BYTES_PER_FILE = 1024
END_RECORD, ZIP64_LOCATOR = b"PK\x05\x06", b"PK\x06\x07"
# What zipfile raises on a corrupt, truncated, encrypted or oddly compressed member; a member
# that comes out longer than its header says ends here too (zipfile stops at the declared size,
# and the CRC then fails).
UNREADABLE = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError)


class OverLimit(Exception):
    """An upload past one of the import's limits; nothing of the import goes in."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def copy_at_most(source: IO[bytes], target: Path, *, limit: int, too_big: Problem) -> int:
    """Copy `source` into `target` a chunk at a time and return how many bytes it held; past
    `limit` bytes, raise OverLimit(too_big). The bytes are counted as they come out, because a
    zip's declared sizes may lie, and they are never all in memory at once."""
    written = 0
    with target.open("wb") as out:
        while chunk := source.read(CHUNK):
            written += len(chunk)
            if written > limit:
                raise OverLimit(too_big)
            out.write(chunk)
    return written


def directory_bytes(upload: IO[bytes]) -> int | None:
    """How many bytes of central directory zipfile would read, from the zip's end record, found
    the way zipfile finds it; None when there is none, or for zip64 (needed only past 65 535 files
    or 4 GB), so that a directory of a million files is refused before zipfile parses it."""
    upload.seek(0, io.SEEK_END)
    size = upload.tell()
    upload.seek(max(0, size - 22 - 65_535))
    tail = upload.read()
    upload.seek(0)
    at = len(tail) - 22 if tail[-22:-18] == END_RECORD and tail[-2:] == b"\0\0" else tail.rfind(END_RECORD)
    if at < 0 or len(tail) - at < 22 or tail[at - 20 : at - 16] == ZIP64_LOCATOR:
        return None
    return int.from_bytes(tail[at + 12 : at + 16], "little")


def unpack_uploads(uploads: list[UploadedFile], into: Path) -> list[Problem]:
    """Write uploads under `into`, unzipping archives; refuse paths that would escape it.

    Everything written counts towards IMPORT_MAX_MB; a zip holds at most IMPORT_MAX_FILES files
    and no member expands more than IMPORT_MAX_RATIO times its compressed size. Each limit is
    checked on what a zip declares before anything is written (a bomb is refused without being
    expanded) and again on the bytes that come out (declared sizes can lie). Any problem means
    the caller imports nothing.
    """
    unpacking = _Unpacking(left=settings.IMPORT_MAX_MB * MB)
    try:
        for upload in uploads:
            name = Path(upload.name or "upload").name
            if name.lower().endswith(".zip"):
                unpacking.unzip(upload, name, into / Path(name).stem)
            else:
                unpacking.copy(upload, into / name, limit=unpacking.left, too_big=unpacking.past_total(name))
    except OverLimit as refused:
        unpacking.problems.append(refused.problem)
    return unpacking.problems


class _Unpacking:
    """One import's uploads as they are written: the bytes still allowed and the problems found."""

    def __init__(self, *, left: int) -> None:
        self.left = left
        self.problems: list[Problem] = []
        self.at_once = f"at most {settings.IMPORT_MAX_MB} MB may be imported at once"

    def past_total(self, path: str) -> Problem:
        return Problem(path, 0, f"more than {settings.IMPORT_MAX_MB} MB in all; {self.at_once}")

    def too_dense(self, path: str, found: str) -> Problem:
        ratio = settings.IMPORT_MAX_RATIO
        return Problem(path, 0, f"expands {found}:1 from its compressed size; at most {ratio}:1 is accepted")

    def copy(self, source: IO[bytes], target: Path, *, limit: int, too_big: Problem) -> None:
        self.left -= copy_at_most(source, target, limit=limit, too_big=too_big)

    def unzip(self, upload: UploadedFile, name: str, root: Path) -> None:
        most = settings.IMPORT_MAX_FILES
        too_many = f"at most {most} files may be imported at once"
        directory = directory_bytes(upload)
        if directory is None:
            self.problems.append(Problem(name, 0, "not a readable zip file"))
            return
        if directory > most * DIRECTORY_BYTES_PER_FILE:
            raise OverLimit(Problem(name, 0, f"holds too many files; {too_many}"))
        try:
            archive = zipfile.ZipFile(upload)
        except UNREADABLE:
            self.problems.append(Problem(name, 0, "not a readable zip file"))
            return
        with archive:
            entries = archive.infolist()
            if len(entries) > most:
                raise OverLimit(Problem(name, 0, f"holds {len(entries)} files; {too_many}"))
            members = [m for m in entries if not m.is_dir()]
            declared = sum(m.file_size for m in members)
            if declared > self.left:
                raise OverLimit(Problem(name, 0, f"expands to {declared / MB:.0f} MB; {self.at_once}"))
            for member in members:
                if member.file_size > self.dense_limit(member):
                    found = member.file_size // max(member.compress_size, 1)
                    raise OverLimit(self.too_dense(f"{name}/{member.filename}", str(found)))
            for member in members:
                target = (root / member.filename).resolve()
                if not target.is_relative_to(root.resolve()):
                    self.problems.append(Problem(f"{name}/{member.filename}", 0, "a path outside the archive"))
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                dense = self.dense_limit(member)
                too_big = self.too_dense(f"{name}/{member.filename}", f"more than {settings.IMPORT_MAX_RATIO}")
                try:
                    with archive.open(member) as source:
                        if dense < self.left:
                            self.copy(source, target, limit=dense, too_big=too_big)
                        else:
                            self.copy(source, target, limit=self.left, too_big=self.past_total(name))
                except UNREADABLE:
                    self.problems.append(Problem(name, 0, "not a readable zip file"))
                    return

    @staticmethod
    def dense_limit(member: zipfile.ZipInfo) -> int:
        """The most `member` may expand to under IMPORT_MAX_RATIO."""
        return max(RATIO_APPLIES_FROM, settings.IMPORT_MAX_RATIO * member.compress_size)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("__str__", "slug", "parent", "position", "question_count")
    list_filter = ("parent",)
    list_editable = ("position",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("parent",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Category]:
        return (
            super()
            .get_queryset(request)
            .select_related("parent")
            .annotate(n_questions=Count("questions"))
            .order_by("position", "name")
        )

    @admin.display(description="questions", ordering="n_questions")
    def question_count(self, category: Category) -> int:
        return category.n_questions  # type: ignore[attr-defined]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("slug", "name", "question_count")
    search_fields = ("slug", "name")
    prepopulated_fields = {"slug": ("name",)}

    def get_queryset(self, request: HttpRequest) -> QuerySet[Tag]:
        return super().get_queryset(request).annotate(n_questions=Count("questions")).order_by("slug")

    @admin.display(description="questions", ordering="n_questions")
    def question_count(self, tag: Tag) -> int:
        return tag.n_questions  # type: ignore[attr-defined]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ("title", "category", "difficulty", "kind", "status", "commonly_asked", "updated_at")
    list_filter = ("status", "difficulty", "kind", "commonly_asked", "category")
    list_select_related = ("category", "category__parent")
    search_fields = ("title", "slug", "body", "answer", "short_answer")
    autocomplete_fields = ("category", "tags", "related")
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ("answer_preview", "created_at", "updated_at")
    date_hierarchy = "created_at"
    actions = ["publish", "archive", "export_files"]
    change_list_template = "admin/questions/question/change_list.html"
    fieldsets = (
        (None, {"fields": ("title", "slug", "status", "category", "difficulty", "kind", "tags", "commonly_asked")}),
        ("Question", {"fields": ("body", "also_asked_as")}),
        ("Answer", {"fields": ("short_answer", "key_points", "essential_points", "answer", "answer_preview")}),
        (
            "What the interviewer asks next",
            {
                "fields": ("follow_ups", "pitfalls", "last_reviewed", "references"),
                "description": 'Follow-ups as JSON: [{"question": "...", "answer": "..."}, ...], 3 to 5 (or none); '
                'pitfalls: ["...", ...], 2 to 4 (or none). The same rules as bank files and the curation pages.',
            },
        ),
        ("Links", {"fields": ("related", "author", "created_at", "updated_at")}),
    )

    @admin.display(description="rendered answer (as saved)")
    def answer_preview(self, question: Question) -> str:
        if not question.answer_html:
            return "Save to see the rendered answer."
        # answer_html was sanitised when it was stored (questions.markdown).
        return format_html('<div class="answer-preview">{}</div>', mark_safe(question.answer_html))

    def _set_status(self, request: HttpRequest, queryset: QuerySet[Question], status: str, verb: str) -> None:
        # One save per question, not queryset.update(): each change must leave a revision.
        changed = 0
        for question in queryset.exclude(status=status):
            question.status = status
            question._change_reason = f"{verb} in the admin"  # type: ignore[attr-defined]
            question.save()
            changed += 1
        self.message_user(request, f"{verb} {changed} question(s).")

    @admin.action(description="Publish the selected questions")
    def publish(self, request: HttpRequest, queryset: QuerySet[Question]) -> None:
        self._set_status(request, queryset, Question.Status.PUBLISHED, "Published")

    @admin.action(description="Archive the selected questions")
    def archive(self, request: HttpRequest, queryset: QuerySet[Question]) -> None:
        self._set_status(request, queryset, Question.Status.ARCHIVED, "Archived")

    @admin.action(description="Export the selected questions as bank files (.zip)")
    def export_files(self, request: HttpRequest, queryset: QuerySet[Question]) -> HttpResponse:
        buffer = io.BytesIO()
        with tempfile.TemporaryDirectory() as tmp:
            count = export_bank(tmp, Question.objects.filter(pk__in=queryset.values("pk")))
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                for file in sorted(Path(tmp).rglob("*")):
                    if file.is_file():
                        archive.write(file, file.relative_to(tmp).as_posix())
        response = HttpResponse(buffer.getvalue(), content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="bank-{count}-questions.zip"'
        return response

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_view)
        return [path("import/", view, name="questions_question_import"), *super().get_urls()]

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Upload bank files or question lists; the same import as `manage.py import_bank`."""
        if not self.has_add_permission(request) or not self.has_change_permission(request):
            raise PermissionDenied
        report: ImportReport | None = None
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            category = form.cleaned_data["drafts_category"]
            with tempfile.TemporaryDirectory() as tmp:
                problems = unpack_uploads(form.cleaned_data["files"], Path(tmp))
                if problems:
                    report = ImportReport(problems=problems)
                else:
                    report = import_bank(
                        [tmp],
                        dry_run=form.cleaned_data["dry_run"],
                        drafts_category=category.slug if category else IMPORTED_CATEGORY,
                        user=request.user,  # type: ignore[arg-type]
                    )
                    # Show paths as the curator named them, not under the temporary folder.
                    report.problems = [
                        Problem(p.path.removeprefix(tmp + "/"), p.line, p.message) for p in report.problems
                    ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Import questions",
            "form": form,
            "report": report,
        }
        return TemplateResponse(request, "admin/questions/question/import.html", context)


class ReadMostlyAdmin(admin.ModelAdmin):
    """Submissions and reports move through the curation pages (curation.services), which notify
    people and keep revisions; the admin lists them and lets a superuser delete spam, nothing more."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Submission)
class SubmissionAdmin(ReadMostlyAdmin):
    list_display = ("question", "submitter", "status", "reviewed_by", "created_at", "updated_at")
    list_filter = ("status",)
    list_select_related = ("question", "submitter", "reviewed_by")
    search_fields = ("question__title", "submitter__email", "message")
    date_hierarchy = "created_at"


@admin.register(Report)
class ReportAdmin(ReadMostlyAdmin):
    list_display = ("question", "kind", "reporter", "created_at", "resolved_at", "resolved_by", "resolution")
    list_filter = ("kind", ("resolved_at", admin.EmptyFieldListFilter))
    list_select_related = ("question", "reporter", "resolved_by")
    search_fields = ("question__title", "comment", "resolution")
    date_hierarchy = "created_at"
