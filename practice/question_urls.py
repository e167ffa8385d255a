"""/questions/: the bank's list (questions) and a question's page (practice), in the one
`questions` namespace that every link to a question uses."""

from django.urls import path

from practice import question_pages
from questions import views

app_name = "questions"
urlpatterns = [
    path("", question_pages.question_list, name="list"),
    # Two segments, so no question's slug can ever shadow it (a question may be called "suggest").
    path("search/suggestions/", views.suggestions, name="suggest"),
    path("<slug:slug>/", question_pages.question_detail, name="detail"),
]
