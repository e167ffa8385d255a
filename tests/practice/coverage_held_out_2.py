"""Held-out set #2 for key-point coverage: written before the matcher was changed, never edited after.

Thirty-four answers a candidate might type, over twenty-four bank questions that neither the
examples nor held-out set #1 in test_coverage.py touch: good, partial, poor, wrong, off-topic
and filler answers, in varied words (abbreviations such as BN, LR, KL, CE, symbols such as
sigma / sqrt(n) and theta <- theta - eta grad L, American and British spellings, typos). Each
answer carries what a fair human interviewer ticks and the grade they would give. The key
points and tags were copied from bank/ as they stood when the set was written (the slug is in
the comment), so an edit to the bank does not silently move the goalposts.

Grading used by the marker: "easy" when every key point is there, "good" for three or four of
five, "hard" for an on-topic answer that covers little (or says something true but generic),
"again" for a wrong, off-topic or empty-words answer.
"""

HELD_OUT_2 = [
    (  # nn-training/learning-rate-too-large, good
        [
            "Overshooting along steep directions; stability limit about 2 over the largest curvature",
            "Symptoms range from a noisy plateau to divergence and NaN",
            "Side effects such as dead ReLUs and saturated units",
            "Diagnosis from the loss curve and gradient norms",
            "Remedies include LR range test, warm-up, decay, clipping",
        ],
        (
            "If the LR is too big each step jumps past the minimum, especially in directions where the loss "
            "is very curved, so it bounces around or blows up. You see the loss oscillating or exploding to "
            "NaN. Look at the training curve and the size of the gradients. Fix: lower it, do an LR finder "
            "sweep, add warmup and a decay schedule, clip the gradients."
        ),
        {0, 1, 3, 4},
        "good",
        ["optimisation", "gradient-descent", "neural-networks"],
    ),
    (  # nn-training/learning-rate-too-large, poor
        [
            "Overshooting along steep directions; stability limit about 2 over the largest curvature",
            "Symptoms range from a noisy plateau to divergence and NaN",
            "Side effects such as dead ReLUs and saturated units",
            "Diagnosis from the loss curve and gradient norms",
            "Remedies include LR range test, warm-up, decay, clipping",
        ],
        ("training becomes unstabel and the loss goes up"),
        {1},
        "hard",
        ["optimisation", "gradient-descent", "neural-networks"],
    ),
    (  # nn-training/batch-norm-vs-layer-norm, good
        [
            "Statistics over the batch axis vs over the feature axis",
            "Layer norm independent of batch size, same at train and test",
            "BN suits CNNs; LN suits transformers, RNNs, variable-length sequences",
            "Group and instance norm as intermediates; RMSNorm drops mean-centring",
            "Pre-norm vs post-norm placement in transformers",
        ],
        (
            "BN computes mean/var per channel across the examples in the mini-batch; LN computes them across "
            "the features of each single example. So LN doesn't depend on batch size and behaves identically "
            "in training and inference, no running averages. BN is the default in convnets, LN in "
            "transformers and RNNs where sequence lengths vary. Modern LLMs put the norm before attention "
            "(pre-LN) for stability."
        ),
        {0, 1, 2, 4},
        "good",
        ["neural-networks", "transformers", "cnn"],
    ),
    (  # nn-training/batch-norm-vs-layer-norm, thin
        [
            "Statistics over the batch axis vs over the feature axis",
            "Layer norm independent of batch size, same at train and test",
            "BN suits CNNs; LN suits transformers, RNNs, variable-length sequences",
            "Group and instance norm as intermediates; RMSNorm drops mean-centring",
            "Pre-norm vs post-norm placement in transformers",
        ],
        ("Batch norm normalises over the batch, layer norm over the layer."),
        {0},
        "hard",
        ["neural-networks", "transformers", "cnn"],
    ),
    (  # nn-training/optimisers-sgd-momentum-rmsprop-adam, strong
        [
            "SGD update and its sensitivity to conditioning",
            "Momentum as an exponentially weighted velocity",
            "RMSProp as per-parameter scaling by recent gradient magnitude",
            "Adam = momentum + RMSProp + bias correction; typical betas",
            "AdamW decouples weight decay; generalisation trade-offs vs SGD",
        ],
        (
            "Plain SGD steps along minus the gradient times the learning rate, and it zig-zags when the loss "
            "surface is badly conditioned (ravines). Momentum keeps a running exponential average of past "
            "gradients, like a velocity, which damps the zig-zag. RMSprop divides each parameter's step by "
            "the root of a moving average of squared gradients, so every weight gets its own step size. Adam "
            "combines the two, with bias correction for the early steps; β1=0.9, β2=0.999. AdamW applies "
            "weight decay separately from the gradient update; SGD with momentum sometimes generalizes a bit "
            "better."
        ),
        {0, 1, 2, 3, 4},
        "easy",
        ["optimisation", "gradient-descent", "neural-networks"],
    ),
    (  # nn-training/optimisers-sgd-momentum-rmsprop-adam, thin
        [
            "SGD update and its sensitivity to conditioning",
            "Momentum as an exponentially weighted velocity",
            "RMSProp as per-parameter scaling by recent gradient magnitude",
            "Adam = momentum + RMSProp + bias correction; typical betas",
            "AdamW decouples weight decay; generalisation trade-offs vs SGD",
        ],
        ("Adam adapts the learning rate for each weight and usually converges faster than SGD."),
        {2},
        "hard",
        ["optimisation", "gradient-descent", "neural-networks"],
    ),
    (  # generative-models/autoencoder-vs-vae, good
        [
            "Encoder, bottleneck, decoder; reconstruction loss",
            "Uses - compression, denoising, anomaly detection, pretraining",
            "Deterministic codes leave holes; no sampling",
            "VAE - probabilistic encoder, reparameterisation, KL to the prior, ELBO",
            "Trade-off between reconstruction sharpness and latent regularity",
        ],
        (
            "An AE squeezes the input through a narrow latent layer and learns to rebuild it, trained on "
            "reconstruction error (MSE). A VAE's encoder outputs a mean and variance instead of a point, "
            "samples z with the reparametrization trick, and adds a KL term pulling q(z|x) towards N(0, I); "
            "together that's the ELBO. Because the latent space is regular you can sample new data from it, "
            "which a plain AE can't do well."
        ),
        {0, 2, 3},
        "good",
        ["generative-models", "unsupervised-learning", "dimensionality-reduction"],
    ),
    (  # regularisation/knowledge-distillation, good
        [
            "Loss mixes KL to softened teacher outputs with cross-entropy to hard labels",
            "Temperature exposes small probabilities; T squared scaling of the soft term",
            "Dark knowledge of inter-class similarity; richer gradient per example",
            "Regularising effect; can use unlabelled or transfer data",
            "Variants - feature/hint distillation, self-distillation, sequence-level for LLMs",
        ],
        (
            "A small student is trained to match the big teacher's softmax outputs at a raised temperature, "
            "using KL divergence, plus the usual CE on the true labels. Soft probabilities tell the student "
            "which wrong classes are similar (a 'cat' image being a bit 'dog'), which is more information per"
            " example than a one-hot label. Multiply the soft loss by T² so its gradients stay comparable."
        ),
        {0, 1, 2},
        "good",
        ["regularisation", "deployment", "classification", "transformers"],
    ),
    (  # regularisation/knowledge-distillation, vague
        [
            "Loss mixes KL to softened teacher outputs with cross-entropy to hard labels",
            "Temperature exposes small probabilities; T squared scaling of the soft term",
            "Dark knowledge of inter-class similarity; richer gradient per example",
            "Regularising effect; can use unlabelled or transfer data",
            "Variants - feature/hint distillation, self-distillation, sequence-level for LLMs",
        ],
        ("You compress the model to make it smaller and faster for deployment."),
        set(),
        "hard",
        ["regularisation", "deployment", "classification", "transformers"],
    ),
    (  # nlp/rnn-lstm-gru, good
        [
            "Plain RNN recurrence and vanishing or exploding gradients",
            "LSTM - cell state, forget, input, output gates, additive updates",
            "GRU - update and reset gates, fewer parameters",
            "Gradient clipping for exploding gradients",
            "When to use which; comparison with transformers",
        ],
        (
            "A vanilla RNN updates one hidden state h_t = tanh(W h_{t-1} + U x_t); backprop through time "
            "multiplies the same matrix many times so grads vanish or explode. The LSTM adds a separate "
            "memory cell with forget/input/output gates and updates it additively, so information survives "
            "longer. The GRU merges these into an update gate and a reset gate and has fewer params. Clip the"
            " gradient norm to handle explosions."
        ),
        {0, 1, 2, 3},
        "good",
        ["rnn", "sequence-models", "neural-networks"],
    ),
    (  # nlp/rnn-lstm-gru, poor
        [
            "Plain RNN recurrence and vanishing or exploding gradients",
            "LSTM - cell state, forget, input, output gates, additive updates",
            "GRU - update and reset gates, fewer parameters",
            "Gradient clipping for exploding gradients",
            "When to use which; comparison with transformers",
        ],
        ("LSTMs are better than RNNs because they have memmory."),
        set(),
        "hard",
        ["rnn", "sequence-models", "neural-networks"],
    ),
    (  # classical-models/dimensionality-reduction-methods, good
        [
            "Feature selection vs feature extraction",
            "Filter, wrapper and embedded selection (variance, mutual information, L1, importances)",
            "PCA - variance kept, scaling first, linear only",
            "Non-linear methods - autoencoders; t-SNE and UMAP for visualisation",
            "Judge by downstream performance and interpretability needs",
        ],
        (
            "Either drop features (e.g. remove low-variance ones or use lasso) or build new ones. PCA "
            "projects onto the directions of largest variance; standardize first. For plots, t-SNE or UMAP."
        ),
        {0, 1, 2, 3},
        "good",
        ["dimensionality-reduction", "unsupervised-learning", "feature-engineering"],
    ),
    (  # evaluation/minimise-false-negatives, good
        [
            "Type II error is a false negative; optimise recall or a cost-weighted metric",
            "Separate ranking quality (PR curve) from the threshold choice",
            "Pick the threshold on validation data to meet a recall target",
            "Cost-sensitive training - class weights, resampling, focal loss",
            "Track the precision and review load that the chosen recall implies",
        ],
        (
            "Missing a positive is a type 2 error, so the metric to push is recal (sensitivity), or a cost "
            "where FN costs much more than FP. Train with higher weight on positives or oversample them. Then"
            " lower the decision threshold, picked on a held-out set so that recall is at least 99%, and "
            "check how many false alarms per day that creates for the people who review them."
        ),
        {0, 2, 3, 4},
        "good",
        ["metrics", "classification", "imbalanced-data"],
    ),
    (  # classical-models/logistic-regression, good
        [
            "Sigmoid of a linear score gives a probability; the decision boundary is linear",
            "Maximum likelihood equals minimising log loss (binary cross-entropy)",
            "Log loss is convex; gradient is (p - y) x",
            "Coefficients are changes in log-odds per unit of a feature",
            "Regularisation, multiclass via softmax, calibration is usually good",
        ],
        (
            "p = σ(wᵀx + b), so the boundary where p = 0.5 is a hyperplane. Maximising the Bernoulli "
            "likelihood is the same as minimising cross entropy; it is convex with gradient (p − y)·x, "
            "whereas MSE through a sigmoid is non-convex and gives tiny gradients when it saturates."
        ),
        {0, 1, 2},
        "good",
        ["classification", "linear-models", "loss-functions"],
    ),
    (  # classical-models/logistic-regression, filler
        [
            "Sigmoid of a linear score gives a probability; the decision boundary is linear",
            "Maximum likelihood equals minimising log loss (binary cross-entropy)",
            "Log loss is convex; gradient is (p - y) x",
            "Coefficients are changes in log-odds per unit of a feature",
            "Regularisation, multiclass via softmax, calibration is usually good",
        ],
        ("I would think about the data and the model and try things until it works."),
        set(),
        "again",
        ["classification", "linear-models", "loss-functions"],
    ),
    (  # statistics/p-value-meaning, wrong
        [
            "Definition - probability of data this extreme given the null",
            "Not P(null is true), not P(result is due to chance)",
            "Significance is not effect size; report intervals",
            "Type I error rate alpha is set in advance",
            "Multiple comparisons and optional stopping inflate false positives",
        ],
        (
            "The p-value is the probability that the null hypothesis is true. If it is below 0.05 the result "
            "is significant."
        ),
        set(),
        "again",
        ["statistics", "hypothesis-testing", "ab-testing"],
    ),
    (  # statistics/p-value-meaning, good
        [
            "Definition - probability of data this extreme given the null",
            "Not P(null is true), not P(result is due to chance)",
            "Significance is not effect size; report intervals",
            "Type I error rate alpha is set in advance",
            "Multiple comparisons and optional stopping inflate false positives",
        ],
        (
            "Assuming H0 holds, it's the chance of seeing a result at least as extreme as the one observed. "
            "It isn't the probability H0 is true. A tiny p can come with a negligible effect, so give the CI "
            "for the effect size. And if you peek every day or test 20 metrics, something will come out "
            "'significant' by luck."
        ),
        {0, 1, 2, 4},
        "good",
        ["statistics", "hypothesis-testing", "ab-testing"],
    ),
    (  # trees-and-ensembles/decision-tree-training, good
        [
            "Greedy recursive binary splitting (CART)",
            "Impurity measures - Gini, entropy and information gain, variance reduction",
            "Leaf predictions",
            "Pre-pruning hyperparameters and cost-complexity post-pruning",
            "Strengths and weaknesses; motivation for forests and boosting",
        ],
        (
            "At each node it tries every feature and threshold and greedily picks the split that most reduces"
            " Gini impurty (or entropy, i.e. max info gain; for regression, the variance), then recurses on "
            "both children. Leaves predict the majority class or the mean. To stop overfitting limit "
            "max_depth and min_samples_leaf, or grow it fully and prune back with ccp_alpha."
        ),
        {0, 1, 2, 3},
        "good",
        ["decision-trees", "overfitting", "classification"],
    ),
    (  # regularisation/early-stopping, thin
        [
            "Track validation metric, stop after patience, restore best weights",
            "Number of training steps acts as a capacity hyperparameter",
            "Equivalence to L2 for quadratic losses (steps times learning rate about 1/lambda)",
            "Triggers include patience with min-delta, smoothing, generalisation gap, budget, divergence",
            "Pitfalls with noisy curves, double descent and validation bias",
        ],
        ("Stop training when the validation loss stops improving."),
        {0},
        "hard",
        ["regularisation", "overfitting", "evaluation"],
    ),
    (  # nn-training/residual-connections, good
        [
            "y = x + F(x); block learns a residual, identity is easy to represent",
            "Degradation problem of deep plain nets (higher training error, not overfitting)",
            "Gradient has a direct identity term, mitigating vanishing gradients",
            "Projection shortcut when shapes differ",
            "Used in transformers; pre-norm residual stream; ensemble-of-paths view",
        ],
        (
            "A skip connection adds the block's input to its output, out = x + f(x), so the layers only have "
            "to learn the change; doing nothing is trivial. Without them very deep plain nets had worse "
            "*training* error than shallower ones. The backward pass gets an identity path so the gradient "
            "reaches early layers without vanishing. Every transformer layer uses them too."
        ),
        {0, 1, 2, 4},
        "good",
        ["neural-networks", "cnn", "transformers", "optimisation"],
    ),
    (  # nn-training/residual-connections, off-topic
        [
            "y = x + F(x); block learns a residual, identity is easy to represent",
            "Degradation problem of deep plain nets (higher training error, not overfitting)",
            "Gradient has a direct identity term, mitigating vanishing gradients",
            "Projection shortcut when shapes differ",
            "Used in transformers; pre-norm residual stream; ensemble-of-paths view",
        ],
        ("It randomly drops neurons during training so the network doesn't rely on any single one."),
        set(),
        "again",
        ["neural-networks", "cnn", "transformers", "optimisation"],
    ),
    (  # classical-models/svm-and-kernels, partial
        [
            "Maximum margin; support vectors",
            "Soft margin, C, hinge loss with L2 regularisation",
            "Dual form depends on inner products",
            "Kernel trick; RBF, polynomial; Mercer condition",
            "Hyperparameters C and gamma; scaling; complexity",
        ],
        (
            "An SVM finds the hyperplane with the widest gap between classes; only the points on the edge "
            "matter. The kernel trick lets it draw curved boundaries, e.g. with a Gaussian kernel."
        ),
        {0, 3},
        "hard",
        ["kernels", "classification", "linear-models"],
    ),
    (  # statistics/central-limit-theorem, good
        [
            "Statement - sample means become approximately normal; standard error sigma / sqrt(n)",
            "Applies to means and sums, not to individual observations",
            "Foundation of z and t tests, confidence intervals, A/B test sample sizes",
            "Assumptions - independence, finite variance; slow for heavy tails",
            "Alternatives - bootstrap, nonparametric tests, transformations",
        ],
        (
            "The average of n i.i.d. draws with finite variance is roughly Gaussian for large n, whatever the"
            " original distribution, with spread σ/√n. That's why we can put a normal CI around a conversion "
            "rate and use a z-test in an A/B test. It needs independence and finite variance, and with "
            "heavy-tailed revenue data it kicks in slowly."
        ),
        {0, 2, 3},
        "good",
        ["statistics", "probability", "ab-testing"],
    ),
    (  # transformers-llms/lora-parameter-efficient-fine-tuning, strong
        [
            "Low-rank decomposition of the weight update; rank and scaling hyperparameters",
            "Which matrices to adapt (attention projections, MLP)",
            "Memory and storage savings; many adapters per base model",
            "Mergeable at inference; no added latency",
            "QLoRA and comparison with full fine-tuning and other PEFT methods",
        ],
        (
            "LoRA freezes the pretrained weights and learns ΔW = BA with rank r ≪ d, scaled by alpha/r, "
            "usually on the q and v projections. Only a few MB per task to store, so you can keep many "
            "adapters for one base model, and after training you can fold BA into W so inference is no "
            "slower. QLoRA does the same on a 4-bit quantized base."
        ),
        {0, 1, 2, 3, 4},
        "easy",
        ["llm", "fine-tuning"],
    ),
    (  # transformers-llms/lora-parameter-efficient-fine-tuning, empty words
        [
            "Low-rank decomposition of the weight update; rank and scaling hyperparameters",
            "Which matrices to adapt (attention projections, MLP)",
            "Memory and storage savings; many adapters per base model",
            "Mergeable at inference; no added latency",
            "QLoRA and comparison with full fine-tuning and other PEFT methods",
        ],
        ("It's a technique for LLMs that is very popular and efficient."),
        set(),
        "again",
        ["llm", "fine-tuning"],
    ),
    (  # regularisation/what-is-regularisation, good
        [
            "Goal is lower generalisation error, not lower training error",
            "Explicit penalties added to the loss vs implicit methods",
            "L1 (sparsity) and L2 (small weights) penalties",
            "Dropout, early stopping, augmentation, label smoothing, noise",
            "Strength is a hyperparameter tuned on validation data",
        ],
        (
            "Regularization is anything that trades a bit of training fit for better performance on unseen "
            "data. E.g. adding λ||w||² (ridge) or λ|w| (lasso, gives sparse weights) to the loss, dropout, "
            "early stopping, data augmentation. Pick λ by cross-validation."
        ),
        {0, 2, 3, 4},
        "good",
        ["regularisation", "overfitting"],
    ),
    (  # nn-training/activation-functions, strong
        [
            "Purpose is non-linearity; a linear stack is still linear",
            "Sigmoid and tanh saturate and cause vanishing gradients in deep stacks",
            "ReLU is cheap and sparse, but units can die",
            "Leaky ReLU, ELU, GELU and SiLU as fixes and smoother alternatives",
            "Output activation is dictated by the loss and the task",
        ],
        (
            "Without a nonlinear activation, stacking layers just gives another linear function. Sigmoid/tanh"
            " flatten out at the extremes so their derivatives go to ~0 and deep nets stop learning. ReLU "
            "max(0,x) is cheap and doesn't saturate for x>0 but neurons can get stuck at zero ('dead'); leaky"
            " ReLU or GELU avoid that. At the output use softmax for multi-class, sigmoid for binary, "
            "identity for regression."
        ),
        {0, 1, 2, 3, 4},
        "easy",
        ["neural-networks", "optimisation"],
    ),
    (  # ml-systems/training-serving-skew, partial
        [
            "Definition and why it silently hurts accuracy",
            "Sources - duplicated logic, freshness, point-in-time errors, defaults",
            "Feature store - one definition, online and offline stores, point-in-time joins",
            "Logging served features and training on them",
            "Monitoring and validation of feature distributions",
        ],
        (
            "It's when features are computed differently in production than in the training pipeline, e.g. "
            "the SQL job and the Java service implement the same feature twice. A feature store keeps a "
            "single definition used for both offline training and online lookups."
        ),
        {0, 1, 2},
        "good",
        ["deployment", "data-quality", "monitoring"],
    ),
    (  # ml-fundamentals/overfitting, filler
        [
            "Definition in terms of generalisation gap; the opposite is underfitting",
            "Detection - train vs validation, learning curves, cross-validation",
            "Data-side remedies - more data, augmentation, cleaning labels",
            "Model-side remedies - capacity, regularisation, early stopping, ensembles",
            "Overfitting the validation set and leakage",
        ],
        (
            "Overfitting is a very important problem in machine learning that every data scientist has to "
            "deal with in practice."
        ),
        set(),
        "again",
        ["overfitting", "regularisation", "evaluation"],
    ),
    (  # ml-fundamentals/overfitting, good
        [
            "Definition in terms of generalisation gap; the opposite is underfitting",
            "Detection - train vs validation, learning curves, cross-validation",
            "Data-side remedies - more data, augmentation, cleaning labels",
            "Model-side remedies - capacity, regularisation, early stopping, ensembles",
            "Overfitting the validation set and leakage",
        ],
        (
            "The model memorises noise in the training set: train error keeps falling while val error rises, "
            "a big gap. Spot it with learning curves or k-fold CV. Fix with more data or augmentation, a "
            "smaller model, weight decay/dropout, early stopping."
        ),
        {0, 1, 2, 3},
        "good",
        ["overfitting", "regularisation", "evaluation"],
    ),
    (  # recommender-systems/collaborative-filtering-basics, strong
        [
            "Interaction matrix; similarity from co-ratings or co-engagement",
            "User-based vs item-based neighbourhoods",
            "Similarity measures - cosine, adjusted cosine, Pearson, Jaccard",
            "Model-based CF with embeddings",
            "Limits - sparsity, cold start, popularity bias, scalability",
        ],
        (
            "Build the user×item ratings matrix. User-based: find people whose ratings correlate with yours "
            "and recommend what they liked; item-based: recommend items similar to the ones you rated, where "
            "two items are similar if the same users rated them alike (cosine or Pearson). Matrix "
            "factorization learns latent vectors instead. It fails for new users/items with no history, and "
            "the matrix is mostly empty."
        ),
        {0, 1, 2, 3, 4},
        "easy",
        ["recommender-systems", "embeddings", "cold-start"],
    ),
    (  # statistics/type-i-type-ii-errors-power, partial
        [
            "Definitions and the confusion-matrix view",
            "Alpha and beta trade off for a fixed sample size",
            "Power and its drivers (n, effect size, variance, alpha)",
            "Sample size from a power analysis",
            "Consequences of underpowered tests (missed effects, inflated reported effects)",
        ],
        (
            "Type I = false positive, rejecting a true null; type II = false negative. Power = 1 − β, the "
            "probability of detecting a real effect; it goes up with a bigger sample."
        ),
        {0, 2},
        "hard",
        ["hypothesis-testing", "statistics", "ab-testing"],
    ),
    (  # nn-training/gradient-descent-variants, good
        [
            "Update rule: theta <- theta - eta * grad L",
            "The three variants differ only in how many examples estimate the gradient",
            "Mini-batch gradient is unbiased, with variance falling as 1/B",
            "Mini-batches match parallel hardware",
            "Learning rate and convergence behaviour of each variant",
        ],
        (
            "θ ← θ − η∇L(θ). Batch GD uses the whole training set for each step, SGD a single example, "
            "mini-batch a few dozen to a few hundred. Smaller batches give noisier but cheaper steps; "
            "mini-batches are what GPUs are good at."
        ),
        {0, 1, 3},
        "good",
        ["gradient-descent", "optimisation", "neural-networks"],
    ),
    (  # transformers-llms/decoding-strategies, good
        [
            "Autoregressive decoding loop",
            "Greedy and beam search; length normalisation; degeneration",
            "Temperature scaling of logits",
            "Top-k and nucleus (top-p) sampling",
            "Practical controls and speed (KV cache, speculative decoding)",
        ],
        (
            "Generate one token at a time, feeding each back in. Greedy takes the argmax each step; beam "
            "search keeps the k best partial sequences but tends to be repetitive and bland. Dividing logits "
            "by a temperature T flattens (T>1) or sharpens the distribution; top-k samples among the k most "
            "likely tokens, top-p among the smallest set whose probability adds up to p."
        ),
        {0, 1, 2, 3},
        "good",
        ["llm", "nlp"],
    ),
]
