from django.urls import path

import interviewprep.paths  # noqa: F401  (registers <id:...>)
from practice import code_runner, export_pages, question_pages, views

app_name = "practice"
urlpatterns = [
    path("questions/<slug:slug>/attempt/", views.attempt_create, name="attempt-create"),
    path("questions/<slug:slug>/bookmark/", views.bookmark_toggle, name="bookmark"),
    path("questions/<slug:slug>/note/", views.note_save, name="note"),
    path("questions/<slug:slug>/suspend/", views.question_set_aside, {"action": "suspend"}, name="suspend"),
    path("questions/<slug:slug>/unsuspend/", views.question_set_aside, {"action": "unsuspend"}, name="unsuspend"),
    path("questions/<slug:slug>/bury/", views.question_set_aside, {"action": "bury"}, name="bury"),
    path("attempts/", views.attempt_list, name="attempts"),
    path("review/", views.review_queue, name="review"),
    # Under /practice/, not /questions/: no question's slug can hide it.
    path("next-unseen/", question_pages.next_unseen, name="next-unseen"),
    path("settings/", views.study_settings, name="settings"),
    path("settings/fsrs/fit/", views.fsrs_fit, {"action": "fit"}, name="fsrs-fit"),
    path("settings/fsrs/reset/", views.fsrs_fit, {"action": "reset"}, name="fsrs-reset"),
    path("settings/fsrs/retention/", views.fsrs_fit, {"action": "retention"}, name="fsrs-retention"),
    path("sessions/", views.session_start, name="session-start"),
    path("sessions/<id:pk>/", views.session_detail, name="session"),
    path("mocks/", views.mock_list, name="mocks"),
    path("mocks/<id:pk>/", views.mock_detail, name="mock"),
    path("projects/", views.project_list, name="projects"),
    path("projects/<id:pk>/", views.project_detail, name="project"),
    path("code/worker.js", code_runner.code_worker, name="code-worker"),
    path("code/runner.py", code_runner.runner_source, name="code-runner"),
    path("export/anki/", export_pages.export_anki, name="export-anki"),
    path("export/attempts.csv", export_pages.export_attempts, name="export-attempts"),
    path("exports/", export_pages.export_list, name="exports"),
    path("exports/<id:pk>/download/", export_pages.export_download, name="export-download"),
    path("exports/<id:pk>/delete/", export_pages.export_delete, name="export-delete"),
]
