"""Run a gold set through the assistant and score every question."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from statistics import mean

import numpy as np

from assistant.assistant import Assistant
from eval import metrics
from eval.gold import GoldItem

RECALL_KS = (1, 3, 5, 10)


@dataclass(frozen=True)
class QuestionResult:
    """One question's answer, what was retrieved, and its scores."""

    item: GoldItem
    answer: dict
    retrieved: list[dict]
    scores: dict[str, float] = field(default_factory=dict)
    latency_s: float = 0.0


def score_question(
    item: GoldItem, answer: dict, retrieved: list[tuple[str, str]], sources: dict[str, str]
) -> dict[str, float]:
    """All per-question metrics that apply to this question."""
    cited = [(c["source_id"], c["passage"]) for c in answer["citations"]]
    scores: dict[str, float] = {
        "abstained": float(answer["abstained"]),
        "quote_exactness": metrics.quote_exactness(
            [(c["source_id"], c["quote"]) for c in answer["citations"]], sources
        ),
    }
    if not item.answerable:
        return scores
    for k in RECALL_KS:
        scores[f"recall@{k}"] = metrics.recall_at_k(retrieved, item.evidence, k)
    scores["mrr"] = metrics.reciprocal_rank(retrieved, item.evidence)
    scores["ndcg@10"] = metrics.ndcg_at_k(retrieved, item.evidence, 10)
    scores["key_fact_recall"] = metrics.key_fact_recall(answer["answer"], item.must_include)
    scores["all_facts"] = metrics.all_facts(answer["answer"], item.must_include)
    if not answer["abstained"]:
        scores["citation_precision"] = metrics.citation_precision(cited, item.evidence)
        scores["citation_recall"] = metrics.citation_recall(cited, item.evidence)
    return scores


def sentence_scores(answer: dict) -> dict[str, float]:
    """Generative answers: how the model's own sentences fared against the passages they cite.

    faithfulness: share of its sentences that a cited passage supports (before any is dropped);
    sentence citation precision: share of the citations the model wrote that support their sentence;
    sentence citation recall: share of the passages supporting a sentence that it cites;
    dropped: share of its sentences the check removed; fallback: 1 when none survived.
    """
    sentences = answer.get("sentences") or []
    if not sentences:
        return {}
    cites = [s for s in sentences if s["cited"] and not s["repaired"]]  # the model's own citations
    backed = [s for s in sentences if s["supported_by"]]
    scores = {
        "faithfulness": mean(float(s["supported"]) for s in sentences),
        "sentences_dropped": mean(float(not s["kept"]) for s in sentences),
        "sentences_repaired": mean(float(s["repaired"]) for s in sentences),
        "generative_fallback": float(answer.get("mode") != "generative"),
    }
    if cites:
        scores["sentence_citation_precision"] = mean(len(s["backed_by"]) / len(s["cited"]) for s in cites)
    if backed:
        scores["sentence_citation_recall"] = mean(len(s["backed_by"]) / len(s["supported_by"]) for s in backed)
    return {k: round(v, 4) for k, v in scores.items()}


def evidence_languages(assistant: Assistant, item: GoldItem) -> set[str]:
    """The languages of the documents that hold a question's evidence."""
    langs = set()
    for ev in item.evidence:
        try:
            langs.add(assistant.store.document(ev.doc).lang or "")
        except LookupError:
            continue
    return langs


def language_scores(assistant: Assistant, item: GoldItem, answer: dict) -> dict[str, float]:
    """Multilingual scores of an answered question.

    cross_lingual: 1 when no evidence document is in the question's language (the answer has to
    come from another language); language_match: for a question whose release exists in its
    language, 1 when the first citation is in that language (the version the journalist reads).
    """
    if not item.answerable or not item.evidence:
        return {}
    langs = evidence_languages(assistant, item)
    scores = {"cross_lingual": float(bool(langs) and item.lang not in langs)}
    has_version = item.lang in langs or any(
        item.lang in assistant.store.versions(ev.doc) for ev in item.evidence
    )
    if has_version and answer["citations"] and not answer["abstained"]:
        scores["language_match"] = float(answer["citations"][0]["lang"] == item.lang)
    return scores


def evaluate(
    assistant: Assistant, items: Sequence[GoldItem], *, progress: Callable[[QuestionResult], None] | None = None
) -> list[QuestionResult]:
    """Ask every question; score the answer, its citations and the retrieval behind it."""
    results = []
    texts: dict[str, str] = {}
    for item in items:
        started = time.perf_counter()
        answer = assistant.ask(item.question).to_dict()
        latency = time.perf_counter() - started
        nodes = assistant.passages(answer["lang"], top_k=10).retrieve(item.question)
        retrieved = [
            {"source_id": n.node.metadata["source_id"], "text": n.node.get_content(), "score": round(n.score or 0.0, 4)}
            for n in nodes
        ]
        for source_id in {c["source_id"] for c in answer["citations"]} - texts.keys():
            texts[source_id] = assistant.store.document(source_id).text or ""
        scores = score_question(item, answer, [(r["source_id"], r["text"]) for r in retrieved], texts)
        scores.update(sentence_scores(answer))
        scores.update(language_scores(assistant, item, answer))
        if item.answer and not answer["abstained"]:
            vectors = assistant.embedder.embed([answer["answer"], item.answer])
            scores["answer_similarity"] = round(float(np.dot(vectors[0], vectors[1])), 4)
        result = QuestionResult(item, answer, retrieved, scores, latency)
        results.append(result)
        if progress:
            progress(result)
    return results


def _means(results: Sequence[QuestionResult]) -> dict[str, float]:
    names = sorted({name for r in results for name in r.scores} - {"abstained"})
    out = {name: round(mean(r.scores[name] for r in results if name in r.scores), 4) for name in names}
    out["questions"] = len(results)
    return out


def summarise(results: Sequence[QuestionResult]) -> dict:
    """Overall and per-type means, abstention over the set, and latency percentiles."""
    latencies = [r.latency_s for r in results]
    overall = _means(results)
    overall.update(
        {
            f"abstention_{k}": v
            for k, v in metrics.abstention(
                [bool(r.answer["abstained"]) for r in results], [not r.item.answerable for r in results]
            ).items()
        }
    )
    overall["latency_p50_s"] = round(metrics.percentile(latencies, 50), 4)
    overall["latency_p95_s"] = round(metrics.percentile(latencies, 95), 4)
    by_type = {
        kind: _means([r for r in results if r.item.type == kind]) for kind in sorted({r.item.type for r in results})
    }
    by_lang = {
        lang: _means([r for r in results if r.item.lang == lang]) for lang in sorted({r.item.lang for r in results})
    }
    crossing = [r for r in results if r.scores.get("cross_lingual") == 1.0]
    if crossing:
        by_lang["cross-lingual"] = _means(crossing)
    summary = {"overall": overall, "by_type": by_type, "by_lang": by_lang}
    refusals = refusal_counts(results)
    if refusals:
        summary["refusals"] = refusals
    calibration = abstention_calibration(results)
    if calibration:
        summary["calibration"] = calibration
    return summary


def refusal_counts(results: Sequence[QuestionResult]) -> dict[str, dict[str, int]]:
    """How many questions each rule refused (``Answer.refusal``), answerable and unanswerable apart."""
    out: dict[str, dict[str, int]] = {}
    for r in results:
        if r.answer["abstained"]:
            counts = out.setdefault(r.answer.get("refusal") or "unknown", {"unanswerable": 0, "answerable": 0})
            counts["answerable" if r.item.answerable else "unanswerable"] += 1
    return dict(sorted(out.items()))


def abstention_calibration(results: Sequence[QuestionResult], bins: int = 10) -> dict:
    """Reliability of the reader's P(the documents answer) against the gold sets' answerable flag,
    and the operating point: where it abstains, with the refusal rates that threshold gave."""
    scored = [r for r in results if r.answer.get("confidence") is not None]
    if not scored:
        return {}
    p = [float(r.answer["confidence"]) for r in scored]
    answerable = [r.item.answerable for r in scored]
    out = metrics.reliability(p, answerable, bins)
    refused = [bool(r.answer["abstained"]) for r in scored]
    unanswerable = [not a for a in answerable]
    out["unanswerable_refused"] = round(
        sum(f and u for f, u in zip(refused, unanswerable, strict=True)) / max(sum(unanswerable), 1), 4
    )
    out["answerable_refused"] = round(
        sum(f and a for f, a in zip(refused, answerable, strict=True)) / max(sum(answerable), 1), 4
    )
    answered_p = [x for x, f in zip(p, refused, strict=True) if not f]
    refused_p = [x for x, f in zip(p, refused, strict=True) if f]
    out["operating_point"] = {
        "lowest_answered": min(answered_p, default=None),
        "highest_refused": max(refused_p, default=None),
    }
    return out
