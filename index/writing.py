"""Writing documents: a pure plan of what to write and delete for a batch, then applying it.

A document record is written after its passages, so it marks a document as completely
indexed; passages a killed ingest left without their record are replaced when the document is
ingested again (``tests/test_crash_safety.py``).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace

from index.catalogue import DocumentRecord, StoredProfile, read_record, summaries
from index.embedding import Embedder
from index.errors import UnknownDocument
from index.filters import date_number
from index.lexical import document_vector
from index.multilingual import shared as multilingual_encoder
from index.near_duplicates import signature
from index.translations import profile, stated_group
from index.vectors import PassagePoint, VectorBackend, point_id, record_id
from ingest.records import Document, IngestError, Passage, Unchanged


@dataclass(frozen=True)
class IngestEvent:
    """What happened to one document or file during indexing."""

    source_id: str
    status: str  # "added" | "updated" | "unchanged" | "failed"
    passages: int = 0
    reason: str = ""


def sentence_texts(passage: Passage) -> list[str]:
    """The texts whose vectors are stored with a passage: its sentences, then its headings.

    A passage without sentence spans stores its whole text.
    """
    spans = [*passage.sentences, *passage.headings]
    return [passage.text[a:b] for a, b in spans] or [passage.text]


def embedding_text(title: str, passage: Passage) -> str:
    """What the encoder sees: the passage with its title and nearest heading for context."""
    context = [" ".join(title.split()[:24])]
    if passage.heading_path and passage.heading_path[-1] != title:
        context.append(" ".join(passage.heading_path[-1].split()[:12]))
    return "\n".join([*context, passage.text])


def passage_payload(document: Document, passage: Passage) -> dict:
    """A passage's stored payload: its text and offsets, with its document's metadata for filters."""
    return {
        "passage_id": passage.id,
        "source_id": passage.source_id,
        "text": passage.text,
        "start": passage.start,
        "end": passage.end,
        "heading_path": list(passage.heading_path),
        "sentences": [list(s) for s in passage.sentences],
        "headings": [list(s) for s in passage.headings],
        "lang": passage.lang or document.lang,
        "title": document.title,
        "date": document.date,
        "date_num": date_number(document.date),
        "kind": document.kind,
        "url": document.url,
        "path": document.path,
    }


def unwritable(document: Document) -> str:
    """Why a document cannot be stored, or '' when it can: a date the index cannot file (not in the
    calendar), or a name or text that is not UTF-8 text. Either would fail its whole batch's write.

    >>> unwritable(Document("a.txt", "a.txt", "A", "Hi.", "en", "note", "2024-13-45"))
    "date '2024-13-45': there is no month 13; use YYYY, YYYY-MM or YYYY-MM-DD"
    """
    try:
        date_number(document.date)
    except ValueError as exc:
        return str(exc)
    for name in ("source_id", "path", "title", "url", "text"):
        try:
            getattr(document, name).encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates: undecodable bytes of a file name, or JSON escapes
            return f"its {name.replace('_', ' ')} is not valid UTF-8 text"
    return ""


def profile_of(source_id: str, lang: str, date: str | None, text: str, extra: dict) -> StoredProfile | None:
    """What linking translations needs of a document without a stated group (none for those with one)."""
    if stated_group({"extra": extra}):
        return None
    found = profile(source_id, lang, date, text)
    return StoredProfile(tuple(sorted(found.anchors)), found.figures, found.length)


def document_record(document: Document, ingested_at: str = "") -> DocumentRecord:
    """The record that marks a document as indexed."""
    return DocumentRecord(
        source_id=document.source_id,
        path=document.path,
        title=document.title,
        text=document.text,
        lang=document.lang,
        kind=document.kind,
        date=document.date,
        url=document.url,
        content_hash=document.content_hash,
        source_hash=document.source_hash,
        passages=len(document.passages),
        ingested_at=ingested_at,
        extra=document.extra,
        statements=document.statements,
        dates=document.dates,
        profile=profile_of(document.source_id, document.lang, document.date, document.text, document.extra),
        mentions=document.mentions,
        minhash=signature(document.text),
    )


@dataclass(frozen=True)
class WritePlan:
    """What writing a batch does, in order: passages, then deletions of stale ones, then records."""

    passages: tuple[tuple[Document, Passage], ...]  # new passages, to embed and write
    stale: tuple[tuple[str, tuple[str, ...]], ...]  # (source id, passage ids to keep): delete the others
    records: tuple[DocumentRecord, ...]  # last: a record marks its document complete
    events: tuple[IngestEvent, ...]


def plan_batch(batch: list[tuple[Document, bool]], known: dict[str, set[str]]) -> WritePlan:
    """The plan for a batch of ``(document, replacing)``, given the passage ids ``known`` to be
    stored for some of them (an update's, or a killed ingest's).

    >>> doc = Document("a.txt", "a.txt", "A", "Hi.", "en", "note", None,
    ...                passages=(Passage("p1", "a.txt", "Hi.", 0, 3, (), ((0, 3),)),))
    >>> plan = plan_batch([(doc, False)], {"a.txt": {point_id("old")}})
    >>> [p.id for _, p in plan.passages], plan.stale[0][0], [e.status for e in plan.events]
    (['p1'], 'a.txt', ['added'])
    """
    todo: list[tuple[Document, Passage]] = []
    stale, events = [], []
    for document, replacing in batch:
        stored = known.get(document.source_id, set())
        current = [point_id(p.id) for p in document.passages]
        # A document without a record may have passages a killed ingest wrote: the current ones
        # are kept and the others (of an earlier text) deleted, as for an update.
        todo.extend((document, p) for p in document.passages if point_id(p.id) not in stored)
        if replacing or stored - set(current):
            stale.append((document.source_id, tuple(current)))
        events.append(IngestEvent(document.source_id, "updated" if replacing else "added", len(document.passages)))
    return WritePlan(tuple(todo), tuple(stale), tuple(document_record(d) for d, _ in batch), tuple(events))


def apply_plan(plan: WritePlan, backend: VectorBackend, embedder: Embedder) -> list[IngestEvent]:
    """Embed the plan's passages and write it: passages, stale deletions, then the records."""
    # One encoder call for passages and their sentences: the encoder sorts by length, so short
    # sentences batch together without padding.
    texts = [embedding_text(d.title, p) for d, p in plan.passages]
    per_passage = [sentence_texts(p) if backend.has_sentence_vectors else [] for _, p in plan.passages]
    vectors = embedder.embed(texts + [t for group in per_passage for t in group])
    across = multilingual_encoder().embed(texts) if backend.has_multilingual else None
    points, at = [], len(plan.passages)
    for i, (d, p) in enumerate(plan.passages):
        indices, values = document_vector(p.text, p.lang or d.lang)
        rows = vectors[at : at + len(per_passage[i])].tolist() if per_passage[i] else None
        at += len(per_passage[i])
        points.append(PassagePoint(point_id(p.id), vectors[i].tolist(), rows, indices, values, passage_payload(d, p),
                                   across[i].tolist() if across is not None else None))
    backend.upsert_passages(points)
    for source_id, keep in plan.stale:
        backend.delete_stale(source_id, list(keep))
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    backend.upsert_documents([(record_id(r.source_id), replace(r, ingested_at=now).to_payload()) for r in plan.records])
    return list(plan.events)


def write_items(
    backend: VectorBackend,
    embedder: Embedder,
    items: Iterable[Document | IngestError | Unchanged],
    *,
    batch_passages: int = 256,
    progress: Callable[[IngestEvent], None] | None = None,
) -> Iterator[IngestEvent]:
    """Index documents, skipping unchanged ones and replacing changed ones; yield an event each."""
    pending: list[tuple[Document, bool]] = []
    size = 0
    uncommitted: bool | None = None  # passages a killed ingest left without their record
    for item in items:
        if isinstance(item, IngestError):
            yield _report(IngestEvent(item.path, "failed", reason=item.reason), progress)
            continue
        if isinstance(item, Unchanged):
            yield _report(IngestEvent(item.source_id, "unchanged"), progress)
            continue
        if fault := unwritable(item):  # one such document fails alone, and what is stored of it stays
            reason = f"{fault} (from {_printable(item.path)})"
            yield _report(IngestEvent(_printable(item.source_id), "failed", reason=reason), progress)
            continue
        existing = read_record(backend, item.source_id)
        if existing and existing.content_hash == item.content_hash:
            yield _report(IngestEvent(item.source_id, "unchanged", len(item.passages)), progress)
            continue
        if existing is None and uncommitted is None:
            uncommitted = _uncommitted(backend)
        pending.append((item, existing is not None))
        size += len(item.passages)
        if size >= batch_passages:
            yield from (_report(e, progress) for e in _write(backend, embedder, pending, bool(uncommitted)))
            pending, size = [], 0
    if pending:
        yield from (_report(e, progress) for e in _write(backend, embedder, pending, bool(uncommitted)))


def _write(
    backend: VectorBackend, embedder: Embedder, batch: list[tuple[Document, bool]], uncommitted: bool
) -> list[IngestEvent]:
    # Stored passages are looked for only where some may exist, so a first ingest stays linear.
    known = {d.source_id: backend.passage_ids(d.source_id) for d, replacing in batch if replacing or uncommitted}
    return apply_plan(plan_batch(batch, known), backend, embedder)


def _uncommitted(backend: VectorBackend) -> bool:
    """Whether some passages are counted by no record: an ingest was killed after writing
    passages and before their record, the mark of a complete document."""
    committed = sum(r.passages for r in summaries(backend))
    return backend.count_passages() > committed


def delete_document(backend: VectorBackend, source_id: str) -> int:
    """Delete a document and its passages; return how many passages went."""
    record = backend.document(record_id(source_id))
    ids = backend.passage_ids(source_id)
    if record is None and not ids:
        raise UnknownDocument(f"no document with source id {source_id!r}")
    backend.delete_source(source_id, record_id(source_id))
    return len(ids)


def _printable(text: str) -> str:
    """Text with any lone surrogates escaped (``\\udcff``), so it can be printed and stored."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _report(event: IngestEvent, progress: Callable[[IngestEvent], None] | None) -> IngestEvent:
    if progress:
        progress(event)
    return event
