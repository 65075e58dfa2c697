"""The sentences of a retrieved passage the reader reads, and the question's cosine with each: the
vectors stored at ingest where the passage has them, else encoded when the question is asked."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from assistant.scoring import cosine_rows
from index.embedding import Embedder
from index.store import SearchHit

MIN_HEADING_WORDS = 12  # a heading line shorter than this says too little to be an answer


def spans(hit: SearchHit) -> list[tuple[int, int, bool]]:
    """The sentence spans of a passage, plus its headings long enough to say something."""
    text = hit.passage.text
    out = [(a, b, False) for a, b in hit.passage.sentences]
    out += [(a, b, True) for a, b in hit.passage.headings if len(text[a:b].split()) >= MIN_HEADING_WORDS]
    return sorted(out) or [(0, len(text), False)]


def stored_similarity(query: np.ndarray, hit: SearchHit) -> dict[tuple[int, int, bool], float]:
    """Cosines of the question with the sentence and heading vectors stored at ingest."""
    rows = hit.sentence_vectors
    passage = hit.passage
    keys = [(a, b, False) for a, b in passage.sentences] + [(a, b, True) for a, b in passage.headings]
    if rows is None or len(rows) != max(len(keys), 1):
        return {}
    cosines = cosine_rows(query, rows).tolist()
    if not keys:
        return {(0, len(passage.text), False): cosines[0]}
    return dict(zip(keys, cosines, strict=True))


def span_cosines(
    query: np.ndarray, hits: Sequence[SearchHit], all_spans: Sequence[list[tuple[int, int, bool]]], embedder: Embedder
) -> list[list[float]]:
    """The question's cosine with each span of each hit: the vectors stored at ingest, else encoded now."""
    known = [stored_similarity(query, hit) for hit in hits]
    missing = sorted({
        hit.passage.text[a:b]
        for hit, hit_spans, k in zip(hits, all_spans, known, strict=True)
        for a, b, heading in hit_spans
        if (a, b, heading) not in k
    })
    encoded = dict(zip(missing, cosine_rows(query, embedder.embed(missing)).tolist(), strict=True)) if missing else {}
    return [
        [k.get((a, b, h), encoded.get(hit.passage.text[a:b], 0.0)) for a, b, h in hit_spans]
        for hit, hit_spans, k in zip(hits, all_spans, known, strict=True)
    ]
