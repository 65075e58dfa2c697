"""The reader's fitted models: standardised logistic regressions and the operating points, read
from and written to ``assistant/reader_model.json`` (``pressroom fit-reader`` writes it)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

MODEL_PATH = Path(__file__).with_name("reader_model.json")


@dataclass(frozen=True)
class Logistic:
    """A standardised logistic regression: P = sigmoid(coef · (x - mean) / scale + intercept)."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    @classmethod
    def from_dict(cls, raw: dict) -> Logistic:
        return cls(
            tuple(raw["features"]),
            np.asarray(raw["mean"], dtype=np.float64),
            np.asarray(raw["scale"], dtype=np.float64),
            np.asarray(raw["coef"], dtype=np.float64),
            float(raw["intercept"]),
        )

    def to_dict(self) -> dict:
        return {
            "features": list(self.features),
            "mean": [round(float(v), 6) for v in self.mean],
            "scale": [round(float(v), 6) for v in self.scale],
            "coef": [round(float(v), 6) for v in self.coef],
            "intercept": round(self.intercept, 6),
        }

    def predict(self, rows: np.ndarray) -> np.ndarray:
        if not len(rows):
            return np.zeros(0)
        z = ((np.asarray(rows, dtype=np.float64) - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


@dataclass(frozen=True)
class ReaderModel:
    """The three fitted models and the operating points chosen on the dev split, and the passage
    ranker (``assistant.ranker``) where one was fitted."""

    sentence: Logistic
    typed: Logistic
    answerable: Logistic
    threshold: float  # abstain when P(answerable) is below this
    select_ratio: float  # answer with the sentences whose probability is this close to the best
    select_ratio_list: float  # ... for questions asking for several things
    fitted: dict  # how and on what it was fitted
    passages: Logistic | None = None  # the passage ranker; None: the hand-set order
    # The narrowest candidate list (``assistant.ranker``'s ``breadth``) it was fitted on: narrower ones,
    # as in an index of a few releases, lie outside what it learned and are read in the hand-set order.
    passages_breadth: float = 0.0

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> ReaderModel:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(
            Logistic.from_dict(raw["sentence"]),
            Logistic.from_dict(raw["typed"]),
            Logistic.from_dict(raw["answerable"]),
            float(raw["threshold"]),
            float(raw["select_ratio"]),
            float(raw["select_ratio_list"]),
            dict(raw.get("fitted", {})),
            Logistic.from_dict(raw["passages"]) if raw.get("passages") else None,
            float(raw.get("passages_breadth", 0.0)),
        )

    def to_dict(self) -> dict:
        return {
            "sentence": self.sentence.to_dict(),
            "typed": self.typed.to_dict(),
            "answerable": self.answerable.to_dict(),
            "threshold": round(self.threshold, 4),
            "select_ratio": round(self.select_ratio, 4),
            "select_ratio_list": round(self.select_ratio_list, 4),
            "fitted": self.fitted,
            **({"passages": self.passages.to_dict(), "passages_breadth": round(self.passages_breadth, 4)}
               if self.passages else {}),
        }


@cache
def packaged_model() -> ReaderModel:
    """The reader model shipped with Pressroom."""
    return ReaderModel.load()
