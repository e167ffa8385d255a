from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts import views as account_views
from accounts.forms import AdminSignInForm
from interviewprep import account_views as account_deletion_views
from interviewprep import csp, health
from interviewprep import views as site_views

# An address under /api/ that matches nothing answers in the API's JSON, not with the site's page.
handler404 = "interviewprep.api_errors.page_not_found"

admin.site.site_header = "InterviewPrep curation"
admin.site.site_title = "InterviewPrep admin"
admin.site.login_form = AdminSignInForm

urlpatterns = [
    path("", site_views.home, name="home"),
    path("theme/", site_views.set_theme, name="theme"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    # Resolved at the first request, not at import: in production the address comes from the
    # collected files' manifest, which does not exist yet when `migrate` runs on a new server.
    path("favicon.ico", RedirectView.as_view(url=lazy(static, str)("favicon.svg"), permanent=True)),
    path("questions/", include("curation.submission_urls")),
    path("questions/", include("practice.question_urls")),
    # Practice pages that need team plans or every app's data; the rest is practice's own.
    path("practice/progress/", site_views.progress, name="progress"),
    path("practice/export/my-data.json", site_views.export_data, name="export-data"),
    path("practice/", include("practice.urls")),
    path("reminders/unsubscribe/<str:token>/", site_views.reminders_unsubscribe, name="reminders-unsubscribe"),
    path("curation/", include("curation.urls")),
    path("teams/", include("teams.urls")),
    path("accounts/notifications/", account_views.notifications, name="notifications"),
    path("accounts/profile/", account_views.profile, name="account_profile"),
    path("accounts/delete/", account_deletion_views.delete_account, name="account_delete"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("interviewprep.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file, so the page runs no inline script.
    path(
        "api/docs/",
        csp.with_policy(csp.API_DOCS)(SpectacularSwaggerSplitView.as_view(url_name="schema")),
        name="api-docs",
    ),
]
