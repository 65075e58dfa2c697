"""The vector-store seam: what the passage store needs from Qdrant, and the registry of backends.

Two implementations share one data layout (a passages collection with dense, sentence and
sparse vectors, and a documents collection of records):

- ``qdrant``: qdrant-client, for a Qdrant server or cluster (URL), ``:memory:``, or its local
  folder mode (a NumPy scan, fine for small collections);
- ``edge``: Qdrant Edge, the Qdrant engine embedded in the process, for a local folder.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from index.filters import SearchFilters
from index.settings import IndexSettings

SENTENCES = "sentences"  # the multivector of a passage's sentence vectors


@dataclass(frozen=True)
class PassagePoint:
    """One passage as stored: its vectors and payload."""

    id: str
    dense: list[float]
    sentences: list[list[float]] | None
    sparse_indices: list[int]
    sparse_values: list[float]
    payload: dict


@dataclass(frozen=True)
class Found:
    """A stored passage with its vectors."""

    payload: dict
    dense: list[float] | None
    sentences: list[list[float]] | None


class VectorBackend(Protocol):
    """Storage and hybrid search of passages and document records."""

    has_sentence_vectors: bool

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

    def documents(self) -> list[dict]:
        """Every document record, without its text."""
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
        """Ids and scores of the passages nearest to ``query`` by the vector ``using`` ("dense" or "sparse")."""
        ...

    def fetch(self, ids: list[str]) -> list[Found]:
        """Passages by id, in that order, with payload and dense and sentence vectors."""
        ...

    def optimize(self) -> None:
        """Build search indexes after a bulk write (a no-op where the engine does it itself)."""
        ...

    def close(self) -> None:
        """Release files and connections."""
        ...


def _qdrant(settings: IndexSettings, dimension: int) -> VectorBackend:
    from index.qdrant_backend import QdrantClientBackend

    return QdrantClientBackend(settings, dimension)


def _edge(settings: IndexSettings, dimension: int) -> VectorBackend:
    from index.edge_backend import EdgeBackend

    return EdgeBackend(settings, dimension)


BACKENDS: dict[str, Callable[[IndexSettings, int], VectorBackend]] = {"qdrant": _qdrant, "edge": _edge}


def open_backend(settings: IndexSettings, dimension: int) -> VectorBackend:
    """The backend ``settings.backend`` names; the error lists the valid names."""
    try:
        factory = BACKENDS[settings.backend]
    except KeyError:
        raise ValueError(f"unknown backend {settings.backend!r}; choose one of {sorted(BACKENDS)}") from None
    return factory(settings, dimension)
