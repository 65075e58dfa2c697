"""The abstention's operating point and calibration, from out-of-fold probabilities of the dev
questions (``eval/fit_reader.py``)."""

from __future__ import annotations

import numpy as np


def operating_point(p: np.ndarray, answerable: np.ndarray, max_refused: float) -> tuple[float, dict]:
    """The highest threshold that refuses at most ``max_refused`` of the answerable questions, and
    the share of unanswerable ones it refuses there.

    >>> operating_point(np.array([0.9, 0.8, 0.7, 0.2, 0.1]), np.array([1, 1, 1, 0, 0]), 0.0)
    (0.7, {'answerable_refused': 0.0, 'unanswerable_refused': 1.0})
    """
    positives = np.sort(p[answerable == 1])
    allowed = int(np.floor(max_refused * len(positives)))
    threshold = float(positives[allowed]) if len(positives) else 0.5
    refused = p < threshold
    return threshold, {
        "answerable_refused": round(float(refused[answerable == 1].mean()), 4) if len(positives) else 0.0,
        "unanswerable_refused": round(float(refused[answerable == 0].mean()), 4) if (answerable == 0).any() else 0.0,
    }


def youden(p: np.ndarray, answerable: np.ndarray) -> tuple[float, dict]:
    """The threshold that maximises answered-answerable rate + refused-unanswerable rate − 1."""
    best, best_j = 0.5, -1.0
    for t in np.unique(np.round(p, 4)):
        answered = p >= t
        tpr = answered[answerable == 1].mean() if (answerable == 1).any() else 0.0
        tnr = (~answered)[answerable == 0].mean() if (answerable == 0).any() else 0.0
        if tpr + tnr - 1 > best_j:
            best, best_j = float(t), float(tpr + tnr - 1)
    return best, {"youden_j": round(best_j, 4)}


def logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def platt(p: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Scale and shift of the log-odds that calibrate probabilities ``p`` against labels ``y``
    (1, 0 where both labels are not there or the fit would reverse the order).

    >>> a, b = platt(np.array([0.2, 0.3, 0.4, 0.5, 0.6]), np.array([0, 0, 1, 1, 1]))
    >>> a > 0
    True
    """
    from sklearn.linear_model import LogisticRegression

    if len(set(y.tolist())) < 2:
        return 1.0, 0.0
    fitted = LogisticRegression(C=1e6, max_iter=2000).fit(logit(p).reshape(-1, 1), y)
    a, b = float(fitted.coef_[0][0]), float(fitted.intercept_[0])
    return (a, b) if a > 0 else (1.0, 0.0)
