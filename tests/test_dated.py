"""The store keeps the index's dated events and statements until it changes: the same answers as a
fresh pass over every record, before and after a write."""

from __future__ import annotations

import shutil
from pathlib import Path

from index import catalogue
from index.ingesting import ingest_paths
from index.store import PassageStore
from tests.conftest import SAMPLE


def _fresh(store: PassageStore, topic: str | None = None, speaker: str | None = None) -> tuple[list, list]:
    records = catalogue.all_records(store.backend)
    return catalogue.timeline(records, topic), catalogue.statements(records, speaker, topic)


def test_kept_events_and_statements_are_a_fresh_pass_and_follow_writes(store: PassageStore, tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(SAMPLE / "004_6d677f5f08688389.txt", folder)
    list(ingest_paths(store, [folder]))
    first = store.statements()
    assert first and (store.timeline(), first) == _fresh(store)
    for topic in ("cocaine seized in ports", "Rantanen", "zebra herding quotas"):
        assert (store.timeline(topic), store.statements(topic=topic)) == _fresh(store, topic), topic
    assert store.statements("rantanen") == _fresh(store, speaker="rantanen")[1]
    shutil.copy(SAMPLE / "002_f1c762c581d28226.txt", folder)  # a write: what is kept is read again
    list(ingest_paths(store, [folder]))
    assert len(store.statements()) > len(first) and (store.timeline(), store.statements()) == _fresh(store)
    store.delete("002_f1c762c581d28226.txt")
    assert store.statements() == first == _fresh(store)[1]
