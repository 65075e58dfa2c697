"""Metrics of the gold format, each a small pure function.

Retrieval metrics take, per question, the ranked list of ``(doc, passage_text)`` pairs and
the evidence items; an evidence item is found at the first rank whose passage covers it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from eval.gold import Evidence
from eval.matching import covers, fact_present

Ranked = Sequence[tuple[str, str]]

# Quality metrics of a run, higher is better: what reports lead with and baselines gate on.
QUALITY = (
    "recall@5",
    "recall@10",
    "mrr",
    "ndcg@10",
    "key_fact_recall",
    "all_facts",
    "citation_precision",
    "citation_recall",
    "quote_exactness",
    "abstention_precision",
    "abstention_recall",
)


def relevance(ranked: Ranked, evidence: Sequence[Evidence]) -> list[bool]:
    """Per rank, whether that passage covers any evidence item."""
    return [any(covers(doc, text, e) for e in evidence) for doc, text in ranked]


def recall_at_k(ranked: Ranked, evidence: Sequence[Evidence], k: int) -> float:
    """Share of evidence items covered by a passage in the top ``k``.

    >>> recall_at_k([("a", "x y"), ("a", "z")], [Evidence("a", "z"), Evidence("a", "q")], 2)
    0.5
    """
    if not evidence:
        return 0.0
    top = ranked[:k]
    return sum(any(covers(d, t, e) for d, t in top) for e in evidence) / len(evidence)


def reciprocal_rank(ranked: Ranked, evidence: Sequence[Evidence]) -> float:
    """1 / rank of the first passage covering any evidence item, 0 if none does.

    >>> reciprocal_rank([("a", "x"), ("a", "z")], [Evidence("a", "z")])
    0.5
    """
    return next((1.0 / rank for rank, hit in enumerate(relevance(ranked, evidence), 1) if hit), 0.0)


def ndcg_at_k(ranked: Ranked, evidence: Sequence[Evidence], k: int = 10) -> float:
    """nDCG@k with binary relevance (a passage covering any evidence item); the ideal
    ranking puts one relevant passage per evidence item first.

    >>> round(ndcg_at_k([("a", "x"), ("a", "z")], [Evidence("a", "z")], 10), 4)
    0.6309
    """
    if not evidence:
        return 0.0
    dcg = sum(1.0 / math.log2(rank + 1) for rank, hit in enumerate(relevance(ranked[:k], evidence), 1) if hit)
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(len(evidence), k) + 1))
    return min(1.0, dcg / ideal)


def key_fact_recall(answer: str, must_include: Sequence[Sequence[str]]) -> float:
    """Share of key-fact groups present in the answer.

    >>> key_fact_recall("Antwerp and Brussels", [["Antwerp"], ["Brussels"], ["Ghent"]])
    0.6667
    """
    if not must_include:
        return 0.0
    return round(sum(fact_present(answer, tuple(g)) for g in must_include) / len(must_include), 4)


def all_facts(answer: str, must_include: Sequence[Sequence[str]]) -> float:
    """1.0 when every key-fact group is present, else 0.0.

    >>> all_facts("Antwerp and Brussels", [["Antwerp"], ["Brussels"]])
    1.0
    """
    return 1.0 if must_include and all(fact_present(answer, tuple(g)) for g in must_include) else 0.0


def citation_precision(cited: Ranked, evidence: Sequence[Evidence]) -> float:
    """Share of cited passages that cover an evidence item of the question.

    >>> citation_precision([("a", "z"), ("a", "x")], [Evidence("a", "z")])
    0.5
    """
    return sum(relevance(cited, evidence)) / len(cited) if cited else 0.0


def citation_recall(cited: Ranked, evidence: Sequence[Evidence]) -> float:
    """Share of evidence items covered by a cited passage.

    >>> citation_recall([("a", "z")], [Evidence("a", "z"), Evidence("a", "q")])
    0.5
    """
    return recall_at_k(cited, evidence, len(cited)) if cited else 0.0


def quote_exactness(quotes: Sequence[tuple[str, str]], sources: dict[str, str]) -> float:
    """Share of ``(source_id, quote)`` pairs whose quote is an exact substring of the source text.

    >>> quote_exactness([("a", "brown fox"), ("a", "red fox")], {"a": "the brown fox"})
    0.5
    """
    if not quotes:
        return 1.0
    return sum(bool(q) and q in sources.get(doc, "") for doc, q in quotes) / len(quotes)


def abstention(predicted: Sequence[bool], should: Sequence[bool]) -> dict[str, float]:
    """Precision and recall of abstaining, and how many answerable questions were refused.

    >>> abstention([True, True, False], [True, False, False])
    {'precision': 0.5, 'recall': 1.0, 'wrongly_refused': 1}
    """
    both = sum(p and s for p, s in zip(predicted, should, strict=True))
    said, needed = sum(predicted), sum(should)
    return {
        "precision": both / said if said else 1.0,
        "recall": both / needed if needed else 1.0,
        "wrongly_refused": sum(p and not s for p, s in zip(predicted, should, strict=True)),
    }


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) with linear interpolation.

    >>> percentile([1.0, 2.0, 3.0, 4.0], 50)
    2.5
    """
    if not values:
        return 0.0
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def reliability(probabilities: Sequence[float], outcomes: Sequence[bool], bins: int = 10) -> dict:
    """How well probabilities are calibrated: per equal-width bin the mean probability and the
    observed share of positives, the expected calibration error and the Brier score.

    >>> r = reliability([0.1, 0.2, 0.8, 0.9], [False, False, True, True], bins=2)
    >>> [(row["n"], row["mean_p"], row["observed"]) for row in r["bins"]], r["ece"]
    ([(2, 0.15, 0.0), (2, 0.85, 1.0)], 0.15)
    """
    rows = []
    n = len(probabilities)
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        members = [
            (p, o) for p, o in zip(probabilities, outcomes, strict=True) if lo <= p < hi or (b == bins - 1 and p == 1.0)
        ]
        if not members:
            continue
        mean_p = sum(p for p, _ in members) / len(members)
        observed = sum(o for _, o in members) / len(members)
        rows.append({"lo": lo, "hi": hi, "n": len(members), "mean_p": round(mean_p, 4), "observed": round(observed, 4)})
    ece = sum(r["n"] / n * abs(r["mean_p"] - r["observed"]) for r in rows) if n else 0.0
    brier = sum((p - o) ** 2 for p, o in zip(probabilities, outcomes, strict=True)) / n if n else 0.0
    return {"bins": rows, "ece": round(ece, 4), "brier": round(brier, 4), "n": n}
