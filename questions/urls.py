from django.urls import path

from questions import curation_views, views

app_name = "questions"
urlpatterns = [
    path("", views.question_list, name="list"),
    path("submit/", curation_views.submit, name="submit"),
    path("submit/preview/", curation_views.submit_preview, name="submit-preview"),
    path("submissions/", curation_views.my_submissions, name="submissions"),
    path("submissions/<int:pk>/", curation_views.submission_detail, name="submission"),
    path("<slug:slug>/", views.question_detail, name="detail"),
    path("<slug:slug>/report/", curation_views.report, name="report"),
]
