"""The vector-store seam: the records a backend stores and returns, and the backend Protocol.

Dependency-free on purpose: the backends import this module and the registry
(``index/backend.py``) imports the backends, so neither imports the other, as qdrant-client's
``client_base.py`` imports none of its implementations. Two implementations share one data
layout (a passages collection with dense, sentence and sparse vectors, and a documents
collection of records): ``index/qdrant_backend.py`` and ``index/edge_backend.py``.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from ingest.records import Passage

if TYPE_CHECKING:
    import numpy as np

    from index.filters import SearchFilters

SENTENCES = "sentences"  # the multivector of a passage's sentence vectors
_NAMESPACE = uuid.UUID("6f1c2a52-8d7e-4c1b-9a57-3c0e5b1f2a10")


def point_id(key: str) -> str:
    """A Qdrant point id derived from a content key."""
    return str(uuid.uuid5(_NAMESPACE, key))


def record_id(source_id: str) -> str:
    """The point id of a document's record."""
    return point_id("doc:" + source_id)


@dataclass(frozen=True)
class PassagePoint:
    """One passage as stored: its vectors and payload."""

    id: str
    dense: list[float]
    sentences: list[list[float]] | None
    sparse_indices: list[int]
    sparse_values: list[float]
    payload: dict
    multilingual: list[float] | None = None  # the cross-lingual vector (index/multilingual.py)


@dataclass(frozen=True)
class Found:
    """A stored passage with its vectors."""

    payload: dict
    dense: list[float] | None
    sentences: list[list[float]] | np.ndarray | None  # one row per sentence, then heading


@dataclass(frozen=True)
class SearchHit:
    """A retrieved passage with its document's metadata and its fused rank score."""

    passage: Passage
    score: float
    title: str
    date: str | None
    lang: str
    kind: str
    url: str
    path: str
    dense_score: float = 0.0  # cosine of the passage's vector with the query's
    # One unit row per sentence, then per heading, of the passage (see ``sentence_texts``);
    # None for an index built before they were stored.
    sentence_vectors: np.ndarray | None = None


class VectorBackend(Protocol):
    """Storage and hybrid search of passages and document records."""

    has_sentence_vectors: bool
    has_multilingual: bool  # passages carry the MULTILINGUAL vector (an index built before does not)

    def upsert_passages(self, points: list[PassagePoint]) -> None:
        """Write passages (replacing any with the same id)."""
        ...

    def upsert_documents(self, records: list[tuple[str, dict]]) -> None:
        """Write document records, as ``(point id, payload)``."""
        ...

    def set_document_field(self, record_ids: list[str], name: str, value: object) -> None:
        """Set one field of some document records, leaving the rest of them as they are."""
        ...

    def delete_stale(self, source_id: str, keep: list[str]) -> None:
        """Delete the passages of ``source_id`` whose ids are not in ``keep``."""
        ...

    def delete_source(self, source_id: str, record_id: str) -> None:
        """Delete a document's record and all its passages."""
        ...

    def document(self, record_id: str) -> dict | None:
        """A document record's payload, or None."""
        ...

    def passage_ids(self, source_id: str) -> set[str]:
        """Ids of the passages of ``source_id``."""
        ...

    def documents(self, without: tuple[str, ...] = ()) -> list[dict]:
        """Every document record, without its text (nor the fields ``without``)."""
        ...

    def passage_payloads(self) -> list[dict]:
        """Every passage's payload (for checks and exports; the whole collection is read)."""
        ...

    def count_passages(self) -> int:
        """How many passages are stored."""
        ...

    def nearest(
        self, using: str, query: list[float] | tuple[list[int], list[float]], filters: SearchFilters | None, limit: int
    ) -> list[tuple[str, float]]:
        """Ids and scores of the passages nearest to ``query`` by the vector ``using`` ("dense",
        "sparse" or, where ``has_multilingual``, "multilingual")."""
        ...

    def fetch(self, ids: list[str], dense: Collection[str] | None = None) -> list[Found]:
        """Passages by id, in that order, with payload and dense and sentence vectors (the dense
        vector only of those in ``dense`` where it is given; a backend may return it anyway)."""
        ...

    def optimize(self) -> None:
        """Build search indexes after a bulk write (a no-op where the engine does it itself)."""
        ...

    def close(self) -> None:
        """Release files and connections."""
        ...
