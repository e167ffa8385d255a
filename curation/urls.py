from django.urls import path

from curation import views

app_name = "curation"
urlpatterns = [
    path("", views.moderation_queue, name="queue"),
    path("submissions/<int:pk>/", views.moderate, name="moderate"),
    path("reports/<int:pk>/resolve/", views.resolve, name="resolve"),
    path("questions/<slug:slug>/edit/", views.edit, name="edit"),
    path("questions/<slug:slug>/history/", views.history, name="history"),
    path("insight/", views.insight, name="insight"),
]
