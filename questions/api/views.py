from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse

from interviewprep.api_errors import NO_PAGE, error, field_errors
from questions.access import categories_for_user, get_category_for_user, get_question_for_user
from questions.api.serializers import (
    CategorySerializer,
    QuestionDetailSerializer,
    QuestionListSerializer,
    SimilarQuestionSerializer,
    TagSerializer,
)
from questions.forms import QuestionFilterForm
from questions.models import Category, Question, QuestionQuerySet, Tag
from questions.search.similar import similar_questions

BAD_TOKEN = error("An `Authorization: Token` header with an unknown token")


@extend_schema_view(
    list=extend_schema(
        summary="List the category tree, flat, parents first",
        description="Categories holding questions you can see, and their parents.",
        responses={200: CategorySerializer(many=True), 401: BAD_TOKEN},
    ),
    retrieve=extend_schema(
        summary="One category",
        responses={200: CategorySerializer, 401: BAD_TOKEN, 404: error("No such category")},
    ),
)
class CategoryViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Category.objects.none()  # names the model for the schema; get_queryset() builds the list
    serializer_class = CategorySerializer
    lookup_field = "slug"
    pagination_class = None

    def get_queryset(self):
        # A list, not a queryset: which ancestors to keep is worked out from one query's rows.
        return categories_for_user(self.request.user)

    def get_object(self) -> Category:
        return get_category_for_user(self.request.user, self.kwargs["slug"])


@extend_schema_view(
    list=extend_schema(
        summary="List the tags of the questions you can see",
        responses={200: TagSerializer(many=True), 401: BAD_TOKEN},
    ),
    retrieve=extend_schema(
        summary="One tag",
        responses={200: TagSerializer, 401: BAD_TOKEN, 404: error("No such tag")},
    ),
)
class TagViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = TagSerializer
    lookup_field = "slug"
    pagination_class = None

    def get_queryset(self):
        # A tag only on drafts would reveal what the drafts are about.
        visible = Question.objects.visible_to(self.request.user)
        return Tag.objects.filter(questions__in=visible.values("pk")).distinct().order_by("slug")


FILTER_PARAMETERS = [
    OpenApiParameter("category", OpenApiTypes.STR, description="Category slug; includes its children"),
    OpenApiParameter("difficulty", OpenApiTypes.STR, enum=Question.Difficulty.values),
    OpenApiParameter("kind", OpenApiTypes.STR, enum=Question.Kind.values),
    OpenApiParameter("tag", OpenApiTypes.STR, description="Tag slug"),
    OpenApiParameter("common", OpenApiTypes.BOOL, description="Only commonly asked questions"),
    OpenApiParameter(
        "search",
        OpenApiTypes.STR,
        description="What you are looking for, in your own words; results come best first (full-text and "
        "meaning, with acronyms, both spellings and typos understood), other filters still apply",
    ),
    OpenApiParameter("bookmarked", OpenApiTypes.BOOL, description="Only the caller's bookmarks (signed in)"),
]


@extend_schema_view(
    list=extend_schema(
        summary="List published questions",
        parameters=FILTER_PARAMETERS,
        responses={
            200: QuestionListSerializer(many=True),
            400: field_errors("An invalid filter value, named by its field"),
            401: BAD_TOKEN,
            404: NO_PAGE,
        },
    ),
    retrieve=extend_schema(
        summary="One question with its model answer",
        responses={
            200: QuestionDetailSerializer,
            401: BAD_TOKEN,
            404: error("No such published question"),
        },
    ),
    similar=extend_schema(
        summary="The five published questions most like this one",
        description="Best first, each with its search score; the question itself is left out.",
        responses={200: SimilarQuestionSerializer(many=True), 401: BAD_TOKEN, 404: error("No such question")},
    ),
)
class QuestionViewSet(viewsets.ReadOnlyModelViewSet):
    """The bank, read-only. Drafts and archived questions are visible to staff only."""

    lookup_field = "slug"

    def get_serializer_class(self) -> type[QuestionListSerializer]:
        return QuestionDetailSerializer if self.action == "retrieve" else QuestionListSerializer

    def get_queryset(self) -> QuestionQuerySet:
        visible = Question.objects.visible_to(self.request.user)
        if self.action != "list":
            return visible
        form = QuestionFilterForm(self.request.query_params, user=self.request.user)
        if not form.is_valid():
            raise ValidationError({field: [str(e) for e in errors] for field, errors in form.errors.items()})
        return visible.matching(**form.filters()).for_list_page()

    def get_object(self) -> Question:
        question = get_question_for_user(self.request.user, self.kwargs["slug"])
        self.check_object_permissions(self.request, question)
        return question

    @action(detail=True, methods=["get"], pagination_class=None)
    def similar(self, request: Request, slug: str) -> Response:
        question = self.get_object()
        rows = [
            {
                "slug": other.slug,
                "url": reverse("api:question-detail", args=[other.slug], request=request),
                "title": other.title,
                "score": score,
            }
            for other, score in similar_questions(question)
        ]
        return Response(SimilarQuestionSerializer(rows, many=True).data)
