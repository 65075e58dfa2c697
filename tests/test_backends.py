"""Both vector-store backends (Qdrant Edge and qdrant-client) store and find the same things."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from index.embedding import Embedder
from index.errors import StoreUnavailable
from index.ingesting import ingest_paths
from index.settings import IndexSettings
from index.store import PassageStore
from tests.conftest import ROOT, SAMPLE

QUESTIONS = [json.loads(line)["question"] for line in (ROOT / "eval" / "gold-sample.jsonl").read_text().splitlines()]


@pytest.fixture(scope="module")
def edge_store(embedder: Embedder, tmp_path_factory: pytest.TempPathFactory) -> PassageStore:
    store = PassageStore(IndexSettings(home=tmp_path_factory.mktemp("edge")), embedder)
    assert store.settings.backend == "edge"
    assert [e.status for e in ingest_paths(store, [SAMPLE])] == ["added"] * 5
    return store


def test_same_hits_with_the_same_scores(edge_store: PassageStore, sample_store: PassageStore) -> None:
    assert sample_store.settings.backend == "qdrant"
    assert edge_store.count_passages() == sample_store.count_passages() == 46
    assert edge_store.list_documents() and [d.source_id for d in edge_store.list_documents()] == [
        d.source_id for d in sample_store.list_documents()
    ]
    for question in QUESTIONS:
        edge_hits = edge_store.search(question, limit=10)
        client_hits = sample_store.search(question, limit=10)
        assert [(round(h.score, 5), h.passage.id) for h in edge_hits] == [
            (round(h.score, 5), h.passage.id) for h in client_hits
        ], question
        for a, b in zip(edge_hits, client_hits, strict=True):
            assert a.sentence_vectors is not None and b.sentence_vectors is not None
            assert np.allclose(a.sentence_vectors, b.sentence_vectors, atol=1e-6)  # read back from disk


def test_edge_keeps_sentence_vectors_on_disk_and_passage_vectors_in_memory(edge_store: PassageStore) -> None:
    config = json.loads((edge_store.settings.home / "edge" / "passages" / "edge_config.json").read_text())
    assert config["vectors"]["sentences"]["on_disk"] is True
    assert not config["vectors"]["dense"].get("on_disk")


def test_edge_keeps_data_across_reopen_and_replaces_changed_documents(embedder: Embedder, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Port news\n\nAntwerp, 2 May 2024\n\nThe port seized 40 tonnes of cocaine.\n")
    settings = IndexSettings(home=tmp_path / "home")
    store = PassageStore(settings, embedder)
    assert [e.status for e in ingest_paths(store, [corpus])] == ["added"]
    store.close()
    (corpus / "a.txt").write_text("Port news\n\nAntwerp, 3 May 2024\n\nThe port seized 41 tonnes of heroin.\n")
    store = PassageStore(settings, embedder)
    assert [e.status for e in ingest_paths(store, [corpus])] == ["updated"]
    texts = [p["text"] for p in store.passage_payloads()]
    assert any("41 tonnes" in t for t in texts) and not any("40 tonnes" in t for t in texts)
    assert store.delete("a.txt") >= 1 and store.count_passages() == 0
    store.close()


def test_edge_refuses_a_server_location_and_a_model_of_another_size(embedder: Embedder, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="local folder"):
        PassageStore(IndexSettings(qdrant_location=":memory:", store_backend="edge"), embedder)
    with pytest.raises(ValueError, match="'auto', 'edge' or 'qdrant'"):  # refused when the settings are read
        PassageStore(IndexSettings(home=tmp_path, store_backend="faiss"), embedder)
    store = PassageStore(IndexSettings(home=tmp_path), embedder)
    list(ingest_paths(store, [SAMPLE / "004_6d677f5f08688389.txt"]))
    store.close()

    class Wider:
        dimension = 768
        max_tokens = 256

        def embed(self, texts):  # noqa: ANN001, ANN202
            raise AssertionError("not reached")

        def count_tokens(self, text: str) -> int:
            return len(text.split())

    with pytest.raises(StoreUnavailable, match="384-dimensional"):
        PassageStore(IndexSettings(home=tmp_path), Wider())  # type: ignore[arg-type]


def test_edge_reads_sentence_vectors_packed_or_stored_the_older_way(embedder: Embedder, tmp_path: Path) -> None:
    import qdrant_edge as edge

    from index.edge_backend import SENTENCE_BYTES, EdgeBackend
    from index.vectors import SENTENCES, PassagePoint, point_id

    backend = EdgeBackend(IndexSettings(home=tmp_path), 3)
    sentences = [[1.0, 0.0, 0.0], [0.0, 0.6, 0.8]]
    new, old = point_id("new"), point_id("old")
    backend.upsert_passages([PassagePoint(new, [0.0, 0.0, 1.0], sentences, [7], [1.0], {"text": "new"})])
    # A passage written before this release: its sentence vectors in the multivector.
    older = {"dense": [0.0, 1.0, 0.0], SENTENCES: sentences, "sparse": edge.SparseVector([7], [1.0])}
    backend.passages.update(edge.UpdateOperation.upsert_points([edge.Point(old, older, {"text": "old"})]))
    found = backend.fetch([old, new])
    assert [f.payload for f in found] == [{"text": "old"}, {"text": "new"}]  # the packed field is not shown
    for f in found:
        assert np.allclose(np.asarray(f.sentences, dtype=np.float32), sentences)
        assert f.dense is not None and len(f.dense) == 3
    assert all(SENTENCE_BYTES not in p for p in backend.passage_payloads())
    # The hybrid search has most passages' cosines from its dense ranking: it asks for the others'.
    only = backend.fetch([old, new], dense={new})
    assert [f.payload for f in only] == [{"text": "old"}, {"text": "new"}]
    assert [f.dense for f in only] == [None, [0.0, 0.0, 1.0]]
    assert all(np.allclose(np.asarray(f.sentences, dtype=np.float32), sentences) for f in only)
    backend.close()


def test_edge_reads_sentence_vectors_written_after_they_were_read(embedder: Embedder, tmp_path: Path) -> None:
    """The decoded sentence vectors kept between questions go with any write to the passages."""
    from index.edge_backend import EdgeBackend
    from index.vectors import PassagePoint, point_id

    backend = EdgeBackend(IndexSettings(home=tmp_path), 3)
    one = point_id("one")
    backend.upsert_passages([PassagePoint(one, [0.0, 0.0, 1.0], [[1.0, 0.0, 0.0]], [7], [1.0], {"text": "a"})])
    assert backend.fetch([one])[0].sentences.tolist() == [[1.0, 0.0, 0.0]]
    assert backend.fetch([one])[0].sentences.tolist() == [[1.0, 0.0, 0.0]]  # read again, as kept
    rewritten = [[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]
    payload = {"text": "b", "source_id": "s"}
    backend.upsert_passages([PassagePoint(one, [0.0, 0.0, 1.0], rewritten, [7], [1.0], payload)])
    found = backend.fetch([one])[0]
    assert found.payload == payload and found.sentences.tolist() == rewritten
    backend.delete_source("s", point_id("no record"))
    assert backend.fetch([one]) == []
    backend.close()
