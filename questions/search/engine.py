"""Hybrid search: the database's full-text ranking fused with sentence-vector similarity.

A query is read by text.py (stems, spellings, thesaurus, stop words) and its unknown words
corrected from the bank's own vocabulary (spelling.py). Then:

1. lexical: the best CANDIDATES ids of an OR of the query's terms from the database's own
   index, with LIMIT (lexical.py);
2. semantic: the query's vector (cached per text) against every question's stored vector,
   held in memory as one float32 matrix, keeping those above COSINE_FLOOR;
3. reciprocal rank fusion of the two lists, in Python.

The caller then fetches the rows it shows by id, with its filters applied (see
QuestionQuerySet.matching), so no SQL ever ranks the whole table.

The matrix and the vocabulary are built once per bank version: the number of questions and
the latest `updated_at`, which every save and delete moves. Each search asks the database
for that version (one small query), so every process sees a change at once. This module
reads the question table with plain SQL, not the ORM, because the model itself calls it.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db import connection

from questions.search import lexical, vectors
from questions.search.spelling import Vocabulary
from questions.search.text import Query, parse_query, stem, thesaurus

CANDIDATES = 200  # ids taken from each side before fusing
RRF_K = 60
LEXICAL_WEIGHT = 1.0
SEMANTIC_WEIGHT = 1.0
COSINE_FLOOR = 0.33  # below this a vector match is noise ("qwzx flurb" stays empty)
COSINE_WINDOW = 0.15  # and it must be within this of the best vector match
LEXICAL_SHARE = 0.25  # a full-text match must score at least this share of the best one
# ... and its vector must not be unrelated to the query's: "cook pasta" shares a word or a
# corrected typo with many answers, and a word in common alone is no reason to show one.
SUPPORT_FLOOR = 0.15
SUPPORT_FREE = 3  # the best few full-text matches need no such support (an acronym's vector is weak)
RESULT_CACHE = 512


@dataclass(frozen=True)
class SearchResult:
    """Question ids best first, each with a score in (0, 1], and what the page shows with them."""

    text: str
    ids: tuple[int, ...] = ()
    scores: dict[int, float] = field(default_factory=dict)
    # The query with its typos corrected from the bank's words, when any were: "Did you mean".
    suggestion: str = ""
    # Stems to mark in titles and snippets.
    marks: frozenset[str] = frozenset()
    # Cosine similarity of each result's vector to the query's (likely duplicates use it).
    similarity: dict[int, float] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.ids)


@dataclass
class BankIndex:
    version: tuple[Any, ...]
    ids: np.ndarray
    matrix: np.ndarray
    published: np.ndarray
    vocabulary: Vocabulary
    row: dict[int, int]

    def rarity(self, term: str) -> float:
        """Inverse document frequency of a term among the titles and summaries (smoothed)."""
        return math.log((len(self.ids) + 1) / (self.vocabulary.counts.get(term, 0) + 1)) + 1.0

    @property
    def memory_bytes(self) -> int:
        return int(self.matrix.nbytes + self.ids.nbytes + self.published.nbytes)


_lock = threading.Lock()
_index: BankIndex | None = None
_results: OrderedDict[tuple[Any, ...], SearchResult] = OrderedDict()


def bank_version() -> tuple[Any, ...]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*), MAX(updated_at) FROM questions_question")
        count, latest = cursor.fetchone()
    return (connection.alias, connection.settings_dict["NAME"], count, str(latest))


def bank_index(version: tuple[Any, ...] | None = None) -> BankIndex:
    """The in-memory matrix and vocabulary of the bank as it is now."""
    global _index
    version = version or bank_version()
    current = _index
    if current is not None and current.version == version:
        return current
    with _lock:
        if _index is None or _index.version != version:
            _index = _load(version)
            _results.clear()
        return _index


def _load(version: tuple[Any, ...]) -> BankIndex:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, status, search_a, search_b, embedding FROM questions_question ORDER BY id")
        rows = cursor.fetchall()
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    matrix = np.zeros((len(rows), vectors.DIMENSIONS), dtype=vectors.DTYPE)
    for i, row in enumerate(rows):
        matrix[i] = vectors.from_bytes(row[4])
    words = (w for r in rows for text in (r[2], r[3]) for w in (text or "").split())
    return BankIndex(
        version=version,
        ids=ids,
        matrix=matrix,
        published=np.array([r[1] == "published" for r in rows], dtype=bool),
        vocabulary=Vocabulary(words),
        row={int(pk): i for i, pk in enumerate(ids)},
    )


def search(text: str, *, prefix: bool = False) -> SearchResult:
    """Rank the bank for `text`. With `prefix`, the last word may be unfinished (as you type)."""
    text = " ".join(text.split())[:200]
    if not text:
        return SearchResult(text)
    version = bank_version()
    key = (text, prefix, version)
    cached = _results.get(key)
    if cached is not None:
        _results.move_to_end(key)
        return cached
    result = _search(text, prefix, bank_index(version))
    with _lock:
        _results[key] = result
        while len(_results) > RESULT_CACHE:
            _results.popitem(last=False)
    return result


def _search(text: str, prefix: bool, index: BankIndex) -> SearchResult:
    query = parse_query(text)
    last = query.typed[-1].folded if prefix and query.typed and text[-1:].isalnum() else ""
    corrected, suggestion = _corrections(query, index.vocabulary, skip=last)
    terms = [*query.terms, *corrected.values()]
    lexical_hits = lexical.candidates(terms, limit=CANDIDATES, prefix=last, rarity=index.rarity)
    scores = _cosines(_semantic_text(query, corrected), index)
    marks = query.stems | {stem(w) for w in corrected.values()}
    return _fuse(text, index, lexical_hits, scores, suggestion, marks)


def _corrections(query: Query, vocabulary: Vocabulary, *, skip: str = "") -> tuple[dict[str, str], str]:
    """Typed words the bank does not know, each with the bank's word it is closest to; and the
    query as the searcher would have typed it without those typos."""
    known = set(thesaurus().groups)
    corrected: dict[str, str] = {}
    for word in query.typed:
        if word.folded in known or word.folded == skip:
            continue
        better = vocabulary.correct(word.folded)
        if better:
            corrected[word.raw] = better
    if not corrected:
        return {}, ""
    out, at = [], 0
    for word in query.typed:
        if word.raw in corrected:
            out.append(query.text[at : word.start])
            out.append(corrected[word.raw])
            at = word.end
    out.append(query.text[at:])
    return corrected, "".join(out)


def _semantic_text(query: Query, corrected: dict[str, str]) -> str:
    """The query as the vector model reads it: typos corrected, and each thesaurus token the
    query used spelt out ("RAG" → "RAG retrieval augmented generation"); a static embedding
    knows the words far better than the acronym."""
    text = query.text
    for raw, better in corrected.items():
        text = text.replace(raw, better)
    groups = thesaurus().groups
    spelt = [groups[t][1] for t in query.terms if t in groups and len(groups[t]) > 1]
    return " ".join([text, *dict.fromkeys(spelt)])


def _cosines(text: str, index: BankIndex) -> np.ndarray:
    return index.matrix @ vectors.embed_query(text)


def _top(index: BankIndex, scores: np.ndarray, limit: int) -> list[tuple[int, float]]:
    """The best `limit` vector matches above the floor and within the window of the best."""
    if not len(scores):
        return []
    keep = np.flatnonzero(scores >= max(COSINE_FLOOR, float(scores.max()) - COSINE_WINDOW))
    if not len(keep):
        return []
    if len(keep) > limit:
        keep = keep[np.argpartition(-scores[keep], limit - 1)[:limit]]
    ordered = keep[np.argsort(-scores[keep], kind="stable")]
    return [(int(index.ids[i]), float(scores[i])) for i in ordered]


def _fuse(
    text: str,
    index: BankIndex,
    lexical_hits: list[tuple[int, float]],
    cosines: np.ndarray,
    suggestion: str = "",
    marks: frozenset[str] = frozenset(),
) -> SearchResult:
    if lexical_hits:
        least = lexical_hits[0][1] * LEXICAL_SHARE
        lexical_hits = [
            (pk, score)
            for rank, (pk, score) in enumerate(lexical_hits)
            if score >= least and (rank < SUPPORT_FREE or (pk in index.row and cosines[index.row[pk]] >= SUPPORT_FLOOR))
        ]
    semantic_hits = _top(index, cosines, CANDIDATES)
    fused: dict[int, float] = {}
    for weight, hits in ((LEXICAL_WEIGHT, lexical_hits), (SEMANTIC_WEIGHT, semantic_hits)):
        for rank, (pk, _) in enumerate(hits, start=1):
            fused[pk] = fused.get(pk, 0.0) + weight / (RRF_K + rank)
    best = (LEXICAL_WEIGHT + SEMANTIC_WEIGHT) / (RRF_K + 1)
    ordered = sorted(fused, key=lambda pk: (-fused[pk], pk))
    return SearchResult(
        text=text,
        ids=tuple(ordered),
        scores={pk: round(fused[pk] / best, 4) for pk in ordered},
        suggestion=suggestion,
        marks=marks,
        similarity={pk: round(float(cosines[index.row[pk]]), 4) for pk in ordered if pk in index.row},
    )


def lexical_only(text: str) -> list[int]:
    """The lexical side alone, for `manage.py search_eval`."""
    query = parse_query(text)
    corrected, _ = _corrections(query, bank_index().vocabulary)
    terms = [*query.terms, *corrected.values()]
    return [pk for pk, _ in lexical.candidates(terms, limit=CANDIDATES, rarity=bank_index().rarity)]


def semantic_only(text: str) -> list[int]:
    """The vector side alone, for `manage.py search_eval`."""
    index = bank_index()
    query = parse_query(text)
    corrected, _ = _corrections(query, index.vocabulary)
    return [pk for pk, _ in _top(index, _cosines(_semantic_text(query, corrected), index), CANDIDATES)]


def similar_to(pk: int, text: str, *, published_only: bool = True) -> SearchResult:
    """Questions like the stored question `pk`: its own vector against the others', fused with
    a lexical search for `text` (its title and other phrasings). `pk` itself is left out."""
    index = bank_index()
    row = index.row.get(pk)
    if row is None:
        return search(text)
    scores = index.matrix @ index.matrix[row]
    if published_only:
        scores = np.where(index.published, scores, -1.0)
    scores[row] = -1.0
    query = parse_query(text)
    found = lexical.candidates(query.terms, limit=CANDIDATES, rarity=index.rarity)
    lexical_hits = [(i, s) for i, s in found if i != pk]
    return _fuse(text, index, lexical_hits, scores, marks=query.stems)


def forget() -> None:
    """Drop the in-memory index and results (tests that change the bank behind the ORM's back)."""
    global _index
    with _lock:
        _index = None
        _results.clear()
