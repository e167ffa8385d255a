from django.urls import path

import interviewprep.paths  # noqa: F401  (registers <id:...>)
from curation import views

app_name = "curation"
urlpatterns = [
    path("", views.moderation_queue, name="queue"),
    path("submissions/<id:pk>/", views.moderate, name="moderate"),
    path("reports/<id:pk>/resolve/", views.resolve, name="resolve"),
    path("questions/<slug:slug>/edit/", views.edit, name="edit"),
    path("questions/<slug:slug>/history/", views.history, name="history"),
    path("insight/", views.insight, name="insight"),
]
