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
