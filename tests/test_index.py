"""The index: idempotent re-ingest, changed documents replaced, deletion, filters, hybrid search."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from index.errors import UnknownDocument
from index.filters import SearchFilters
from index.ingesting import ingest_paths
from index.store import PassageStore
from tests.conftest import SAMPLE

FINNISH = "004_6d677f5f08688389.txt"


def _copy(tmp_path: Path, *names: str) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in names:
        shutil.copy(SAMPLE / name, folder / name)
    return folder


def _ids_by_source(store: PassageStore) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for p in store.passage_payloads():
        found.setdefault(p["source_id"], set()).add(p["passage_id"])
    return found


def test_reingesting_unchanged_documents_does_no_work(store: PassageStore, tmp_path: Path) -> None:
    folder = _copy(tmp_path, FINNISH, "001_a010568e1d0194d7.txt")
    assert [e.status for e in ingest_paths(store, [folder])] == ["added", "added"]
    before = _ids_by_source(store)
    records = store.list_documents()
    time.sleep(1.1)  # ingested_at has one-second resolution: a rewrite would show
    assert [e.status for e in ingest_paths(store, [folder])] == ["unchanged", "unchanged"]
    assert store.list_documents() == records
    assert _ids_by_source(store) == before


def test_a_new_pipeline_version_rewrites_the_records_and_keeps_the_vectors(
    store: PassageStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Statements, dates and mentions are read from the text at ingest: a release read by newer
    # code gets them again, while its passages (same text, same ids) are not encoded again.
    import ingest.pipeline

    folder = _copy(tmp_path, FINNISH)
    list(ingest_paths(store, [folder]))
    before, record = _ids_by_source(store), store.document(FINNISH)
    monkeypatch.setattr(ingest.pipeline, "PIPELINE_VERSION", "next")
    assert [e.status for e in ingest_paths(store, [folder])] == ["updated"]
    assert _ids_by_source(store) == before
    again = store.document(FINNISH)
    assert again.content_hash != record.content_hash and again.text == record.text


def test_a_changed_document_replaces_its_passages_leaving_none_behind(store: PassageStore, tmp_path: Path) -> None:
    folder = _copy(tmp_path, FINNISH)
    list(ingest_paths(store, [folder]))
    old_ids = _ids_by_source(store)[FINNISH]
    path = folder / FINNISH
    text = path.read_text()
    path.write_text(text.replace("Mari Rantanen", "Mari Rantanen-Virtanen") + "\nA new closing paragraph.\n")
    assert [e.status for e in ingest_paths(store, [folder])] == ["updated"]
    new_ids = _ids_by_source(store)[FINNISH]
    record = store.document(FINNISH)
    assert new_ids != old_ids and len(new_ids) == record.passages
    assert "Rantanen-Virtanen" in record.text
    hits = store.search("Rantanen says", limit=20)
    assert hits and all(h.passage.id in new_ids for h in hits)
    assert not any("Minister of the Interior Mari Rantanen." in h.passage.text for h in hits)


def test_delete_removes_the_document_and_its_passages(store: PassageStore, tmp_path: Path) -> None:
    folder = _copy(tmp_path, FINNISH, "001_a010568e1d0194d7.txt")
    list(ingest_paths(store, [folder]))
    removed = store.delete(FINNISH)
    assert removed > 0
    assert [d.source_id for d in store.list_documents()] == ["001_a010568e1d0194d7.txt"]
    assert FINNISH not in _ids_by_source(store)
    with pytest.raises(UnknownDocument, match="004_6d677f5f08688389.txt"):
        store.delete(FINNISH)


def test_documents_listing_has_metadata_without_text(sample_store: PassageStore) -> None:
    docs = sample_store.list_documents()
    assert [d.source_id for d in docs] == sorted(p.name for p in SAMPLE.glob("*.txt"))
    assert all(not hasattr(d, "text") and d.passages > 0 and d.ingested_at for d in docs)


@pytest.mark.parametrize(
    ("filters", "allowed"),
    [
        (SearchFilters(lang="nl"), {"003_74bc165e444463b9.txt"}),
        (SearchFilters(kind="meeting_page"), {"002_f1c762c581d28226.txt"}),
        (SearchFilters(date_from="2024-03"), {"002_f1c762c581d28226.txt"}),
        (SearchFilters(date_to="2024-01-31", lang="en"), {"000_df7c086f3e8c4b2a.txt", "001_a010568e1d0194d7.txt"}),
        (SearchFilters(source="001_a010568e1d0194d7.txt"), {"001_a010568e1d0194d7.txt"}),
    ],
)
def test_filters_restrict_search(sample_store: PassageStore, filters: SearchFilters, allowed: set[str]) -> None:
    hits = sample_store.search("European Ports Alliance drug trafficking", limit=10, filters=filters)
    assert hits and {h.passage.source_id for h in hits} <= allowed


def test_bad_filter_values_name_the_value() -> None:
    with pytest.raises(ValueError, match="'March 2024'"):
        SearchFilters(date_from="March 2024")


def test_hybrid_search_finds_exact_terms_and_meaning(sample_store: PassageStore) -> None:
    exact = sample_store.search("EMPACT", limit=3)
    assert any("EMPACT" in h.passage.text for h in exact)
    meaning = sample_store.search("which minister wants to pause asylum applications", limit=5)
    assert any("suspend the reception of asylum applications" in h.passage.text for h in meaning)
