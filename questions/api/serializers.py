from __future__ import annotations

from rest_framework import serializers

from questions.models import Category, Question, Tag


class CategoryRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["slug", "name"]


class CategorySerializer(serializers.ModelSerializer):
    parent: serializers.SlugRelatedField[Category] = serializers.SlugRelatedField(  # type: ignore[assignment]
        slug_field="slug", read_only=True, allow_null=True
    )

    class Meta:
        model = Category
        fields = ["slug", "name", "description", "parent"]


class TagSerializer(serializers.ModelSerializer):
    class Meta:
        model = Tag
        fields = ["slug", "name"]


class ReferenceSerializer(serializers.Serializer):
    title = serializers.CharField()
    authors = serializers.CharField(required=False)
    year = serializers.IntegerField(required=False)
    url = serializers.URLField(required=False)
    arxiv = serializers.CharField(required=False, help_text="Bare arXiv id, e.g. 1706.03762")


class FollowUpSerializer(serializers.Serializer):
    question = serializers.CharField(help_text="What the interviewer asks next")
    answer = serializers.CharField(help_text="A brief model answer (Markdown)")
    answer_html = serializers.CharField(help_text="The brief answer rendered, sanitised")


class QuestionListSerializer(serializers.ModelSerializer):
    category = CategoryRefSerializer(read_only=True)
    tags: serializers.ManyRelatedField = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)  # type: ignore[assignment]
    url = serializers.HyperlinkedIdentityField(view_name="api:question-detail", lookup_field="slug")

    class Meta:
        model = Question
        fields = ["slug", "url", "title", "difficulty", "kind", "category", "tags", "commonly_asked", "status"]


class QuestionDetailSerializer(QuestionListSerializer):
    key_points = serializers.ListField(child=serializers.CharField(), read_only=True)
    essential_points = serializers.ListField(
        child=serializers.IntegerField(), read_only=True,
        help_text="Indexes (from 0) into key_points of the points a strong answer must contain",
    )  # fmt: skip
    follow_ups = FollowUpSerializer(source="follow_up_items", many=True, read_only=True)
    pitfalls = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="Red flags: common wrong or weak answers, and why"
    )
    last_reviewed = serializers.DateField(read_only=True, allow_null=True)
    also_asked_as = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="Other ways people phrase the question"
    )
    references = ReferenceSerializer(many=True, read_only=True)
    related = serializers.SerializerMethodField()

    class Meta(QuestionListSerializer.Meta):
        fields = [
            *QuestionListSerializer.Meta.fields,
            "body_html", "short_answer", "key_points", "essential_points", "answer_html", "follow_ups", "pitfalls",
            "last_reviewed", "references", "related", "also_asked_as", "updated_at",
        ]  # fmt: skip

    def get_related(self, question: Question) -> list[str]:
        return [q.slug for q in question.related_questions(self.context["request"].user)]


class SimilarQuestionSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    url = serializers.CharField(help_text="The question's address in the API")
    title = serializers.CharField()
    score = serializers.FloatField(
        help_text="Search score in (0, 1]; 1 is the top of both the lexical and the vector ranking"
    )
