from __future__ import annotations

import re

import factory
from allauth.account.models import EmailAddress
from django.core import mail
from django.http import HttpResponse
from django.test import Client
from django.utils import timezone

from accounts.models import User
from practice.models import Attempt
from questions.models import Category, Question, Tag

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(user: User, create: bool, extracted: bool | None, **kwargs: object) -> None:
        """A confirmed address, as every account that signed up has (sign-in needs one);
        `UserFactory(verified=False)` for one that never confirmed."""
        if create and extracted is not False:
            EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)


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


def confirm_signup(client: Client, follow: bool = False) -> HttpResponse:
    """Follow the address-confirmation link of the last email, as the person who just signed up
    does in the same browser: that finishes the sign-up and signs them in."""
    link = re.search(r"http://testserver(/accounts/confirm-email/\S+)", mail.outbox[-1].body).group(1)
    return client.post(link, follow=follow)
