"""How search reads text: the same steps for a question being indexed and for a query.

1. Words: letters and digits; a hyphenated word is its parts and also the parts joined
   ("k-means" is "k", "means" and "kmeans"), LaTeX commands and one-letter words are dropped.
2. Spelling: British forms folded into American ones ("normalisation" → "normalization",
   "neighbour" → "neighbor", "modelling" → "modeling"), so either spelling finds both.
3. Thesaurus (thesaurus.yaml): wherever a phrase of a group appears, the group's token is
   added ("retrieval augmented generation" adds "rag", "RAG" is "rag" already). Phrases are
   compared on stems, so plurals match ("GANs", "networks").
4. Stop words go, among them the words of a question rather than of its subject ("what",
   "explain", "difference between", "vs").

What comes out is a string of words, which the database indexes with its own English stemmer
(SQLite FTS5's porter tokenizer, PostgreSQL's `english` configuration): both the question's
text and the query go through this module first and the same stemmer after, so they meet.
Pure functions, no database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import snowballstemmer
import yaml

THESAURUS_FILE = Path(__file__).with_name("thesaurus.yaml")
_LISTS = yaml.safe_load(THESAURUS_FILE.read_text(encoding="utf-8"))
STOP_WORDS = frozenset(_LISTS["stop_words"].split())
# Common words whose British-looking ending is no spelling variant: left as they are.
_NOT_BRITISH = frozenset(_LISTS["not_british"].split())


# (pattern, replacement) applied to a lower-case word; British → American. Words listed in
# _SPELLING_WORDS are folded whole, the rest by ending.
_SPELLING_WORDS = {
    "labelled": "labeled", "labelling": "labeling", "modelled": "modeled", "modelling": "modeling",
    "travelled": "traveled", "cancelled": "canceled", "signalled": "signaled", "channelled": "channeled",
    "levelled": "leveled", "tunnelled": "tunneled", "centre": "center", "centres": "centers",
    "centred": "centered", "fibre": "fiber", "metre": "meter", "litre": "liter", "catalogue": "catalog",
    "catalogues": "catalogs", "dialogue": "dialog", "analogue": "analog", "grey": "gray", "programme": "program",
    "distil": "distill", "distils": "distills", "skilful": "skillful", "judgement": "judgment",
}  # fmt: skip
_SPELLING_ENDINGS = [
    (re.compile(r"isation(s?)$"), r"ization\1"),
    (re.compile(r"ising$"), "izing"),
    (re.compile(r"is(e|ed|er|ers|es)$"), r"iz\1"),
    (re.compile(r"ys(e|ed|er|ers|es|ing)$"), r"yz\1"),
    (re.compile(r"([a-z]{3,})our(s|ed|ing|ite|ites|able)?$"), r"\1or\2"),
]

_WORD_RE = re.compile(r"[A-Za-z0-9]+(?:[-'’][A-Za-z0-9]+)*")
_LATEX_RE = re.compile(r"\\[A-Za-z]+")
_stemmer = snowballstemmer.stemmer("english")


@lru_cache(maxsize=131_072)
def fold(word: str) -> str:
    """`word` lower-cased with British spelling folded into American."""
    word = word.lower()
    if word in _SPELLING_WORDS:
        return _SPELLING_WORDS[word]
    if word in _NOT_BRITISH or len(word) < 5:
        return word
    for pattern, replacement in _SPELLING_ENDINGS:
        folded = pattern.sub(replacement, word)
        if folded != word:
            return folded
    return word


@lru_cache(maxsize=131_072)
def stem(word: str) -> str:
    """The English (Snowball) stem of a folded word: what highlighting and the thesaurus compare."""
    return _stemmer.stemWord(word)


@dataclass(frozen=True)
class Word:
    """One word of a text: where it is (for highlighting), as typed, folded, and its stem."""

    start: int
    end: int
    raw: str
    folded: str
    stem: str


def words(text: str) -> list[Word]:
    """The words of `text` in order, hyphenated words split into their parts (stop words kept)."""
    out = []
    for match in _WORD_RE.finditer(_LATEX_RE.sub(lambda m: " " * len(m.group(0)), text)):
        start = match.start()
        for part in re.split(r"([-'’])", match.group(0)):
            if part and part not in "-'’":
                folded = fold(part)
                out.append(Word(start, start + len(part), part, folded, stem(folded)))
            start += len(part)
    # "Bayes'" and "model's": the possessive is no word.
    return [w for w in out if not (w.folded in {"s", "t"} and w.start > 0 and text[w.start - 1] in "'’")]


@dataclass(frozen=True)
class Thesaurus:
    """Phrase (a tuple of stems) → the group tokens it stands for."""

    phrases: dict[tuple[str, ...], tuple[str, ...]]
    # Group token → the phrases of its group as written, for highlighting and the README.
    groups: dict[str, tuple[str, ...]]
    longest: int


@lru_cache(maxsize=1)
def thesaurus() -> Thesaurus:
    data = _LISTS
    phrases: dict[tuple[str, ...], list[str]] = {}
    groups: dict[str, tuple[str, ...]] = {}
    for section in ("acronyms", "compounds"):
        for group in data[section]:
            token = fold(str(group[0]))
            groups[token] = tuple(str(p) for p in group)
            for phrase in group:
                key = tuple(w.stem for w in words(str(phrase)))
                if key:
                    phrases.setdefault(key, [])
                    if token not in phrases[key]:
                        phrases[key].append(token)
    return Thesaurus({k: tuple(v) for k, v in phrases.items()}, groups, max((len(k) for k in phrases), default=1))


def group_tokens(found: list[Word]) -> list[str]:
    """The thesaurus tokens of every phrase in `found` (a text's words, stop words included)."""
    table = thesaurus()
    stems = [w.stem for w in found]
    tokens: list[str] = []
    for start in range(len(stems)):
        for length in range(1, min(table.longest, len(stems) - start) + 1):
            tokens.extend(table.phrases.get(tuple(stems[start : start + length]), ()))
    return tokens


def joined_compounds(text: str) -> list[str]:
    """Hyphenated words written joined: "k-means" → "kmeans", "t-SNE" → "tsne"."""
    out = []
    for match in _WORD_RE.finditer(text):
        parts = [p for p in re.split(r"[-'’]", match.group(0)) if p]
        if len(parts) > 1 and "-" in match.group(0):
            out.append(fold("".join(parts)))
    return out


def index_terms(text: str) -> list[str]:
    """The words of `text` as the search index stores them (see the module docstring)."""
    found = words(text)
    terms = [w.folded for w in found if _kept(w.folded)]
    extra = [t for t in joined_compounds(text) + group_tokens(found) if _kept(t)]
    return terms + extra


def index_text(*texts: str) -> str:
    return " ".join(term for text in texts if text for term in index_terms(text))


def _kept(word: str) -> bool:
    return word not in STOP_WORDS and (len(word) > 1 or word.isdigit())


@dataclass(frozen=True)
class Query:
    """A query as search understands it.

    `terms` are the folded words asked for (thesaurus tokens included), `stems` what
    highlighting marks, `words` the content words as typed (for "Did you mean").
    """

    text: str
    terms: tuple[str, ...]
    stems: frozenset[str]
    typed: tuple[Word, ...]


def parse_query(text: str) -> Query:
    found = words(text)
    kept = [w for w in found if _kept(w.folded)]
    tokens = [t for t in joined_compounds(text) + group_tokens(found) if _kept(t)]
    terms = tuple(dict.fromkeys([w.folded for w in kept] + tokens))
    stems = {w.stem for w in kept} | {stem(t) for t in tokens}
    # The words of each group the query used, so "RAG" marks "retrieval-augmented generation".
    table = thesaurus()
    for token in tokens:
        for phrase in table.groups.get(token, ()):
            stems.update(w.stem for w in words(phrase) if _kept(w.folded))
    return Query(text=text, terms=terms, stems=frozenset(stems), typed=tuple(kept))
