"""Submitting and reporting, which live under /questions/ beside the bank they feed."""

from django.urls import path

import interviewprep.paths  # noqa: F401  (registers <id:...>)
from curation import views

app_name = "submissions"
urlpatterns = [
    path("submit/", views.submit, name="submit"),
    path("submit/preview/", views.submit_preview, name="preview"),
    path("submissions/", views.my_submissions, name="list"),
    path("submissions/<id:pk>/", views.submission_detail, name="detail"),
    path("<slug:slug>/report/", views.report, name="report"),
]
