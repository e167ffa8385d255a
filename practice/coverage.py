"""Which key points does a typed answer seem to cover? A transparent lexical match.

Each key point and the answer are reduced to content-word stems (Snowball English stemmer,
British and American spellings folded together, stop words dropped). Synonyms come from a
small thesaurus keyed by the question's tags, so "regularisation" answers written as "weight
decay" still count. A key point is covered when enough of its stems appear in the answer.
Pure functions: no database, easy to test and to explain to a user ("matched: gradient,
vanish").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

COVERED_SHARE = 0.4  # two of a key point's five content words are enough to pre-tick it

STOP_WORDS = frozenset(
    {
        "a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "does", "for", "from", "has", "have", "how",
        "if", "in", "into", "is", "it", "its", "of", "on", "or", "so", "than", "that", "the", "their", "them",
        "then", "there", "these", "this", "those", "to", "up", "use", "used", "uses", "using", "via", "was", "what",
        "when", "where", "which", "while", "who", "why", "will", "with", "would", "you", "your", "more", "most",
        "less", "not", "no", "only", "each", "per", "one", "two", "both", "same", "other", "such", "very", "also",
        "e", "g", "i", "ie", "eg", "vs", "versus", "many", "much", "make", "makes", "made", "worse", "better",
        "mostly", "mainly", "actual", "actually", "found", "find", "back", "through", "get", "gets", "got", "keep",
        "keeps", "way", "ways", "thing", "things", "like", "just",
    }
)  # fmt: skip

# Spelling variants folded before stemming (British -> one form).
SPELLING = [
    (re.compile(r"isation"), "ization"), (re.compile(r"ise(s|d)?\b"), r"ize\1"), (re.compile(r"ising\b"), "izing"),
    (re.compile(r"our\b"), "or"), (re.compile(r"ogue\b"), "og"), (re.compile(r"tre\b"), "ter"),
]  # fmt: skip

# Words that mean the same thing in an answer, grouped; a group applies when the question
# carries the tag, and the "general" groups always apply.
THESAURUS: dict[str, list[set[str]]] = {
    "general": [
        {"overfit", "overfitting", "memorise", "memorize", "high variance"},
        {"underfit", "underfitting", "high bias"},
        {"gradient", "gradients", "derivative", "derivatives"},
        {"accuracy", "correct"},
        {"big", "large", "huge"},
        {"small", "tiny", "little"},
        {"fast", "quick", "cheap"},
        {"slow", "expensive", "costly"},
        {"error", "loss", "cost"},
        {"dataset", "data"},
        {"sample", "example", "instance", "observation", "row"},
        {"feature", "variable", "attribute", "column", "predictor"},
        {"label", "target", "class"},
        {"train", "fit", "learn"},
        {"model", "network", "classifier", "estimator"},
        {"weight", "parameter", "coefficient"},
        {"reduce", "reduces", "cut", "cuts", "lower", "lowers", "decrease", "decreases", "shrink"},
        {"increase", "increases", "raise", "raises", "grow", "grows"},
    ],
    "regularisation": [{"regularization", "penalty", "weight decay", "shrinkage"}, {"l1", "lasso"}, {"l2", "ridge"}],
    "overfitting": [{"generalize", "generalization", "unseen", "held out", "test"}],
    "imbalanced-data": [
        {"minority", "rare", "positive"},
        {"majority", "common", "negative"},
        {"oversample", "upsample"},
    ],
    "metrics": [{"recall", "sensitivity", "true positive rate", "tpr"}, {"precision", "positive predictive value"}],
    "evaluation": [{"recall", "sensitivity", "true positive rate", "tpr"}, {"validation", "holdout", "dev"}],
    "neural-networks": [{"neuron", "unit", "node"}, {"activation", "nonlinearity"}, {"layer", "block"}],
    "optimisation": [{"learning rate", "step size", "lr"}, {"converge", "convergence"}, {"minimum", "optimum"}],
    "gradient-descent": [{"learning rate", "step size", "lr"}, {"batch", "minibatch", "mini batch"}],
    "transformers": [
        {"attention", "self attention"},
        {"token", "word", "subword"},
        {"position", "positional", "order"},
    ],
    "llm": [{"token", "word", "subword"}, {"prompt", "context", "input"}, {"fine tune", "finetune", "adapt"}],
    "recommender-systems": [{"item", "product", "video", "content"}, {"user", "customer", "viewer"}],
    "cold-start": [
        {"new user", "new users", "newcomer"},
        {"popular", "popularity", "trending"},
        {"sign up", "signup", "register", "registration", "onboarding"},
        {"preference", "interest", "topic", "like"},
    ],
    "statistics": [{"mean", "average", "expectation"}, {"variance", "spread"}, {"probability", "chance", "likelihood"}],
    "probability": [{"probability", "chance", "likelihood"}, {"independent", "independence"}],
    "data-drift": [{"drift", "shift", "change"}, {"distribution", "population"}],
    "monitoring": [{"monitor", "track", "alert", "dashboard"}],
    "embeddings": [{"embedding", "vector", "representation"}],
    "cnn": [{"convolution", "conv", "filter", "kernel"}, {"pool", "pooling", "downsample"}],
    "rnn": [{"recurrent", "rnn"}, {"sequence", "time step", "timestep"}],
    "decision-trees": [{"split", "node", "branch"}, {"impurity", "gini", "entropy"}],
    "ensembles": [{"ensemble", "combine", "average", "vote"}],
    "boosting": [{"residual", "error", "mistake"}, {"sequential", "series", "one after another"}],
}

_stemmer = snowballstemmer.stemmer("english")


def _fold(word: str) -> str:
    for pattern, replacement in SPELLING:
        word = pattern.sub(replacement, word)
    return word


@lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    return _stemmer.stemWord(_fold(word.lower()))


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+(?:[-'][a-z0-9]+)*", text.lower().replace("-", " "))


def content_stems(text: str) -> list[str]:
    return [stem(w) for w in words(text) if w not in STOP_WORDS and len(w) > 1]


def _phrase(text: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in words(text))


def synonym_groups(tags: Iterable[str]) -> list[set[tuple[str, ...]]]:
    """Synonym groups (as stemmed phrases) that apply to a question with these tags."""
    groups = [*THESAURUS["general"]]
    for tag in tags:
        groups.extend(THESAURUS.get(tag, []))
    return [{_phrase(p) for p in group} for group in groups]


def _canonical(stems: list[str], groups: list[set[tuple[str, ...]]]) -> set[str]:
    """The stems of a text plus a canonical token for every synonym phrase it contains."""
    found = set(stems)
    for i, group in enumerate(groups):
        for phrase in group:
            n = len(phrase)
            if any(tuple(stems[j : j + n]) == phrase for j in range(len(stems) - n + 1)):
                found.add(f"§{i}")
                break
    return found


@dataclass(frozen=True)
class PointMatch:
    index: int
    text: str
    covered: bool
    matched: tuple[str, ...]  # the words of the key point that were found
    share: float


def match_key_points(answer: str, key_points: Sequence[str], tags: Iterable[str] = ()) -> list[PointMatch]:
    """For each key point, whether the answer seems to cover it, and why."""
    groups = synonym_groups(tags)
    answer_terms = _canonical(content_stems(answer), groups)
    results = []
    for index, point in enumerate(key_points):
        point_words = [w for w in words(point) if w not in STOP_WORDS and len(w) > 1]
        if not point_words:
            results.append(PointMatch(index, point, False, (), 0.0))
            continue
        # A key-point word counts when its stem, or a synonym group holding it, is in the answer.
        matched = []
        for word in point_words:
            word_stem = stem(word)
            hit = word_stem in answer_terms or any(
                f"§{i}" in answer_terms and any(word_stem in phrase for phrase in group)
                for i, group in enumerate(groups)
            )
            if hit:
                matched.append(word)
        share = len(matched) / len(point_words)
        results.append(PointMatch(index, point, share >= COVERED_SHARE, tuple(matched), round(share, 2)))
    return results


def suggest_grade(matches: Sequence[PointMatch], *, answer: str) -> str:
    """A grade to propose from coverage: the user confirms or overrides it."""
    if not answer.strip() or not matches:
        return "again"
    share = sum(m.covered for m in matches) / len(matches)
    if share == 0:
        return "again"
    if share < 0.5:
        return "hard"
    if share < 1:
        return "good"
    return "easy"


def key_point_index_errors(indices: Sequence[int], total: int) -> list[str]:
    """Why a list of ticked key-point indexes is wrong for a question with `total` key points."""
    errors = []
    out_of_range = sorted({i for i in indices if not 0 <= i < total})
    if out_of_range:
        allowed = f"0 to {total - 1}" if total else "none: it has no key points"
        errors.append(f"No key point {', '.join(map(str, out_of_range))}; this question's indexes are {allowed}.")
    repeated = sorted({i for i in indices if indices.count(i) > 1})
    if repeated:
        errors.append(f"Key point {', '.join(map(str, repeated))} is listed more than once.")
    return errors
