"""The one API router: every resource under /api/v1/."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

import interviewprep.paths  # noqa: F401  (registers <id:...>)
from accounts.api import views as accounts_api
from curation.api import views as curation_api
from interviewprep import account_api
from interviewprep import api as site_api
from practice.api import exports as export_api
from practice.api import mocks as mock_api
from practice.api import projects as project_api
from practice.api import sessions as session_api
from practice.api import views as practice_api
from practice.api.views import AttemptViewSet
from questions.api.views import CategoryViewSet, QuestionViewSet, TagViewSet
from teams.api import views as teams_api

router = DefaultRouter()
router.register("categories", CategoryViewSet, basename="category")
router.register("tags", TagViewSet, basename="tag")
router.register("questions", QuestionViewSet, basename="question")
router.register("attempts", AttemptViewSet, basename="attempt")

app_name = "api"
urlpatterns = [
    path("account/", account_api.account, name="account"),
    path("account/deletion/", account_api.account_deletion, name="account-deletion"),
    path("auth/token/", accounts_api.obtain_token, name="token"),
    path("auth/tokens/", accounts_api.tokens, name="tokens"),
    path("auth/tokens/<int:pk>/", accounts_api.token_detail, name="token-detail"),
    path("review/due/", practice_api.review_due, name="review-due"),
    path("review/states/<slug:slug>/", practice_api.review_state, name="review-state"),
    path("review/states/<slug:slug>/suspend/", practice_api.review_suspend, name="review-suspend"),
    path("review/states/<slug:slug>/unsuspend/", practice_api.review_unsuspend, name="review-unsuspend"),
    path("review/states/<slug:slug>/bury/", practice_api.review_bury, name="review-bury"),
    path("progress/", practice_api.progress, name="progress"),
    path("bookmarks/", practice_api.bookmarks, name="bookmarks"),
    path("bookmarks/<slug:slug>/", practice_api.bookmark_delete, name="bookmark"),
    path("notes/", practice_api.notes, name="notes"),
    path("notes/<slug:slug>/", practice_api.note, name="note"),
    path("settings/", practice_api.study_settings, name="settings"),
    path("settings/fsrs/", practice_api.fsrs_report, name="fsrs"),
    path("settings/fsrs/fit/", practice_api.fsrs_fit, name="fsrs-fit"),
    path("settings/fsrs/reset/", practice_api.fsrs_reset, name="fsrs-reset"),
    path("mocks/", mock_api.mocks, name="mocks"),
    path("mocks/<id:pk>/", mock_api.mock_detail, name="mock"),
    path("mocks/<id:pk>/answer/", mock_api.mock_answer, name="mock-answer"),
    path("mocks/<id:pk>/finish/", mock_api.mock_finish, name="mock-finish"),
    path("mocks/<id:pk>/grades/", mock_api.mock_grades, name="mock-grades"),
    path("mocks/<id:pk>/summary/", mock_api.mock_summary, name="mock-summary"),
    path("exports/anki/", practice_api.export_anki, name="export-anki"),
    path("exports/attempts/", practice_api.export_attempts, name="export-attempts"),
    path("exports/my-data/", site_api.export_data, name="export-data"),
    path("exports/", export_api.exports, name="exports"),
    path("exports/<id:pk>/", export_api.export_detail, name="export"),
    path("exports/<id:pk>/download/", export_api.export_download, name="export-download"),
    path("review/queue/", practice_api.review_queue, name="review-queue"),
    path("sessions/", session_api.sessions, name="sessions"),
    path("sessions/<id:pk>/", session_api.session_detail, name="session"),
    path("sessions/<id:pk>/reveal/", session_api.session_reveal, name="session-reveal"),
    path("sessions/<id:pk>/grade/", session_api.session_grade, name="session-grade"),
    path("sessions/<id:pk>/skip/", session_api.session_skip, name="session-skip"),
    path("sessions/<id:pk>/end/", session_api.session_end, name="session-end"),
    path("projects/", project_api.projects, name="projects"),
    path("projects/<id:pk>/", project_api.project_detail, name="project"),
    path("projects/<id:pk>/answers/", project_api.project_answers, name="project-answers"),
    path("submissions/", curation_api.submissions, name="submissions"),
    path("submissions/<id:pk>/", curation_api.submission, name="submission"),
    path("submissions/<id:pk>/approve/", curation_api.approve, name="submission-approve"),
    path("submissions/<id:pk>/request-changes/", curation_api.changes, name="submission-request-changes"),
    path("submissions/<id:pk>/reject/", curation_api.reject, name="submission-reject"),
    path("submissions/<id:pk>/withdraw/", curation_api.withdraw, name="submission-withdraw"),
    path("questions/<slug:slug>/reports/", curation_api.reports, name="question-reports"),
    path("questions/<slug:slug>/history/", curation_api.history, name="question-history"),
    path("questions/<slug:slug>/history/<id:history_id>/revert/", curation_api.revert, name="question-revert"),
    path("curation/questions/<slug:slug>/", curation_api.question_edit, name="curation-question"),
    path("reports/", curation_api.report_list, name="reports"),
    path("reports/<id:pk>/resolve/", curation_api.report_resolve, name="report-resolve"),
    path("teams/", teams_api.teams, name="teams"),
    path("teams/<slug:slug>/", teams_api.team_detail, name="team-detail"),
    path("teams/<slug:slug>/members/", teams_api.members, name="team-members"),
    path("teams/<slug:slug>/members/<id:user_id>/", teams_api.member_detail, name="team-member"),
    path("teams/<slug:slug>/leave/", teams_api.leave, name="team-leave"),
    path("teams/<slug:slug>/invitations/", teams_api.invitations, name="team-invitations"),
    path("teams/<slug:slug>/invitations/<str:token>/revoke/", teams_api.invitation_revoke, name="invitation-revoke"),
    path("teams/<slug:slug>/plans/", teams_api.plans, name="team-plans"),
    path("teams/<slug:slug>/dashboard/", teams_api.dashboard, name="team-dashboard"),
    path("invitations/<str:token>/accept/", teams_api.accept, name="invitation-accept"),
    path("invitations/<str:token>/decline/", teams_api.decline, name="invitation-decline"),
    path("", include(router.urls)),
]
