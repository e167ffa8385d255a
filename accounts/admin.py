from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest

from accounts.models import ApiToken


class UserAdmin(BaseUserAdmin):
    """The user admin's lists and forms. It is registered in interviewprep/admin.py, with deleting
    going through interviewprep.account_deletion (which needs every app, so it cannot live here)."""

    ordering = ("email",)
    list_display = ("email", "display_name", "is_staff", "is_active", "date_joined")
    search_fields = ("email", "display_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profile", {"fields": ("display_name",)}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Staff see who holds API tokens and can revoke one (delete it); tokens are only issued by
    the token endpoint, where the secret is shown once to its owner."""

    list_display = ("token_key", "user", "created", "expiry", "last_used_at")
    search_fields = ("token_key", "user__email")
    list_select_related = ("user",)
    fields = ("token_key", "user", "created", "expiry", "last_used_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        return False
