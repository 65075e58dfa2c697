"""Fit the passage ranker on a dev gold set, reproducibly (``pressroom fit-ranker``; ``assistant.ranker``).

For every answerable dev question the assistant searches as it would to answer; every candidate
passage becomes a row of ``PASSAGE_FEATURES``, labelled 1 when it covers one of the question's
evidence quotes (as recall@k counts it). A logistic regression on those rows, its regularisation
picked by 5-fold cross-validation grouped by question (log-loss), is the ranker. Nothing here reads
a test question.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from assistant.assistant import Assistant
from assistant.ranker import PASSAGE_FEATURES, breadth, passage_features
from assistant.reader_model import Logistic, ReaderModel
from eval.gold import GoldItem
from eval.logistic import choose_c, fit_logistic
from eval.matching import covers
from ingest.metadata import question_language


@dataclass
class PassageRows:
    """One dev question's candidate passages: features and labels."""

    item: GoldItem
    x: np.ndarray  # PASSAGE_FEATURES per candidate
    y: np.ndarray  # 1: covers an evidence quote


def collect_passages(
    assistant: Assistant, items: Sequence[GoldItem], progress: Callable[[], None] | None = None
) -> list[PassageRows]:
    """The candidate passages of every answerable question with evidence, as the assistant searches."""
    out = []
    for item in items:
        if progress:
            progress()
        if not item.answerable or not item.evidence:
            continue
        question = " ".join(item.question.split())
        lang = question_language(question)
        hits, scored, searched, foreign, _ = assistant.passages(lang).candidates(question)
        x = passage_features(question, lang, hits, scored, searched, set(foreign))
        y = np.array([float(any(covers(h.passage.source_id, h.passage.text, e) for e in item.evidence)) for h in hits])
        out.append(PassageRows(item, x, y))
    return out


def fit_ranker(rows: Sequence[PassageRows]) -> tuple[Logistic, dict]:
    """The ranker, and how it was fitted."""
    groups = [(r.x, r.y) for r in rows if len(r.y)]
    found = sum(1 for _, y in groups if y.any())
    if found < 5:
        raise ValueError(f"{found} questions have a candidate passage that covers their evidence: fitting the "
                         "passage ranker needs at least 5 (a dev set of a few hundred questions is meant)")
    c, losses = choose_c(groups, PASSAGE_FEATURES)
    model = fit_logistic(np.vstack([g[0] for g in groups]), np.concatenate([g[1] for g in groups]), c, PASSAGE_FEATURES)
    info = {"questions": len(groups), "questions_found": found, "passages": int(sum(len(y) for _, y in groups)),
            "positive_passages": int(sum(y.sum() for _, y in groups)), "C": c, "cv_log_loss": losses,
            "min_breadth": round(min(breadth(x) for x, _ in groups), 4)}
    return model, info


def with_ranker(model: ReaderModel, ranker: Logistic, info: dict) -> ReaderModel:
    """``model`` with ``ranker`` as its passage ranker for candidates as broad as those it was fitted
    on (``info["min_breadth"]``), and ``info`` in its description."""
    return replace(model, passages=ranker, passages_breadth=info["min_breadth"],
                   fitted={**model.fitted, "passages": info})
