"""The passage index in Qdrant: dense and sparse vectors, document records, hybrid search.

One code path for a local folder, ``:memory:`` and a Qdrant server. A document record
is written after its passages, so it marks a document as completely indexed.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from qdrant_client import QdrantClient, models

from index.embedding import Embedder
from index.errors import StoreUnavailable, UnknownDocument
from index.filters import SearchFilters, date_number
from index.lexical import document_vector, query_vector
from index.settings import IndexSettings
from ingest.records import Document, IngestError, Passage, Unchanged

_NAMESPACE = uuid.UUID("6f1c2a52-8d7e-4c1b-9a57-3c0e5b1f2a10")
_PAYLOAD_INDEXES = {
    "source_id": models.PayloadSchemaType.KEYWORD,
    "lang": models.PayloadSchemaType.KEYWORD,
    "kind": models.PayloadSchemaType.KEYWORD,
    "date_num": models.PayloadSchemaType.INTEGER,
}


@dataclass(frozen=True)
class SearchHit:
    """A retrieved passage with its document's metadata and its fused rank score."""

    passage: Passage
    score: float
    title: str
    date: str | None
    lang: str
    kind: str
    url: str
    path: str
    dense_score: float = 0.0  # cosine of the passage's vector with the query's


@dataclass(frozen=True)
class IngestEvent:
    """What happened to one document or file during indexing."""

    source_id: str
    status: str  # "added" | "updated" | "unchanged" | "failed"
    passages: int = 0
    reason: str = ""


def point_id(key: str) -> str:
    """A Qdrant point id derived from a content key."""
    return str(uuid.uuid5(_NAMESPACE, key))


def embedding_text(title: str, passage: Passage) -> str:
    """What the encoder sees: the passage with its title and nearest heading for context."""
    context = [" ".join(title.split()[:24])]
    if passage.heading_path and passage.heading_path[-1] != title:
        context.append(" ".join(passage.heading_path[-1].split()[:12]))
    return "\n".join([*context, passage.text])


class PassageStore:
    """Qdrant collections of passages and of document records."""

    def __init__(self, settings: IndexSettings, embedder: Embedder) -> None:
        self.settings = settings
        self.embedder = embedder
        self.passages = f"{settings.collection_prefix}passages"
        self.documents = f"{settings.collection_prefix}documents"
        self.client = _open_client(settings)
        self._ensure_collections()

    def _ensure_collections(self) -> None:
        if not self.client.collection_exists(self.passages):
            self.client.create_collection(
                self.passages,
                vectors_config={
                    "dense": models.VectorParams(size=self.embedder.dimension, distance=models.Distance.COSINE)
                },
                sparse_vectors_config={"sparse": models.SparseVectorParams(modifier=models.Modifier.IDF)},
            )
            self._index_payload(self.passages, _PAYLOAD_INDEXES)
        if not self.client.collection_exists(self.documents):
            self.client.create_collection(self.documents, vectors_config={})
            self._index_payload(self.documents, {"source_id": models.PayloadSchemaType.KEYWORD})
        else:
            dense = self.client.get_collection(self.passages).config.params.vectors
            size = dense["dense"].size if isinstance(dense, dict) else None
            if size != self.embedder.dimension:
                raise StoreUnavailable(
                    f"the index at {self.where} was built with {size}-dimensional vectors but the "
                    f"embedding model makes {self.embedder.dimension}; use another PRESSROOM_HOME "
                    "or delete the index to change models"
                )

    def _index_payload(self, collection: str, fields: dict[str, models.PayloadSchemaType]) -> None:
        # Only a Qdrant server keeps payload indexes; the local mode scans and would warn.
        if self.settings.qdrant_location.startswith("http"):
            for field, schema in fields.items():
                self.client.create_payload_index(collection, field, field_schema=schema)

    @property
    def where(self) -> str:
        """Where the index lives, for messages."""
        return self.settings.qdrant_location or str(self.settings.qdrant_path)

    def close(self) -> None:
        """Release the store (a local folder is locked while open)."""
        self.client.close()

    # -- writing -------------------------------------------------------------------------

    def is_indexed(self, source_id: str, source_hash: str) -> bool:
        """Whether this exact raw input is indexed already (so need not even be parsed)."""
        record = self._document_record(source_id)
        return bool(record) and record.get("source_hash") == source_hash

    def index(
        self,
        items: Iterable[Document | IngestError | Unchanged],
        *,
        batch_passages: int = 256,
        progress: Callable[[IngestEvent], None] | None = None,
    ) -> Iterator[IngestEvent]:
        """Index documents, skipping unchanged ones and replacing changed ones; yield an event each."""
        pending: list[tuple[Document, bool]] = []
        size = 0
        for item in items:
            if isinstance(item, IngestError):
                yield _report(IngestEvent(item.path, "failed", reason=item.reason), progress)
                continue
            if isinstance(item, Unchanged):
                yield _report(IngestEvent(item.source_id, "unchanged"), progress)
                continue
            existing = self._document_record(item.source_id)
            if existing and existing.get("content_hash") == item.content_hash:
                yield _report(IngestEvent(item.source_id, "unchanged", len(item.passages)), progress)
                continue
            pending.append((item, existing is not None))
            size += len(item.passages)
            if size >= batch_passages:
                yield from (_report(e, progress) for e in self._write(pending))
                pending, size = [], 0
        if pending:
            yield from (_report(e, progress) for e in self._write(pending))

    def _write(self, batch: list[tuple[Document, bool]]) -> list[IngestEvent]:
        todo: list[tuple[Document, Passage]] = []
        for document, replacing in batch:
            known = self._passage_ids(document.source_id) if replacing else set()
            todo.extend((document, p) for p in document.passages if point_id(p.id) not in known)
        vectors = self.embedder.embed([embedding_text(d.title, p) for d, p in todo])
        points = [
            models.PointStruct(
                id=point_id(p.id),
                vector={"dense": vector.tolist(), "sparse": _sparse(p.text, p.lang or d.lang)},
                payload=_passage_payload(d, p),
            )
            for (d, p), vector in zip(todo, vectors, strict=True)
        ]
        for start in range(0, len(points), 256):
            self.client.upsert(self.passages, points[start : start + 256], wait=True)
        events, records = [], []
        for document, replacing in batch:
            if replacing:
                # Only a document indexed before can have passages to drop; skipping the
                # filtered delete for new ones keeps a large first ingest linear.
                self._delete_stale(document)
            records.append(
                models.PointStruct(
                    id=point_id("doc:" + document.source_id), vector={}, payload=_document_payload(document)
                )
            )
            events.append(IngestEvent(document.source_id, "updated" if replacing else "added", len(document.passages)))
        # Records go last: a document without one was not completely indexed and is redone.
        self.client.upsert(self.documents, records, wait=True)
        return events

    def _delete_stale(self, document: Document) -> None:
        keep = [point_id(p.id) for p in document.passages]
        self.client.delete(
            self.passages,
            models.FilterSelector(
                filter=models.Filter(
                    must=[models.FieldCondition(key="source_id", match=models.MatchValue(value=document.source_id))],
                    must_not=[models.HasIdCondition(has_id=keep)],
                )
            ),
            wait=True,
        )

    def delete(self, source_id: str) -> int:
        """Delete a document and its passages; return how many passages went."""
        record = self._document_record(source_id)
        ids = self._passage_ids(source_id)
        if record is None and not ids:
            raise UnknownDocument(f"no document with source id {source_id!r}")
        self.client.delete(self.documents, models.PointIdsList(points=[point_id("doc:" + source_id)]), wait=True)
        self.client.delete(self.passages, models.FilterSelector(filter=_by_source(source_id)), wait=True)
        return len(ids)

    # -- reading -------------------------------------------------------------------------

    def _document_record(self, source_id: str) -> dict | None:
        found = self.client.retrieve(self.documents, [point_id("doc:" + source_id)], with_payload=True)
        return dict(found[0].payload or {}) if found else None

    def _passage_ids(self, source_id: str) -> set[str]:
        ids: set[str] = set()
        offset = None
        while True:
            points, offset = self.client.scroll(
                self.passages,
                scroll_filter=_by_source(source_id),
                limit=1024,
                offset=offset,
                with_payload=False,
                with_vectors=False,
            )
            ids.update(str(p.id) for p in points)
            if offset is None:
                return ids

    def document(self, source_id: str) -> dict:
        """A document's record, with its clean text."""
        record = self._document_record(source_id)
        if record is None:
            raise UnknownDocument(f"no document with source id {source_id!r}")
        return record

    def list_documents(self) -> list[dict]:
        """Every document record without its text, sorted by source id."""
        records, offset = [], None
        while True:
            points, offset = self.client.scroll(
                self.documents, limit=1024, offset=offset, with_payload=models.PayloadSelectorExclude(exclude=["text"])
            )
            records.extend(dict(p.payload or {}) for p in points)
            if offset is None:
                return sorted(records, key=lambda r: r.get("source_id", ""))

    def count_passages(self) -> int:
        """How many passages the index holds."""
        return self.client.count(self.passages, exact=True).count

    def search(
        self,
        query: str,
        *,
        limit: int = 10,
        filters: SearchFilters | None = None,
        lang: str = "en",
        query_vector_dense: list[float] | None = None,
    ) -> list[SearchHit]:
        """Hybrid search: dense and sparse candidates fused by Qdrant with reciprocal rank fusion."""
        condition = filters.to_qdrant() if filters else None
        dense = query_vector_dense or self.embedder.embed([query])[0].tolist()
        indices, values = query_vector(query, lang)
        prefetch = [models.Prefetch(query=dense, using="dense", limit=max(limit * 4, 40), filter=condition)]
        if indices:
            prefetch.append(
                models.Prefetch(
                    query=models.SparseVector(indices=indices, values=values),
                    using="sparse",
                    limit=max(limit * 4, 40),
                    filter=condition,
                )
            )
        result = self.client.query_points(
            self.passages,
            prefetch=prefetch,
            query=models.FusionQuery(fusion=models.Fusion.RRF),
            limit=limit,
            with_payload=True,
            with_vectors=["dense"],
        )
        return [_hit(point.payload or {}, point.score, _cosine(dense, point.vector)) for point in result.points]


def _open_client(settings: IndexSettings) -> QdrantClient:
    location = settings.qdrant_location
    try:
        if location == ":memory:":
            return QdrantClient(location=":memory:")
        if location:
            return QdrantClient(url=location, api_key=settings.qdrant_api_key, timeout=30)
        settings.qdrant_path.mkdir(parents=True, exist_ok=True)
        return QdrantClient(path=str(settings.qdrant_path))
    except (RuntimeError, OSError, ValueError) as exc:
        raise StoreUnavailable(f"cannot open the index at {location or settings.qdrant_path}: {exc}") from exc


def _sparse(text: str, lang: str) -> models.SparseVector:
    indices, values = document_vector(text, lang)
    return models.SparseVector(indices=indices, values=values)


def _by_source(source_id: str) -> models.Filter:
    return models.Filter(must=[models.FieldCondition(key="source_id", match=models.MatchValue(value=source_id))])


def _report(event: IngestEvent, progress: Callable[[IngestEvent], None] | None) -> IngestEvent:
    if progress:
        progress(event)
    return event


def _passage_payload(document: Document, passage: Passage) -> dict:
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


def _document_payload(document: Document) -> dict:
    return {
        "source_id": document.source_id,
        "path": document.path,
        "title": document.title,
        "text": document.text,
        "lang": document.lang,
        "kind": document.kind,
        "date": document.date,
        "url": document.url,
        "content_hash": document.content_hash,
        "source_hash": document.source_hash,
        "passages": len(document.passages),
        "ingested_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "extra": document.extra,
    }


def _cosine(query: list[float], vector: object) -> float:
    stored = vector.get("dense") if isinstance(vector, dict) else None
    if not stored:
        return 0.0
    # Qdrant keeps cosine vectors normalised, and the query is normalised too.
    return float(sum(a * b for a, b in zip(query, stored, strict=False)))


def _hit(payload: dict, score: float, dense_score: float = 0.0) -> SearchHit:
    passage = Passage(
        id=payload["passage_id"],
        source_id=payload["source_id"],
        text=payload["text"],
        start=payload["start"],
        end=payload["end"],
        heading_path=tuple(payload.get("heading_path") or ()),
        sentences=tuple(tuple(s) for s in payload.get("sentences") or ()),
        lang=payload.get("lang", ""),
        headings=tuple(tuple(s) for s in payload.get("headings") or ()),
    )
    return SearchHit(
        passage=passage,
        score=score,
        title=payload.get("title", ""),
        date=payload.get("date"),
        lang=payload.get("lang", ""),
        kind=payload.get("kind", ""),
        url=payload.get("url", ""),
        path=payload.get("path", ""),
        dense_score=dense_score,
    )
