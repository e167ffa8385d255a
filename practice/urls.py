from django.urls import path

from practice import views

app_name = "practice"
urlpatterns = [
    path("questions/<slug:slug>/attempt/", views.attempt_create, name="attempt-create"),
    path("attempts/", views.attempt_list, name="attempts"),
]
