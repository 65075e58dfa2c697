"""Logistic models as the reader and the passage ranker are fitted: standardised features, L2
regularisation chosen by cross-validation grouped by question (log-loss)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from assistant.reader_model import Logistic

C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)
FOLDS = 5


def fit_logistic(x: np.ndarray, y: np.ndarray, c: float, names: Sequence[str]) -> Logistic:
    """A logistic regression on standardised features (``Logistic``, as the product reads it)."""
    from sklearn.linear_model import LogisticRegression

    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=c, max_iter=2000)
    model.fit((x - mean) / scale, y)
    return Logistic(tuple(names), mean, scale, model.coef_[0].copy(), float(model.intercept_[0]))


def question_folds(n: int) -> list[np.ndarray]:
    """``n`` groups dealt into ``FOLDS`` folds, in a fixed random order."""
    order = np.random.default_rng(0).permutation(n)
    return [order[i::FOLDS] for i in range(FOLDS)]


def log_loss(p: np.ndarray, y: np.ndarray) -> float:
    """Mean log-loss of probabilities ``p`` for labels ``y``."""
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def choose_c(groups: list[tuple[np.ndarray, np.ndarray]], names: Sequence[str]) -> tuple[float, dict]:
    """The regularisation with the lowest out-of-fold log-loss, grouped by question."""
    losses = {}
    folds = question_folds(len(groups))
    for c in C_GRID:
        ps, ys = [], []
        for held in folds:
            held_set = set(held.tolist())
            train = [g for i, g in enumerate(groups) if i not in held_set]
            x = np.vstack([g[0] for g in train])
            y = np.concatenate([g[1] for g in train])
            if len(set(y.tolist())) < 2:
                continue
            model = fit_logistic(x, y, c, names)
            for i in held:
                ps.append(model.predict(groups[i][0]))
                ys.append(groups[i][1])
        losses[c] = log_loss(np.concatenate(ps), np.concatenate(ys)) if ps else float("inf")
    best = min(losses, key=lambda c: (losses[c], -c))
    return best, {str(c): round(v, 4) for c, v in losses.items()}
