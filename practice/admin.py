from django.contrib import admin

from practice.models import Attempt


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    list_display = ("question", "user", "grade", "seconds_taken", "created_at")
    list_filter = ("grade",)
    list_select_related = ("question", "user")
    search_fields = ("question__title", "user__email")
    raw_id_fields = ("user", "question")
    date_hierarchy = "created_at"
