"""What a question contributes to search, derived from its own fields when it is saved.

Kept apart from the engine so the model can import it: nothing here touches the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from questions.search import vectors
from questions.search.text import index_text

DERIVED_FOR_SEARCH = ("search_a", "search_b", "search_c", "embedding")


def _points(question: Any) -> list[str]:
    return [p if isinstance(p, str) else str(p.get("text", "")) for p in question.key_points or []]


def search_texts(question: Any) -> tuple[str, str, str]:
    """The three weighted texts the full-text index reads: title (A); short answer, key points
    and other phrasings (B); scenario and model answer (C)."""
    return (
        index_text(question.title),
        index_text(question.short_answer, *_points(question), *(question.also_asked_as or [])),
        index_text(question.body, question.answer),
    )


def vector_text(question: Any) -> str:
    """What the sentence vector is computed from: the question and what answers it in brief.
    The long model answer is left out: averaged over hundreds of words, a vector says little."""
    parts = [question.title, *(question.also_asked_as or []), question.short_answer, *_points(question)]
    return "\n".join(p for p in parts if p)


def question_vector(question: Any) -> bytes:
    return vectors.to_bytes(vectors.embed([vector_text(question)])[0])


def question_vectors(questions: Sequence[Any]) -> list[bytes]:
    """Vectors for many questions in one batch (imports and bulk creation)."""
    return [vectors.to_bytes(row) for row in vectors.embed([vector_text(q) for q in questions])]
