"""The registry of vector-store backends: a name → a factory, the valid names in its error.

- ``qdrant``: qdrant-client, for a Qdrant server or cluster (URL), ``:memory:``, or its local
  folder mode (a NumPy scan, fine for small collections);
- ``edge``: Qdrant Edge, the Qdrant engine embedded in the process, for a local folder.

The Protocol and the records they share live in ``index/vectors.py``, which imports neither.
"""

from __future__ import annotations

from collections.abc import Callable

from index.settings import IndexSettings
from index.vectors import VectorBackend


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
