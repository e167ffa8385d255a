from django.urls import path

import interviewprep.paths  # noqa: F401  (registers <id:...>)
from teams import views

app_name = "teams"
urlpatterns = [
    path("", views.team_list, name="list"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("<slug:slug>/", views.team_detail, name="detail"),
    path("<slug:slug>/invitations/", views.invite, name="invite"),
    path("<slug:slug>/invitations/<id:pk>/revoke/", views.invitation_revoke, name="invitation-revoke"),
    path("<slug:slug>/members/<id:user_id>/", views.member_detail, name="member"),
    path("<slug:slug>/members/<id:user_id>/manage/", views.member_action, name="member-action"),
    path("<slug:slug>/plans/new/", views.plan_create, name="plan-create"),
    path("<slug:slug>/plans/picker/", views.plan_picker, name="plan-picker"),
    path("<slug:slug>/plans/<id:pk>/practise/", views.plan_practise, name="plan-practise"),
    path("<slug:slug>/dashboard/", views.dashboard, name="dashboard"),
]
