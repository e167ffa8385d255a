"""Key-point coverage, measured over answers written for the purpose.

Each example is a question's key points, an answer a candidate might type, and which key
points a human marker would tick (and, in the held-out sets, the grade they would give). The
matcher must agree with the marker well enough to be a useful pre-tick: precision and recall
over all decisions and grade agreement are asserted, and printed with -s.

Three sets: EXAMPLES (they fed the first synonym list), HELD_OUT (#1, written after the first
matcher; development data since the second matcher was built on it) and HELD_OUT_2 (#2, in
coverage_held_out_2.py, written and committed before the second matcher and run once on it).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from practice.coverage import match_key_points, stem, suggest_grade
from tests.practice.coverage_held_out_2 import HELD_OUT_2
from tests.practice.coverage_held_out_3 import HELD_OUT_3

EXAMPLES = [
    (
        ["Random zeroing of activations during training", "Scale by 1/(1-p) so inference is unchanged",
         "Prevents co-adaptation of units", "Acts like an ensemble of sub-networks"],
        "During training we randomly zero some activations. Because many thinned networks share weights, "
        "the result behaves like an ensemble.",
        {0, 3}, ["dropout", "regularisation"],
    ),
    (
        ["Penalty on the size of the weights", "L1 drives weights to exactly zero", "L2 shrinks weights smoothly",
         "Trades a little bias for less variance"],
        "Both add a penalty to the loss. Lasso makes some coefficients exactly zero, so it selects features, "
        "while ridge shrinks all of them smoothly.",
        {0, 1, 2}, ["regularisation", "linear-models"],
    ),
    (
        ["Gradients shrink as they flow back through many layers", "Saturating activations such as sigmoid make it worse",
         "Residual connections and careful initialisation help", "Normalisation layers keep activations in range"],
        "The derivatives get multiplied layer after layer and vanish. Sigmoid saturates. Using ReLU and skip "
        "connections fixes much of it.",
        {0, 1}, ["neural-networks", "optimisation"],
    ),
    (
        ["Resample: oversample the minority or undersample the majority", "Weight the loss by class",
         "Pick a metric that reflects the rare class, such as PR-AUC", "Tune the decision threshold"],
        "I would upsample the rare class or use class weights in the loss, and report precision-recall AUC "
        "instead of accuracy.",
        {0, 1, 2}, ["imbalanced-data", "metrics"],
    ),
    (
        ["Precision: of the predicted positives, how many are right", "Recall: of the actual positives, how many are found",
         "Raising the threshold trades recall for precision", "F1 is their harmonic mean"],
        "Precision is the share of predicted positives that are correct; recall is the share of real positives we catch.",
        {0, 1}, ["metrics", "evaluation"],
    ),
    (
        ["Queries, keys and values are projections of the tokens", "Scores are scaled dot products passed through softmax",
         "Each output is a weighted sum of the values", "Multiple heads attend to different patterns"],
        "Every token is projected into a query, key and value. We take dot products of queries with keys, "
        "scale by root d, softmax them, and average the values with those weights.",
        {0, 1, 2}, ["transformers", "attention"],
    ),
    (
        ["Check for data drift between training and live data", "Look for training/serving skew in features",
         "Monitor the label distribution and delayed labels", "Retrain on recent data"],
        "First I'd compare the feature distributions in production against training to see if the population "
        "shifted, then retrain with recent data.",
        {0, 3}, ["data-drift", "monitoring"],
    ),
    (
        ["Popular items as a fallback for new users", "Ask for preferences at sign-up",
         "Use side information such as location and device", "Explore with bandits"],
        "For a newcomer, show trending items and ask them to pick a few topics they like when they register.",
        {0, 1}, ["recommender-systems", "cold-start"],
    ),
    (
        ["Bagging trains trees in parallel on bootstrap samples", "Boosting trains trees in sequence on the errors",
         "Bagging mostly reduces variance", "Boosting mostly reduces bias"],
        "Random forests average many trees fitted on bootstrap samples, which cuts variance. Boosting fits each "
        "new tree to the residuals of the previous ones.",
        {0, 1, 2}, ["ensembles", "boosting", "decision-trees"],
    ),
    (
        ["Bayes' rule relates the posterior to the prior and the likelihood", "The evidence normalises the result",
         "A rare condition keeps the posterior low despite a positive test"],
        "I don't remember.",
        set(), ["probability", "statistics"],
    ),
    (
        ["A validation set tunes hyperparameters", "The test set is used once for the final estimate",
         "Reusing the test set leaks information"],
        "We tune hyperparameters on the validation data and keep the test data for one final estimate; looking at "
        "it repeatedly leaks information into our choices.",
        {0, 1, 2}, ["evaluation"],
    ),
    (
        ["Convolutions share weights across positions", "Pooling downsamples and adds some invariance",
         "Deeper layers have larger receptive fields"],
        "A conv filter slides over the image with the same weights everywhere. Stacking layers grows the "
        "receptive field.",
        {0, 2}, ["cnn", "computer-vision"],
    ),
]  # fmt: skip


def test_it_says_which_words_it_matched():
    [match] = match_key_points("Gradients vanish in deep nets.", ["Vanishing gradients"])
    assert match.covered and set(match.matched) == {"vanishing", "gradients"}


def test_british_and_american_spellings_match():
    assert stem("regularisation") == stem("regularization")
    assert stem("normalise") == stem("normalize")
    [match] = match_key_points("We normalize the inputs.", ["Normalise inputs"])
    assert match.covered


def test_synonyms_only_apply_for_the_questions_tags():
    points = ["Add a regularisation penalty"]
    assert match_key_points("use weight decay", points, ["regularisation"])[0].covered
    assert not match_key_points("use weight decay", points, ["nlp"])[0].covered


@pytest.mark.parametrize(
    ("answer", "point", "words"),
    [
        (
            "BN lets you use a bigger step.",
            "Batch normalisation allows higher learning rates",
            {"batch", "normalisation"},
        ),
        ("Tune the LR first.", "The learning rate matters most", {"learning", "rate"}),
        ("Add a KL term to the prior.", "Kullback-Leibler divergence to the prior", {"kullback", "leibler", "prior"}),
        ("Missing completely at random is harmless.", "MCAR", {"mcar"}),
        ("Finish with SWA.", "Stochastic weight averaging", {"stochastic", "weight", "averaging"}),
    ],
)
def test_acronyms_stand_for_their_words_in_either_direction(answer, point, words):
    [match] = match_key_points(answer, [point])
    assert match.covered and words <= set(match.matched)


def test_hyphenated_compounds_match_joined_or_apart():
    assert match_key_points("Use a warmup.", ["Warm-up"])[0].covered
    assert match_key_points("Minimise the cross entropy.", ["Cross-entropy loss"])[0].covered


def test_symbols_are_spelt_out():
    [match] = match_key_points("The spread of the mean is σ/√n.", ["Standard error sigma / sqrt(n)"])
    assert match.covered and {"sigma", "sqrt"} <= set(match.matched)


def test_plain_typos_and_shortened_long_words_match():
    assert match_key_points("the training got unstabel", ["Unstable optimisation"])[0].covered
    assert match_key_points("it has memmory", ["Memory"])[0].covered
    assert match_key_points("tune the hyperparams", ["Hyperparameters"])[0].covered
    # A letter swapped for another is a different word, not a typo.
    assert not match_key_points("a variance problem", ["The variant"])[0].covered


def test_generic_words_alone_are_not_specific_evidence():
    [match] = match_key_points("We should look at the data.", ["Data, baseline and approach"])
    assert not match.covered and match.matched == ("data",) and match.specific == ()


# Gaps found by these unit tests after held-out set #2 had been run on the second matcher. They
# are left unfixed so that the figures reported for that set stay those of its single run; a fix
# needs a fresh held-out set to be measured on.
@pytest.mark.xfail(strict=True, reason="known gap of the second matcher")
@pytest.mark.parametrize(
    ("answer", "point", "covered"),
    [
        # Generic words alone reach the share: a point needs at least one specific word found.
        ("We train the model on the data.", "Model-based imputation; fit on training data only", False),
        # A stop word whose initial fits ("in") ends the run of initials too early.
        ("Check the MDI scores.", "Mean decrease in impurity", True),
        # Only the key point's hyphenated words are tried joined, not its separate ones.
        ("Minimise the crossentropy.", "Cross entropy loss", True),
    ],
)
def test_known_gaps(answer, point, covered):
    assert match_key_points(answer, [point])[0].covered is covered


def test_two_listed_items_found_in_full_cover_a_long_point():
    point = "Failure modes - mode collapse, vanishing gradients, oscillation"
    [match] = match_key_points("It suffers from mode collapse and vanishing gradients.", [point])
    assert match.covered and set(match.matched) >= {"collapse", "vanishing", "gradients"}


@pytest.mark.parametrize(
    ("answer", "covered", "grade"),
    [
        ("", 0, "again"),
        ("something", 0, "again"),
        ("something", 1, "hard"),
        ("x", 2, "good"),
        ("x", 3, "good"),
        ("x", 4, "easy"),
    ],
)
def test_the_suggested_grade_follows_coverage(answer, covered, grade):
    points = ["alpha", "beta", "gamma", "delta"]
    answer_text = answer + " " + " ".join(points[:covered]) if answer else ""
    assert suggest_grade(match_key_points(answer_text, points), answer=answer_text) == grade


def test_an_on_topic_answer_that_covers_nothing_is_hard_and_filler_is_again():
    points = ["Bagging trains trees in parallel on bootstrap samples", "Boosting reduces bias"]
    on_topic = "Trees are averaged."
    assert suggest_grade(match_key_points(on_topic, points), answer=on_topic) == "hard"
    filler = "I would think about the data and the model and try things."
    assert suggest_grade(match_key_points(filler, points), answer=filler) == "again"


def _bank():
    """Every question's title, key points and tags, read straight from bank/ (no database)."""
    for path in sorted((Path(__file__).resolve().parents[2] / "bank").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if text.startswith("---"):
            front = yaml.safe_load(text.split("---", 2)[1]) or {}
            if front.get("key_points"):
                # A key point is text, or {text, essential} for one a strong answer must contain.
                points = [p["text"] if isinstance(p, dict) else p for p in front["key_points"]]
                yield front["title"], points, front.get("tags") or []


FILLERS = [
    "I would think about the data and the model and try things",
    "I don't know.",
    "It depends on the problem; I would look at the data, train a model and evaluate it.",
    "This is an important question in machine learning and it has many trade-offs.",
]


@pytest.mark.parametrize("filler", FILLERS)
def test_a_filler_answer_pre_ticks_almost_nothing_anywhere_in_the_bank(filler):
    bank = list(_bank())
    total = sum(len(points) for _, points, _ in bank)
    ticked = sum(m.covered for _, points, tags in bank for m in match_key_points(filler, points, tags))
    grades = [suggest_grade(match_key_points(filler, points, tags), answer=filler) for _, points, tags in bank]
    print(
        f"\nfiller {filler!r}: {ticked} of {total} key points pre-ticked; {grades.count('again')} of {len(bank)} 'again'"
    )
    assert total > 900
    assert ticked <= 5
    assert grades.count("again") >= 0.95 * len(bank)


def test_the_bare_question_title_pre_ticks_little():
    bank = list(_bank())
    total = sum(len(points) for _, points, _ in bank)
    ticked = sum(
        m.covered for title, points, tags in bank for m in match_key_points(title, points, tags, question=title)
    )
    print(f"\nthe title as the answer: {ticked} of {total} key points pre-ticked ({ticked / total:.2f})")
    # Titles name the topics that some key points list ("What are type I and type II errors, and
    # what is statistical power?"), so a lexical match cannot be blind to them; it must stay rare.
    # Measured: under 0.10 with the 283 questions of November; 0.104 with the 384 of December,
    # whose derivation titles list what they derive ("norms (L1, L2, L-infinity, Frobenius...)").
    # Paraphrases add nothing here: a sentence closer to the title than to a point ticks nothing.
    assert ticked <= 0.12 * total


# Held-out set #1: written after the first matcher and its synonym list were frozen, over bank
# questions the examples above do not touch (key points and tags copied from bank/ as they
# stood), good and poor answers alike. For each: what a human marker ticks and the grade they
# would give. The second matcher was developed on it, so it is development data now.
HELD_OUT = [
    (  # data-and-features/data-leakage, a good answer
        ["Definition and symptom - offline far better than online", "Target leakage via future or label-derived features",
         "Contamination via preprocessing, duplicates, grouped or temporal data",
         "Point-in-time correctness; pipelines inside cross-validation",
         "Detection - feature importance outliers, ablations, time-based backtests"],
        "Leakage means the model sees information at training time that it won't have when it predicts, so "
        "validation scores look great and then production is much worse. A classic case is a feature computed after "
        "the label, like the number of refunds when predicting churn. It also happens when you fit the scaler or "
        "imputer on the whole dataset before splitting, or when the same customer appears in train and test. I'd "
        "build features as of the prediction time and put all preprocessing inside the cross-validation pipeline.",
        {0, 1, 2, 3}, "good", ["data-quality", "evaluation", "feature-engineering"],
    ),
    (  # data-and-features/data-leakage, a poor answer
        ["Definition and symptom - offline far better than online", "Target leakage via future or label-derived features",
         "Contamination via preprocessing, duplicates, grouped or temporal data",
         "Point-in-time correctness; pipelines inside cross-validation",
         "Detection - feature importance outliers, ablations, time-based backtests"],
        "Leakage is when test data leaks into training.",
        set(), "hard", ["data-quality", "evaluation", "feature-engineering"],
    ),
    (  # classical-models/k-nearest-neighbours, a thin answer
        ["Lazy, instance-based, non-parametric", "Distance metric and feature scaling",
         "k as the bias-variance knob; distance weighting",
         "Cost at prediction time; KD-trees, ball trees, approximate nearest neighbours",
         "Curse of dimensionality; use on embeddings"],
        "You look at the nearest points and take a vote. k is a hyperparameter.",
        set(), "hard", ["classification", "regression", "unsupervised-learning"],
    ),
    (  # evaluation/roc-auc-vs-pr-auc
        ["Definitions of both curves and areas", "ROC-AUC as a ranking probability; insensitive to class balance",
         "PR-AUC baseline equals the positive rate", "Imbalance makes ROC optimistic",
         "Neither picks a threshold; report the operating point too"],
        "ROC plots true positive rate against false positive rate, PR plots precision against recall. ROC-AUC is the "
        "probability a random positive is ranked above a random negative, and it barely moves with class imbalance, "
        "which makes it look optimistic when positives are rare. PR-AUC's baseline is the share of positives, so it "
        "is more informative for rare events.",
        {0, 1, 2, 3}, "good", ["metrics", "imbalanced-data", "classification"],
    ),
    (  # data-and-features/missing-data
        ["Mechanisms - MCAR, MAR, MNAR; missingness can be informative",
         "Deletion and its bias; simple imputation plus indicator",
         "Model-based imputation; fit on training data only", "Native handling in tree libraries",
         "Deep learning - masks, missing embeddings, consistency in serving"],
        "I'd first check why values are missing, completely at random or related to something else. Then either drop "
        "rows, which can bias things, or fill with the median and add a flag column saying it was missing. XGBoost "
        "can handle missing values natively.",
        {0, 1, 3}, "good", ["data-quality", "feature-engineering"],
    ),
    (  # classical-models/pca-explained, a vague answer
        ["Centre (and usually standardise) the data", "Covariance eigen-decomposition or SVD",
         "Variance maximisation equals reconstruction-error minimisation",
         "Choosing k with explained variance or validation",
         "Limitations and alternatives (kernel PCA, autoencoders, t-SNE, UMAP)"],
        "PCA reduces the number of dimensions by keeping the directions with most information.",
        set(), "hard", ["dimensionality-reduction", "unsupervised-learning", "linear-models"],
    ),
    (  # nn-training/batch-normalisation, a good answer
        ["Normalise with batch mean and variance, then learned gamma and beta",
         "Running statistics at inference; train/eval mode difference",
         "Benefits of higher learning rates, less init sensitivity, faster convergence, mild regularisation",
         "Original internal covariate shift story vs smoother optimisation landscape explanation",
         "Weaknesses with small or non-i.i.d. batches and RNNs; alternatives (layer/group norm)"],
        "Batch norm normalises each feature using the mini-batch mean and variance and then applies a learned scale "
        "and shift. At inference it uses running averages collected in training, so you must switch the model to eval "
        "mode. It lets you train with higher learning rates and converges faster. It works badly with very small "
        "batches, where layer norm or group norm are better.",
        {0, 1, 2, 4}, "good", ["neural-networks", "optimisation", "cnn"],
    ),
    (  # nn-training/batch-normalisation, a short answer
        ["Normalise with batch mean and variance, then learned gamma and beta",
         "Running statistics at inference; train/eval mode difference",
         "Benefits of higher learning rates, less init sensitivity, faster convergence, mild regularisation",
         "Original internal covariate shift story vs smoother optimisation landscape explanation",
         "Weaknesses with small or non-i.i.d. batches and RNNs; alternatives (layer/group norm)"],
        "It normalises the activations so training is faster.",
        {2}, "hard", ["neural-networks", "optimisation", "cnn"],
    ),
    (  # transformers-llms/positional-encodings
        ["Permutation invariance of attention", "Absolute sinusoidal and learned embeddings",
         "Relative position methods - rotary (RoPE), ALiBi, T5 relative bias",
         "Length extrapolation and context extension (position interpolation)", "Where each is used"],
        "Attention by itself doesn't know the order of the tokens, so we add position information. The original "
        "transformer added sine and cosine waves of different frequencies; GPT-style models learn a position "
        "embedding. Newer models use rotary embeddings.",
        {0, 1, 2, 4}, "good", ["transformers", "attention", "llm"],
    ),
    (  # evaluation/cross-validation, a thin answer
        ["Purpose - reliable estimates from limited data, model selection", "k-fold mechanics; averaging and fold spread",
         "Choosing k - bias, variance, compute; LOOCV", "Structured data - stratified, group, time-series splits",
         "Leakage inside CV; nested CV for tuning plus evaluation"],
        "You split the data into k parts, train on k-1 of them and test on the rest, and repeat.",
        {1}, "hard", ["evaluation", "overfitting"],
    ),
    (  # ml-fundamentals/bias-variance-tradeoff
        ["Decomposition into bias squared, variance and noise", "Capacity moves the two in opposite directions",
         "Diagnose with training vs validation error and learning curves",
         "Remedies differ (more capacity or features vs more data, regularisation, ensembles)",
         "Modern caveat - very large models can generalise well past the interpolation point"],
        "Expected error splits into bias squared, variance and irreducible noise. A more flexible model lowers bias but "
        "raises variance. You can tell which one you have by comparing training and validation error: both high means "
        "bias, a big gap means variance. For high bias add capacity or features; for high variance get more data or "
        "regularise.",
        {0, 1, 2, 3}, "good", ["overfitting", "regularisation", "evaluation"],
    ),
    (  # classical-models/naive-bayes
        ["Bayes' rule plus conditional independence; factorised likelihood", "Variants - multinomial, Bernoulli, Gaussian",
         "Training by counting; log-space scoring", "Laplace smoothing for zero counts",
         "Strengths (speed, small data, text) and weaknesses (calibration, correlated features)"],
        "It applies Bayes' rule and assumes the features are independent given the class, so the likelihood is a "
        "product. Training is just counting word frequencies per class, and you add one to every count so unseen "
        "words don't give zero probability. It's fast and works well for text.",
        {0, 2, 3}, "good", ["classification", "probability", "nlp"],
    ),
    (  # data-and-features/one-hot-encoding, a wrong answer
        ["One binary column per category; avoids fake ordinal relations",
         "High cardinality - dimensionality, sparsity, rare levels", "Dummy variable trap and dropping a reference level",
         "Unknown categories at inference; an other bucket",
         "Alternatives - target encoding, hashing trick, embeddings, native categorical support"],
        "You turn each category into a number, 1, 2, 3 and so on.",
        set(), "again", ["feature-engineering", "linear-models"],
    ),
    (  # generative-models/generative-adversarial-networks, a strong answer
        ["Generator and discriminator; alternating updates", "Minimax objective and the Nash equilibrium it aims for",
         "Optimal discriminator links the game to Jensen-Shannon divergence",
         "Failure modes - mode collapse, vanishing gradients, oscillation",
         "Remedies - non-saturating loss, WGAN, normalisation, evaluation with FID"],
        "A generator makes fake samples from noise and a discriminator tries to tell them from real ones; they are "
        "trained in turns in a minimax game. With the optimal discriminator the generator is minimising the "
        "Jensen-Shannon divergence. Training is unstable: mode collapse, where the generator produces only a few kinds "
        "of output, and vanishing gradients when the discriminator wins. The Wasserstein GAN and the non-saturating "
        "loss help.",
        {0, 1, 2, 3, 4}, "easy", ["generative-models", "neural-networks", "loss-functions"],
    ),
    (  # classical-models/k-means-convergence
        ["Objective - within-cluster sum of squared distances",
         "Both steps are non-increasing; finite partitions, so it stops",
         "Local optimum; depends on initialisation; NP-hard in general", "k-means++ and multiple restarts",
         "Empty clusters and how to handle them"],
        "Each step can only lower the sum of squared distances to the centroids, and there are finitely many ways to "
        "assign the points, so it must stop. But it can get stuck in a local minimum depending on the starting "
        "centroids, so people use k-means++ and run it several times.",
        {0, 1, 2, 3}, "good", ["clustering", "unsupervised-learning"],
    ),
    (  # evaluation/classifier-calibration, a thin answer
        ["Definition of calibration", "Reliability diagrams, ECE, Brier score, log loss",
         "Which models are typically miscalibrated and why", "Post-hoc calibration methods on held-out data",
         "Calibration vs discrimination (AUC unaffected)"],
        "Calibration means the predicted probabilities match how often things actually happen. You can fix it with "
        "Platt scaling.",
        {0, 3}, "hard", ["calibration", "metrics", "uncertainty"],
    ),
]  # fmt: skip


ORDER = ["again", "hard", "good", "easy"]


def scores(examples):
    """Precision and recall of the pre-ticks; how often the suggested grade equals the human's."""
    pairs, grades = [], []
    for key_points, answer, expected, human_grade, tags in examples:
        matches = match_key_points(answer, key_points, tags)
        pairs += [(m.covered, m.index in expected) for m in matches]
        if human_grade:
            grades.append((suggest_grade(matches, answer=answer), human_grade))
    tp = sum(got and want for got, want in pairs)
    fp = sum(got and not want for got, want in pairs)
    fn = sum(want and not got for got, want in pairs)
    return {
        "decisions": len(pairs),
        "precision": tp / (tp + fp) if tp + fp else 0.0,
        "recall": tp / (tp + fn) if tp + fn else 0.0,
        "agreement": sum(got == want for got, want in pairs) / len(pairs),
        "grade_agreement": sum(s == h for s, h in grades) / len(grades) if grades else None,
        "grade_within_one": (
            sum(abs(ORDER.index(s) - ORDER.index(h)) <= 1 for s, h in grades) / len(grades) if grades else None
        ),
    }


# The first matcher (stems and tag synonyms, every word weighing the same, a point covered at
# 40% of its words; no coverage suggested "again") measured on each set. Held-out #2 was run
# once on it, right after the set was committed and before any change.
BEFORE = {
    "examples": {"precision": 0.90, "recall": 1.00, "grade_agreement": None, "grade_within_one": None},
    "held-out #1": {"precision": 1.00, "recall": 0.59, "grade_agreement": 0.38, "grade_within_one": 1.00},
    "held-out #2": {"precision": 0.89, "recall": 0.66, "grade_agreement": 0.47, "grade_within_one": 1.00},
    # The lexical matcher on held-out #3, in the one run made before paraphrases were kept.
    "held-out #3": {"precision": 0.875, "recall": 0.686, "grade_agreement": 0.50, "grade_within_one": 1.00},
}
SETS = {
    "examples": [(points, answer, expected, None, tags) for points, answer, expected, tags in EXAMPLES],
    "held-out #1": HELD_OUT,
    "held-out #2": HELD_OUT_2,
    "held-out #3": HELD_OUT_3,
}


def _figure(value):
    return "  n/a" if value is None else f"{value:5.2f}"


def test_print_the_figures_before_and_after():
    lines = ["", f"{'set':12} {'answers':>7}  precision      recall         grade = human  within one"]
    for name, examples in SETS.items():
        now, before = scores(examples), BEFORE[name]
        cells = [
            f"{_figure(before[key])} -> {_figure(now[key])}"
            for key in ("precision", "recall", "grade_agreement", "grade_within_one")
        ]
        lines.append(f"{name:12} {len(examples):>7}  " + "  ".join(cells))
    print("\n".join(lines))


def test_the_matcher_agrees_with_a_human_marker_on_the_examples():
    got = scores(SETS["examples"])
    # Second matcher: precision 0.93, recall 1.00, agreement 0.96 (development data).
    assert got["precision"] >= 0.9
    assert got["recall"] >= 0.95
    assert got["agreement"] >= 0.9


def test_the_matcher_on_held_out_set_1():
    assert len(HELD_OUT) >= 12
    got = scores(HELD_OUT)
    # First matcher, first run: precision 1.00, recall 0.59, grade agreement 0.38, within one 1.00.
    # The second matcher was built with this set in view (development data): precision 1.00,
    # recall 0.74, grade agreement 0.75, within one 1.00.
    assert got["precision"] >= 0.95
    assert got["recall"] >= 0.7
    assert got["grade_within_one"] >= 0.95
    assert got["grade_agreement"] >= 0.7


def test_the_matcher_on_held_out_set_3_written_before_paraphrases():
    assert len(HELD_OUT_3) >= 25 and len({tuple(points) for points, *_ in HELD_OUT_3}) >= 12
    got = scores(HELD_OUT_3)
    # One run, after the paraphrase thresholds were tuned on the examples and sets 1 and 2:
    # lexical only      precision 0.875, recall 0.686, grade agreement 0.50, within one 1.00;
    # with paraphrases  precision 0.820, recall 0.804, grade agreement 0.54, within one 1.00.
    # (On the development sets: 0.908 / 0.756 / 0.70 lexical, 0.902 / 0.827 / 0.72 with them.)
    # Sentence vectors find a third more of the points said in other words, at the price of a
    # few ticks for sentences that are on topic but wrong. The floors sit just under the figures.
    assert got["precision"] >= 0.78
    assert got["recall"] >= 0.76
    assert got["grade_within_one"] >= 0.95


def test_a_paraphrase_is_covered_but_restating_the_question_is_not():
    points = ["Adjusted metric Y - theta (X - E[X]) with a pre-treatment covariate X", "Reduction factor 1 - rho^2"]
    answer = "From each user's number subtract theta times a covariate taken before the test, minus its average."
    [adjusted, _] = match_key_points(answer, points)
    assert adjusted.covered and adjusted.paraphrase
    title = "How does CUPED use a pre-treatment covariate to reduce the variance of an A/B test metric?"
    assert not any(m.paraphrase for m in match_key_points(title, points, question=title))


def test_the_matcher_on_held_out_set_2_it_was_not_tuned_on():
    assert len(HELD_OUT_2) >= 20 and len({tuple(points) for points, *_ in HELD_OUT_2}) >= 15
    got = scores(HELD_OUT_2)
    # One run of each matcher, nothing tuned after seeing them.
    # First matcher:  precision 0.89, recall 0.66, grade agreement 0.47, within one step 1.00.
    # Second matcher: precision 0.86, recall 0.69, grade agreement 0.68, within one step 1.00.
    # Recall rose less than on the development sets and precision fell a little: paraphrase
    # ("widest gap" for "maximum margin") is still beyond a lexical match, and a misreading
    # stated in the key point's own words ("the probability that the null is true") pre-ticks.
    # The floors sit just under the second matcher's figures.
    assert got["precision"] >= 0.8
    assert got["recall"] >= 0.65
    assert got["grade_agreement"] >= 0.6
    assert got["grade_within_one"] >= 0.95
