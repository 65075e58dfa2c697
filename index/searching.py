"""Hybrid search over the passages, and the folding of a release's language versions (and of
its near-duplicates) into one.

The fusion runs here rather than in Qdrant so that ties break the same way (by passage id) on
every backend: the same question always gets the same passages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np

from index.embedding import Embedder
from index.filters import SearchFilters
from index.fusion import reciprocal_rank_fusion
from index.lexical import query_vector
from index.multilingual import MULTILINGUAL
from index.near_duplicates import Groups
from index.vectors import SearchHit, VectorBackend
from ingest.records import Passage


def search(
    backend: VectorBackend,
    embedder: Embedder,
    query: str,
    *,
    limit: int = 10,
    filters: SearchFilters | None = None,
    lang: str = "en",
    query_vector_dense: list[float] | None = None,
    other_language_lexical_weight: float = 1.0,
) -> list[SearchHit]:
    """Hybrid search: dense and sparse candidates fused with reciprocal rank fusion.

    A question not in English weighs the lexical ranking by ``other_language_lexical_weight``
    against the encoder's, which reads English best."""
    dense = query_vector_dense or embedder.embed([query])[0].tolist()
    prefetch = max(limit * 4, 40)
    ranked = [backend.nearest("dense", dense, filters, prefetch)]
    weights = [1.0]
    sparse = query_vector(query, lang)
    if sparse[0]:
        ranked.append(backend.nearest("sparse", sparse, filters, prefetch))
        weights.append(1.0 if lang == "en" else other_language_lexical_weight)
    fused = reciprocal_rank_fusion(ranked, weights=weights)[:limit]
    # The dense ranking gave most of the passages' cosines already; only the others' vectors come.
    cosines = dict(ranked[0])
    found = backend.fetch([i for i, _ in fused], dense={i for i, _ in fused if i not in cosines})
    query = np.asarray(dense, dtype=np.float64)
    return [
        hit_from_payload(f.payload, score, cosines[i] if i in cosines else _cosine(query, f.dense), _rows(f.sentences))
        for f, (i, score) in zip(found, fused, strict=True)
    ]


def foreign_search(
    backend: VectorBackend,
    across: list[float],
    lang: str,
    *,
    limit: int,
    filters: SearchFilters | None = None,
    query_vector_dense: list[float],
) -> list[SearchHit]:
    """The passages in other languages than ``lang`` nearest to the question by the multilingual
    vector (``index/multilingual.py``), best first; none where the index was built without it.

    Their score is 0: they did not rank in the hybrid search, and take the places kept for other
    languages (``assistant/retriever.py: with_other_languages``) by this order."""
    if not backend.has_multilingual:
        return []
    narrowed = replace(filters or SearchFilters(), not_lang=lang)
    found = backend.fetch([i for i, _ in backend.nearest(MULTILINGUAL, across, narrowed, limit)])
    query = np.asarray(query_vector_dense, dtype=np.float64)
    return [hit_from_payload(f.payload, 0.0, _cosine(query, f.dense), _rows(f.sentences)) for f in found]


def _rows(sentences: list[list[float]] | np.ndarray | None) -> np.ndarray | None:
    """Sentence vectors as a float32 array (None for none): the store gives lists or an array."""
    return None if sentences is None or not len(sentences) else np.asarray(sentences, dtype=np.float32)


Search = Callable[[int, SearchFilters], list[SearchHit]]  # the query again: limit, filters → hits


def one_version_per_release(
    hits: list[SearchHit],
    lang: str,
    filters: SearchFilters | None,
    *,
    versions: Callable[[str], dict[str, str]],
    search_again: Search,
    per_release: int = 1,
) -> list[SearchHit]:
    """Search hits with each release once: its version in ``lang`` when it has one (that
    version's best ``per_release`` passages, found by ``search_again``, take the rank the
    release earned), else the version found first. Passages of the release's other versions
    are dropped; ``versions`` gives a document's language versions."""
    out: list[SearchHit] = []
    chosen: dict[frozenset[str], str] = {}
    seen: set[str] = set()

    def keep(hit: SearchHit) -> None:
        if hit.passage.id not in seen:
            seen.add(hit.passage.id)
            out.append(hit)

    for hit in hits:
        source = hit.passage.source_id
        found_versions = versions(source)
        release = frozenset(found_versions.values()) or frozenset([source])
        if release in chosen:
            if chosen[release] == source:
                keep(hit)
            continue
        chosen[release] = source
        preferred = found_versions.get(lang)
        if preferred and preferred != source and hit.lang != lang:
            found = search_again(per_release, replace(filters or SearchFilters(), source=preferred))
            if found:
                chosen[release] = preferred
                for other in found:
                    keep(replace(other, score=hit.score))
                continue
        keep(hit)
    return out


def one_per_near_group(hits: list[SearchHit], near: Groups) -> list[SearchHit]:
    """Search hits with each near-duplicate group's passages from one document only (its text
    is the others' too, so an answer cites it once): the newest found, as a correction replaces
    what it corrects; of one date, the one found first."""
    chosen: dict[str, SearchHit] = {}
    for hit in hits:
        key = near.key(hit.passage.source_id)
        if key not in chosen or (hit.date or "") > (chosen[key].date or ""):
            chosen[key] = hit
    return [hit for hit in hits if chosen[near.key(hit.passage.source_id)].passage.source_id == hit.passage.source_id]


def _cosine(query: np.ndarray, stored: list[float] | None) -> float:
    if stored is None or not len(stored):
        return 0.0
    # Qdrant keeps cosine vectors normalised, and the query is normalised too.
    return float(np.dot(query, np.asarray(stored, dtype=np.float64)))


def hit_from_payload(
    payload: dict, score: float, dense_score: float = 0.0, sentence_vectors: np.ndarray | None = None
) -> SearchHit:
    """A search hit from a stored passage's payload."""
    passage = Passage(
        id=payload["passage_id"],
        source_id=payload["source_id"],
        text=payload["text"],
        start=payload["start"],
        end=payload["end"],
        heading_path=tuple(payload.get("heading_path") or ()),
        sentences=tuple(tuple(s) for s in payload.get("sentences") or ()),
        lang=payload.get("lang", ""),
        headings=tuple(tuple(s) for s in payload.get("headings") or ()),
    )
    return SearchHit(
        passage=passage,
        score=score,
        title=payload.get("title", ""),
        date=payload.get("date"),
        lang=payload.get("lang", ""),
        kind=payload.get("kind", ""),
        url=payload.get("url", ""),
        path=payload.get("path", ""),
        dense_score=dense_score,
        sentence_vectors=sentence_vectors,
    )
