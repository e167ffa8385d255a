from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.test import Client
from rest_framework.test import APIClient

from accounts.models import User
from questions.models import BankVersion, Category, Question, Tag
from tests.factories import CategoryFactory, QuestionFactory, TagFactory, UserFactory


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The real hasher is slow on purpose; the tests only need passwords to match.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Throttles count in the cache; every test starts from zero. A test's rolled-back bank
    # version must not be remembered into the next one, whose numbers start again.
    cache.clear()
    BankVersion.forget()
    yield
    cache.clear()
    BankVersion.forget()


@pytest.fixture
def alice(db) -> User:
    return UserFactory(email="alice@example.com")


@pytest.fixture
def bob(db) -> User:
    return UserFactory(email="bob@example.com")


@pytest.fixture
def staff(db) -> User:
    return UserFactory(email="curator@example.com", is_staff=True, is_superuser=True)


@pytest.fixture
def alice_client(alice) -> Client:
    return client_for(alice)


@pytest.fixture
def bob_client(bob) -> Client:
    return client_for(bob)


@pytest.fixture
def staff_client(staff) -> Client:
    return client_for(staff)


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def client_for(user: User) -> Client:
    """A browser-like client signed in as `user`."""
    client = Client()
    client.force_login(user)
    return client


def api_client_for(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@dataclass
class SmallBank:
    deep: Category
    vision: Category
    stats: Category
    cnn: Tag
    probability: Tag
    convolution: Question
    vit: Question
    bayes: Question
    draft: Question
    archived: Question


@pytest.fixture
def small_bank(db) -> SmallBank:
    """Five questions in a two-level tree: three published, one draft, one archived."""
    deep = CategoryFactory(slug="deep-learning", name="Deep learning", position=1)
    vision = CategoryFactory(slug="vision", name="Computer vision", parent=deep)
    stats = CategoryFactory(slug="statistics", name="Statistics", position=2)
    cnn = TagFactory(slug="cnn")
    probability = TagFactory(slug="probability")
    convolution = QuestionFactory(
        slug="what-is-a-convolution", title="What does a convolution layer compute?", category=deep,
        difficulty="easy", kind="concept", commonly_asked=True, tags=[cnn],
    )  # fmt: skip
    vit = QuestionFactory(
        slug="vision-transformer", title="How does a vision transformer split an image?", category=vision,
        difficulty="hard", kind="design", tags=[cnn], body="You have **224×224** images.",
    )  # fmt: skip
    bayes = QuestionFactory(
        slug="bayes-rule", title="State Bayes' rule and use it on a test result", category=stats,
        difficulty="medium", kind="math", tags=[probability], answer="Posterior is prior times likelihood.",
    )  # fmt: skip
    draft = QuestionFactory(
        slug="secret-draft", title="An unfinished draft about convolution", category=deep, status="draft", tags=[cnn]
    )
    archived = QuestionFactory(
        slug="old-archived", title="An archived question about convolution", category=vision, status="archived"
    )
    return SmallBank(deep, vision, stats, cnn, probability, convolution, vit, bayes, draft, archived)
