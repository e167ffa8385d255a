from __future__ import annotations

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from practice.api.serializers import AttemptInputSerializer, AttemptSerializer
from practice.models import Attempt, AttemptQuerySet
from practice.services import record_attempt
from questions.access import get_question_for_user

UNAUTHENTICATED = OpenApiResponse(description="No or invalid credentials")


class AttemptViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The caller's own practice attempts, newest first."""

    serializer_class = AttemptSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self) -> AttemptQuerySet:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Attempt.objects.none()
        return Attempt.objects.for_user(self.request.user).for_list_page()

    @extend_schema(summary="List your attempts", responses={200: AttemptSerializer(many=True), 401: UNAUTHENTICATED})
    def list(self, request: Request, *args: object, **kwargs: object) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary="One of your attempts",
        responses={200: AttemptSerializer, 401: UNAUTHENTICATED, 404: OpenApiResponse(description="Not yours or none")},
    )
    def retrieve(self, request: Request, *args: object, **kwargs: object) -> Response:
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        summary="Record an attempt",
        request=AttemptInputSerializer,
        responses={
            201: AttemptSerializer,
            400: OpenApiResponse(description='An error per invalid field, e.g. {"grade": ["..."]}'),
            401: UNAUTHENTICATED,
        },
    )
    def create(self, request: Request) -> Response:
        data = AttemptInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            question = get_question_for_user(request.user, data.validated_data["question"])
        except Http404:
            # A bad slug is bad input, reported on its field like any other.
            return Response({"question": ["No such question."]}, status=status.HTTP_400_BAD_REQUEST)
        attempt = record_attempt(
            user=request.user,
            question=question,
            grade=data.validated_data["grade"],
            answer_text=data.validated_data["answer_text"],
            seconds_taken=data.validated_data["seconds_taken"],
            now=timezone.now(),
        )
        attempt = self.get_queryset().get(pk=attempt.pk)
        return Response(AttemptSerializer(attempt).data, status=status.HTTP_201_CREATED)
