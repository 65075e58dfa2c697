"""Ingest paths into the store: parse with ``ingest``, size passages for the model, index."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from index.store import IngestEvent, PassageStore
from ingest.pipeline import ChunkSettings, load_paths


def ingest_paths(
    store: PassageStore, paths: Iterable[Path], *, progress: Callable[[IngestEvent], None] | None = None
) -> Iterator[IngestEvent]:
    """Parse and index every file and record under ``paths``; yield one event per document.

    Passages are sized with the embedding model's own tokenizer, so none is cut short.
    """
    budget = min(store.settings.max_passage_tokens, store.embedder.max_tokens - 40)
    settings = ChunkSettings(count_tokens=store.embedder.count_tokens, max_tokens=budget)
    yield from store.index(load_paths(paths, settings, known=store.is_indexed), progress=progress)
