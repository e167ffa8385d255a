"""The one API router: every resource under /api/v1/."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from accounts.api.views import obtain_token
from practice.api.views import AttemptViewSet
from questions.api.views import CategoryViewSet, QuestionViewSet, TagViewSet

router = DefaultRouter()
router.register("categories", CategoryViewSet, basename="category")
router.register("tags", TagViewSet, basename="tag")
router.register("questions", QuestionViewSet, basename="question")
router.register("attempts", AttemptViewSet, basename="attempt")

app_name = "api"
urlpatterns = [
    path("auth/token/", obtain_token, name="token"),
    path("", include(router.urls)),
]
