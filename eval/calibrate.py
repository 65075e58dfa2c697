"""Calibrate the support threshold of the generative check on a gold set.

For every answerable question, the reference answer's sentences are scored against each
passage the model would be given: a passage holding the question's evidence should support
them (positives), the others should not (negatives). The threshold with the best F1 is
reported beside the precision and recall at every step, so the choice can be checked.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.assistant import Assistant
from assistant.generative import score_against, sources
from eval.gold import GoldItem
from ingest.metadata import question_language
from ingest.sentences import split_sentences

THRESHOLDS = tuple(round(0.30 + 0.025 * i, 3) for i in range(21))  # 0.30 .. 0.80


@dataclass(frozen=True)
class Pair:
    """One reference sentence against one passage."""

    question_id: str
    support: float
    holds_evidence: bool


def _flat(text: str) -> str:
    return " ".join(text.split()).lower()


def holds(passage: str, quotes: Sequence[str]) -> bool:
    """Whether a passage holds (the start of) an evidence quote, or lies inside one."""
    flat = _flat(passage)
    return any(_flat(q)[:60] in flat or flat[:60] in _flat(q) for q in quotes if q.strip())


def pairs(assistant: Assistant, items: Sequence[GoldItem], progress: Callable[[], None] | None = None) -> list[Pair]:
    """Support of every reference sentence against every passage given to the model."""
    out = []
    for item in items:
        if progress:
            progress()
        if not item.answerable or not item.answer or not item.evidence:
            continue
        lang = question_language(item.question)
        nodes = assistant.passages(lang).retrieve(item.question)[: assistant.settings.llm_passages]
        given = sources(nodes, assistant.embedder)
        sentences = [item.answer[a:b] for a, b in split_sentences(item.answer)]
        vectors = assistant.embedder.embed(sentences)
        quotes = [e.quote for e in item.evidence]
        for sentence, vector in zip(sentences, vectors, strict=True):
            for source in given:
                value, _ = score_against(sentence, vector, source, lang)
                out.append(Pair(item.id, value, holds(source.text, quotes)))
    return out


def sweep(found: Sequence[Pair]) -> list[dict[str, float]]:
    """Precision, recall and F1 of "supported" at each threshold."""
    rows = []
    for t in THRESHOLDS:
        tp = sum(p.support >= t and p.holds_evidence for p in found)
        fp = sum(p.support >= t and not p.holds_evidence for p in found)
        fn = sum(p.support < t and p.holds_evidence for p in found)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        rows.append({"threshold": t, "precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)})
    return rows


def best(rows: Sequence[dict[str, float]]) -> dict[str, float]:
    """The row with the best F1 (the higher threshold on a tie: fewer unsupported sentences pass)."""
    return max(rows, key=lambda r: (r["f1"], r["threshold"]))
