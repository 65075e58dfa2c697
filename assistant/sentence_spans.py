"""The sentences of a retrieved passage the reader reads, and the question's cosine with each: the
vectors stored at ingest where the passage has them, else encoded when the question is asked; for a
sentence in another language than the question's, the multilingual encoder's cosine instead."""

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
    query: np.ndarray,
    hits: Sequence[SearchHit],
    all_spans: Sequence[list[tuple[int, int, bool]]],
    embedder: Embedder,
    question: str | None = None,
    lang: str = "en",
) -> list[list[float]]:
    """The question's cosine with each span of each hit: the vectors stored at ingest, else encoded now.
    Given the ``question`` in ``lang``, the spans of hits in other languages get ``across_languages``' instead."""
    # Read across languages: the passage encoder's cosines of those hits are not needed.
    foreign = [i for i, hit in enumerate(hits) if hit.lang != lang] if question is not None else []
    known = [stored_similarity(query, hit) for hit in hits]
    missing = sorted({
        hit.passage.text[a:b]
        for i, (hit, hit_spans, k) in enumerate(zip(hits, all_spans, known, strict=True))
        if i not in foreign
        for a, b, heading in hit_spans
        if (a, b, heading) not in k
    })
    encoded = dict(zip(missing, cosine_rows(query, embedder.embed(missing)).tolist(), strict=True)) if missing else {}
    cosines = [
        [k.get((a, b, h), encoded.get(hit.passage.text[a:b], 0.0)) for a, b, h in hit_spans]
        for hit, hit_spans, k in zip(hits, all_spans, known, strict=True)
    ]
    if question is not None:
        across = across_languages(question, [[hits[i].passage.text[a:b] for a, b, _ in all_spans[i]] for i in foreign])
        for i, row in zip(foreign, across, strict=True):
            cosines[i] = row
    return cosines


# The passage encoder (MiniLM) reads English: the cosine of a question with a sentence in another
# language says little. The multilingual encoder's cosines (index/multilingual.py) are moved to
# MiniLM's scale, so that the reader's fitted weights read them as they read its own: equal mean and
# spread over the same-language sentences the reader reads for the English dev questions
# (`python -m eval.cosine_scale --gold eval/reader/dev.jsonl` over the reader corpus: 5,768 sentences of
# 185 questions; the two encoders' cosines correlate at 0.78 there).
MINILM_SCALE = (0.3341, 0.1698)  # mean, standard deviation
MULTILINGUAL_SCALE = (0.1856, 0.1372)


def across_languages(question: str, groups: Sequence[Sequence[str]]) -> list[list[float]]:
    """The question's cosine with each text of each group by the multilingual encoder, on MiniLM's scale."""
    texts = [t for group in groups for t in group]
    if not texts:
        return [[] for _ in groups]
    from index.multilingual import shared  # loaded where a question meets another language

    encoder = shared()
    raw = encoder.embed(texts) @ encoder.embed_question(question)
    scaled = (MINILM_SCALE[0] + (raw - MULTILINGUAL_SCALE[0]) / MULTILINGUAL_SCALE[1] * MINILM_SCALE[1]).tolist()
    out, at = [], 0
    for group in groups:
        out.append(scaled[at : at + len(group)])
        at += len(group)
    return out
