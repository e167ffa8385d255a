from django.urls import path

from practice import views

app_name = "practice"
urlpatterns = [
    path("questions/<slug:slug>/attempt/", views.attempt_create, name="attempt-create"),
    path("questions/<slug:slug>/bookmark/", views.bookmark_toggle, name="bookmark"),
    path("questions/<slug:slug>/note/", views.note_save, name="note"),
    path("attempts/", views.attempt_list, name="attempts"),
    path("review/", views.review_queue, name="review"),
    path("progress/", views.progress, name="progress"),
    path("settings/", views.study_settings, name="settings"),
    path("sessions/", views.session_start, name="session-start"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
]
