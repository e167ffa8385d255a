from __future__ import annotations

import factory
from django.utils import timezone

from accounts.models import User
from practice.models import Attempt
from questions.models import Category, Question, Tag

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    password = factory.django.Password(PASSWORD)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    slug = factory.Sequence(lambda n: f"category-{n}")
    name = factory.Sequence(lambda n: f"Category {n}")


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    slug = factory.Sequence(lambda n: f"tag-{n}")
    name = factory.LazyAttribute(lambda t: t.slug.replace("-", " "))


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"question-{n}")
    title = factory.Sequence(lambda n: f"What is concept number {n}?")
    category = factory.SubFactory(CategoryFactory)
    difficulty = Question.Difficulty.MEDIUM
    kind = Question.Kind.CONCEPT
    status = Question.Status.PUBLISHED
    answer = "A model answer with math: $a^2 + b^2 = c^2$."
    short_answer = "First line.\nSecond line."
    key_points = factory.LazyFunction(lambda: ["one", "two", "three"])
    references = factory.LazyFunction(lambda: [{"title": "Attention Is All You Need", "arxiv": "1706.03762"}])

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create and extracted:
            self.tags.set(extracted)


class AttemptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attempt

    user = factory.SubFactory(UserFactory)
    question = factory.SubFactory(QuestionFactory)
    grade = "good"
    answer_text = "My answer."
    seconds_taken = 42
    created_at = factory.LazyFunction(timezone.now)
