"""Questions like a given one, from the same engine as search: for the API's similar endpoint,
the fallback of a question page's related questions, and the likely duplicates shown on the
submit and moderation pages. Only published questions are offered."""

from __future__ import annotations

from questions.models import Question
from questions.search import engine

SIMILAR = 5
# A likely duplicate's vector is this close to the new title's (cosine). A resubmitted
# label-smoothing question scores about 0.6 against the bank's; its nearest neighbour on
# another subject (label noise) about 0.45.
DUPLICATE_SIMILARITY = 0.55


def _published(result: engine.SearchResult, ids: list[int], limit: int) -> list[tuple[Question, float]]:
    rows = (
        Question.objects.published()
        .filter(pk__in=ids[: limit * 4])
        .select_related("category")
        .only("slug", "title", "difficulty", "category__slug", "category__name")
    )
    by_id = {q.pk: q for q in rows}
    return [(by_id[pk], result.scores[pk]) for pk in ids if pk in by_id][:limit]


def similar_questions(question: Question, *, limit: int = SIMILAR) -> list[tuple[Question, float]]:
    """The published questions most like `question` (a stored one), best first, each with its
    search score in (0, 1]. One query for the bank's version, one full-text, one for the rows."""
    result = engine.similar_to(question.pk, " ".join([question.title, *question.also_asked_as]))
    return _published(result, list(result.ids), limit)


def likely_duplicates(title: str, *, exclude: Question | None = None, limit: int = SIMILAR) -> list[Question]:
    """Published questions that may already ask what `title` (a submission's) asks, closest first."""
    stored = exclude is not None and exclude.pk is not None
    result = engine.similar_to(exclude.pk, title) if stored else engine.search(title)  # type: ignore[union-attr]
    close = [pk for pk in result.ids if result.similarity.get(pk, 0.0) >= DUPLICATE_SIMILARITY]
    close.sort(key=lambda pk: -result.similarity[pk])
    return [q for q, _ in _published(result, close, limit + 1) if q != exclude][:limit]
