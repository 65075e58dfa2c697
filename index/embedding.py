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
    ir = _ir_embedder(settings)
    if ir is not None:
        return ir
    from index.st_embedder import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder(
        settings.embedding_model,
        device=settings.device,
        batch_size=settings.embedding_batch_size,
        precision=settings.precision,
        runtime=settings.encoder_runtime,
    )


def _ir_embedder(settings: IndexSettings) -> Embedder | None:
    """The model from its cached OpenVINO IR, without torch, where the settings allow: the
    runtime is ``auto`` or ``openvino``, the device the CPU, and the model a local mean-pooled
    folder (index/ir_embedder.py). ``None`` otherwise."""
    import importlib.util
    from pathlib import Path

    if settings.encoder_runtime not in ("auto", "openvino") or settings.precision not in ("auto", "fp32", "bf16"):
        return None  # torch on request; an unknown name gets its error from the sentence-transformers embedder
    if settings.device != "cpu" or not importlib.util.find_spec("openvino"):
        return None
    from index.ir_embedder import IREmbedder, mean_pooled
    from index.model_files import cpu_has_bf16, resolve_model

    folder = Path(resolve_model(settings.embedding_model))
    if not folder.is_dir() or not mean_pooled(folder):
        return None
    precision = settings.precision
    if precision == "auto":
        precision = "bf16" if cpu_has_bf16() else "fp32"
    return IREmbedder(
        folder, name=settings.embedding_model, precision=precision, batch_size=settings.embedding_batch_size
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
