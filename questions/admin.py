from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from questions.models import Category, Question, Tag


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
    actions = ["publish", "archive"]
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

    @admin.action(description="Publish the selected questions")
    def publish(self, request: HttpRequest, queryset: QuerySet[Question]) -> None:
        updated = queryset.update(status=Question.Status.PUBLISHED)
        self.message_user(request, f"Published {updated} question(s).")

    @admin.action(description="Archive the selected questions")
    def archive(self, request: HttpRequest, queryset: QuerySet[Question]) -> None:
        updated = queryset.update(status=Question.Status.ARCHIVED)
        self.message_user(request, f"Archived {updated} question(s).")
