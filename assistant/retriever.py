"""Hybrid retrieval, reranked by the best-answering sentence.

Qdrant fuses dense and sparse candidates (RRF); each candidate's sentences are then
scored against the question, and passages are ordered by their best sentence. The
sentence scores travel in the node metadata for the answerer.

The nodes are ``assistant.nodes``' plain records, so that an answer imports no llama-index;
``assistant/llama_retriever.py`` serves the same passages as a llama-index retriever.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from assistant.answer_types import expected_kind, needs_entities
from assistant.dating import question_period
from assistant.nodes import PassageNode, ScoredNode
from assistant.ranker import breadth, passage_features, passage_probabilities
from assistant.reader import Reading, read
from assistant.reader_model import Logistic, ReaderModel
from assistant.scoring import (
    combine,
    coverer,
    expected_answer,
    fits_answer_type,
    question_terms,
    term_weights,
)
from assistant.sentence_spans import span_cosines, spans
from index.embedding import Embedder
from index.errors import UnknownDocument
from index.filters import SearchFilters
from index.lexical import terms
from index.store import PassageStore, SearchHit
from ingest.metadata import SENTENCE_WORDS
from ingest.records import Mention

HEADING_WEIGHT = 0.85
FUSED_WEIGHT = 0.2
MISFIT_WEIGHT = 0.85  # rules reader: a sentence that cannot hold the asked-for kind of answer ranks lower
VERSION_PASSAGES = 3  # passages fetched from a release's version in the question's language
CROSS_LINGUAL_SLOTS = 2  # places among the top passages kept for other languages than the question's
FOREIGN_CANDIDATES = 10  # passages in other languages the multilingual encoder proposes for those places


@dataclass(frozen=True)
class ScoredSentence:
    """A sentence of a retrieved passage with its score against the question."""

    start: int  # relative to the passage
    end: int
    score: float
    dense: float
    lexical: float
    fits: bool = True  # can hold the kind of answer asked for (a date for "when"), by the rules reader


@dataclass(frozen=True)
class RankedPassage:
    """A passage in the order the retriever ranks it, with its rank score."""

    score: float
    hit: SearchHit


class PassageRetriever:
    """Retrieve passages for a question, with filters, as nodes (``assistant.nodes``)."""

    def __init__(
        self,
        store: PassageStore,
        embedder: Embedder,
        *,
        top_k: int = 8,
        candidates: int = 30,
        filters: SearchFilters | None = None,
        lang: str = "en",
        ranker: Logistic | None = None,
        ranker_breadth: float = 0.0,
    ) -> None:
        if top_k < 1 or candidates < top_k:
            raise ValueError(f"need 1 <= top_k <= candidates, got top_k={top_k}, candidates={candidates}")
        self._store = store
        self._embedder = embedder
        self._top_k = top_k
        self._candidates = candidates
        self._filters = filters
        self._lang = lang
        self._ranker = ranker  # assistant.ranker's model; None: the hand-set passage_score
        self._ranker_breadth = ranker_breadth  # ... for candidates at least this broad (ReaderModel.passages_breadth)

    def retrieve(self, question: str) -> list[ScoredNode]:
        """The ranked passages as nodes, their sentences scored by the rules reader."""
        return self._nodes(self._ranked(question)[0])

    def search(self, question: str) -> list[RankedPassage]:
        """The ranked passages, without reading them: what every search (CLI, API, web) lists."""
        if not question.strip():
            raise ValueError("the query is empty")
        return [RankedPassage(score, hit) for score, hit, _ in self._ranked(question, in_period=True)[0]]

    def read(
        self, question: str, model: ReaderModel | None = None, decide: bool = True
    ) -> tuple[list[ScoredNode], Reading]:
        """The ranked passages as nodes, and the reader's view of their sentences (``assistant.reader``;
        with ``decide``, its probability that they answer)."""
        hits, query, learned = self._ranked(question)
        passages = [hit for _, hit, _ in hits]
        names = stored_names(self._store, passages) if needs_entities(expected_kind(question, self._lang)) else None
        scores = [score for score, _, _ in hits] if learned else None
        reading = read(question, self._lang, query, passages, self._embedder, model, decide, names, scores)
        return self._nodes(hits), reading

    def _nodes(self, hits: list[tuple[float, SearchHit, list[ScoredSentence]]]) -> list[ScoredNode]:
        return [
            _node(hit, sentences, score, self._store.versions(hit.passage.source_id))
            for score, hit, sentences in hits
        ]

    def candidates(self, question: str, in_period: bool = False) -> tuple[list, list, dict, list[str], np.ndarray]:
        """The passages to rank: the hits, their rules-scored sentences, each passage's place in the
        search's list (by id), the ids the multilingual encoder proposed, and the question's vector."""
        query = self._embedder.embed([question])[0]
        hits = self._store.search(
            question, limit=self._candidates, filters=self._filters, lang=self._lang, query_vector_dense=query.tolist()
        )
        if in_period:
            hits = self._with_period(question, hits, query)
        # The passages in other languages nearest by the multilingual encoder: candidates for the
        # places kept for them, in that encoder's order. A release with a version in the
        # question's language is left to the search above.
        foreign = [
            hit
            for hit in self._store.search_other_languages(
                question, self._lang, limit=FOREIGN_CANDIDATES, filters=self._filters, query_vector_dense=query.tolist()
            )
            if self._lang not in self._store.versions(hit.passage.source_id)
        ]
        known = {hit.passage.id for hit in hits}
        hits += [hit for hit in foreign if hit.passage.id not in known]
        searched = {hit.passage.id: i for i, hit in enumerate(hits)}
        # Each release once, in the question's language where it has a version.
        hits = self._store.one_version_per_release(
            question, hits, self._lang, self._filters, per_release=VERSION_PASSAGES, query_vector_dense=query.tolist()
        )
        scored = score_sentences(question, self._lang, query, hits, self._embedder)
        return hits, scored, searched, [hit.passage.id for hit in foreign], query

    def _ranked(
        self, question: str, in_period: bool = False
    ) -> tuple[list[tuple[float, SearchHit, list[ScoredSentence]]], np.ndarray, bool]:
        """The passages, best first, the question's vector, and whether the ranker ordered them."""
        hits, scored, searched, order, query = self.candidates(question, in_period)
        features = None
        if self._ranker is not None:
            features = passage_features(question, self._lang, hits, scored, searched, set(order))
            if breadth(features) < self._ranker_breadth:
                features = None
        if features is not None:
            scores = passage_probabilities(self._ranker, features)
        else:
            top = max((hit.score for hit in hits), default=1.0) or 1.0
            scores = [passage_score(hit.score / top, sentences) for hit, sentences in zip(hits, scored, strict=True)]
        ranked = sorted(zip(scores, hits, scored, strict=True), key=lambda triple: -triple[0])
        # The language of a keyword or two is a guess ("EMPACT" reads as Spanish, "Europol" as
        # Polish), and every passage would then count as in another language.
        sentence = len(question.split()) >= SENTENCE_WORDS
        ranked = with_other_languages(ranked, self._lang, self._top_k, preferred=order, reorder=sentence)
        return ranked, query, features is not None

    def _with_period(self, question: str, hits: list[SearchHit], query: np.ndarray) -> list[SearchHit]:
        """A query that names a year or a month searches the documents dated then as well
        (``question_period``), and a passage found both ways keeps the better fused score: "asylum
        applications June 2019" finds the release of early July 2019, which says "in June". The
        user's own date filters prevail. Searches only: an answer reads the passages as ranked."""
        period = question_period(question)
        if period is None or (self._filters and (self._filters.date_from or self._filters.date_to)):
            return hits
        scoped = replace(self._filters or SearchFilters(), date_from=period[0], date_to=period[1])
        dated = {
            hit.passage.id: hit
            for hit in self._store.search(question, limit=self._candidates, filters=scoped, lang=self._lang,
                                          query_vector_dense=query.tolist())  # fmt: skip
        }
        kept = []
        for hit in hits:
            also = dated.pop(hit.passage.id, None)
            kept.append(also if also is not None and also.score > hit.score else hit)
        return kept + list(dated.values())


def stored_names(store: PassageStore, hits: list[SearchHit]) -> dict[str, tuple[Mention, ...]]:
    """The names read at ingest in each hit's document (empty for one deleted since the search)."""
    out: dict[str, tuple[Mention, ...]] = {}
    for source in dict.fromkeys(hit.passage.source_id for hit in hits):
        try:
            out[source] = store.document(source).mentions
        except UnknownDocument:
            out[source] = ()
    return out


def with_other_languages(
    ranked: list,
    lang: str,
    top_k: int,
    slots: int = CROSS_LINGUAL_SLOTS,
    preferred: list[str] | None = None,
    reorder: bool = True,
) -> list:
    """The first ``top_k`` of ``ranked``, keeping up to ``slots`` places for the best passages in
    other languages than the question's: a release that exists only in another language still
    reaches the answerer when passages in the question's language fill the ranking.

    ``preferred`` is the multilingual encoder's order of passages in other languages (ids): its
    first ``slots`` found in ``ranked`` take those places, ahead of the last passages of the head
    that it did not choose, whatever their language, and (with ``reorder``) come first among the
    passages in other languages. Without it, the places go to the passages in other languages
    that rank best.

    >>> class P:
    ...     def __init__(self, i): self.id = i
    >>> class H:
    ...     def __init__(self, lang, i=""): self.lang, self.passage = lang, P(i)
    >>> ranked = [(0.9, H("nl"), []), (0.8, H("nl"), []), (0.7, H("nl"), []), (0.2, H("en"), [])]
    >>> [h.lang for _, h, _ in with_other_languages(ranked, "nl", 3, slots=1)]
    ['nl', 'nl', 'en']
    >>> ranked = [(0.9, H("en", "a"), []), (0.8, H("en", "b"), []), (0.7, H("de", "c"), []), (0, H("de", "d"), [])]
    >>> [h.passage.id for _, h, _ in with_other_languages(ranked, "nl", 3, slots=2, preferred=["d", "x", "a"])]
    ['d', 'a', 'b']
    >>> [h.passage.id for _, h, _ in with_other_languages(ranked, "nl", 3, 2, ["d", "a"], reorder=False)]
    ['a', 'b', 'd']
    >>> [h.passage.id for _, h, _ in with_other_languages(ranked, "en", 3, slots=1, preferred=["d"])]
    ['a', 'b', 'd']
    """
    if preferred:
        return _with_preferred(ranked, lang, top_k, slots, preferred, reorder)
    head = ranked[:top_k]
    foreign = sum(1 for _, hit, _ in head if hit.lang != lang)
    extra = [item for item in ranked[top_k:] if item[1].lang != lang][: max(0, slots - foreign)]
    if not extra:
        return head
    # The last passages in the question's language make room.
    drop = {id(item) for item in [i for i in head if i[1].lang == lang][-len(extra) :]}
    return [item for item in head if id(item) not in drop] + extra


def _with_preferred(ranked: list, lang: str, top_k: int, slots: int, preferred: list[str], reorder: bool) -> list:
    order = {pid: n for n, pid in enumerate(preferred)}
    picks = sorted(
        (item for item in ranked if item[1].lang != lang and item[1].passage.id in order),
        key=lambda item: order[item[1].passage.id],
    )[:slots]
    chosen = {id(item) for item in picks}
    head = ranked[:top_k]
    extra = [item for item in picks if item not in head]
    # The last passages of the head that the encoder did not choose make room.
    drop = {id(item) for item in [i for i in head if id(i) not in chosen][-len(extra) :]} if extra else set()
    out = [item for item in head if id(item) not in drop] + extra
    if not reorder:
        return out
    # Among the passages in other languages, the multilingual encoder's choice comes first: the
    # passage encoder reads English, and a question's words rarely match another language's.
    places = [n for n, item in enumerate(out) if item[1].lang != lang]
    foreign = picks + [item for item in out if item[1].lang != lang and id(item) not in chosen]
    for n, item in zip(places, foreign, strict=True):
        out[n] = item
    return out


def passage_score(fused: float, sentences: list[ScoredSentence]) -> float:
    """A passage's rank score: its best sentence, plus its share of the hybrid search's top score.

    The fused (RRF) score keeps what the whole passage matched when no single sentence
    says it all (a list, a table of meeting facts).

    >>> passage_score(1.0, [ScoredSentence(0, 1, 0.5, 0.5, 0.5)])
    0.7
    """
    return max((s.score for s in sentences), default=0.0) + FUSED_WEIGHT * fused


def score_sentences(
    question: str, lang: str, query: np.ndarray, hits: list[SearchHit], embedder: Embedder
) -> list[list[ScoredSentence]]:
    """Score every sentence of every hit against the question."""
    q_terms = question_terms(question, lang)
    expected = expected_answer(question)
    all_spans = [spans(hit) for hit in hits]
    all_cosines = span_cosines(query, hits, all_spans, embedder)
    texts = [hit.passage.text[a:b] for hit, hit_spans in zip(hits, all_spans, strict=True) for a, b, _ in hit_spans]
    unique = sorted(set(texts))
    sentence_terms = {text: set(terms(text, lang)) for text in unique}
    weights = term_weights(q_terms, list(sentence_terms.values()))
    cover = coverer(q_terms, weights)
    out: list[list[ScoredSentence]] = []
    for rank, (hit, hit_spans, cosines) in enumerate(zip(hits, all_spans, all_cosines, strict=True)):
        context = set(terms(" ".join([hit.title, *hit.passage.heading_path, hit.passage.text]), lang))
        context_cover = cover(context)
        row = []
        for (a, b, heading), cosine in zip(hit_spans, cosines, strict=True):
            text = hit.passage.text[a:b]
            own = cover(sentence_terms[text])
            if heading:
                # A heading stands on its own words: the passage below it is not its context.
                dense, lexical = cosine, own
                score = HEADING_WEIGHT * combine(dense, lexical, rank, hit.lang == lang, len(text.split()))
            else:
                dense = 0.7 * cosine + 0.3 * hit.dense_score
                lexical = 0.7 * own + 0.3 * context_cover
                score = combine(dense, lexical, rank, hit.lang == lang, len(text.split()))
            # The speaker of a quotation is often named in the sentence after it.
            window = hit.passage.text[a : _next_end(hit_spans, b)] if expected == "person" else text
            fits = fits_answer_type(window, expected, lang)
            row.append(ScoredSentence(a, b, score if fits else score * MISFIT_WEIGHT, dense, lexical, fits))
        out.append(row)
    return out


def _next_end(spans: list[tuple[int, int, bool]], end: int) -> int:
    return next((b for a, b, heading in spans if a >= end and not heading), end)


def _node(
    hit: SearchHit, sentences: list[ScoredSentence], score: float, versions: dict[str, str] | None = None
) -> ScoredNode:
    passage = hit.passage
    node = PassageNode(
        passage.id,
        passage.text,
        metadata={
            "source_id": passage.source_id,
            "title": hit.title,
            "date": hit.date,
            "lang": hit.lang,
            "kind": hit.kind,
            "url": hit.url,
            "path": hit.path,
            "start": passage.start,
            "end": passage.end,
            "heading_path": list(passage.heading_path),
            # Named fields (ScoredSentence's), read back by ``extractive.candidates``.
            "sentences": [vars(s).copy() for s in sentences],
            # The release in other languages: language → source id.
            "versions": {lang: sid for lang, sid in (versions or {}).items() if sid != passage.source_id},
        },
    )
    return ScoredNode(node, score)
