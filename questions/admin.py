from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

from django import forms
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

MAX_UPLOAD_FILES = 2_000


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def clean(self, data, initial=None):  # type: ignore[no-untyped-def]
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(f, initial) for f in files if f] or super().clean(None, initial)


class ImportForm(forms.Form):
    files = MultipleFileField(
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


def unpack_uploads(uploads: list[UploadedFile], into: Path) -> list[Problem]:
    """Write uploads under `into`, unzipping archives; refuse paths that would escape it."""
    problems = []
    for upload in uploads:
        name = Path(upload.name or "upload").name
        if name.lower().endswith(".zip"):
            try:
                archive = zipfile.ZipFile(io.BytesIO(upload.read()))
            except zipfile.BadZipFile:
                problems.append(Problem(name, 0, "not a readable zip file"))
                continue
            members = [m for m in archive.infolist() if not m.is_dir()]
            if len(members) > MAX_UPLOAD_FILES:
                problems.append(Problem(name, 0, f"more than {MAX_UPLOAD_FILES} files"))
                continue
            root = into / Path(name).stem
            for member in members:
                target = (root / member.filename).resolve()
                if not target.is_relative_to(root.resolve()):
                    problems.append(Problem(f"{name}/{member.filename}", 0, "a path outside the archive"))
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(archive.read(member))
        else:
            (into / name).write_bytes(upload.read())
    return problems


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
        ("Question", {"fields": ("body",)}),
        ("Answer", {"fields": ("short_answer", "key_points", "answer", "answer_preview", "references")}),
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

    def get_urls(self):  # type: ignore[no-untyped-def]
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
