"""The schema version: an index written the old way is upgraded once when opened, and one that
cannot be says so in one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.embedding import Embedder
from index.errors import StoreUnavailable
from index.ingesting import ingest_paths
from index.schema import SCHEMA_ID, SCHEMA_VERSION, stored_version
from index.settings import IndexSettings
from index.store import PassageStore
from index.vectors import record_id
from tests.conftest import SAMPLE


def _old_way(store: PassageStore) -> None:
    """Rewrite the index as the first releases left it: records without the statements, dates and
    translation profile extracted at ingest, and no schema version (the backend's own calls)."""
    import qdrant_edge as edge

    for summary in store.list_documents():
        payload = store.backend.document(record_id(summary.source_id))
        assert payload is not None
        old = {k: v for k, v in payload.items() if k not in ("statements", "dates", "profile")}
        store.backend.upsert_documents([(record_id(summary.source_id), old)])  # a payload replaced whole
    shard = store.backend.records  # type: ignore[attr-defined]
    shard.update(edge.UpdateOperation.delete_points([SCHEMA_ID]))
    shard.flush()


def test_an_index_written_the_old_way_is_upgraded_once(embedder: Embedder, tmp_path: Path) -> None:
    settings = IndexSettings(home=tmp_path)
    store = PassageStore(settings, embedder)
    try:
        list(ingest_paths(store, [SAMPLE]))
        expected = (store.statements(), store.timeline(), {d.source_id: store.document(d.source_id)
                                                           for d in store.list_documents()})  # fmt: skip
        versions = {d.source_id: store.versions(d.source_id) for d in store.list_documents()}
        _old_way(store)
        assert stored_version(store.backend) == 1
        assert all(not store.document(d.source_id).statements for d in store.list_documents())
    finally:
        store.close()

    store = PassageStore(settings, embedder)  # opening it migrates it
    try:
        assert stored_version(store.backend) == SCHEMA_VERSION
        assert (store.statements(), store.timeline()) == expected[:2]
        assert {d.source_id: store.document(d.source_id) for d in store.list_documents()} == expected[2]
        assert store.link_translations() == 0
        assert {d.source_id: store.versions(d.source_id) for d in store.list_documents()} == versions
    finally:
        store.close()


def test_an_index_of_a_newer_schema_is_refused_in_one_line(embedder: Embedder, tmp_path: Path) -> None:
    settings = IndexSettings(home=tmp_path)
    store = PassageStore(settings, embedder)
    store.backend.upsert_documents([(SCHEMA_ID, {"schema_version": SCHEMA_VERSION + 1})])
    store.close()
    with pytest.raises(StoreUnavailable, match=rf"schema version {SCHEMA_VERSION + 1}, newer") as caught:
        PassageStore(settings, embedder)
    assert "\n" not in str(caught.value)


def test_an_index_without_sentence_vectors_asks_for_a_re_ingest(embedder: Embedder, tmp_path: Path) -> None:
    from qdrant_client import QdrantClient, models

    client = QdrantClient(path=str(tmp_path / "qdrant"))
    client.create_collection(
        "pressroom_passages",
        vectors_config={"dense": models.VectorParams(size=embedder.dimension, distance=models.Distance.COSINE)},
        sparse_vectors_config={"sparse": models.SparseVectorParams(modifier=models.Modifier.IDF)},
    )
    client.close()
    with pytest.raises(StoreUnavailable, match="before sentence vectors.*re-ingest") as caught:
        PassageStore(IndexSettings(home=tmp_path, store_backend="qdrant"), embedder)
    assert "\n" not in str(caught.value)
