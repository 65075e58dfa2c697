"""The embedder seam: a Protocol and the registry that picks an implementation by name."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np

from index.settings import IndexSettings


class Embedder(Protocol):
    """Turns texts into unit-length vectors."""

    dimension: int
    max_tokens: int

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Return one normalised float32 row per text."""
        ...

    def count_tokens(self, text: str) -> int:
        """Count the model's tokens in ``text`` (without special tokens)."""
        ...


def _sentence_transformers(settings: IndexSettings) -> Embedder:
    from index.st_embedder import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder(
        settings.embedding_model,
        device=settings.device,
        batch_size=settings.embedding_batch_size,
        precision=settings.precision,
        runtime=settings.encoder_runtime,
    )


EMBEDDERS: dict[str, Callable[[IndexSettings], Embedder]] = {
    "sentence-transformers": _sentence_transformers,
}


def make_embedder(settings: IndexSettings, kind: str = "sentence-transformers") -> Embedder:
    """Build the embedder named ``kind``; the error lists the valid names."""
    try:
        factory = EMBEDDERS[kind]
    except KeyError:
        raise ValueError(f"unknown embedder {kind!r}; choose one of {sorted(EMBEDDERS)}") from None
    return factory(settings)
