from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from accounts import views as account_views
from interviewprep import views as site_views

# An address under /api/ that matches nothing answers in the API's JSON, not with the site's page.
handler404 = "interviewprep.api_errors.page_not_found"

admin.site.site_header = "InterviewPrep curation"
admin.site.site_title = "InterviewPrep admin"

urlpatterns = [
    path("", site_views.home, name="home"),
    path("favicon.ico", RedirectView.as_view(url=static("favicon.svg"), permanent=True)),
    path("questions/", include("curation.submission_urls")),
    path("questions/", include("practice.question_urls")),
    # Practice pages that need team plans or every app's data; the rest is practice's own.
    path("practice/progress/", site_views.progress, name="progress"),
    path("practice/export/my-data.json", site_views.export_data, name="export-data"),
    path("practice/", include("practice.urls")),
    path("curation/", include("curation.urls")),
    path("teams/", include("teams.urls")),
    path("accounts/notifications/", account_views.notifications, name="notifications"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("interviewprep.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
]
