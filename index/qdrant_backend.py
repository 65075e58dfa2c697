"""The qdrant-client backend: a Qdrant server or cluster by URL, ``:memory:``, or a local folder."""

from __future__ import annotations

from collections.abc import Collection

from qdrant_client import QdrantClient, models
from qdrant_client.http.exceptions import ResponseHandlingException, UnexpectedResponse

from index.errors import StoreUnavailable
from index.filters import SearchFilters, date_number
from index.multilingual import DIMENSION as MULTILINGUAL_SIZE
from index.multilingual import MULTILINGUAL
from index.settings import IndexSettings
from index.vectors import SENTENCES, Found, PassagePoint

_PAYLOAD_INDEXES = {
    "source_id": models.PayloadSchemaType.KEYWORD,
    "lang": models.PayloadSchemaType.KEYWORD,
    "kind": models.PayloadSchemaType.KEYWORD,
    "date_num": models.PayloadSchemaType.INTEGER,
}


def qdrant_filter(filters: SearchFilters | None) -> models.Filter | None:
    """The Qdrant filter of ``filters``, or None when nothing is restricted (Edge's: edge_backend.edge_filter)."""
    if filters is None:
        return None
    must: list[models.Condition] = [
        models.FieldCondition(key=key, match=models.MatchValue(value=value))
        for key, value in (("lang", filters.lang), ("kind", filters.kind), ("source_id", filters.source))
        if value
    ]
    low, high = date_number(filters.date_from), date_number(filters.date_to, end=True)
    if low is not None or high is not None:
        must.append(models.FieldCondition(key="date_num", range=models.Range(gte=low, lte=high)))
    must_not: list[models.Condition] = (
        [models.FieldCondition(key="lang", match=models.MatchValue(value=filters.not_lang))] if filters.not_lang else []
    )
    return models.Filter(must=must, must_not=must_not or None) if must or must_not else None


def open_client(settings: IndexSettings) -> QdrantClient:
    """A client for the configured location, or ``StoreUnavailable`` saying why not."""
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


def _by_source(source_id: str) -> models.Filter:
    return models.Filter(must=[models.FieldCondition(key="source_id", match=models.MatchValue(value=source_id))])


class QdrantClientBackend:
    """Two collections through qdrant-client: ``<prefix>passages`` and ``<prefix>documents``."""

    def __init__(self, settings: IndexSettings, dimension: int) -> None:
        self.settings = settings
        self.passages = f"{settings.collection_prefix}passages"
        self.records = f"{settings.collection_prefix}documents"
        self.client = open_client(settings)
        self.has_sentence_vectors = True
        self.has_multilingual = True
        try:
            self._ensure(dimension)
        except (ResponseHandlingException, UnexpectedResponse, OSError) as exc:
            # The client connects on its first request: an unreachable server is said here.
            said = str(exc).strip()
            reason = said.splitlines()[0] if said else type(exc).__name__
            if not settings.qdrant_location:
                raise StoreUnavailable(f"cannot open the index at {settings.qdrant_path}: {reason}") from None
            where = f"the Qdrant server at {settings.qdrant_location} (PRESSROOM_QDRANT_URL)"
            raise StoreUnavailable(f"cannot reach {where}: {reason}") from None

    def _ensure(self, dimension: int) -> None:
        if not self.client.collection_exists(self.passages):
            self.client.create_collection(
                self.passages,
                vectors_config={
                    "dense": models.VectorParams(size=dimension, distance=models.Distance.COSINE),
                    MULTILINGUAL: models.VectorParams(size=MULTILINGUAL_SIZE, distance=models.Distance.COSINE),
                    # Sentence vectors are read back for reranking, never searched: no HNSW graph.
                    SENTENCES: models.VectorParams(
                        size=dimension,
                        distance=models.Distance.COSINE,
                        multivector_config=models.MultiVectorConfig(comparator=models.MultiVectorComparator.MAX_SIM),
                        hnsw_config=models.HnswConfigDiff(m=0),
                    ),
                },
                sparse_vectors_config={"sparse": models.SparseVectorParams(modifier=models.Modifier.IDF)},
                shard_number=self.settings.shard_number,
                replication_factor=self.settings.replication_factor,
            )
            self._index_payload(self.passages, _PAYLOAD_INDEXES)
        else:
            vectors = self.client.get_collection(self.passages).config.params.vectors
            size = vectors["dense"].size if isinstance(vectors, dict) else None
            self.has_sentence_vectors = isinstance(vectors, dict) and SENTENCES in vectors
            self.has_multilingual = isinstance(vectors, dict) and MULTILINGUAL in vectors
            if size != dimension:
                raise StoreUnavailable(
                    f"the index at {self.settings.where} was built with {size}-dimensional vectors but the "
                    f"embedding model makes {dimension}; use another PRESSROOM_HOME or delete the index to "
                    "change models"
                )
        if not self.client.collection_exists(self.records):
            self.client.create_collection(
                self.records,
                vectors_config={},
                shard_number=self.settings.shard_number,
                replication_factor=self.settings.replication_factor,
            )
            self._index_payload(self.records, {"source_id": models.PayloadSchemaType.KEYWORD})

    def _index_payload(self, collection: str, fields: dict[str, models.PayloadSchemaType]) -> None:
        # Only a Qdrant server keeps payload indexes; the local mode scans and would warn.
        if self.settings.qdrant_location.startswith("http"):
            for field, schema in fields.items():
                self.client.create_payload_index(collection, field, field_schema=schema)

    def upsert_passages(self, points: list[PassagePoint]) -> None:
        """Write passages in batches of 256."""
        structs = []
        for p in points:
            vector: dict = {
                "dense": p.dense,
                "sparse": models.SparseVector(indices=p.sparse_indices, values=p.sparse_values),
            }
            if p.sentences and self.has_sentence_vectors:
                vector[SENTENCES] = p.sentences
            if p.multilingual is not None and self.has_multilingual:
                vector[MULTILINGUAL] = p.multilingual
            structs.append(models.PointStruct(id=p.id, vector=vector, payload=p.payload))
        for start in range(0, len(structs), 256):
            self.client.upsert(self.passages, structs[start : start + 256], wait=True)

    def upsert_documents(self, records: list[tuple[str, dict]]) -> None:
        """Write document records."""
        structs = [models.PointStruct(id=i, vector={}, payload=payload) for i, payload in records]
        self.client.upsert(self.records, structs, wait=True)

    def set_document_field(self, record_ids: list[str], name: str, value: object) -> None:
        """Set one field of some document records, leaving the rest of them as they are."""
        if record_ids:
            self.client.set_payload(self.records, {name: value}, points=record_ids, wait=True)

    def delete_stale(self, source_id: str, keep: list[str]) -> None:
        """Delete the passages of ``source_id`` not in ``keep``."""
        condition = _by_source(source_id)
        condition.must_not = [models.HasIdCondition(has_id=keep)]  # type: ignore[list-item]
        self.client.delete(self.passages, models.FilterSelector(filter=condition), wait=True)

    def delete_source(self, source_id: str, record_id: str) -> None:
        """Delete a record and its passages."""
        self.client.delete(self.records, models.PointIdsList(points=[record_id]), wait=True)
        self.client.delete(self.passages, models.FilterSelector(filter=_by_source(source_id)), wait=True)

    def document(self, record_id: str) -> dict | None:
        """A record's payload."""
        found = self.client.retrieve(self.records, [record_id], with_payload=True)
        return dict(found[0].payload or {}) if found else None

    def passage_ids(self, source_id: str) -> set[str]:
        """Ids of a document's passages."""
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

    def documents(self, without: tuple[str, ...] = ()) -> list[dict]:
        """Every record without its text (nor the fields ``without``)."""
        records, offset = [], None
        while True:
            points, offset = self.client.scroll(
                self.records,
                limit=1024,
                offset=offset,
                with_payload=models.PayloadSelectorExclude(exclude=["text", *without]),
            )
            records.extend(dict(p.payload or {}) for p in points)
            if offset is None:
                return records

    def passage_payloads(self) -> list[dict]:
        """Every passage's payload."""
        payloads, offset = [], None
        while True:
            points, offset = self.client.scroll(self.passages, limit=1024, offset=offset, with_payload=True)
            payloads.extend(dict(p.payload or {}) for p in points)
            if offset is None:
                return payloads

    def count_passages(self) -> int:
        """How many passages."""
        return self.client.count(self.passages, exact=True).count

    def nearest(
        self, using: str, query: list[float] | tuple[list[int], list[float]], filters: SearchFilters | None, limit: int
    ) -> list[tuple[str, float]]:
        """Ids and scores by one vector, best first."""
        vector = models.SparseVector(indices=query[0], values=query[1]) if using == "sparse" else query
        result = self.client.query_points(
            self.passages,
            query=vector,  # type: ignore[arg-type]
            using=using,
            query_filter=qdrant_filter(filters),
            limit=limit,
            with_payload=False,
            with_vectors=False,
        )
        return [(str(p.id), p.score) for p in result.points]

    def fetch(self, ids: list[str], dense: Collection[str] | None = None) -> list[Found]:
        """Passages by id, in that order, every one with its dense vector (``dense`` is a hint this
        backend does not need)."""
        wanted = ["dense", SENTENCES] if self.has_sentence_vectors else ["dense"]
        stored = self.client.retrieve(self.passages, ids, with_payload=True, with_vectors=wanted)
        points = {str(p.id): p for p in stored}
        found = []
        for i in ids:
            if i in points:
                vectors = points[i].vector if isinstance(points[i].vector, dict) else {}
                found.append(Found(dict(points[i].payload or {}), vectors.get("dense"), vectors.get(SENTENCES)))  # type: ignore[arg-type]
        return found

    def optimize(self) -> None:
        """Nothing to do: a server optimises in the background; the local mode has no indexes."""

    def close(self) -> None:
        """Close the client (a local folder is locked while open)."""
        self.client.close()
