"""The passage index: dense, sentence and sparse vectors, document records, hybrid search.

The same code for every backend (Qdrant Edge in a local folder; qdrant-client for a server,
``:memory:`` or its local mode). A document record is written after its passages, so it
marks a document as completely indexed; passages a killed ingest left without their record
are replaced when the document is ingested again (``tests/test_crash_safety.py``).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, replace

import numpy as np

from index.backend import PassagePoint, open_backend
from index.embedding import Embedder
from index.errors import UnknownDocument
from index.filters import SearchFilters, date_number
from index.fusion import reciprocal_rank_fusion
from index.lexical import document_vector, query_vector, terms
from index.settings import IndexSettings
from index.translations import Profile, pair_up, profile, stated_group
from ingest.dates import extract_dates
from ingest.records import Document, IngestError, Passage, Unchanged
from ingest.statements import extract_statements

_NAMESPACE = uuid.UUID("6f1c2a52-8d7e-4c1b-9a57-3c0e5b1f2a10")


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
    # One unit row per sentence, then per heading, of the passage (see ``sentence_texts``);
    # None for an index built before they were stored.
    sentence_vectors: np.ndarray | None = None


@dataclass(frozen=True)
class IngestEvent:
    """What happened to one document or file during indexing."""

    source_id: str
    status: str  # "added" | "updated" | "unchanged" | "failed"
    passages: int = 0
    reason: str = ""


def about(wanted: set[str], text: str, lang: str, share: float = 2 / 3) -> bool:
    """Whether ``text`` holds ``share`` of the topic's terms (two thirds: all of a two-word topic).

    >>> about({"temporari", "protect"}, "data protection rules", "en"), about(set(), "anything", "en")
    (False, True)
    >>> about({"temporari", "protect"}, "data protection rules", "en", share=0.5)
    True
    """
    return not wanted or len(wanted & set(terms(text, lang))) >= share * len(wanted) - 1e-9


def point_id(key: str) -> str:
    """A Qdrant point id derived from a content key."""
    return str(uuid.uuid5(_NAMESPACE, key))


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


class PassageStore:
    """Passages and document records in a Qdrant backend (see ``index.backend``)."""

    def __init__(self, settings: IndexSettings, embedder: Embedder) -> None:
        self.settings = settings
        self.embedder = embedder
        self.backend = open_backend(settings, embedder.dimension)
        self._groups: tuple[dict[str, str], dict[str, dict[str, str]]] | None = None

    @property
    def has_sentence_vectors(self) -> bool:
        """Whether passages carry sentence vectors (indexes built before they existed do not)."""
        return self.backend.has_sentence_vectors

    @property
    def where(self) -> str:
        """Where the index lives, for messages."""
        return self.settings.where

    def optimize(self) -> None:
        """Build the backend's search indexes; worth it after a bulk ingest."""
        self.backend.optimize()

    def close(self) -> None:
        """Release the store (a local folder is locked while open)."""
        self.backend.close()

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
        written: set[str] = set()
        uncommitted: bool | None = None  # passages a killed ingest left without their record
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
            if existing is None and uncommitted is None:
                uncommitted = self._uncommitted()
            pending.append((item, existing is not None))
            size += len(item.passages)
            written.add(item.source_id)
            if size >= batch_passages:
                yield from (_report(e, progress) for e in self._write(pending, bool(uncommitted)))
                pending, size = [], 0
        if pending:
            yield from (_report(e, progress) for e in self._write(pending, bool(uncommitted)))
        if written:  # link the new documents to their other language versions
            self.link_translations(written)

    def _uncommitted(self) -> bool:
        """Whether some passages are counted by no record: an ingest was killed after writing
        passages and before their record, the mark of a complete document."""
        committed = sum(int(r.get("passages") or 0) for r in self.backend.documents())
        return self.backend.count_passages() > committed

    def _write(self, batch: list[tuple[Document, bool]], uncommitted: bool = False) -> list[IngestEvent]:
        self._groups = None
        todo: list[tuple[Document, Passage]] = []
        stale: set[str] = set()
        for document, replacing in batch:
            # A document without a record may have passages a killed ingest wrote: the current
            # ones are kept and the others (of an earlier text) deleted below, as for an update.
            # Looked for only when such passages exist, so a first ingest stays linear.
            known = self.backend.passage_ids(document.source_id) if replacing or uncommitted else set()
            if known - {point_id(p.id) for p in document.passages}:
                stale.add(document.source_id)
            todo.extend((document, p) for p in document.passages if point_id(p.id) not in known)
        # One encoder call for passages and their sentences: the encoder sorts by length,
        # so short sentences batch together without padding.
        texts = [embedding_text(d.title, p) for d, p in todo]
        per_passage = [sentence_texts(p) if self.has_sentence_vectors else [] for _, p in todo]
        vectors = self.embedder.embed(texts + [t for group in per_passage for t in group])
        points, at = [], len(todo)
        for i, (d, p) in enumerate(todo):
            indices, values = document_vector(p.text, p.lang or d.lang)
            rows = vectors[at : at + len(per_passage[i])].tolist() if per_passage[i] else None
            at += len(per_passage[i])
            payload = _passage_payload(d, p)
            points.append(PassagePoint(point_id(p.id), vectors[i].tolist(), rows, indices, values, payload))
        self.backend.upsert_passages(points)
        events, records = [], []
        for document, replacing in batch:
            if replacing or document.source_id in stale:
                self.backend.delete_stale(document.source_id, [point_id(p.id) for p in document.passages])
            records.append((point_id("doc:" + document.source_id), _document_payload(document)))
            events.append(IngestEvent(document.source_id, "updated" if replacing else "added", len(document.passages)))
        # Records go last: a document without one was not completely indexed and is redone.
        self.backend.upsert_documents(records)
        return events

    def delete(self, source_id: str) -> int:
        """Delete a document and its passages; return how many passages went."""
        self._groups = None
        record = self._document_record(source_id)
        ids = self.backend.passage_ids(source_id)
        if record is None and not ids:
            raise UnknownDocument(f"no document with source id {source_id!r}")
        self.backend.delete_source(source_id, point_id("doc:" + source_id))
        return len(ids)

    # -- reading -------------------------------------------------------------------------

    def _document_record(self, source_id: str) -> dict | None:
        return self.backend.document(point_id("doc:" + source_id))

    def document(self, source_id: str) -> dict:
        """A document's record, with its clean text."""
        record = self._document_record(source_id)
        if record is None:
            raise UnknownDocument(f"no document with source id {source_id!r}")
        return record

    def list_documents(self) -> list[dict]:
        """Every document record without its text or statements, sorted by source id."""
        records = ({k: v for k, v in r.items() if k not in ("statements", "dates", "profile")}
                   for r in self.backend.documents())
        return sorted(records, key=lambda r: r.get("source_id", ""))

    def timeline(self, topic: str | None = None, since: str | None = None, until: str | None = None) -> list[dict]:
        """Dated events, in date order, with their document's id, title and date; ``topic``
        keeps those whose sentence has two thirds of its terms, ``since``/``until`` (ISO
        prefixes such as 2024 or 2024-01) bound the event's date."""
        out: list[dict] = []
        topic_terms: dict[str, set[str]] = {}
        for record in self.backend.documents():
            found = self._dates_of(record)
            lang = record.get("lang") or "en"
            if topic and lang not in topic_terms:  # stemmed once per language, not per record
                topic_terms[lang] = set(terms(topic, lang))
            wanted = topic_terms.get(lang, set())
            for ev in found:
                day = ev["when"].lstrip("/")[:10]
                if (since and day[: len(since)] < since) or (until and day[: len(until)] > until):
                    continue
                if not about(wanted, ev["text"], lang):
                    continue
                out.append({**ev, "source_id": record["source_id"], "title": record.get("title", ""), "lang": lang,
                            "document_date": record.get("date")})
        return sorted(out, key=lambda ev: (ev["when"].lstrip("/"), ev["source_id"], ev["start"]))

    # -- translation groups ----------------------------------------------------------------

    def link_translations(self, new: set[str] | None = None) -> int:
        """Link documents that came without a translation group to their other language
        versions (``index/translations.py``): those of ``new`` (all, when None) compared with
        every other; return how many records were linked anew."""
        records = [r for r in self.backend.documents() if not stated_group(r)]
        profiles = []
        for r in records:
            kept = r.get("profile")
            if kept:  # stored at ingest: no document text to read
                profiles.append(Profile(r["source_id"], r.get("lang") or "", r.get("date"),
                                        frozenset(kept["anchors"]), tuple(kept["figures"]), kept["length"]))
            else:  # a record from before profiles were stored
                text = self.document(r["source_id"])["text"]
                profiles.append(profile(r["source_id"], r.get("lang") or "", r.get("date"), text))
        # A record without a "group" field has not been through linking yet (written by this
        # ingest, or by one killed before it linked): it is compared like a new one.
        if new is not None:
            new = set(new) | {r["source_id"] for r in records if "group" not in r}
        linked = {r["source_id"]: r.get("group", "") for r in records}
        found = pair_up(profiles, new, linked)
        by_group: dict[str, list[str]] = {}
        for record in records:
            group = found.get(record["source_id"], "")
            if record.get("group") != group:
                by_group.setdefault(group, []).append(point_id("doc:" + record["source_id"]))
        for group, ids in by_group.items():
            self.backend.set_document_field(ids, "group", group)
        self._groups = None
        return sum(len(ids) for group, ids in by_group.items() if group)

    def versions(self, source_id: str) -> dict[str, str]:
        """The language versions of a document's release: language → source id (itself included)."""
        group_of, members = self._translation_map()
        group = group_of.get(source_id)
        return dict(members.get(group, {})) if group else {}

    def one_version_per_release(
        self,
        query: str,
        hits: list[SearchHit],
        lang: str,
        filters: SearchFilters | None = None,
        *,
        per_release: int = 1,
        query_vector_dense: list[float] | None = None,
    ) -> list[SearchHit]:
        """Search hits with each release once: its version in ``lang`` when it has one (that
        version's best ``per_release`` passages take the rank the release earned), else the
        version found first. Passages of the release's other versions are dropped."""
        out: list[SearchHit] = []
        chosen: dict[frozenset[str], str] = {}
        seen: set[str] = set()

        def keep(hit: SearchHit) -> None:
            if hit.passage.id not in seen:
                seen.add(hit.passage.id)
                out.append(hit)

        for hit in hits:
            source = hit.passage.source_id
            versions = self.versions(source)
            release = frozenset(versions.values()) or frozenset([source])
            if release in chosen:
                if chosen[release] == source:
                    keep(hit)
                continue
            chosen[release] = source
            preferred = versions.get(lang)
            if preferred and preferred != source and hit.lang != lang:
                narrowed = replace(filters or SearchFilters(), source=preferred)
                found = self.search(query, limit=per_release, filters=narrowed, lang=lang,
                                    query_vector_dense=query_vector_dense)
                if found:
                    chosen[release] = preferred
                    for other in found:
                        keep(replace(other, score=hit.score))
                    continue
            keep(hit)
        return out

    def _translation_map(self) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
        if self._groups is None:
            group_of: dict[str, str] = {}
            members: dict[str, dict[str, str]] = {}
            for r in sorted(self.backend.documents(), key=lambda r: r.get("source_id", "")):
                group = r.get("group") or stated_group(r) or "doc:" + r["source_id"]
                group_of[r["source_id"]] = group
                members.setdefault(group, {}).setdefault(r.get("lang") or "", r["source_id"])
            self._groups = (group_of, members)
        return self._groups

    def dates(self, source_id: str) -> list[dict]:
        """The dated events of one document, in text order."""
        return self._dates_of(self.document(source_id))

    def _dates_of(self, record: dict) -> list[dict]:
        found = record.get("dates")
        if found is None:  # ingested before dates were extracted: read them from the text now
            text = record.get("text") or self.document(record["source_id"])["text"]
            found = [asdict(ev) for ev in extract_dates(text, record.get("date"))]
        return found

    def statements(self, speaker: str | None = None, topic: str | None = None) -> list[dict]:
        """Every quotation and statement, with its document's id, title, date and language,
        oldest first; ``speaker`` keeps those whose speaker's name contains it (any case),
        ``topic`` those that contain two thirds of its terms (stemmed, stop words aside).

        Records ingested before statements were extracted get them from their text now.
        """
        out: list[dict] = []
        topic_terms: dict[str, set[str]] = {}
        for record in self.backend.documents():
            found = record.get("statements")
            if found is None:
                found = [asdict(st) for st in extract_statements(self.document(record["source_id"])["text"])]
            lang = record.get("lang") or "en"
            if topic and lang not in topic_terms:  # stemmed once per language, not per record
                topic_terms[lang] = set(terms(topic, lang))
            wanted = topic_terms.get(lang, set())
            for st in found:
                if speaker and speaker.lower() not in st["speaker"].lower():
                    continue
                if not about(wanted, st["text"], lang):
                    continue
                out.append(
                    {**st, "source_id": record["source_id"], "title": record.get("title", ""),
                     "date": record.get("date"), "lang": record.get("lang", ""), "url": record.get("url", "")}
                )
        return sorted(out, key=lambda st: (st["date"] or "", st["source_id"], st["start"]))

    def passage_payloads(self) -> list[dict]:
        """Every passage's stored payload (text, offsets, metadata)."""
        return self.backend.passage_payloads()

    def count_passages(self) -> int:
        """How many passages the index holds."""
        return self.backend.count_passages()

    def search(
        self,
        query: str,
        *,
        limit: int = 10,
        filters: SearchFilters | None = None,
        lang: str = "en",
        query_vector_dense: list[float] | None = None,
    ) -> list[SearchHit]:
        """Hybrid search: dense and sparse candidates fused with reciprocal rank fusion.

        The fusion runs here rather than in Qdrant so that ties break the same way (by
        passage id) on every backend: the same question always gets the same passages.
        """
        dense = query_vector_dense or self.embedder.embed([query])[0].tolist()
        prefetch = max(limit * 4, 40)
        ranked = [self.backend.nearest("dense", dense, filters, prefetch)]
        sparse = query_vector(query, lang)
        if sparse[0]:
            ranked.append(self.backend.nearest("sparse", sparse, filters, prefetch))
        fused = reciprocal_rank_fusion(ranked)[:limit]
        found = self.backend.fetch([i for i, _ in fused])
        return [
            _hit(f.payload, score, _cosine(dense, f.dense), np.asarray(f.sentences, dtype=np.float32)
                 if f.sentences else None)
            for f, (_, score) in zip(found, fused, strict=True)
        ]


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
        "statements": [asdict(st) for st in document.statements],
        "dates": [asdict(ev) for ev in document.dates],
        "profile": _profile_payload(document),
    }


def _profile_payload(document: Document) -> dict | None:
    """What linking translations needs of a document without a stated group (none for those with one)."""
    if stated_group({"extra": document.extra}):
        return None
    found = profile(document.source_id, document.lang, document.date, document.text)
    return {"anchors": sorted(found.anchors), "figures": list(found.figures), "length": found.length}


def _cosine(query: list[float], stored: list[float] | None) -> float:
    if not stored:
        return 0.0
    # Qdrant keeps cosine vectors normalised, and the query is normalised too.
    return float(sum(a * b for a, b in zip(query, stored, strict=False)))


def _hit(
    payload: dict, score: float, dense_score: float = 0.0, sentence_vectors: np.ndarray | None = None
) -> SearchHit:
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
        sentence_vectors=sentence_vectors,
    )
