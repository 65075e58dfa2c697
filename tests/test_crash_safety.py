"""Crash safety: ``pressroom ingest`` killed (SIGKILL) at random points, then run again, leaves
every document indexed once and whole: no duplicate, orphan or half-written passage.

A document's record is written after its passages and marks it complete (``index/store.py``);
what a killed run leaves without a record is redone, and replaced, by the next run.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from index.embedding import Embedder
from index.ingesting import chunk_settings, ingest_paths
from index.settings import IndexSettings
from index.store import PassageStore
from index.vectors import record_id
from ingest.pipeline import load_paths
from ingest.records import Document
from ingest.sentences import split_sentences

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_corpus"
PRESSROOM = [sys.executable, "-m", "pressroom"]


def sentences() -> list[str]:
    """The sample corpus's sentences: the stuff generated documents are made of."""
    out = []
    for path in sorted(SAMPLE.glob("*.txt")):
        for line in path.read_text().splitlines():
            out.extend(line[a:b] for a, b in split_sentences(line) if len(line[a:b].split()) >= 5)
    return out


def write_corpus(folder: Path, files: int = 8, records: int = 24, revised: int = 0) -> None:
    """The sample corpus, ``files`` generated Markdown documents and a feed of ``records``; the
    first ``revised`` of each in a second version."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in SAMPLE.glob("*.txt"):
        shutil.copy(path, folder / path.name)
    pool = sentences()

    def body(what: str, n: int) -> list[str]:
        rng = random.Random(f"{what} {n} {2 if n < revised else 1}")
        return [" ".join(rng.sample(pool, rng.randint(2, 5))) for _ in range(rng.randint(3, 8))]

    for n in range(files):
        title = " ".join(pool[n * 7 % len(pool)].split()[:7])
        (folder / f"gen_{n:03d}.md").write_text(f"# {title}\n\n" + "\n\n".join(body("file", n)) + "\n")
    lines = [json.dumps({"id": f"rec{n:03d}", "title": f"Release {n}", "text": "\n".join(body("record", n)),
                         "date": f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}"}) for n in range(records)]
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n")


def expected(store: PassageStore, folder: Path) -> dict[str, Document]:
    """What the index must hold: every document of ``folder`` as the pipeline makes it."""
    items = list(load_paths([folder], chunk_settings(store)))
    assert all(isinstance(i, Document) for i in items), items
    return {d.source_id: d for d in items}


def assert_consistent(store: PassageStore, docs: dict[str, Document]) -> None:
    """Every document indexed once and whole; no duplicate, orphan or half-written passage."""
    records = {r.source_id: r for r in store.list_documents()}
    assert sorted(records) == sorted(docs), "documents missing or extra"
    payloads = store.passage_payloads()
    per_source = Counter(p["source_id"] for p in payloads)
    assert set(per_source) <= set(records), f"orphan passages of {set(per_source) - set(records)}"
    ids = Counter(p["passage_id"] for p in payloads)
    assert [i for i, n in ids.items() if n > 1] == [], "duplicate passages"
    texts = {}
    for source_id, doc in docs.items():
        record = records[source_id]
        assert (record.content_hash, record.passages) == (doc.content_hash, len(doc.passages)), source_id
        texts[source_id] = store.document(source_id).text
        assert texts[source_id] == doc.text
        assert per_source[source_id] == len(doc.passages), f"{source_id}: passages half-written or stale"
    for p in payloads:
        assert texts[p["source_id"]][p["start"] : p["end"]] == p["text"], "a passage not of its record's text"
    assert sorted(ids) == sorted(p.id for d in docs.values() for p in d.passages)
    assert store.link_translations() == 0, "translation links left half-made"


def last_write(home: Path) -> int:
    """When a file of the passages shard last changed (ns): it changes as passages are written."""
    stamps = []
    for path in (home / "edge" / "passages" / "segments").rglob("*"):
        with contextlib.suppress(FileNotFoundError):  # a temporary file of the engine's, gone
            stamps.append(path.stat().st_mtime_ns)
    return max(stamps, default=0)


def run_cli(home: Path, folder: Path, kill: tuple[str, float] | None = None) -> tuple[int | None, str]:
    """Run ``pressroom ingest folder``; with ``kill=("open", s)``, SIGKILL it ``s`` seconds after
    its progress bar opens (the model loaded: parsing, encoding or writing), with ``("write",
    s)`` that long after it starts writing passages (before, or as, their records are written).
    Returns the exit status (None when killed) and what it wrote to stderr."""
    env = {**os.environ, "PRESSROOM_HOME": str(home), "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT)}
    for name in ("PRESSROOM_QDRANT_URL", "PRESSROOM_BACKEND", "PRESSROOM_MAX_FILE_MB"):
        env.pop(name, None)
    child = subprocess.Popen([*PRESSROOM, "ingest", str(folder)], env=env, cwd=ROOT, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
    opened, output = threading.Event(), []

    def watch() -> None:  # the progress bar ("ingest: 0doc") opens once the store and model are ready
        assert child.stderr is not None
        for chunk in iter(lambda: child.stderr.read1(4096), b""):  # type: ignore[union-attr]
            output.append(chunk.decode(errors="replace"))
            if re.search(r"ingest: \d+doc", "".join(output)[-400:]):
                opened.set()

    reader = threading.Thread(target=watch, daemon=True)
    reader.start()
    if kill:
        how, seconds = kill
        if opened.wait(timeout=240) and how == "write":
            before = last_write(home)
            while child.poll() is None and last_write(home) == before:
                time.sleep(0.002)
        time.sleep(seconds)
        child.send_signal(signal.SIGKILL)
    status = child.wait(timeout=300)
    reader.join(timeout=10)
    return (None if status == -signal.SIGKILL else status), "".join(output)


def open_store(home: Path, embedder: Embedder) -> PassageStore:
    return PassageStore(IndexSettings(home=home), embedder)


def left(home: Path, embedder: Embedder) -> dict[str, int]:
    """What a killed run left: records, passages, and passages no record counts (uncommitted)."""
    store = open_store(home, embedder)
    try:
        records = store.list_documents()
        passages = store.count_passages()
        return {"records": len(records), "passages": passages,
                "uncommitted": passages - sum(r.passages for r in records)}
    finally:
        store.close()


def killed(home: Path, folder: Path, point: tuple[str, float], embedder: Embedder) -> tuple:
    """Run the CLI and kill it at ``point`` (see ``run_cli``); return the point and what it left."""
    status, log = run_cli(home, folder, kill=point)
    # On a fast, idle machine a run can end before its kill lands: allowed, and counted below.
    assert status in (None, 0), f"the run failed (status {status}): {log[-2000:]}"
    return point, status is None, left(home, embedder)


def complete(home: Path, folder: Path, embedder: Embedder) -> None:
    """Run the ingest a killed run left to its end (in this process: the model is loaded), and check."""
    store = open_store(home, embedder)
    try:
        events = list(ingest_paths(store, [folder]))
        assert not [e for e in events if e.status == "failed"], events
        assert_consistent(store, expected(store, folder))
        assert store.search("European Ports Alliance", limit=3)
    finally:
        store.close()


@pytest.mark.slow
@pytest.mark.integration
def test_ingest_killed_at_random_points_then_rerun_leaves_a_whole_index(
    tmp_path: Path, embedder: Embedder
) -> None:
    rng = random.Random(int(os.environ.get("CRASH_SEED", "20240125")))
    home, folder = tmp_path / "home", tmp_path / "corpus"
    write_corpus(folder)
    kills = []
    # The first ingest killed twice (the second run goes on where the first died): once as it
    # writes its first passages, once a random while after its progress bar opens.
    kills.append(killed(home, folder, ("write", rng.uniform(0.0, 0.08)), embedder))
    # Every document revised, so the second run has work to be killed in even if the first one
    # finished its writes before its kill.
    write_corpus(folder, revised=24)
    kills.append(killed(home, folder, ("open", rng.uniform(0.3, 2.5)), embedder))
    complete(home, folder, embedder)

    # Documents change (every generated file, ten records) and new ones come: killed as it writes,
    # and the new ones change again before the run that finishes (what it wrote of them is stale).
    write_corpus(folder, revised=10)
    pool = sentences()
    for n in range(30, 38):
        (folder / f"gen_{n:03d}.md").write_text(f"# New release {n}\n\n" + "\n\n".join(pool[n : n + 9]))
    kills.append(killed(home, folder, ("write", rng.uniform(0.0, 0.08)), embedder))
    for n in range(30, 38):
        (folder / f"gen_{n:03d}.md").write_text(f"# New release {n}, revised\n\n" + " ".join(pool[n : n + 5]))
    complete(home, folder, embedder)
    print(kills)  # when each run was killed, whether the kill landed, and what it left
    assert sum(landed for _, landed, _ in kills) >= 2, kills


def drop_record(store: PassageStore, source_id: str) -> None:
    """Delete a document's record and keep its passages: what an ingest killed between writing
    the two leaves on disk (the backend's own calls, no stand-in)."""
    import qdrant_edge as edge

    records = store.backend.records  # type: ignore[attr-defined]
    records.update(edge.UpdateOperation.delete_points([record_id(source_id)]))
    records.flush()


@pytest.mark.integration
def test_passages_a_killed_ingest_left_without_their_record_are_replaced(
    tmp_path: Path, embedder: Embedder
) -> None:
    home, folder = tmp_path / "home", tmp_path / "corpus"
    folder.mkdir()
    pool = sentences()
    (folder / "a.md").write_text("# Version one\n\n" + "\n\n".join(pool[:12]))
    (folder / "b.md").write_text("# Another\n\n" + "\n\n".join(pool[20:26]))
    store = open_store(home, embedder)
    try:
        assert [e.status for e in ingest_paths(store, [folder])] == ["added", "added"]
        drop_record(store, "a.md")
        (folder / "a.md").write_text("# Version two\n\n" + "\n\n".join(pool[30:36]))
        events = sorted((e.source_id, e.status) for e in ingest_paths(store, [folder]))
        assert events == [("a.md", "added"), ("b.md", "unchanged")]
        assert_consistent(store, expected(store, folder))
    finally:
        store.close()
