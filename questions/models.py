from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, connections, models, transaction
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

from questions.coding.runner import test_functions
from questions.markdown import follow_up_items, pitfall_items, render_markdown
from questions.rules import (
    clean_also_asked_as,
    clean_code,
    clean_follow_ups,
    clean_pitfalls,
    clean_references,
    code_text,
    essential_points_problem,
    key_points_problem,
    short_answer_problem,
)
from questions.search.documents import DERIVED_FOR_SEARCH, question_vector, question_vectors, search_texts
from questions.search.engine import SearchResult
from questions.search.engine import search as search_questions

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User


class Category(models.Model):
    """A node of the short category tree (e.g. Deep learning › Computer vision)."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    position = models.PositiveIntegerField(default=0, help_text="Order among its siblings.")

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return f"{self.parent.name} › {self.name}" if self.parent_id and self.parent else self.name

    def get_absolute_url(self) -> str:
        return reverse("questions:list") + f"?category={self.slug}"

    def clean(self) -> None:
        # A category under itself (directly or through a child) makes the tree a loop.
        if self.parent_id is None or self.pk is None:
            return
        edges = list(Category.objects.exclude(pk=self.pk).values_list("id", "parent_id"))
        if self.parent_id in _subtree(self.pk, [*edges, (self.pk, self.parent_id)]):
            raise ValidationError({"parent": "A category cannot sit under itself or one of its own subcategories."})


def category_with_descendants(slug: str) -> list[int]:
    """Ids of the category named by `slug` and every category below it, in one query."""
    rows = list(Category.objects.values_list("id", "slug", "parent_id"))
    root = next((pk for pk, cat_slug, _ in rows if cat_slug == slug), None)
    return [] if root is None else _subtree(root, [(pk, parent_id) for pk, _, parent_id in rows])


def _subtree(root: int, edges: list[tuple[int, int | None]]) -> list[int]:
    """`root` and every id below it. A cycle saved before Category.clean() existed ends the walk
    instead of hanging the request."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in edges:
        children.setdefault(parent_id, []).append(pk)
    found, seen, stack = [], set(), [root]
    while stack:
        pk = stack.pop()
        if pk in seen:
            continue
        seen.add(pk)
        found.append(pk)
        stack.extend(children.get(pk, []))
    return found


class Tag(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=60)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name


# An id times the shuffle's multiplier (below this prime) fits in 64 bits for any id below 9 * 10**12.
SHUFFLE_PRIME = 1_000_003


def visible_questions(user: User | AnonymousUser, path: str = "") -> Q:
    """The one visibility rule, as a filter: staff see questions of every status, everyone else
    only published ones. `path` reaches the question from another model (`"question__"` from an
    attempt, `"items__question__"` from a mock), so every list applies the same rule."""
    return Q() if user.is_staff else Q(**{f"{path}status": Question.Status.PUBLISHED})


# Sent with `ids` and `using` when QuestionQuerySet.update has changed questions' status or
# category, which sends no post_save (practice/state_categories.py listens).
questions_moved = Signal()
MOVING_FIELDS = frozenset({"status", "category", "category_id"})


class QuestionQuerySet(models.QuerySet["Question"]):
    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list[Question]:
        """As Django's, with each question's derived columns (HTML, search texts, vector) filled
        first, so rows made in bulk are searchable like any other."""
        objs = list(objs)
        for obj in objs:
            obj.derive_columns(vector=False)
        for obj, vector in zip(objs, question_vectors(objs), strict=True):
            obj.embedding = vector
        made = super().bulk_create(objs, *args, **kwargs)
        BankVersion.bump(self.db)  # bulk writes send no signals (questions/bank_version.py)
        return made

    def update(self, **kwargs: Any) -> int:
        # Which questions an update of status or category touches, read before it (the update may
        # take them out of the filter): questions_moved tells the apps that follow them.
        moved = list(self.values_list("pk", flat=True)) if MOVING_FIELDS & kwargs.keys() else []
        changed = super().update(**kwargs)
        if changed:
            BankVersion.bump(self.db)
        if moved:
            questions_moved.send(sender=Question, ids=moved, using=self.db)
        return changed

    def published(self) -> QuestionQuerySet:
        return self.filter(status=Question.Status.PUBLISHED)

    def visible_to(self, user: User | AnonymousUser) -> QuestionQuerySet:
        """Staff see every status; everyone else sees only published questions."""
        return self.filter(visible_questions(user))

    def matching(
        self,
        *,
        category: str = "",
        difficulty: str = "",
        kind: str = "",
        tag: str = "",
        common: bool = False,
        search: str = "",
        bookmarked_by: User | None = None,
        category_ids: list[int] | None = None,
        search_result: SearchResult | None = None,
    ) -> QuestionQuerySet:
        """Apply the browse filters; empty values mean "any".

        `search` keeps the questions the search engine ranks for it (questions/search/), and
        for_list_page() then lists them best first. `category_ids` and `search_result`, when
        given, are `category_with_descendants(category)` and `search_questions(search)` worked
        out once by a caller that filters several querysets alike (the list page and its facets).
        """
        qs = self
        if category:
            ids = category_with_descendants(category) if category_ids is None else category_ids
            qs = qs.filter(category_id__in=ids)
        if difficulty:
            qs = qs.filter(difficulty=difficulty)
        if kind:
            qs = qs.filter(kind=kind)
        if tag:
            # A subquery, not a join: a join could repeat a row and then need DISTINCT.
            qs = qs.filter(pk__in=Question.tags.through.objects.filter(tag__slug=tag).values("question_id"))
        if common:
            qs = qs.filter(commonly_asked=True)
        if bookmarked_by is not None:
            qs = qs.filter(bookmarks__user=bookmarked_by)
        if search:
            qs = qs.ranked_by(search_result if search_result is not None else search_questions(search))
        return qs

    def ranked_by(self, result: SearchResult) -> QuestionQuerySet:
        """Only the questions of a search result, with their rank as `search_rank` (an alias
        that for_list_page() orders by). The database gets ids, not the ranking work."""
        if not result.ids:
            return self.none()
        # The rank is the id's place in the result, sent as one parameter: a CASE with a branch per
        # id costs more to build, and for the database to compile, than the query takes to run.
        column = f'"{self.model._meta.db_table}"."id"'
        if connection.vendor == "postgresql":
            rank = RawSQL(f"array_position(%s::integer[], {column})", [list(result.ids)], output_field=IntegerField())
        else:
            # Ids as ",12,7,31,": where ",7," starts grows with the rank.
            ranked = "," + ",".join(map(str, result.ids)) + ","
            rank = RawSQL(f"instr(%s, ',' || {column} || ',')", [ranked], output_field=IntegerField())
        return self.filter(pk__in=result.ids).alias(search_rank=rank)

    def sorted_for_list(self, sort: str, *, seed: int | None = None) -> QuestionQuerySet:
        """Re-order a for_list_page() list: by difficulty (easy first), by category and title
        ("bank", also after a search), or shuffled by `seed` (the same seed gives the same order,
        so the pages of a shuffled list do not overlap). Other sorts leave the order as it is."""
        if sort == "bank":
            return self.order_by("category__position", "title")
        if sort == "difficulty":
            rank = Case(
                *(When(difficulty=value, then=Value(i)) for i, value in enumerate(Question.Difficulty.values)),
                output_field=IntegerField(),
            )
            return self.order_by(rank, "category__position", "title")
        if sort == "shuffle":
            # A multiplicative hash of the id modulo a prime: portable SQL, a different order per
            # seed. The multiplier is spread over the prime so that even small ids wrap around.
            multiplier = ((seed or 1) * 2_654_435_761) % SHUFFLE_PRIME or 1
            return self.order_by((F("id") * multiplier) % SHUFFLE_PRIME, "id")
        return self

    def for_list_page(self) -> QuestionQuerySet:
        """What a list of questions shows: category and tags come along in two queries. Best
        first after a search (ranked_by), else by category and title."""
        searched = "search_rank" in self.query.annotations
        return (
            self.select_related("category", "category__parent")
            .prefetch_related("tags")
            .only(
                "slug",
                "title",
                "difficulty",
                "kind",
                "commonly_asked",
                "status",
                "category",
                "category__slug",
                "category__name",
                "category__parent__name",
                "created_at",
                *(["short_answer"] if searched else []),  # the snippet under each result
            )  # fmt: skip
            .order_by(*(("search_rank", "title") if searched else ("category__position", "title")))
        )


class Question(models.Model):
    class Difficulty(models.TextChoices):
        EASY = "easy", "Easy"
        MEDIUM = "medium", "Medium"
        HARD = "hard", "Hard"

    class Kind(models.TextChoices):
        CONCEPT = "concept", "Concept"
        SCENARIO = "scenario", "Scenario"
        DESIGN = "design", "Design"
        MATH = "math", "Math"
        BEHAVIOURAL = "behavioural", "Behavioural"
        CODING = "coding", "Coding"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        PUBLISHED = "published", "Published"
        REJECTED = "rejected", "Rejected"
        ARCHIVED = "archived", "Archived"

    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(max_length=300)
    body = models.TextField("scenario", blank=True, help_text="Markdown: the situation the question starts from.")
    body_html = models.TextField(blank=True, editable=False)
    answer = models.TextField("model answer", blank=True, help_text="Markdown with $LaTeX$ math.")
    answer_html = models.TextField(blank=True, editable=False)
    short_answer = models.TextField(blank=True, help_text="At most four lines: what to say first.")
    key_points = models.JSONField(default=list, blank=True)
    # Indexes into key_points, so everything that reads key_points (coverage, Anki, attempts'
    # key_points_covered) keeps reading a plain list of text.
    essential_points = models.JSONField(
        default=list, blank=True, help_text="Numbers (from 0) of the key points a strong answer must contain."
    )
    references = models.JSONField(default=list, blank=True)
    follow_ups = models.JSONField(
        default=list, blank=True,
        help_text="3 to 5 {question, answer}: what the interviewer asks next, from the natural probe to the hardest.",
    )  # fmt: skip
    pitfalls = models.JSONField(default=list, blank=True, help_text="2 to 4 common wrong or weak answers, and why.")
    also_asked_as = models.JSONField(
        default=list, blank=True, help_text="Other ways people phrase the question, one per item; search reads them."
    )
    last_reviewed = models.DateField(null=True, blank=True, help_text="When the content was last checked.")
    # A coding question's exercise (docs/bank-format.md): Python run in the candidate's browser by
    # questions/coding/runner.py, never on the server.
    starter_code = models.TextField(
        blank=True, help_text="Coding questions: the Python the candidate starts from; the tests fail on it."
    )
    tests = models.TextField(
        blank=True, help_text="Coding questions: Python test_* functions with plain asserts, run in file order."
    )
    difficulty = models.CharField(max_length=10, choices=Difficulty.choices, default=Difficulty.MEDIUM)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.CONCEPT)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="questions")
    tags = models.ManyToManyField(Tag, blank=True, related_name="questions")
    related = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="related_from",
        help_text="Shown from both ends; store a link once.",
    )  # fmt: skip
    commonly_asked = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    # Derived in save() for search (questions/search/): the text as the full-text index reads it,
    # by weight (title; short answer, key points and other phrasings; scenario and model answer),
    # and the question's sentence vector (float32 bytes). SQLite's FTS5 table and PostgreSQL's
    # tsvector column are kept from the three texts by the database itself (migration 0007).
    search_a = models.TextField(blank=True, editable=False)
    search_b = models.TextField(blank=True, editable=False)
    search_c = models.TextField(blank=True, editable=False)
    embedding = models.BinaryField(null=True, blank=True, editable=False)

    objects = QuestionQuerySet.as_manager()
    # What a list of questions never shows (a title, its link and category do), so a query for
    # one can leave it in the database: the Markdown and its HTML, the lists, the code, and the
    # search columns with the vector.
    CONTENT_FIELDS = (
        "body", "body_html", "answer", "answer_html", "short_answer", "key_points", "essential_points", "references",
        "follow_ups", "pitfalls", "also_asked_as", "starter_code", "tests", "search_a", "search_b", "search_c",
        "embedding",
    )  # fmt: skip
    # Every change, from the admin, moderation, an import or the API, is a revision: who, when, what.
    history = HistoricalRecords(
        excluded_fields=["body_html", "answer_html", "updated_at", *DERIVED_FOR_SEARCH],
        m2m_fields=[tags, related],
        cascade_delete_history=True,
    )

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(difficulty__in=["easy", "medium", "hard"]), name="question_difficulty_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["concept", "scenario", "design", "math", "behavioural", "coding"]),
                name="question_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "in_review", "published", "rejected", "archived"]),
                name="question_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["status", "category"])]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.derive_columns()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "body_html", "answer_html", *DERIVED_FOR_SEARCH}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("questions:detail", args=[self.slug])

    def derive_columns(self, *, vector: bool = True) -> None:
        """The columns computed from this row's own content: rendered once here, never per request."""
        self.body_html = render_markdown(self.body)
        self.answer_html = render_markdown(self.answer)
        self.search_a, self.search_b, self.search_c = search_texts(self)
        if vector:
            self.embedding = question_vector(self)

    def clean(self) -> None:
        # The content rules every path applies, so a question typed in the admin is one a bank
        # file could hold.
        errors: dict[str, list[str]] = {}

        def bad(where: Any, message: str) -> None:
            errors.setdefault(where[0] if isinstance(where, tuple) else where, []).append(message)

        if message := short_answer_problem(self.short_answer):
            bad("short_answer", message)
        if message := key_points_problem(self.key_points):
            bad("key_points", message)
        elif message := essential_points_problem(self.essential_points, self.key_points):
            bad("essential_points", message)
        clean_references(self.references, bad)
        clean_follow_ups(self.follow_ups, bad)
        clean_pitfalls(self.pitfalls, bad)
        clean_also_asked_as(self.also_asked_as, bad)
        self.starter_code, self.tests = code_text(self.starter_code), code_text(self.tests)
        clean_code(
            kind=self.kind, starter_code=self.starter_code, tests=self.tests, bad=bad,
            published=self.status == Question.Status.PUBLISHED,
        )  # fmt: skip
        if errors:
            raise ValidationError(errors)

    @property
    def short_answer_lines(self) -> list[str]:
        return [line for line in self.short_answer.splitlines() if line.strip()]

    @cached_property
    def test_names(self) -> list[str]:
        """A coding question's tests, in the order a run calls them (none when they do not parse)."""
        try:
            return list(dict.fromkeys(test_functions(self.tests))) if self.tests.strip() else []
        except SyntaxError:
            return []

    @property
    def key_point_items(self) -> list[dict[str, Any]]:
        """Key points with whether each is essential, for the pages that mark them."""
        marked = set(self.essential_points)
        return [{"index": i, "text": p, "essential": i in marked} for i, p in enumerate(self.key_points)]

    @property
    def follow_up_items(self) -> list[dict[str, object]]:
        """The follow-ups with their answers rendered, for the pages and Anki."""
        return follow_up_items(self.follow_ups)

    @property
    def pitfall_items(self) -> list[str]:
        return pitfall_items(self.pitfalls)

    def related_questions(self, user: User | AnonymousUser) -> QuestionQuerySet:
        """Links stored from either end, limited to what `user` may see."""
        return (
            Question.objects.visible_to(user)
            .filter(Q(related_from=self) | Q(related=self))
            .exclude(pk=self.pk)
            .distinct()
            .only("slug", "title", "difficulty")
            .order_by("title")
        )


class Submission(models.Model):
    """A question proposed by a user, moving through review. The content lives in `question`
    (not visible to others until published), so its history tells the whole story."""

    class Status(models.TextChoices):
        IN_REVIEW = "in_review", "In review"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        PUBLISHED = "published", "Published"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn"

    question = models.OneToOneField(Question, on_delete=models.CASCADE, related_name="submission")
    # NULL once the submitter's account is deleted: a submission that became a question stays, unattributed
    # (interviewprep.account_deletion deletes the others, with their drafts, before the user row goes).
    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="submissions"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.IN_REVIEW, db_index=True)
    message = models.TextField(blank=True, help_text="The curator's request for changes, or the reason for rejecting.")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["in_review", "changes_requested", "published", "rejected", "withdrawn"]),
                name="submission_status_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.question.title} ({self.get_status_display()})"

    @property
    def editable(self) -> bool:
        return self.status in {self.Status.IN_REVIEW, self.Status.CHANGES_REQUESTED}


class Report(models.Model):
    """A user's "report a problem" on a question, waiting for a curator."""

    class Kind(models.TextChoices):
        WRONG = "wrong", "Something is wrong"
        UNCLEAR = "unclear", "Unclear"
        TYPO = "typo", "Typo"
        DUPLICATE = "duplicate", "Duplicate of another question"

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    comment = models.TextField(max_length=2_000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolution = models.TextField(blank=True, help_text="What was done about it.")

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["resolved_at", "created_at"], name="report_open_oldest")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.question}"


class BankVersion(models.Model):
    """One row whose number moves with every change to a question, category or tag (see
    questions/bank_version.py). Pages and API answers about the bank are cached under it, so an
    edit shows on the next request in every process, whatever cache each one has."""

    number = models.BigIntegerField(default=0)
    # The number this process read last, and when (time.monotonic()): see recent().
    _recent: ClassVar[tuple[int, float] | None] = None

    def __str__(self) -> str:
        return f"bank version {self.number}"

    @classmethod
    def current(cls, using: str = "default") -> int:
        """The number as committed now: one query on the primary key, in plain SQL, which the
        page cache asks on every request (the ORM takes longer to build it than to run it)."""
        connection = connections[using]
        table = connection.ops.quote_name(cls._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT number FROM {table} WHERE id = 1")  # noqa: S608 (no input in it)
            row = cursor.fetchone()
        return int(row[0]) if row else 0

    @classmethod
    def recent(cls, max_age: float) -> int:
        """current(), or the number this process read less than `max_age` seconds ago. A change
        made in this process is seen at once (bump forgets the number, as does its commit); one
        made in another process, within `max_age`. 0 reads it every time."""
        seen, now = cls._recent, time.monotonic()
        if seen is not None and now - seen[1] < max_age:
            return seen[0]
        number = cls.current()
        cls._recent = (number, now)
        return number

    @classmethod
    def forget(cls) -> None:
        cls._recent = None

    @classmethod
    def bump(cls, using: str = "default") -> None:
        """Move the number, inside the caller's transaction when there is one."""
        cls.forget()
        transaction.on_commit(cls.forget, using=using)
        if not cls.objects.using(using).filter(pk=1).update(number=models.F("number") + 1):
            # A database emptied by a test's flush, or one from before the migration's row.
            cls.objects.using(using).get_or_create(pk=1, defaults={"number": 1})
