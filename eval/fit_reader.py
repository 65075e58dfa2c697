"""Fit the reader's three models on a dev gold set, reproducibly (``pressroom fit-reader``).

For every dev question the assistant retrieves as it would to answer; every sentence of the
retrieved passages becomes a row of ``assistant.reader`` features, labelled 1 when it states one of
the question's key facts (``must_include``) and stands in an evidence document (or one of its
language versions). Then:

1. ``sentence``: logistic regression on every row; its regularisation picked by 5-fold
   cross-validation grouped by question (log-loss);
2. ``typed``: the same on each question's shortlist, with answer-type evidence;
3. ``answerable``: logistic regression on one row per question, built from out-of-fold typed
   probabilities (so that it learns from probabilities like those it will see on new questions),
   labelled 1 for answerable questions whose shortlist holds a key fact and 0 for unanswerable
   ones (answerable questions whose retrieval missed are left out: no reading can answer them).
   Each answerable question also comes back *ablated*: read over the passages retrieved without
   its evidence documents, where no other document states its key facts, labelled 0: the
   documents then do not say it, as for a question on a topic they never cover. The abstention
   threshold is the highest that refuses at most 5 % of the answerable questions on the
   out-of-fold probabilities (the product's limit on wrong refusals); the share of unanswerable
   ones it refuses there, and Youden's J, are reported beside it, for all rows and for the
   written questions alone.

The selection ratios (how close to the best sentence another must score to join the answer) are
chosen on the dev rows too. Nothing here reads a test question.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from assistant.answer_types import expected_kind, needs_entities
from assistant.assistant import Assistant
from assistant.extractive import wants_list
from assistant.question_shape import asks_two_things
from assistant.reader import (
    ANSWERABLE_FEATURES,
    SENTENCE_FEATURES,
    SHORTLIST,
    TYPE_FEATURES,
    Scored,
    answerable_features,
    candidates,
    type_features,
)
from assistant.reader_model import Logistic, ReaderModel
from assistant.retriever import stored_names
from eval.gold import GoldItem
from eval.logistic import FOLDS, choose_c, fit_logistic, question_folds
from eval.reader_operating import logit, operating_point, platt, youden
from ingest.metadata import question_language

RATIOS = tuple(round(0.5 + 0.05 * i, 2) for i in range(11))  # 0.5 .. 1.0
MAX_REFUSED = 0.05  # the product's limit on answerable questions refused (issue 11)
ABLATION_DEPTH = 8  # passages retrieved beyond top_k, to fill the places of removed evidence
# Also read each answerable question over its shortlist without the sentences that state its key
# facts: the topic's passages are there and the fact is not, as in the written unanswerable questions.
SENTENCE_ABLATION = True
_TAG = re.compile(r"<[^>]+>")


def _flat(text: str) -> str:
    return " ".join(_TAG.sub(" ", text).split()).casefold()


@dataclass
class QuestionRows:
    """One dev question's candidates: features, answer-type features and labels."""

    item: GoldItem
    kind: str
    hits: list
    per_hit: list
    flat: list
    x: np.ndarray  # SENTENCE_FEATURES per candidate
    t: np.ndarray  # TYPE_FEATURES per candidate
    holds: list[bool]
    y: np.ndarray  # 1: states a key fact in an evidence document
    facts: list[set[int]]  # per candidate, the key-fact groups it states
    texts: list[str]
    lang: str
    ablated: bool = False  # retrieved without the evidence documents: the documents do not say


def collect(
    assistant: Assistant, items: Sequence[GoldItem], progress: Callable[[], None] | None = None
) -> list[QuestionRows]:
    """Every dev question's candidate sentences, as the assistant retrieves them; and for each
    answerable one, the same question over the passages retrieved without its evidence documents
    (``ablated``): the documents then do not say, which teaches the abstention what that looks like."""
    out = []
    top_k = assistant.settings.top_k
    for item in items:
        if progress:
            progress()
        question = " ".join(item.question.split())
        lang = question_language(question)
        ranked, query, learned = assistant.passages(lang)._ranked(question)
        evidence = {e.doc for e in item.evidence}
        for doc in list(evidence):
            evidence |= set(assistant.store.versions(doc).values())
        out.append(_rows(assistant, item, question, lang, query, ranked, evidence, learned))
        if item.answerable and item.must_include:
            deeper, _, learned = assistant.passages(lang, top_k=top_k + ABLATION_DEPTH)._ranked(question)
            rest = [triple for triple in deeper if triple[1].passage.source_id not in evidence][:top_k]
            ablated = _rows(assistant, item, question, lang, query, rest, evidence, learned, ablated=True)
            if not any(ablated.facts):  # no other document states the answer either
                out.append(ablated)
    return out


def _rows(
    assistant: Assistant,
    item: GoldItem,
    question: str,
    lang: str,
    query: np.ndarray,
    ranked: list,  # (score, hit, sentences) as the retriever ranks them
    evidence: set[str],
    learned: bool,  # the passage ranker ordered them: their scores are its probabilities
    ablated: bool = False,
) -> QuestionRows:
    hits = [hit for _, hit, _ in ranked]
    scores = [p for p, _, _ in ranked] if learned else None
    per_hit = candidates(question, lang, query, hits, assistant.embedder, scores)
    flat = [c for row in per_hit for c in row]
    kind = expected_kind(question, lang)
    names = stored_names(assistant.store, hits) if needs_entities(kind) else None
    typed = type_features(kind, question, lang, hits, flat, per_hit, names)
    texts = [hits[c.hit].passage.text[c.start : c.end] for c in flat]
    facts = []
    for c, text in zip(flat, texts, strict=True):
        flat_text = _flat(text)
        found = {
            g
            for g, group in enumerate(item.must_include)
            if any(_flat(alt) and _flat(alt) in flat_text for alt in group)
        }
        # Ablated rows: a key fact stated anywhere counts (it would make the question answerable).
        facts.append(found if ablated or hits[c.hit].passage.source_id in evidence else set())
    y = np.array([float(bool(f)) for f in facts]) if item.answerable and not ablated else np.zeros(len(flat))
    return QuestionRows(
        item,
        kind,
        hits,
        per_hit,
        flat,
        np.array([c.features for c in flat]).reshape(len(flat), len(SENTENCE_FEATURES)),
        np.array([t for t, _ in typed]).reshape(len(flat), len(TYPE_FEATURES)),
        [h for _, h in typed],
        y,
        facts,
        texts,
        lang,
        ablated,
    )


def _shortlist(model: Logistic, q: QuestionRows) -> np.ndarray:
    if not len(q.flat):
        return np.zeros(0, dtype=int)
    return np.argsort(-model.predict(q.x), kind="stable")[:SHORTLIST]


def _typed_rows(q: QuestionRows, idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return np.hstack([q.x[idx], q.t[idx]]), q.y[idx]


def _states_a_fact(q: QuestionRows, i: int) -> bool:
    """Whether candidate ``i`` states one of the question's key facts, in any document."""
    text = _flat(q.texts[i])
    return any(_flat(alt) and _flat(alt) in text for group in q.item.must_include for alt in group)


def _answerable_row(q: QuestionRows, idx: np.ndarray, p: np.ndarray) -> tuple[float, ...]:
    short = [Scored(q.flat[i], float(pi), True, q.holds[i]) for i, pi in zip(idx, p, strict=True)]
    return answerable_features(q.kind, q.item.question, q.lang, q.hits, short)


def _choose_ratio(rows: list[tuple[QuestionRows, np.ndarray, np.ndarray]], listing: bool) -> tuple[float, dict]:
    """The selection ratio that best trades key facts against sentences from elsewhere."""
    scores = {}
    for ratio in RATIOS:
        values = []
        for q, idx, p in rows:
            if not q.item.answerable or not q.item.must_include or wants_list(q.item.question, q.lang) != listing:
                continue
            if not len(idx):
                continue
            floor = p.max() * ratio
            # As ``ask`` selects: a question that asks two things takes at least two sentences.
            least = 2 if asks_two_things(q.item.question, q.lang) else 1
            ranked = sorted(zip(idx, p, strict=True), key=lambda t: -t[1])
            chosen = [i for n, (i, pi) in enumerate(ranked) if pi >= floor or n < least]
            chosen = chosen[: (6 if listing else 3)]
            facts = set().union(*(q.facts[i] for i in chosen))
            precision = np.mean([bool(q.y[i]) or bool(q.facts[i]) for i in chosen])
            values.append(0.5 * len(facts) / len(q.item.must_include) + 0.5 * precision)
        scores[ratio] = float(np.mean(values)) if values else 0.0
    best = max(scores, key=lambda r: (round(scores[r], 4), r))
    return best, {str(r): round(v, 4) for r, v in scores.items()}


def fit(all_rows: list[QuestionRows], description: dict, sentence_ablation: bool = SENTENCE_ABLATION) -> ReaderModel:
    """The three models and operating points from the dev questions' rows."""
    rows = [q for q in all_rows if not q.ablated]
    groups = [(q.x, q.y) for q in rows if len(q.flat)]
    stating = sum(1 for q in rows if q.y.any())
    unanswerable = sum(1 for q in all_rows if q.ablated or not q.item.answerable)
    if stating < FOLDS or unanswerable < FOLDS:  # every fold of the cross-validation needs both kinds
        raise ValueError(
            f"{stating} questions whose passages state a key fact and {unanswerable} the documents do not "
            f"answer: fitting needs at least {FOLDS} of each (a dev set of a few hundred questions is meant)"
        )
    c1, loss1 = choose_c(groups, SENTENCE_FEATURES)
    x, y = np.vstack([g[0] for g in groups]), np.concatenate([g[1] for g in groups])
    sentence = fit_logistic(x, y, c1, SENTENCE_FEATURES)
    shortlists = [_shortlist(sentence, q) for q in all_rows]
    typed_groups = [_typed_rows(q, idx) for q, idx in zip(all_rows, shortlists, strict=True)]
    typed_names = (*SENTENCE_FEATURES, *TYPE_FEATURES)
    usable = [g for g, q in zip(typed_groups, all_rows, strict=True) if len(g[1]) and not q.ablated]
    c2, loss2 = choose_c(usable, typed_names)
    typed = fit_logistic(np.vstack([g[0] for g in usable]), np.concatenate([g[1] for g in usable]), c2, typed_names)
    # Out-of-fold typed probabilities for the question-level rows; an ablated row is held out with its question.
    ids = sorted({q.item.id for q in all_rows})
    fold_of = {qid: f for f, held in enumerate(question_folds(len(ids))) for qid in (ids[i] for i in held)}
    oof: list[np.ndarray] = [np.zeros(0)] * len(all_rows)
    for f in range(FOLDS):
        train = [
            g for g, q in zip(typed_groups, all_rows, strict=True)
            if fold_of[q.item.id] != f and len(g[1]) and not q.ablated
        ]
        model = fit_logistic(np.vstack([g[0] for g in train]), np.concatenate([g[1] for g in train]), c2, typed_names)
        for i, q in enumerate(all_rows):
            if fold_of[q.item.id] == f and len(typed_groups[i][1]):
                oof[i] = model.predict(typed_groups[i][0])
    q_rows, q_labels, q_ids, q_real = [], [], [], []
    for q, idx, p in zip(all_rows, shortlists, oof, strict=True):
        found = bool(q.y[idx].any()) if len(idx) else False
        if q.item.answerable and not q.ablated and not found:
            continue  # retrieval missed: no reading answers it
        if not len(idx):
            continue
        q_rows.append(_answerable_row(q, idx, p))
        q_labels.append(float(q.item.answerable and not q.ablated))
        q_ids.append(q.item.id)
        q_real.append(not q.ablated)
        keep = [k for k, i in enumerate(idx) if not _states_a_fact(q, i)]
        if sentence_ablation and found and keep:  # the topic's passages stay, the fact's sentences go
            q_rows.append(_answerable_row(q, idx[keep], p[keep]))
            q_labels.append(0.0)
            q_ids.append(q.item.id)
            q_real.append(False)
    qx, qy, real = np.array(q_rows), np.array(q_labels), np.array(q_real)
    c3, loss3 = choose_c([(qx[i : i + 1], qy[i : i + 1]) for i in range(len(qy))], ANSWERABLE_FEATURES)
    answerable = fit_logistic(qx, qy, c3, ANSWERABLE_FEATURES)
    oof3 = np.zeros(len(qy))
    for f in range(FOLDS):
        held = np.array([fold_of[qid] == f for qid in q_ids])
        oof3[held] = fit_logistic(qx[~held], qy[~held], c3, ANSWERABLE_FEATURES).predict(qx[held])
    # The synthetic rows (ablated, sentence-ablated) shift the model's base rate: rescale its log-odds
    # so that the out-of-fold probabilities of the written questions are calibrated (Platt). The
    # rescaling is monotone, so the decisions at the operating point below are the same.
    a, b = platt(oof3[real], qy[real])
    answerable = Logistic(answerable.features, answerable.mean, answerable.scale, answerable.coef * a,
                          answerable.intercept * a + b)
    oof3 = 1.0 / (1.0 + np.exp(-(a * logit(oof3) + b)))
    # The operating point: refuse as many unanswerable questions as possible while refusing at most
    # MAX_REFUSED of the answerable ones (the product's limit), on the out-of-fold probabilities.
    threshold, j = operating_point(oof3, qy, MAX_REFUSED)
    j["written_only"] = operating_point(oof3[real], qy[real], MAX_REFUSED)[1]
    j["youden_j"] = youden(oof3, qy)[1]["youden_j"]
    j["youden_j_written_only"] = youden(oof3[real], qy[real])[1]["youden_j"]
    rows_p = [(q, idx, p) for q, idx, p in zip(all_rows, shortlists, oof, strict=True) if not q.ablated]
    ratio, ratio_scores = _choose_ratio(rows_p, listing=False)
    ratio_list, list_scores = _choose_ratio(rows_p, listing=True)
    fitted = {
        **description,
        "questions": len(rows),
        "ablated_questions": len(all_rows) - len(rows),
        "sentences": int(sum(len(q.flat) for q in rows)),
        "positive_sentences": int(sum(q.y.sum() for q in rows)),
        "answerable_rows": int(qy.sum()),
        "unanswerable_rows": int(len(qy) - qy.sum()),
        "C": {"sentence": c1, "typed": c2, "answerable": c3},
        "cv_log_loss": {"sentence": loss1, "typed": loss2, "answerable": loss3},
        "threshold_choice": j,
        "calibration": {"log_odds_scale": round(a, 4), "log_odds_shift": round(b, 4)},
        "select_ratio_scores": ratio_scores,
        "select_ratio_list_scores": list_scores,
        "out_of_fold": {
            "p": [round(float(v), 4) for v in oof3[real]],
            "answerable": [int(v) for v in qy[real]],
        },
    }
    return ReaderModel(sentence, typed, answerable, threshold, ratio, ratio_list, fitted)


def run(
    assistant: Assistant, items: Sequence[GoldItem], gold: str, progress: Callable[[], None] | None = None
) -> ReaderModel:
    """Collect the dev rows of ``items`` and fit the reader on them."""
    rows = collect(assistant, items, progress)  # under the configured passage ranker, which the new model keeps
    langs = sorted({q.item.lang for q in rows})
    model = fit(rows, {"gold": gold, "languages": langs, "documents": len(assistant.store.list_documents())})
    return replace(model, passages=ranker_of(assistant), passages_breadth=assistant.reader_model.passages_breadth)


def ranker_of(assistant: Assistant) -> Logistic | None:
    """The passage ranker the assistant ranks with, if any (``assistant.ranker``)."""
    return assistant.reader_model.passages if assistant.settings.ranking == "learned" else None
