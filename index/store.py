"""The passage index's facade: one object over the rooms of the store.

The same code for every backend (Qdrant Edge in a local folder; qdrant-client for a server,
``:memory:`` or its local mode). Each room is a module:

- ``index/vectors.py``: the records a backend stores and returns, and the backend Protocol;
- ``index/writing.py``: a pure plan of what to write and delete for a batch, then applying it
  (passages first, the document record last: the mark of a complete document);
- ``index/searching.py``: hybrid search, and one version per release;
- ``index/releases.py``: translation groups, linked and looked up;
- ``index/near_groups.py``: near-duplicate groups (one release re-published in one language),
  linked at ingest and looked up: search and ``find`` list one document of a group;
- ``index/catalogue.py``: typed records read back from payloads, the timeline and statements;
- ``index/schema.py``: the schema version and the migration run on open;
- ``index/fulltext.py`` and ``index/finding.py``: the exact full-text search of ``find``, in a
  SQLite FTS5 table beside the index, written with it and brought level on first use;
- ``index/entities.py`` and ``index/naming.py``: the people, organisations and places named in
  the documents (mentions kept in the same SQLite file), their variants merged.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator

from index import searching
from index.backend import open_backend
from index.catalogue import (
    DocumentRecord,
    DocumentSummary,
    Listing,
    StatementRecord,
    TimelineEvent,
    read_record,
    summaries,
)
from index.dated import Dated
from index.embedding import Embedder
from index.entities import Entities
from index.errors import UnknownDocument
from index.filters import SearchFilters
from index.finding import FindHit, FindResult, Sort, find, find_all
from index.fulltext import FullText
from index.model_files import model_identity
from index.multilingual import shared as multilingual_encoder
from index.near_duplicates import Groups
from index.near_groups import NearDuplicates
from index.query import And, Field, parse
from index.releases import Releases
from index.schema import check_encoder, mark_encoder, migrate
from index.screening import Screener, ScreenResult
from index.settings import IndexSettings
from index.vectors import SearchHit
from index.writing import IngestEvent, delete_document, write_items
from ingest.records import DatedEvent, Document, IngestError, Unchanged

# Names callers import from here, kept where they were before the store was split.
__all__ = ["IngestEvent", "PassageStore", "SearchHit"]


class PassageStore:
    """Passages and document records in a Qdrant backend (see ``index.vectors``)."""

    def __init__(self, settings: IndexSettings, embedder: Embedder) -> None:
        self.settings = settings
        self.embedder = embedder
        self.backend = open_backend(settings, embedder.dimension)
        self._encoder = (model_identity(settings.embedding_model), settings.embedding_model)
        try:
            migrate(self.backend, settings.where)
            check_encoder(self.backend, settings.where, *self._encoder)
        except Exception:
            self.backend.close()  # a local folder stays locked while open
            raise
        if self.backend.has_multilingual:
            multilingual_encoder().preload_if_expected()  # while the rest opens
        listing = Listing(self.backend)  # read once for both groupings, until a write
        self._releases = Releases(self.backend, listing)
        self._near = NearDuplicates(self.backend, listing)
        self.dated = Dated(self.backend)  # every dated event and statement, kept until a write
        self._fulltext: FullText | None = None  # opened on first use (a find, a write)
        self._fulltext_level = False  # whether it has been checked against the records
        self._fulltext_lock = threading.Lock()
        self._entities: Entities | None = None

    @property
    def has_sentence_vectors(self) -> bool:
        """Whether passages carry sentence vectors (every index of the current schema does)."""
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
        if self._fulltext is not None:
            self._fulltext.close()
        self.backend.close()

    # -- writing (index/writing.py) ------------------------------------------------------

    def is_indexed(self, source_id: str, source_hash: str) -> bool:
        """Whether this exact raw input is indexed already (so need not even be parsed)."""
        record = read_record(self.backend, source_id)
        return record is not None and record.source_hash == source_hash

    def index(
        self,
        items: Iterable[Document | IngestError | Unchanged],
        *,
        batch_passages: int = 256,
        progress: Callable[[IngestEvent], None] | None = None,
    ) -> Iterator[IngestEvent]:
        """Index documents, skipping unchanged ones and replacing changed ones; yield an event each."""
        written: set[str] = set()
        for event in write_items(self.backend, self.embedder, items, batch_passages=batch_passages,
                                 progress=progress):  # fmt: skip
            if event.status in ("added", "updated"):
                self._releases.forget()
                self._near.forget()
                self.dated.forget()
                written.add(event.source_id)
                # After the record (the mark of a complete document), as for any reader.
                record = read_record(self.backend, event.source_id)
                if record is not None:
                    self._open_fulltext().upsert([record])
            yield event
        if written:  # link the new documents to their other language versions, and near-duplicates
            mark_encoder(self.backend, *self._encoder)
            self.link_translations(written)
            self.link_near_duplicates(written)

    def delete(self, source_id: str) -> int:
        """Delete a document and its passages; return how many passages went."""
        self._releases.forget()
        self._near.forget()
        removed = delete_document(self.backend, source_id)
        self.dated.forget()  # after the delete: a read between would keep the document
        self._open_fulltext().remove([source_id])
        return removed

    # -- exact full-text search (index/fulltext.py, index/finding.py) ---------------------

    def find(
        self,
        query: str,
        *,
        sort: Sort = "relevance",
        page: int = 1,
        per_page: int = 20,
        progress: Callable[[int, int], None] | None = None,
    ) -> FindResult:
        """One page of every document the query matches (``index/query.py``), with the exact
        count and facets of all of them, near-duplicates listed once; ``QuerySyntaxError`` says
        where a query is wrong."""
        node = parse(query)
        self.entities(progress).refresh()  # person:/org: filters and the facets read the entities
        return find(self.fulltext(progress), query, node, sort=sort, page=page, per_page=per_page,
                    near=self.near_duplicates())  # fmt: skip

    def find_all(
        self,
        query: str,
        *,
        sort: Sort = "relevance",
        progress: Callable[[int, int], None] | None = None,
        source: str | None = None,
    ) -> Iterator[FindHit]:
        """Every document the query matches, in order, each with all its matches (an export;
        near-duplicates are all there, each naming the others); with ``source``, that document's
        matches alone (the query is read on its own, so its errors point into it)."""
        node = parse(query)
        if source is not None:
            node = And((node, Field("source", source)))
        self.entities(progress).refresh()
        return find_all(self.fulltext(progress), node, sort=sort, near=self.near_duplicates())

    def entities(self, progress: Callable[[int, int], None] | None = None) -> Entities:
        """People, organisations and places named in the documents (``index/entities.py``), with
        the merges and splits made by hand kept in ``$PRESSROOM_HOME/entities.json``."""
        table = self.fulltext(progress)
        with self._fulltext_lock:
            if self._entities is None:
                self._entities = Entities(table, self.settings.home / "entities.json")
            return self._entities

    def fulltext(self, progress: Callable[[int, int], None] | None = None) -> FullText:
        """The full-text table, level with the document records: on first use in a process,
        documents it lacks or holds in an older version are written to it (``progress(done,
        total)`` as they are) and those deleted are removed."""
        table = self._open_fulltext()
        with self._fulltext_lock:
            if not self._fulltext_level:
                stored = {s.source_id: s.content_hash for s in summaries(self.backend)}
                held = table.hashes()
                table.remove([s for s in held if s not in stored])
                todo = sorted(s for s, h in stored.items() if held.get(s) != h)
                for at in range(0, len(todo), 200):
                    records = [read_record(self.backend, s) for s in todo[at : at + 200]]
                    table.upsert(r for r in records if r is not None)
                    if progress:
                        progress(min(at + 200, len(todo)), len(todo))
                self._fulltext_level = True
        return table

    def screen(self, names: list[str], *, limit: int = 20, remember: bool = True) -> list[ScreenResult]:
        """Each name's matching documents (``index/screening.py``); with ``remember``, those new
        since the same list was last screened are marked."""
        self.entities().refresh()
        history = self.settings.home / "screening" if remember else None
        return Screener(self.fulltext(), history, limit).screen(names)

    def _open_fulltext(self) -> FullText:
        with self._fulltext_lock:
            if self._fulltext is None:
                self._fulltext = FullText(self.settings.fulltext_path)
            return self._fulltext

    # -- reading (index/catalogue.py) ------------------------------------------------------

    def document(self, source_id: str) -> DocumentRecord:
        """A document's record, with its clean text."""
        record = read_record(self.backend, source_id)
        if record is None:
            raise UnknownDocument(f"no document with source id {source_id!r}")
        return record

    def list_documents(self) -> list[DocumentSummary]:
        """Every document without its text or statements, sorted by source id."""
        return sorted(summaries(self.backend), key=lambda r: r.source_id)

    def timeline(
        self, topic: str | None = None, since: str | None = None, until: str | None = None
    ) -> list[TimelineEvent]:
        """Dated events, in date order, with their document's id, title and date; ``topic``
        keeps those whose sentence has two thirds of its terms, ``since``/``until`` (ISO
        prefixes such as 2024 or 2024-01) bound the event's date; a bad date is a ValueError."""
        SearchFilters(date_from=since, date_to=until)  # a typo must not empty the timeline without a word
        events = self.dated.events(since, until)
        on = self.dated.holding(topic)[0] if topic else None
        return [ev for ev in events if on is None or id(ev) in on]

    def dates(self, source_id: str) -> tuple[DatedEvent, ...]:
        """The dated events of one document, in text order."""
        return self.document(source_id).dates

    def statements(self, speaker: str | None = None, topic: str | None = None) -> list[StatementRecord]:
        """Every quotation and statement, with its document's id, title, date and language,
        oldest first; ``speaker`` keeps those whose speaker's name contains it (any case),
        ``topic`` those that contain two thirds of its terms (stemmed, stop words aside)."""
        on = self.dated.holding(topic)[0] if topic else None
        return [
            st for st in self.dated.statements()
            if (not speaker or speaker.lower() in st.speaker.lower()) and (on is None or id(st) in on)
        ]  # fmt: skip

    def passage_payloads(self) -> list[dict]:
        """Every passage's stored payload (text, offsets, metadata)."""
        return self.backend.passage_payloads()

    def count_passages(self) -> int:
        """How many passages the index holds."""
        return self.backend.count_passages()

    # -- translation groups (index/releases.py) --------------------------------------------

    def link_translations(self, new: set[str] | None = None) -> int:
        """Link documents that came without a translation group to their other language
        versions (``index/translations.py``): those of ``new`` (all, when None) compared with
        every other; return how many records were linked anew."""
        return self._releases.link(new)

    def versions(self, source_id: str) -> dict[str, str]:
        """The language versions of a document's release: language → source id (itself included)."""
        return self._releases.versions(source_id)

    # -- near-duplicate groups (index/near_groups.py) --------------------------------------

    def link_near_duplicates(self, new: set[str] | None = None) -> int:
        """Group documents with their near-duplicates (``index/near_duplicates.py``): those of
        ``new`` (all, when None) compared with the others like them; return how many records
        joined a group anew."""
        return self._near.link(new)

    def near_duplicates(self) -> Groups:
        """The near-duplicate groups: each grouped document's group and the groups' members."""
        return self._near.groups()

    def similar(self, source_id: str) -> tuple[str, ...]:
        """The document's near-duplicates (the other documents of its group), by source id."""
        return self._near.groups().similar(source_id)

    # -- searching (index/searching.py) ----------------------------------------------------

    def search(
        self,
        query: str,
        *,
        limit: int = 10,
        filters: SearchFilters | None = None,
        lang: str = "en",
        query_vector_dense: list[float] | None = None,
    ) -> list[SearchHit]:
        """Hybrid search: dense and sparse candidates fused with reciprocal rank fusion (the same
        passages for the same question on every backend)."""
        return searching.search(self.backend, self.embedder, query, limit=limit, filters=filters, lang=lang,
                                query_vector_dense=query_vector_dense,
                                other_language_lexical_weight=self.settings.other_language_lexical_weight)  # fmt: skip

    def search_other_languages(
        self, query: str, lang: str, *, limit: int, filters: SearchFilters | None = None,
        query_vector_dense: list[float],
    ) -> list[SearchHit]:
        """The passages in other languages than ``lang`` that the multilingual encoder puts nearest
        the question, best first (none for an index built without its vectors, or where every
        release has a version in ``lang``: the question's encoding is then saved)."""
        if not self.backend.has_multilingual or not self._releases.lack(lang):
            return []
        across = multilingual_encoder().embed_question(query).tolist()
        return searching.foreign_search(self.backend, across, lang, limit=limit, filters=filters,
                                        query_vector_dense=query_vector_dense)  # fmt: skip

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
        version found first. Passages of the release's other versions are dropped, and so are
        those of a near-duplicate of a document found before (a release re-published)."""

        def again(limit: int, narrowed: SearchFilters) -> list[SearchHit]:
            return self.search(query, limit=limit, filters=narrowed, lang=lang, query_vector_dense=query_vector_dense)

        once = searching.one_version_per_release(hits, lang, filters, versions=self.versions, search_again=again,
                                                 per_release=per_release)  # fmt: skip
        return searching.one_per_near_group(once, self.near_duplicates())
