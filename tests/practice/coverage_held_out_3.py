# ruff: noqa: E501  (the key points are copied from bank/ verbatim)
"""Held-out set #3 for key-point coverage: written before the embedding matcher was tried, never
edited after.

Twenty-eight answers a candidate might type, over twelve questions added to the bank in December
2026 (mathematics and statistics), which no earlier set or example touches. They lean on
paraphrase: the candidate says what a key point means in other words ("pick the same metric from
before the test as a control" for a pre-treatment covariate), which is where a lexical matcher is
weakest. Each answer carries what a fair human interviewer ticks and the grade they would give;
key points and tags were copied from bank/ as they stood when the set was written.

Grading used by the marker: "easy" when every key point is there, "good" for three or four of
five, "hard" for an on-topic answer that covers one or two (or says something true but generic),
"again" for a wrong, off-topic or empty-words answer.
"""

BOOTSTRAP = [
    "Procedure - resample n with replacement, recompute, repeat; SE and percentile intervals from the replicates",
    "Why it works - plug-in principle; the empirical distribution approximates the population",
    "Resample the independent unit (users, clusters, time blocks); each resample holds about 63.2% of distinct rows",
    "Interval types - percentile, basic, BCa; B of a few hundred for SE, thousands for intervals",
    "Failure cases - maxima and other non-smooth statistics, tiny n, heavy tails, dependence; Poisson bootstrap at scale",
]
CUPED = [
    "Adjusted metric Y - theta (X - E[X]) with a pre-treatment covariate X; unbiased because X is unaffected by treatment",
    "theta = Cov(Y, X) / Var(X) minimises variance; reduction factor 1 - rho^2",
    "Worked numbers - rho = 0.7 halves the required sample size",
    "Same theta in both arms (pooled); equivalent to regression adjustment (ANCOVA)",
    "Practicalities - users without history, choosing X, CUPAC with model predictions, never use post-treatment covariates",
]
LSE = [
    "logsumexp(z) = m + log Σ exp(zᵢ − m) is an exact identity that removes overflow",
    "Softmax is shift-invariant, so subtracting the max changes nothing mathematically",
    "Compute log-softmax as z − logsumexp(z); pass logits, not probabilities, to the loss",
    "Stable softplus and log-sigmoid for binary cross-entropy",
    "Bounds max ≤ LSE ≤ max + log n; LSE is a smooth maximum whose gradient is softmax",
]
CONDITION = [
    "κ = σ_max/σ_min; relative error amplification in linear systems, about log₁₀ κ digits lost",
    "GD's rate on a quadratic is (κ − 1)/(κ + 1) per step, so iterations grow like κ",
    "The stable step is set by the steepest direction, the progress by the flattest; zig-zagging in valleys",
    "Momentum and Nesterov reduce the dependence to √κ",
    "Preconditioning lowers κ - feature scaling, normalisation, adaptive methods, second-order methods",
]
PEEKING = [
    "Why peeking inflates - repeated tests of the same accumulating data; 14% with 5 looks, 19% with 10",
    "Group sequential - planned looks, alpha spending (Pocock, O'Brien-Fleming, Lan-DeMets)",
    "Always-valid inference - mSPRT, reject when the mixture likelihood ratio exceeds 1/alpha; valid at any stopping time",
    "Costs - power and interval width; benefits - early stopping for large effects and harms",
    "Bayesian monitoring is not automatically immune to the frequentist error inflation",
]
SQRT_D = [
    "Var(q·k) = d_k under independence with unit variances, so the scores scale as √d_k",
    "Large logits saturate softmax; its Jacobian diag(p) − ppᵀ → 0, so gradients vanish",
    "Dividing by √d_k keeps the softmax temperature independent of head size",
    "Worked numbers at d_k = 64 (standard deviation 8, near one-hot attention)",
    "Limits of the argument and alternatives - QK-norm, learned temperature, 1/d under μP",
]
MONTY = [
    "Switching wins 2/3 because the first pick is right only 1/3 of the time",
    "Bayes' rule with the host's behaviour as the likelihood",
    "The host's rule (knows, always opens a goat door) is what carries the information",
    "Variants - random host gives 1/2; 100 doors makes the intuition obvious",
    "The general lesson - how the data were selected is part of the evidence",
]
INIT = [
    "Var(Σ wⱼxⱼ) = n_in Var(w) E[x²] for independent zero-mean weights; the second moment of x, not its variance, enters",
    "ReLU halves the second moment (E[x²] = ½Var(z)), hence He's 2/n_in",
    "Backward pass gives the n_out condition; Glorot averages the two",
    "Uniform vs normal - U[−a, a] has variance a²/3",
    "Compounding over depth and the role of gains for other activations",
]
SRM = [
    "Chi-squared goodness-of-fit on assignment counts; strict threshold such as p < 0.001",
    "An SRM invalidates the comparison because missingness depends on the arm",
    "Diagnosis by segment, time and pipeline stage (assignment, exposure, logging, analysis)",
    "Common causes - performance, crashes and redirects, bot filtering, trigger conditions, hashing or carry-over",
    "Do not reweight to the expected split; fix and rerun; automate the check on every test",
]
NOVELTY = [
    "Definitions - novelty inflates early effects; primacy (change aversion) depresses them",
    "Detection - effect over days since exposure; new vs returning users; cohort by first exposure date",
    "The test-period average is a biased estimate of the steady-state effect",
    "Remedies - longer tests, decay models, long-term holdouts, learning-effect experiments",
    "Confounders - weekly cycles, changing composition of active users, selection by activity",
]
REPARAM = [
    "Rewrite z = g_φ(ε) with parameter-free noise so the expectation no longer depends on φ",
    "Pathwise gradient E_ε[∇_z f(g_φ(ε)) ∂g/∂φ] versus score-function E[f ∇ log q]",
    "A worked variance comparison (f = z², 4 versus 30, or 18 with a baseline)",
    "Gaussian case z = μ + σε (or μ + Lε); learning log σ",
    "Limits - discrete variables, non-differentiable f; Gumbel-softmax and control variates",
]
ZERO_COV = [
    "Independence implies zero covariance; the converse fails",
    "Counterexample Y = X^2 with X symmetric, computed explicitly",
    "Jointly Gaussian is the key case where uncorrelated means independent; marginal normality is not enough",
    "Covariance captures linear dependence only; non-linear measures (mutual information, distance correlation, HSIC)",
    "ML consequences - correlation-based feature screening, PCA decorrelates while ICA seeks independence",
]

T_BOOT = ["statistics", "uncertainty", "evaluation"]
T_AB = ["ab-testing", "experimentation", "statistics"]
T_NUM = ["numerical-stability", "loss-functions"]
T_OPT = ["optimisation", "linear-algebra", "gradient-descent"]
T_SEQ = ["ab-testing", "experimentation", "hypothesis-testing"]
T_ATT = ["attention", "transformers", "calculus"]
T_PROB = ["probability", "bayesian", "statistics"]
T_INIT = ["neural-networks", "probability", "optimisation"]
T_SRM = ["ab-testing", "experimentation", "data-quality"]
T_NOV = ["ab-testing", "experimentation"]
T_REP = ["probability", "generative-models", "calculus"]
T_COV = ["probability", "statistics", "feature-engineering"]

HELD_OUT_3 = [
    (  # statistics/bootstrap-resampling-explained, good
        BOOTSTRAP,
        "Draw n rows with replacement from the sample, compute the statistic again, do it a thousand times "
        "and read the spread of those values as the standard error, or take the 2.5th and 97.5th percentiles "
        "as a 95% interval. It works because the sample stands in for the population. If rows are not "
        "independent, say many sessions per user, you have to resample whole users instead of rows.",
        {0, 1, 2},
        "good",
        T_BOOT,
    ),
    (  # statistics/bootstrap-resampling-explained, poor
        BOOTSTRAP,
        "It's a way to get confidence intervals without formulas by using the data many times.",
        {0},
        "hard",
        T_BOOT,
    ),
    (  # statistics/bootstrap-resampling-explained, wrong
        BOOTSTRAP,
        "Bootstrapping means training a model on a small labelled set and then labelling more data with it, "
        "like self-training.",
        set(),
        "again",
        T_BOOT,
    ),
    (  # statistics/cuped-variance-reduction-derivation, good
        CUPED,
        "You take each user's value of the metric from the weeks before the experiment and use it as a control "
        "variate: subtract theta times (pre-period value minus its mean). Since the pre-period can't be "
        "affected by the treatment, the estimate stays unbiased. The best theta is the covariance over the "
        "variance, the regression slope, and the variance drops by a factor of one minus the correlation "
        "squared. It is basically ANCOVA with one pooled coefficient for both groups.",
        {0, 1, 3},
        "good",
        T_AB,
    ),
    (  # statistics/cuped-variance-reduction-derivation, complete
        CUPED,
        "CUPED adjusts Y by theta*(X - mean X) where X is measured before randomisation, so the treatment cannot "
        "move it and the difference in means stays unbiased. theta = cov(Y,X)/var(X) is the minimiser and the "
        "variance shrinks by 1 - rho^2; with rho = 0.7 that is 0.51, so you need about half the users. Use one "
        "theta fitted on both arms together, which makes it the same as a regression adjustment. New users have "
        "no history, so fill with the mean plus an indicator, and never use anything measured after exposure; "
        "CUPAC swaps X for a model's prediction.",
        {0, 1, 2, 3, 4},
        "easy",
        T_AB,
    ),
    (  # statistics/cuped-variance-reduction-derivation, off-topic
        CUPED,
        "CUPED is a kind of multi-armed bandit that moves traffic to the better variant during the test.",
        set(),
        "again",
        T_AB,
    ),
    (  # mathematics/log-sum-exp-and-stable-softmax, good
        LSE,
        "exp of a big logit overflows, so take out the largest one first: log of the sum of exps equals the max "
        "plus log of the sum of exp(z - max), which is exact. Softmax doesn't change if you shift every input by "
        "the same constant, so subtracting the max is free. Get log probabilities as z minus that logsumexp and "
        "give raw logits to the cross-entropy, never the softmax output.",
        {0, 1, 2},
        "good",
        T_NUM,
    ),
    (  # mathematics/log-sum-exp-and-stable-softmax, poor
        LSE,
        "Softmax can give NaN for large numbers so you should use float64 or clip the values.",
        set(),
        "hard",
        T_NUM,
    ),
    (  # mathematics/condition-number-and-gradient-descent, good
        CONDITION,
        "The condition number is the ratio of the largest to the smallest singular value. For gradient descent on "
        "a quadratic the error shrinks by (k-1)/(k+1) each step, so the number of steps you need grows linearly "
        "with k. The learning rate has to be small enough for the steepest direction while the flat direction "
        "barely moves, so the path zig-zags across the valley. Scaling the features or normalising helps.",
        {0, 1, 2, 4},
        "good",
        T_OPT,
    ),
    (  # mathematics/condition-number-and-gradient-descent, partial, paraphrased
        CONDITION,
        "When the bowl is long and narrow, the step size is limited by the narrow side and the long side takes "
        "forever, and the iterates bounce from wall to wall. Adding momentum fixes a lot of it, it goes from "
        "kappa to the square root of kappa.",
        {2, 3},
        "hard",
        T_OPT,
    ),
    (  # statistics/sequential-testing-and-peeking, good
        PEEKING,
        "If you check the p-value every day and stop the first time it is below 0.05, you have run many tests on "
        "overlapping data and the false positive rate climbs, to roughly 14 percent with five looks. Either plan "
        "the looks in advance and spend alpha across them, O'Brien-Fleming style, or use an always-valid method "
        "like mSPRT, which lets you stop whenever you like. The price is some power and wider intervals.",
        {0, 1, 2, 3},
        "good",
        T_SEQ,
    ),
    (  # statistics/sequential-testing-and-peeking, poor
        PEEKING,
        "Peeking is bad, you should wait until the planned end date before looking at the results.",
        set(),
        "hard",
        T_SEQ,
    ),
    (  # statistics/sequential-testing-and-peeking, wrong
        PEEKING,
        "Looking at the data early is fine as long as you use a Bayesian test, because Bayesian methods cannot be "
        "fooled by stopping rules.",
        set(),
        "again",
        T_SEQ,
    ),
    (  # mathematics/attention-scaling-by-sqrt-d-derivation, good
        SQRT_D,
        "If q and k have independent entries with mean zero and variance one, the dot product is a sum of d_k "
        "such products and has variance d_k, so its typical size is sqrt(d_k). Big scores push the softmax into "
        "a nearly one-hot regime where its derivative is almost zero and learning stalls. Dividing by sqrt(d_k) "
        "brings the variance back to 1 whatever the head size. With d_k = 64 the scores would have std 8.",
        {0, 1, 2, 3},
        "good",
        T_ATT,
    ),
    (  # mathematics/attention-scaling-by-sqrt-d-derivation, poor
        SQRT_D,
        "We scale so that the numbers are smaller and training is more stable.",
        set(),
        "hard",
        T_ATT,
    ),
    (  # statistics/monty-hall-problem, good
        MONTY,
        "You should switch: your first door is right one time in three, and the host, who knows where the car "
        "is and always shows a goat, never changes that, so the other closed door holds the remaining two "
        "thirds. If the host opened a door at random and happened to show a goat, it would be fifty-fifty.",
        {0, 2, 3},
        "good",
        T_PROB,
    ),
    (  # statistics/monty-hall-problem, wrong
        MONTY,
        "After a door is opened there are two doors left, so each has probability one half and switching does "
        "not matter.",
        set(),
        "again",
        T_PROB,
    ),
    (  # mathematics/weight-initialisation-variance-derivation, good
        INIT,
        "A unit's pre-activation sums n_in terms w times x, so its variance is n_in times Var(w) times the mean "
        "of x squared. ReLU zeroes half the inputs, which halves that second moment, so to keep it constant layer "
        "to layer you need Var(w) = 2/n_in, which is He. Doing the same for the gradients going backwards gives "
        "n_out, and Xavier takes the average of fan-in and fan-out.",
        {0, 1, 2},
        "good",
        T_INIT,
    ),
    (  # mathematics/weight-initialisation-variance-derivation, poor
        INIT,
        "Use small random weights, not zeros, otherwise every neuron learns the same thing.",
        set(),
        "hard",
        T_INIT,
    ),
    (  # statistics/sample-ratio-mismatch-diagnosis, good
        SRM,
        "Compare the number of users in each arm with the split you configured using a chi-square test, and "
        "treat a very small p-value, like under 0.001, as an alarm. If one arm loses users for a reason linked "
        "to the treatment, for example the new page crashes on old phones so those users never get logged, the "
        "groups are no longer comparable. Break it down by browser, day and the stage where users drop out.",
        {0, 1, 2, 3},
        "good",
        T_SRM,
    ),
    (  # statistics/sample-ratio-mismatch-diagnosis, partial
        SRM,
        "It means the groups have different sizes from what was planned. I would just reweight the users so the "
        "split matches 50/50 and then analyse as usual.",
        set(),
        "again",
        T_SRM,
    ),
    (  # statistics/novelty-and-primacy-effects, good
        NOVELTY,
        "People click on something new because it is new, so the lift in week one overstates the long-run "
        "effect; the opposite happens when regulars dislike a change at first and then get used to it. Plot the "
        "effect by days since a user first saw the variant and compare new with returning users. Running for a "
        "longer time or keeping a long-term holdout tells you where it settles.",
        {0, 1, 3},
        "good",
        T_NOV,
    ),
    (  # statistics/novelty-and-primacy-effects, poor
        NOVELTY,
        "Users like new features at the beginning.",
        {0},
        "hard",
        T_NOV,
    ),
    (  # mathematics/reparameterisation-trick, good
        REPARAM,
        "Instead of sampling z directly from q with parameters phi, sample noise eps from a fixed standard normal "
        "and set z = mu + sigma * eps. The randomness no longer depends on the parameters, so you can push "
        "gradients through the sample with ordinary backprop. That gradient has much lower variance than the "
        "REINFORCE / score-function estimator. It does not work for discrete latents, where people use "
        "Gumbel-softmax.",
        {0, 1, 3, 4},
        "good",
        T_REP,
    ),
    (  # mathematics/reparameterisation-trick, poor
        REPARAM,
        "It's a trick used in VAEs so that you can train them.",
        set(),
        "hard",
        T_REP,
    ),
    (  # statistics/independence-vs-zero-covariance, good
        ZERO_COV,
        "If two variables are independent their covariance is zero, but not the other way round. Take X uniform "
        "on -1 to 1 and Y = X squared: Y is a function of X, yet E[XY] = E[X^3] = 0 = E[X]E[Y], so the covariance "
        "is zero. Covariance only sees linear relations; mutual information catches the rest. For a jointly "
        "normal pair, uncorrelated does mean independent.",
        {0, 1, 2, 3},
        "good",
        T_COV,
    ),
    (  # statistics/independence-vs-zero-covariance, wrong
        ZERO_COV,
        "Zero covariance and independence are the same thing, both mean the variables have nothing to do with "
        "each other.",
        set(),
        "again",
        T_COV,
    ),
    (  # statistics/bootstrap-resampling-explained, filler
        BOOTSTRAP,
        "This is an important technique in statistics and machine learning with many applications.",
        set(),
        "again",
        T_BOOT,
    ),
]
