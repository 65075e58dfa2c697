"""The passage ranker: which retrieved passages the answerer reads first, learned instead of hand-set.

The hybrid search returns candidate passages; each is described by what the search and the rules'
sentence scores say of it, and of its release (the best passage of the same document: a release
found by several passages is likelier the one asked about, and its passages compete with each
other). A logistic model fitted on the dev split (``pressroom fit-ranker``, ``eval/fit_ranker.py``)
turns them into the probability that the passage holds the evidence of an answer; the passages are
read in that order. Without a fitted ranker the hand-set ``passage_score`` orders them, and so it
does candidates narrower than any the ranker was fitted on (``ReaderModel.passages_breadth``): the
ranker learned from thousands of releases, the hand-set weights were set on five press kits.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from assistant.dating import question_period
from assistant.reader_model import Logistic
from assistant.scoring import coverer, question_terms, term_weights
from index.lexical import terms
from index.store import SearchHit

PASSAGE_FEATURES = (
    "fused",  # the hybrid search's fused score, relative to the best candidate's
    "best_rules",  # the best rules score of its sentences (``score_sentences``)
    "best_dense",  # ... their best semantic match
    "best_lexical",  # ... their best lexical match
    "passage_dense",  # the question's cosine to the whole passage
    "context",  # IDF-weighted share of the question's terms in the passage with its title and headings
    "title",  # ... in its title and heading path alone
    "same_language",
    "fits",  # a sentence can hold the kind of answer asked for (rules reader)
    "search_rank",  # 1 / (1 + its place in the search's list)
    "foreign_pick",  # proposed by the multilingual encoder among the passages in other languages
    "log_words",
    "first",  # the document's first passage
    "document_fused",  # the best fused score among its release's candidate passages
    "document_passages",  # how many of the candidates are of its release
    "document_context",  # the best ``context`` among them
    "fused_below_document",  # fused minus the release's best (<= 0)
    "dense_below_document",  # best_dense minus the release's best (<= 0)
    "breadth",  # distinct releases among the candidates, per candidate: few in a small or one-topic index
)
# A signal's weight depends on the index's breadth: in five press kits every candidate is of one
# of five releases, in thousands of releases most are of their own.
BY_BREADTH = ("best_rules", "fused", "context", "document_fused", "fused_below_document", "best_lexical",
              "best_dense", "first", "document_context")
PASSAGE_FEATURES += tuple(f"{name}_by_breadth" for name in BY_BREADTH)
PASSAGE_FEATURES += (
    "period_asked",  # the question names a year or a month (``question_period``)
    "in_period",  # ... and the passage's release is dated then: annual meetings and reports recur
)


def passage_features(
    question: str,
    lang: str,
    hits: Sequence[SearchHit],
    sentences: Sequence[Sequence],
    search_rank: dict[str, int],
    foreign: set[str],
) -> np.ndarray:
    """PASSAGE_FEATURES of each hit; ``sentences``: each hit's rules-scored sentences
    (``ScoredSentence``); ``search_rank``: passage id → place in the search's list; ``foreign``:
    the ids the multilingual encoder proposed."""
    if not hits:
        return np.zeros((0, len(PASSAGE_FEATURES)))
    q_terms = question_terms(question, lang)
    texts = [set(terms(" ".join([h.title, *h.passage.heading_path, h.passage.text]), lang)) for h in hits]
    cover = coverer(q_terms, term_weights(q_terms, texts))
    top = max(h.score for h in hits) or 1.0
    rows = []
    for hit, found, context in zip(hits, sentences, texts, strict=True):
        rows.append([
            hit.score / top,
            max((s.score for s in found), default=0.0),
            max((s.dense for s in found), default=0.0),
            max((s.lexical for s in found), default=0.0),
            hit.dense_score,
            cover(context),
            cover(set(terms(" ".join([hit.title, *hit.passage.heading_path]), lang))),
            float(hit.lang == lang),
            float(any(s.fits for s in found)),
            1.0 / (1 + search_rank.get(hit.passage.id, len(search_rank))),
            float(hit.passage.id in foreign),
            math.log1p(len(hit.passage.text.split())),
            float(hit.passage.start == 0),
        ])
    by_document: dict[str, list[int]] = {}
    for i, hit in enumerate(hits):
        by_document.setdefault(hit.passage.source_id, []).append(i)
    for i, hit in enumerate(hits):
        same = by_document[hit.passage.source_id]
        fused, dense = max(rows[j][0] for j in same), max(rows[j][2] for j in same)
        rows[i] += [fused, len(same), max(rows[j][5] for j in same), rows[i][0] - fused, rows[i][2] - dense]
    breadth = len(by_document) / len(hits)
    base = PASSAGE_FEATURES[: PASSAGE_FEATURES.index("breadth")]
    period = question_period(question)
    for row, hit in zip(rows, hits, strict=True):
        month = (hit.date or "")[:7]
        row += [breadth, *(row[base.index(name)] * breadth for name in BY_BREADTH)]
        row += [float(period is not None), float(bool(period and month and period[0] <= month <= period[1]))]
    return np.array(rows, dtype=np.float64)


def breadth(features: np.ndarray) -> float:
    """The candidates' breadth (distinct releases per candidate), from ``passage_features``' rows."""
    return float(features[0, PASSAGE_FEATURES.index("breadth")]) if len(features) else 0.0


def passage_probabilities(model: Logistic, features: np.ndarray) -> list[float]:
    """The ranker's probability that each passage (a row of ``passage_features``) holds the answer's evidence."""
    columns = [PASSAGE_FEATURES.index(name) for name in model.features]  # those the model was fitted on
    return [float(p) for p in model.predict(features[:, columns])] if len(features) else []
