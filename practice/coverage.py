"""Which key points does a typed answer seem to cover? A transparent lexical match.

Each key point and the answer are reduced to content-word stems (Snowball English stemmer,
British and American spellings folded together, stop words dropped, symbols such as "σ" or
"√" spelt out). A key-point word counts as found in the answer when:

- its stem is there, or a longer or shorter form of a long word ("param" / "parameters"), or
  a plain typo of a long word (a doubled letter, two letters swapped);
- a hyphenated compound is written joined or apart ("cross-entropy", "cross entropy",
  "warmup");
- an acronym stands for it: one from the thesaurus ("BN", "KL", "LR"), or capital letters
  that spell the initials of the words ("MCAR" for "missing completely at random"), in
  either direction;
- a synonym stands for it: a small thesaurus of groups, some always on ("derivative" for
  "gradient"), most keyed by the question's tags ("weight decay" for "regularisation").

Generic words ("data", "model", "training") weigh less than specific ones, so a key point is
covered when enough of its weight is found (COVERED_SHARE), or when two of the items it
lists ("Failure modes - mode collapse, vanishing gradients, oscillation") are found in full,
or one item of two or more specific words. Every match names the key-point words it found,
so a user can see why a point was pre-ticked ("matched: gradient, vanish").

Pure functions: no database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import snowballstemmer

COVERED_SHARE = 0.4  # share of a key point's word weight that pre-ticks it
# A paraphrase: a sentence of the answer this close to the key point (cosine of sentence
# vectors), with at least this share of the point's words found. Tuned on the examples and
# held-out sets 1 and 2; held-out set 3 was run once, at the end (test_coverage.py).
PARAPHRASE_COSINE = 0.30
PARAPHRASE_MIN_SHARE = 0.20
GENERIC_WEIGHT = 0.4  # a generic word ("data") counts this much; a specific word counts 1
PREFIX_MIN = 6  # "hyperparam" ~ "hyperparameter": the shorter stem has at least this many letters
TYPO_MIN = 6  # doubled-letter and swapped-letter typos are forgiven in words this long

STOP_WORDS = frozenset(
    {
        "a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "does", "for", "from", "has", "have", "how",
        "if", "in", "into", "is", "it", "its", "of", "on", "or", "so", "than", "that", "the", "their", "them",
        "then", "there", "these", "this", "those", "to", "up", "use", "used", "uses", "using", "via", "was", "what",
        "when", "where", "which", "while", "who", "why", "will", "with", "would", "you", "your", "more", "most",
        "less", "not", "no", "only", "each", "per", "one", "two", "both", "same", "other", "such", "very", "also",
        "e", "g", "i", "ie", "eg", "vs", "versus", "many", "much", "make", "makes", "made", "worse", "better",
        "mostly", "mainly", "actual", "actually", "found", "find", "back", "through", "get", "gets", "got", "keep",
        "keeps", "way", "ways", "thing", "things", "like", "just", "we", "our", "us", "they", "he", "she", "my",
        "me", "am", "been", "being", "were", "could", "should", "may", "might", "must", "some", "any", "all",
        "about", "over", "under", "out", "off", "here", "because", "but", "until", "try", "tries", "think",
        "something", "someone", "etc", "really", "quite", "well", "lot", "lots", "kind", "sort", "say", "said",
        "see", "look", "looks", "take", "takes", "give", "gives", "put", "puts", "let", "lets", "go", "goes",
        "going", "want", "wants", "know", "knows", "whether", "every", "often", "usually", "always", "never",
        "again", "still", "even", "own", "don", "doesn", "isn", "aren", "won", "t", "s", "d", "ll", "re", "ve", "offs",
    }
)  # fmt: skip

# Words so common in ML answers that alone they say little; they still count, at GENERIC_WEIGHT.
# Chosen from the commonest stems of the bank's key points, keeping only the ones that carry no
# topic on their own.
GENERIC = frozenset(
    {
        "data", "model", "models", "feature", "features", "learn", "learning", "learned", "train", "training",
        "trained", "time", "set", "sets", "base", "based", "first", "need", "needs", "needed", "fix", "fixes",
        "effect", "effects", "problem", "problems", "differ", "different", "difference", "differences", "method",
        "methods", "level", "levels", "point", "points", "side", "value", "values", "change", "changes", "work",
        "works", "definition", "definitions", "limit", "limits", "example", "examples", "trade", "trades",
        "small", "large", "big", "high", "higher", "low", "lower", "good", "bad", "reduce", "reduces",
        "increase", "increases", "help", "helps", "result", "results", "approach", "approaches", "option",
        "options", "case", "cases", "number", "new", "simple", "common", "general", "typical", "practical",
        "choose", "choosing", "choice", "pick", "check", "run", "step", "steps", "part", "parts", "show",
        "output", "input", "inputs", "outputs", "also", "usual", "usually", "role", "issue", "issues", "task",
        "tasks", "type", "types", "form", "add", "adds", "adding", "apply", "applied", "applies", "fit",
        "fits", "fitted", "fitting", "evaluation", "evaluate", "evaluated", "evaluating", "important",
        "matter", "matters", "question", "questions", "depend", "depends", "depending",
    }
)  # fmt: skip

# Spelling variants folded before stemming (British -> one form).
SPELLING = [
    (re.compile(r"isation"), "ization"), (re.compile(r"ise(s|d|r|rs)?\b"), r"ize\1"), (re.compile(r"ising\b"), "izing"),
    (re.compile(r"our\b"), "or"), (re.compile(r"ogue\b"), "og"), (re.compile(r"tre\b"), "ter"),
    (re.compile(r"yse(s|d)?\b"), r"yze\1"), (re.compile(r"ll(ed|ing)\b"), r"l\1"),
]  # fmt: skip

# Symbols spelt out, so "σ/√n" reads as "sigma sqrt n" on both sides.
SYMBOLS = {
    "σ": " sigma ", "√": " sqrt ", "θ": " theta ", "η": " eta ", "∇": " grad ", "λ": " lambda ", "β": " beta ",
    "α": " alpha ", "ε": " epsilon ", "δ": " delta ", "Δ": " delta ", "μ": " mu ", "γ": " gamma ", "π": " pi ",
    "Σ": " sum ", "∑": " sum ", "²": " squared ", "≈": " approx ", "×": " x ", "·": " ", "−": "-", "–": " - ",
    "—": " - ", "≪": " much less than ", "≫": " much greater than ", "←": " <- ", "→": " -> ", "’": "'",
    "ᵀ": " transpose ", "++": "-plusplus",
}  # fmt: skip
_SYMBOL_RE = re.compile("|".join(re.escape(s) for s in sorted(SYMBOLS, key=len, reverse=True)))

# Acronyms, always on: an acronym and the words it stands for are one group.
ACRONYMS: dict[str, list[str]] = {
    "bn": ["batch norm", "batch normalization", "batchnorm"],
    "ln": ["layer norm", "layer normalization", "layernorm"],
    "lr": ["learning rate", "logistic regression"],
    "sgd": ["stochastic gradient descent"],
    "gd": ["gradient descent"],
    "kl": ["kullback leibler", "relative entropy"],
    "pca": ["principal component analysis", "principal components"],
    "svd": ["singular value decomposition"],
    "roc": ["receiver operating characteristic"],
    "auc": ["area under the curve", "area under curve"],
    "rnn": ["recurrent neural network", "recurrent network", "recurrent net"],
    "lstm": ["long short term memory"],
    "gru": ["gated recurrent unit"],
    "cnn": ["convolutional neural network", "convolutional network", "convnet", "conv net"],
    "gan": ["generative adversarial network"],
    "wgan": ["wasserstein gan", "wasserstein"],
    "vae": ["variational autoencoder", "variational auto encoder"],
    "ae": ["autoencoder", "auto encoder"],
    "mse": ["mean squared error", "squared error"],
    "mae": ["mean absolute error", "absolute error"],
    "rmse": ["root mean squared error"],
    "ce": ["cross entropy"],
    "bce": ["binary cross entropy"],
    "nll": ["negative log likelihood"],
    "cv": ["cross validation"],
    "loocv": ["leave one out"],
    "knn": ["nearest neighbors", "nearest neighbor"],
    "ann": ["approximate nearest neighbor", "approximate nearest neighbors"],
    "svm": ["support vector machine"],
    "mle": ["maximum likelihood"],
    "ci": ["confidence interval"],
    "fp": ["false positive"],
    "fn": ["false negative"],
    "tp": ["true positive"],
    "tn": ["true negative"],
    "fpr": ["false positive rate"],
    "tpr": ["true positive rate"],
    "gbdt": ["gradient boosted trees", "gradient boosted decision trees", "gradient boosting"],
    "gbm": ["gradient boosting machine", "gradient boosting"],
    "rf": ["random forest"],
    "nn": ["neural network", "neural net"],
    "dl": ["deep learning"],
    "ml": ["machine learning"],
    "nlp": ["natural language processing"],
    "llm": ["large language model"],
    "lm": ["language model"],
    "rl": ["reinforcement learning"],
    "rlhf": ["reinforcement learning from human feedback"],
    "mlp": ["multilayer perceptron", "multi layer perceptron"],
    "relu": ["rectified linear unit"],
    "em": ["expectation maximization"],
    "gmm": ["gaussian mixture model", "gaussian mixture"],
    "tfidf": ["tf idf"],
    "bpe": ["byte pair encoding"],
    "ctr": ["click through rate"],
    "ood": ["out of distribution"],
    "iid": ["independent and identically distributed", "independent identically distributed"],
    "sota": ["state of the art"],
    "ema": ["exponential moving average"],
    "ece": ["expected calibration error"],
    "nms": ["non maximum suppression"],
    "iou": ["intersection over union"],
    "kv": ["key value"],
    "rag": ["retrieval augmented generation"],
    "peft": ["parameter efficient fine tuning"],
    "moe": ["mixture of experts"],
    "ols": ["ordinary least squares"],
    "gnn": ["graph neural network"],
    "gcn": ["graph convolutional network"],
    "mdp": ["markov decision process"],
    "td": ["temporal difference"],
    "ab": ["a b test", "split test"],
}

# Words that mean the same thing in an answer, grouped; a group applies when the question
# carries the tag, and the "general" groups always apply.
THESAURUS: dict[str, list[set[str]]] = {
    "general": [
        {"overfit", "overfitting", "memorise", "memorize", "high variance"},
        {"underfit", "underfitting", "high bias"},
        {"gradient", "gradients", "derivative", "derivatives", "grad", "grads"},
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
        {"model", "network", "classifier", "estimator", "net"},
        {"weight", "parameter", "coefficient", "param", "params"},
        {"reduce", "reduces", "cut", "cuts", "lower", "lowers", "decrease", "decreases", "shrink"},
        {"increase", "increases", "raise", "raises", "grow", "grows"},
        {"initialization", "init", "initial", "starting"},
        {"hyperparameter", "hyperparam", "hyperparams", "knob"},
        {"validation", "val", "dev set", "held out", "holdout"},
        {"evaluation", "evaluate", "eval"},
        {"probability", "prob", "probs"},
        {"dimension", "dimensionality", "dim", "dims"},
        {"minimum", "optimum", "minima", "optima"},
        {"multiple", "several"},
        {"statistics", "stats"},
        {"approximate", "approx", "approximately"},
        {"sqrt", "square root"},
        {"norm", "normalization", "normalize"},
        {"sigmoid", "logistic"},
        {"regularization", "regularize", "regularizer"},
    ],
    "regularisation": [{"regularization", "penalty", "weight decay", "shrinkage"}, {"l1", "lasso"}, {"l2", "ridge"}],
    "overfitting": [
        {"generalize", "generalization", "unseen", "held out", "test"},
        {"capacity", "complexity", "complex", "flexible", "flexibility", "expressive"},
    ],
    "imbalanced-data": [
        {"minority", "rare", "positive"},
        {"majority", "common", "negative"},
        {"oversample", "upsample"},
        {"undersample", "downsample"},
    ],
    "metrics": [{"recall", "sensitivity", "true positive rate", "tpr"}, {"precision", "positive predictive value"}],
    "evaluation": [
        {"recall", "sensitivity", "true positive rate", "tpr"},
        {"validation", "holdout", "dev"},
        {"online", "production", "live"},
        {"offline", "validation", "backtest"},
    ],
    "deployment": [{"online", "production", "live", "serving"}],
    "monitoring": [{"monitor", "track", "alert", "dashboard"}, {"online", "production", "live"}],
    "data-quality": [
        {"deletion", "delete", "drop", "remove", "discard"},
        {"imputation", "impute", "fill", "fill in"},
        {"indicator", "flag"},
    ],
    "feature-engineering": [
        {"deletion", "delete", "drop", "remove", "discard"},
        {"imputation", "impute", "fill", "fill in"},
        {"indicator", "flag"},
    ],
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
    "embeddings": [{"embedding", "vector", "representation"}],
    "cnn": [{"convolution", "conv", "filter", "kernel"}, {"pool", "pooling", "downsample"}],
    "rnn": [{"recurrent", "rnn"}, {"sequence", "time step", "timestep"}],
    "decision-trees": [{"split", "node", "branch"}, {"impurity", "gini", "entropy"}],
    "ensembles": [{"ensemble", "combine", "average", "vote"}],
    "boosting": [{"residual", "error", "mistake"}, {"sequential", "series", "one after another"}],
    "calibration": [{"post hoc calibration", "platt", "isotonic", "temperature scaling", "recalibrate"}],
}

_stemmer = snowballstemmer.stemmer("english")


def _fold(word: str) -> str:
    for pattern, replacement in SPELLING:
        word = pattern.sub(replacement, word)
    return word


@lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    return _stemmer.stemWord(_fold(word.lower()))


@dataclass(frozen=True)
class _Token:
    raw: str  # as typed, case kept (to recognise "BN" as an acronym)
    word: str  # lower case
    stem: str
    compound: int  # tokens of one hyphenated word share this number; -1 when not hyphenated
    content: bool  # not a stop word


_TOKEN_RE = re.compile(r"[A-Za-z0-9]+(?:['][a-z]+)?(?:-[A-Za-z0-9]+)*")


@lru_cache(maxsize=8_192)
def _tokens(text: str) -> tuple[_Token, ...]:
    text = _SYMBOL_RE.sub(lambda m: SYMBOLS[m.group(0)], text)
    text = re.sub(r"\b([A-Za-z])\.([A-Za-z])\.(?:([A-Za-z])\.?)?", lambda m: "".join(g or "" for g in m.groups()), text)
    tokens = []
    for number, match in enumerate(_TOKEN_RE.finditer(text)):
        parts = match.group(0).split("-")
        for part in parts:
            part = re.sub(r"'[a-z]+$", "", part)
            word = part.lower()
            tokens.append(
                _Token(
                    part, word, stem(word), number if len(parts) > 1 else -1, word not in STOP_WORDS and len(word) > 1
                )
            )
    return tuple(tokens)


def words(text: str) -> list[str]:
    return [t.word for t in _tokens(text)]


def content_stems(text: str) -> list[str]:
    return [t.stem for t in _tokens(text) if t.content]


def _phrase(text: str) -> tuple[str, ...]:
    return tuple(t.stem for t in _tokens(text) if t.content)


def synonym_groups(tags: Iterable[str]) -> list[frozenset[tuple[str, ...]]]:
    """Synonym groups (as stemmed phrases) that apply to a question with these tags."""
    return _synonym_groups(tuple(sorted(set(tags))))


@lru_cache(maxsize=1_024)
def _synonym_groups(tags: tuple[str, ...]) -> list[frozenset[tuple[str, ...]]]:
    groups = [{acronym, *expansions} for acronym, expansions in ACRONYMS.items()]
    groups += THESAURUS["general"]
    for tag in tags:
        groups += THESAURUS.get(tag, [])
    return [frozenset(p for p in map(_phrase, group) if p) for group in groups]


def _weight(token: _Token) -> float:
    return GENERIC_WEIGHT if token.word in GENERIC or token.stem in _GENERIC_STEMS else 1.0


def _stem_weight(word_stem: str) -> float:
    return GENERIC_WEIGHT if word_stem in _GENERIC_STEMS else 1.0


_GENERIC_STEMS = frozenset(stem(w) for w in GENERIC)


def _collapse(word: str) -> str:
    return re.sub(r"(.)\1+", r"\1", word)


def _near(a: str, b: str) -> bool:
    """Same word up to a longer or shorter ending, a doubled letter or two swapped letters."""
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if len(short) >= PREFIX_MIN and long_.startswith(short):
        return True
    if min(len(a), len(b)) < TYPO_MIN or a[0] != b[0]:
        return False
    if _collapse(a) == _collapse(b):
        return True
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    return False


def _acronym(token: _Token) -> str | None:
    """An acronym as typed in capitals ("BN", "CNNs", "MCAR"), lower-cased, plural dropped."""
    if re.fullmatch(r"[A-Z][A-Z0-9]{1,5}s?", token.raw):
        return token.word[:-1] if token.raw.endswith("s") else token.word
    return None


def _initial_runs(tokens: Sequence[_Token], acronym: str) -> list[range]:
    """Runs of consecutive tokens whose initials spell `acronym` (stop words may be skipped)."""
    runs = []
    for start in range(len(tokens)):
        if not tokens[start].content:
            continue
        letters, i = 0, start
        while i < len(tokens) and letters < len(acronym):
            if tokens[i].word[0] == acronym[letters]:
                letters += 1
            elif tokens[i].content:
                break
            i += 1
        if letters == len(acronym) and i - start >= 2 and tokens[i - 1].content:
            runs.append(range(start, i))
    return runs


class _Answer:
    """What the answer contains, ready to be looked up key-point word by key-point word."""

    def __init__(self, text: str, groups: list[frozenset[tuple[str, ...]]]):
        self.tokens = _tokens(text)
        stems = [t.stem for t in self.tokens if t.content]
        self.stems = set(stems)
        # Every word joined with the next, so "warm up" meets "warmup" and "cross-entropy" "crossentropy".
        self.joined = {stem(a.word + b.word) for a, b in zip(self.tokens, self.tokens[1:], strict=False)}
        # The synonym groups the answer uses, each with the weight of its evidence: "data" is
        # generic, so the "dataset" it stands for counts as generic too.
        self.groups = {}
        for group in groups:
            present = [p for p in group if _contains(stems, p)]
            if present:
                self.groups[group] = max(max(map(_stem_weight, p)) for p in present)
        self.acronyms = {a for a in map(_acronym, self.tokens) if a}
        self.words = {t.word for t in self.tokens if t.content}

    def has(self, token: _Token) -> bool:
        if token.stem in self.stems or token.stem in self.joined:
            return True
        return len(token.stem) >= PREFIX_MIN and (
            any(_near(token.stem, s) for s in self.stems) or any(_near(token.word, w) for w in self.words)
        )


def _contains(stems: Sequence[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(tuple(stems[j : j + n]) == phrase for j in range(len(stems) - n + 1))


@dataclass(frozen=True)
class PointMatch:
    index: int
    text: str
    covered: bool
    matched: tuple[str, ...]  # the words of the key point that were found
    share: float  # the weighted share of the key point's words found
    specific: tuple[str, ...] = ()  # the matched words that are not generic, on specific evidence
    paraphrase: bool = False  # covered by a sentence that means the same, not by the words alone


_ITEM_BREAK = re.compile(r";|,|:|\(|\)|\s-\s|\s(?:vs\.?|versus|and|or|plus)\s|/")


def _match_point(index: int, point: str, answer: _Answer) -> PointMatch:
    tokens = _tokens(point)
    content = [i for i, t in enumerate(tokens) if t.content]
    if not content:
        return PointMatch(index, point, False, (), 0.0)
    # Index of a key-point word -> the weight of the evidence for it (at most the word's own).
    found = {i: 1.0 for i in content if answer.has(tokens[i])}
    # A hyphenated compound written joined in the answer ("warmup" for "warm-up").
    compounds: dict[int, list[int]] = {}
    for i, t in enumerate(tokens):
        if t.compound >= 0:
            compounds.setdefault(t.compound, []).append(i)
    for members in compounds.values():
        if stem("".join(tokens[i].word for i in members)) in answer.stems:
            found.update((i, 1.0) for i in members if tokens[i].content)
    # Synonym phrases present in both: mark the key point's words of that phrase.
    point_stems = [tokens[i].stem for i in content]
    for group, evidence in answer.groups.items():
        for phrase in group:
            n = len(phrase)
            for j in range(len(point_stems) - n + 1):
                if tuple(point_stems[j : j + n]) == phrase:
                    for i in content[j : j + n]:
                        found[i] = max(found.get(i, 0.0), evidence)
    # Acronyms typed in capitals in the answer spell out words of the key point, and back.
    for acronym in answer.acronyms:
        for run in _initial_runs(tokens, acronym):
            found.update((i, 1.0) for i in run if tokens[i].content)
    for i in content:
        spelt = _acronym(tokens[i])
        if spelt and i not in found and _initial_runs(answer.tokens, spelt):
            found[i] = 1.0

    weights = {i: min(_weight(tokens[i]), found[i]) for i in found}
    share = sum(weights.values()) / sum(_weight(tokens[i]) for i in content)
    specific = {i for i, w in weights.items() if w == 1.0}
    covered = share >= COVERED_SHARE or _items_found(point, tokens, set(found), specific)
    matched = tuple(dict.fromkeys(tokens[i].word for i in content if i in found))
    strong = tuple(dict.fromkeys(tokens[i].word for i in content if i in specific))
    return PointMatch(index, point, covered, matched, round(share, 2), strong)


def _items_found(point: str, tokens: Sequence[_Token], found: set[int], specific: set[int]) -> bool:
    """Two listed items (or half of them) found in full, or one of at least two specific words."""
    offsets, position = [], 0
    for t in tokens:  # map each token to the item it falls in, by walking the text
        position = point.lower().find(t.word, position) if t.word else position
        offsets.append(max(position, 0))
        position += len(t.word)
    breaks = [m.start() for m in _ITEM_BREAK.finditer(point.lower())]
    items: dict[int, list[int]] = {}
    for i, offset in enumerate(offsets):
        if tokens[i].content:
            items.setdefault(sum(b < offset for b in breaks), []).append(i)
    full = [
        members
        for members in items.values()
        if all(i in found for i in members) and any(i in specific for i in members)
    ]
    if len(items) < 2:
        return False  # a single item is found in full only when its share is 1
    return len(full) >= min(2, len(items) / 2) or any(sum(i in specific for i in members) >= 2 for members in full)


def match_key_points(
    answer: str, key_points: Sequence[str], tags: Iterable[str] = (), *, question: str = ""
) -> list[PointMatch]:
    """For each key point, whether the answer seems to cover it, and why.

    Words first (stems, spellings, synonyms, acronyms). A point the words leave open is still
    covered when one of the answer's sentences means much the same (the search engine's sentence
    vectors, questions/search/vectors.py) and some of its specific words are there too: a
    paraphrase. A sentence vouches for the one point it is closest to, and only when it is closer
    to that point than to `question` (the title), so restating the question ticks nothing.
    """
    seen = _Answer(answer, synonym_groups(tags))
    matches = [_match_point(index, point, seen) for index, point in enumerate(key_points)]
    if any(not m.covered and m.share >= PARAPHRASE_MIN_SHARE and m.specific for m in matches):
        vouched = _paraphrased(answer, key_points, question)
        matches = [
            replace(m, covered=True, paraphrase=True)
            if not m.covered and m.share >= PARAPHRASE_MIN_SHARE and m.specific and m.index in vouched
            else m
            for m in matches
        ]
    return matches


_SENTENCE_BREAK = re.compile(r"(?<=[.!?;])\s+|\n+")


def _paraphrased(answer: str, key_points: Sequence[str], question: str) -> set[int]:
    """The key points a sentence of the answer (three words or more) says in other words: the
    point that sentence is closest to, when it is close enough. One sentence vouches for one
    point at most, so an answer that only restates the question (close to every point a little)
    does not tick them all."""
    import numpy as np

    from questions.search import vectors

    sentences = [s for s in (part.strip() for part in _SENTENCE_BREAK.split(answer)) if len(s.split()) >= 3]
    if not sentences or not key_points:
        return set()
    points = np.stack([vectors.embed_query(p) for p in key_points])
    answer_vectors = vectors.embed(sentences)
    cosines = answer_vectors @ points.T  # sentences x key points
    best = cosines.argmax(axis=1)
    # A sentence closer to the question itself than to the point only restates the question.
    floor = np.maximum(answer_vectors @ vectors.embed_query(question), PARAPHRASE_COSINE) if question else None
    return {
        int(p)
        for s, p in enumerate(best)
        if cosines[s, p] >= PARAPHRASE_COSINE and (floor is None or cosines[s, p] > floor[s])
    }


def suggest_grade(matches: Sequence[PointMatch], *, answer: str) -> str:
    """A grade to propose from coverage: the user confirms or overrides it.

    None covered: "hard" when the answer at least uses a specific word of the key points (it
    is on topic), else "again". Then under half covered "hard", under all "good", all "easy".
    """
    if not answer.strip() or not matches:
        return "again"
    share = sum(m.covered for m in matches) / len(matches)
    if share == 0:
        return "hard" if any(m.specific for m in matches) else "again"
    return grade_for_share(share)


def grade_for_share(share: float) -> str:
    """The one scale from a share of what was asked to a grade: under half "hard", under all
    "good", all "easy" (none at all: see each caller)."""
    if share < 0.5:
        return "hard"
    if share < 1:
        return "good"
    return "easy"


def suggest_grade_for_tests(passed: int, total: int) -> str:
    """A grade to propose for a coding question from its tests, run in the browser: on the scale
    key points use (grade_for_share), every test passing "easy", none "again"."""
    if total <= 0 or passed <= 0:
        return "again"
    return grade_for_share(min(passed, total) / total)


def grades_by_tests_passed(total: int) -> list[str]:
    """suggest_grade_for_tests for 0..total tests passed, so a page that runs the tests itself
    shows the grade this rule gives without a copy of the rule in JavaScript."""
    return [suggest_grade_for_tests(passed, total) for passed in range(total + 1)]


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
