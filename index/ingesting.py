"""Ingest paths into the store: parse with ``ingest``, size passages for the model, index."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from index.store import IngestEvent, PassageStore
from ingest.pipeline import ChunkSettings, load_paths, load_sources, reload_source


def chunk_settings(store: PassageStore) -> ChunkSettings:
    """Passages sized with the embedding model's own tokenizer, so none is cut short."""
    budget = min(store.settings.max_passage_tokens, store.embedder.max_tokens - 40)
    return ChunkSettings(
        count_tokens=store.embedder.count_tokens, max_tokens=budget, max_file_mb=store.settings.max_file_mb
    )


OPTIMIZE_AFTER = 500  # documents written by one ingest before the search index is rebuilt


def ingest_paths(
    store: PassageStore, paths: Iterable[Path], *, progress: Callable[[IngestEvent], None] | None = None
) -> Iterator[IngestEvent]:
    """Parse and index every file and record under ``paths``; yield one event per document.

    After a bulk ingest the backend's search index is built, before the last event is yielded.
    """
    written = 0
    pending: IngestEvent | None = None
    for event in store.index(load_paths(paths, chunk_settings(store), known=store.is_indexed), progress=progress):
        written += event.status in ("added", "updated")
        if pending:
            yield pending
        pending = event
    if written >= OPTIMIZE_AFTER:
        store.optimize()
    if pending:
        yield pending


def ingest_files(
    store: PassageStore, files: Iterable[tuple[Path, str]], *, progress: Callable[[IngestEvent], None] | None = None
) -> Iterator[IngestEvent]:
    """Like ``ingest_paths``, for files paired with the source id each should have (uploads)."""
    yield from store.index(load_sources(files, chunk_settings(store), known=store.is_indexed), progress=progress)


def reingest(store: PassageStore, source_id: str) -> IngestEvent:
    """Parse a document again from the file it came from and index it if it changed."""
    record = store.document(source_id)
    if record.path.startswith(("http://", "https://")):
        return IngestEvent(source_id, "failed", reason=f"{record.path}: a web document is fetched again by the "
                           "source that follows it (pressroom follow run), not re-read from a file")  # fmt: skip
    settings = chunk_settings(store)
    path = Path(record.path)
    events = list(store.index(reload_source(path, source_id, settings)))
    mine = [e for e in events if e.source_id == source_id or e.status == "failed"]
    if not mine:
        return IngestEvent(source_id, "failed", reason=f"{path}: the record {source_id!r} is no longer in it")
    return mine[0]
