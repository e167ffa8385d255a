"""Key-point coverage, measured over answers written for the purpose.

Each example is a question's key points, an answer a candidate might type, and which key
points a human marker would tick. The matcher must agree with the marker well enough to be a
useful pre-tick: precision and recall over all decisions are asserted (and printed with -s).
"""

from __future__ import annotations

import pytest

from practice.coverage import match_key_points, stem, suggest_grade

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


def decisions():
    for key_points, answer, expected, tags in EXAMPLES:
        for match in match_key_points(answer, key_points, tags):
            yield match.covered, match.index in expected


def test_the_matcher_agrees_with_a_human_marker():
    pairs = list(decisions())
    tp = sum(got and want for got, want in pairs)
    fp = sum(got and not want for got, want in pairs)
    fn = sum(want and not got for got, want in pairs)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    agreement = sum(got == want for got, want in pairs) / len(pairs)
    print(
        f"coverage over {len(pairs)} key points: precision {precision:.2f}, recall {recall:.2f}, agreement {agreement:.2f}"
    )
    assert precision >= 0.85
    assert recall >= 0.8
    assert agreement >= 0.85


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


# A held-out set: written after the matcher and its synonym list were frozen, over bank questions
# the examples above do not touch (key points and tags copied from bank/ as they stood), good and
# poor answers alike. For each: what a human marker ticks and the grade they would give. The
# matcher was not changed after these figures were first seen; they are what they are.
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


def scores(examples):
    pairs, grades = [], []
    for key_points, answer, expected, human_grade, tags in examples:
        matches = match_key_points(answer, key_points, tags)
        pairs += [(m.covered, m.index in expected) for m in matches]
        grades.append((suggest_grade(matches, answer=answer), human_grade))
    tp = sum(got and want for got, want in pairs)
    fp = sum(got and not want for got, want in pairs)
    fn = sum(want and not got for got, want in pairs)
    order = ["again", "hard", "good", "easy"]
    return {
        "decisions": len(pairs),
        "precision": tp / (tp + fp) if tp + fp else 0.0,
        "recall": tp / (tp + fn) if tp + fn else 0.0,
        "grade_agreement": sum(s == h for s, h in grades) / len(grades),
        "grade_within_one": sum(abs(order.index(s) - order.index(h)) <= 1 for s, h in grades) / len(grades),
    }


def test_the_matcher_on_held_out_answers_it_was_not_tuned_on():
    assert len(HELD_OUT) >= 12
    got = scores(HELD_OUT)
    print(
        f"\nheld-out coverage over {len(HELD_OUT)} answers, {got['decisions']} key points: "
        f"precision {got['precision']:.2f}, recall {got['recall']:.2f}; suggested grade = human grade "
        f"{got['grade_agreement']:.2f}, within one step {got['grade_within_one']:.2f}"
    )
    # First (and only) run, matcher untouched: precision 1.00, recall 0.59, grade agreement 0.38,
    # within one step 1.00. The matcher is conservative: what it pre-ticks is right, but it misses
    # paraphrases ("flag column" for "indicator"), so it under-suggests grades by one step. The
    # floors sit just under those figures; improving recall needs a fresh held-out set, not this one.
    assert got["precision"] >= 0.8
    assert got["recall"] >= 0.55
    assert got["grade_within_one"] >= 0.9
    assert got["grade_agreement"] >= 0.3
