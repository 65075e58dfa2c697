"""The reader: how likely each retrieved sentence answers the question, and whether any does.

Every sentence of the retrieved passages is described by features read in its context (its
semantic and lexical match, its neighbours', its passage's title and headings, its passage's
rank, what it adds beyond the question's words). Three logistic models fitted on the dev split
of the team's gold sets (``pressroom fit-reader``, see ``eval/fit_reader.py``) turn them into
probabilities:

1. ``sentence``: P(the sentence answers) from the features, for every candidate;
2. ``typed``: the same with answer-type evidence (a person or organisation for "who", a date
   for "when", a figure for "how many", a place for "where", from spaCy's entity recogniser
   and ingest's date extractor), for the shortlist of the best candidates only;
3. ``answerable``: P(the documents answer the question) from the shortlist and from what of
   the question the retrieved passages do not mention; the answerer abstains below the
   operating point chosen on the dev split.

No weight or threshold here is set by hand: they are read from ``reader_model.json``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from assistant.answer_types import (
    KINDS,
    asks_statement,
    expected_kind,
    figures,
    holds_kind,
    names_between,
    names_in,
    names_person,
    needs_entities,
)
from assistant.reader_model import ReaderModel, packaged_model
from assistant.scoring import coverer, question_terms, term_weights
from assistant.sentence_spans import span_cosines, spans
from index.embedding import Embedder
from index.lexical import terms
from index.store import SearchHit
from ingest.entities import entities
from ingest.records import Mention

SHORTLIST = 10  # candidates that get answer-type evidence (the entity recogniser is slow)

SENTENCE_FEATURES = (
    "cosine",  # question vs sentence, embeddings
    "passage_cosine",  # question vs the whole passage
    "lexical",  # share of the question's (IDF-weighted) terms in the sentence
    "context_lexical",  # ... in the passage with its title and headings
    "title_lexical",  # ... in the title and heading path alone
    "window_lexical",  # ... in the sentence with its neighbours
    "neighbour_cosine",  # best cosine of the sentences before and after it
    "cosine_gap",  # cosine minus the best cosine of all candidates (<= 0)
    "lexical_gap",  # lexical minus the best lexical of all candidates (<= 0)
    "passage_rank",  # 1 / (1 + rank of the passage in the hybrid search)
    "fused",  # the passage's fused search score relative to the best
    "same_language",
    "log_words",
    "heading",
    "novelty",  # share of the sentence's terms that the question does not have
    "position",  # place of the sentence in its passage, 0 first .. 1 last
    "document_lead",  # the first sentence of its document
    "asks_statement_quoted",  # a "what did X say" question and a sentence with quotation marks
    "rarest_term",  # the sentence holds the question's rarest term among the candidates (its focus)
    "previous_lexical",  # lexical of the sentence before it in its passage (0 for the first): an introduction
    "next_lexical",  # ... of the sentence after it
    "previous_cosine",  # cosine of the sentence before it
    "next_cosine",  # ... of the sentence after it
    "passage_p",  # the passage ranker's probability that its passage holds the evidence (assistant.ranker; else 0)
)
TYPE_FEATURES = tuple(f"expects_{k}" for k in KINDS) + tuple(f"holds_{k}" for k in KINDS) + (
    "holds_nearby",  # the expected kind is in a neighbouring sentence or the heading path
    "holds_person",  # asked "who", the sentence names a person the question does not
)
ANSWERABLE_FEATURES = (
    "best",  # best typed probability of the shortlist
    "second",
    "top3_mean",
    "best_holds",  # the best candidate holds the expected kind (1 where none is expected)
    "missing_share",  # question term weight found in none of the top 3 passages
    "missing_max",  # the heaviest such term's weight relative to the heaviest question term
    "best_lexical",
    "best_context_lexical",
    "top_passage_cosine",
    "missing_entities",  # share of the question's named entities that the top 3 passages never name
    "missing_figures",  # share of the question's figures (years, amounts) absent from them
    *(f"expects_{k}" for k in KINDS),
)
_QUOTE_MARKS = '"“”«»„'


@dataclass(frozen=True)
class Candidate:
    """A sentence (or a long heading) of a retrieved passage, with its features."""

    hit: int  # index of its passage among the hits
    start: int  # relative to the passage
    end: int
    heading: bool
    features: tuple[float, ...]  # SENTENCE_FEATURES
    cosine: float
    lexical: float


@dataclass(frozen=True)
class Scored:
    """A candidate with its probabilities: ``p`` is the typed one on the shortlist, else the first."""

    candidate: Candidate
    p: float
    shortlisted: bool
    holds: bool  # holds the expected kind of answer (True where none is expected)


@dataclass(frozen=True)
class Reading:
    """What the reader made of the retrieved passages for one question."""

    kind: str  # expected kind of answer ('' for any)
    sentences: tuple[tuple[Scored, ...], ...]  # per hit, in passage order
    answerable: float | None  # P(the documents answer the question); None where it was not asked for
    threshold: float  # abstain below this
    features: tuple[float, ...] = ()  # ANSWERABLE_FEATURES, for calibration reports

    @property
    def abstains(self) -> bool:
        return self.answerable is not None and self.answerable < self.threshold

    @property
    def best_in_another_language(self) -> bool:
        """Whether the likeliest sentence is in another language than the question's."""
        best = max((s for row in self.sentences for s in row), key=lambda s: s.p, default=None)
        return best is not None and not best.candidate.features[SENTENCE_FEATURES.index("same_language")]

    def holds_kind(self, hit: int, start: int) -> bool:
        """Whether the sentence at ``start`` of the ``hit``-th passage holds the kind of answer asked for."""
        row = self.sentences[hit] if hit < len(self.sentences) else ()
        return any(s.holds for s in row if s.candidate.start == start)


def candidates(
    question: str, lang: str, query: np.ndarray, hits: Sequence[SearchHit], embedder: Embedder,
    passage_p: Sequence[float] | None = None,
) -> list[list[Candidate]]:
    """Every sentence of every hit with its SENTENCE_FEATURES, per hit in passage order."""
    q_terms = question_terms(question, lang)
    all_spans = [spans(hit) for hit in hits]
    all_cosines = span_cosines(query, hits, all_spans, embedder, question, lang)
    texts = {hit.passage.text[a:b] for hit, s in zip(hits, all_spans, strict=True) for a, b, _ in s}
    sentence_terms = {text: set(terms(text, lang)) for text in texts}
    weights = term_weights(q_terms, list(sentence_terms.values()))
    cover = coverer(q_terms, weights)
    q_set = set(q_terms)
    rarest = max(weights, key=lambda t: (weights[t], t)) if weights else None
    statement = asks_statement(question, lang)
    top = max((hit.score for hit in hits), default=1.0) or 1.0
    rows: list[list[tuple]] = []
    for rank, (hit, hit_spans, cosines) in enumerate(zip(hits, all_spans, all_cosines, strict=True)):
        text = hit.passage.text
        head = " ".join([hit.title, *hit.passage.heading_path])
        context = cover(set(terms(head + " " + text, lang)))
        title = cover(set(terms(head, lang)))
        own_terms = [sentence_terms[text[a:b]] for a, b, _ in hit_spans]
        own_lexical = [cover(t) for t in own_terms]
        last = len(hit_spans) - 1
        row = []
        for i, (a, b, heading) in enumerate(hit_spans):
            neighbours = [j for j in (i - 1, i + 1) if 0 <= j < len(hit_spans) and not hit_spans[j][2]]
            window = set(own_terms[i]).union(*(own_terms[j] for j in neighbours))
            own = own_terms[i]
            sentence = text[a:b]
            features = (
                cosines[i],
                hit.dense_score,
                own_lexical[i],
                context,
                title,
                cover(window),
                max((cosines[j] for j in neighbours), default=0.0),
                0.0,  # gaps are filled below, once every candidate is known
                0.0,
                1.0 / (1 + rank),
                hit.score / top,
                float(hit.lang == lang),
                math.log1p(len(sentence.split())),
                float(heading),
                len(own - q_set) / len(own) if own else 0.0,
                i / max(len(hit_spans) - 1, 1),
                float(hit.passage.start == 0 and i == 0),
                float(statement and any(mark in sentence for mark in _QUOTE_MARKS)),
                float(rarest in own),
                own_lexical[i - 1] if i > 0 else 0.0,
                own_lexical[i + 1] if i < last else 0.0,
                cosines[i - 1] if i > 0 else 0.0,
                cosines[i + 1] if i < last else 0.0,
                passage_p[rank] if passage_p is not None else 0.0,  # constant: a fit without a ranker ignores it
            )
            row.append((a, b, heading, features))
        rows.append(row)
    best_cos = max((f[0] for row in rows for *_, f in row), default=0.0)
    best_lex = max((f[2] for row in rows for *_, f in row), default=0.0)
    return [
        [
            Candidate(h, a, b, heading, (*f[:7], f[0] - best_cos, f[2] - best_lex, *f[9:]), f[0], f[2])
            for a, b, heading, f in row
        ]
        for h, row in enumerate(rows)
    ]


def type_features(
    kind: str,
    question: str,
    lang: str,
    hits: Sequence[SearchHit],
    chosen: Sequence[Candidate],
    hit_candidates: Sequence[Sequence[Candidate]],
    names: Mapping[str, Sequence[Mention]] | None = None,
) -> list[tuple[tuple[float, ...], bool]]:
    """TYPE_FEATURES of each chosen candidate, and whether it holds the expected kind; ``names``: each
    document's names read at ingest (``ingest.mentions``), used for who/where instead of the recogniser."""
    out = []
    if not kind:
        return [(tuple(0.0 for _ in TYPE_FEATURES), True) for _ in chosen]
    # The sentences to read: each candidate, its neighbours, and its heading path.
    needed: dict[str, None] = {}
    plans = []
    for c in chosen:
        passage = hits[c.hit].passage
        siblings = hit_candidates[c.hit]
        i = next(j for j, s in enumerate(siblings) if s.start == c.start and s.end == c.end)
        near = (siblings[j] for j in (i - 1, i + 1) if 0 <= j < len(siblings))
        spans = [(c.start, c.end)] + [(s.start, s.end) for s in near]
        texts = [passage.text[a:b] for a, b in spans] + list(passage.heading_path)
        plans.append((spans, texts))
        needed.update(dict.fromkeys(texts))
    read_now = needs_entities(kind) and names is None
    found = dict(zip(list(needed), entities(list(needed), lang), strict=True)) if read_now else {}
    for c, (spans, texts) in zip(chosen, plans, strict=True):
        date = hits[c.hit].date
        if names is not None and needs_entities(kind):
            stored = names.get(hits[c.hit].passage.source_id, ())
            at = hits[c.hit].passage.start
            ents = [names_between(stored, at + a, at + b) for a, b in spans]
            ents += [names_in(stored, t) for t in texts[len(spans) :]]
        else:
            ents = [found.get(t, ()) for t in texts]
        holds = holds_kind(kind, texts[0], question, ents[0], date, lang)
        nearby = any(holds_kind(kind, t, question, e, date, lang) for t, e in zip(texts[1:], ents[1:], strict=True))
        person = kind == "who" and names_person(ents[0], question)  # likelier than an organisation
        values = [float(kind == k) for k in KINDS] + [float(holds and kind == k) for k in KINDS]
        out.append(((*values, float(nearby), float(person)), holds))
    return out


def read(
    question: str,
    lang: str,
    query: np.ndarray,
    hits: Sequence[SearchHit],
    embedder: Embedder,
    model: ReaderModel | None = None,
    decide: bool = True,
    names: Mapping[str, Sequence[Mention]] | None = None,
    passage_p: Sequence[float] | None = None,
) -> Reading:
    """Score every sentence of ``hits`` and, with ``decide``, the probability that they answer
    ``question`` (its features read the question's names: the entity recogniser loads for that)."""
    model = model or packaged_model()
    kind = expected_kind(question, lang)
    per_hit = candidates(question, lang, query, hits, embedder, passage_p)
    flat = [c for row in per_hit for c in row]
    first = model.sentence.predict(_columns(np.array([c.features for c in flat]), SENTENCE_FEATURES,
                                            model.sentence.features)) if flat else np.zeros(0)
    order = np.argsort(-first, kind="stable")[:SHORTLIST]
    short = [flat[i] for i in order]
    typed_rows = type_features(kind, question, lang, hits, short, per_hit, names)
    rows = np.array([c.features + t for c, (t, _) in zip(short, typed_rows, strict=True)])
    typed = model.typed.predict(_columns(rows, SENTENCE_FEATURES + TYPE_FEATURES, model.typed.features)) if short \
        else np.zeros(0)
    by_key: dict[tuple[int, int], Scored] = {}
    for c, p in zip(flat, first, strict=True):
        by_key[(c.hit, c.start)] = Scored(c, float(p), False, not kind)
    for c, p, (_, holds) in zip(short, typed, typed_rows, strict=True):
        by_key[(c.hit, c.start)] = Scored(c, float(p), True, holds)
    sentences = tuple(tuple(by_key[(c.hit, c.start)] for c in row) for row in per_hit)
    if not decide:
        return Reading(kind, sentences, None, model.threshold)
    features = answerable_features(kind, question, lang, hits, [by_key[(c.hit, c.start)] for c in short])
    p = float(model.answerable.predict(np.array([features]))[0]) if short else 0.0
    return Reading(kind, sentences, p, model.threshold, features)


def _columns(rows: np.ndarray, names: Sequence[str], used: Sequence[str]) -> np.ndarray:
    """The columns of ``rows`` (named ``names``) that a model was fitted on (``used``): a model fitted
    before a feature was added reads the rest."""
    if tuple(names) == tuple(used) or not len(rows):
        return rows
    return rows[:, [list(names).index(name) for name in used]]


def answerable_features(
    kind: str, question: str, lang: str, hits: Sequence[SearchHit], shortlist: Sequence[Scored]
) -> tuple[float, ...]:
    """ANSWERABLE_FEATURES of a question's shortlist."""
    ranked = sorted(shortlist, key=lambda s: -s.p)
    ps = [s.p for s in ranked] + [0.0, 0.0, 0.0]
    best = ranked[0] if ranked else None
    q_terms = question_terms(question, lang)
    top_texts = [" ".join([h.title, *h.passage.heading_path, h.passage.text]) for h in hits[:3]]
    seen = set(terms(" ".join(top_texts), lang))
    weights = term_weights(q_terms, [set(terms(t, lang)) for t in top_texts] or [set()])
    total = sum(weights.values()) or 1.0
    absent = [weights[t] for t in sorted(set(q_terms)) if t not in seen]
    flat = " ".join(" ".join(top_texts).lower().split())
    named = {e.text.lower() for e in entities([question], lang)[0] if e.kind not in ("time", "number", "amount")}
    numbers = set(figures(question))
    return (
        ps[0],
        ps[1],
        sum(ps[:3]) / 3,
        float(best.holds) if best else 0.0,
        sum(absent) / total,
        max(absent, default=0.0) / (max(weights.values(), default=0.0) or 1.0),
        best.candidate.lexical if best else 0.0,
        best.candidate.features[3] if best else 0.0,
        hits[0].dense_score if hits else 0.0,
        sum(" ".join(n.split()) not in flat for n in named) / len(named) if named else 0.0,
        sum(n not in flat for n in numbers) / len(numbers) if numbers else 0.0,
        *(float(kind == k) for k in KINDS),
    )
