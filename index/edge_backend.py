"""The Qdrant Edge backend: the Qdrant engine embedded in the process, on a local folder.

Two shards under ``$PRESSROOM_HOME/edge/``: ``passages`` (dense and sparse vectors, and the
sentence vectors packed into the payload) and ``documents`` (records only). Qdrant Edge is
beta; the version is pinned in pyproject.toml.
"""

from __future__ import annotations

import base64
import errno
import fcntl
import json
import os
import threading
from collections.abc import Collection
from pathlib import Path

import numpy as np
import qdrant_edge as edge

from index.errors import StoreUnavailable
from index.filters import SearchFilters, date_number
from index.holder import HOLDER, claim, in_use, remove_note
from index.multilingual import DIMENSION as MULTILINGUAL_SIZE
from index.multilingual import MULTILINGUAL
from index.settings import IndexSettings
from index.vectors import SENTENCES, Found, PassagePoint

_KEYWORDS = ("source_id", "lang", "kind")
# A passage's sentence vectors, packed into its payload: read back with the hits, they come as
# one string rather than thousands of Python floats (the engine keeps the GIL while it builds
# them). Passages written before keep them as the SENTENCES multivector, still read.
SENTENCE_BYTES = "sentence_vectors"
# Decoded sentence vectors of the passages read last, kept by id until the next write to the
# passages: decoding them was a served answer's largest cost in the interpreter (1.3 ms of the 31
# passages a question reads). About 15 KB a passage, so 2,048 hold some 30 MB.
SENTENCE_CACHE = 2048


def edge_filter(filters: SearchFilters | None) -> edge.Filter | None:
    """The Edge filter of ``filters`` (the Qdrant one: qdrant_backend.qdrant_filter)."""
    if filters is None:
        return None
    must = [
        edge.FieldCondition(key, match=edge.MatchValue(value))
        for key, value in (("lang", filters.lang), ("kind", filters.kind), ("source_id", filters.source))
        if value
    ]
    low, high = date_number(filters.date_from), date_number(filters.date_to, end=True)
    if low is not None or high is not None:
        must.append(edge.FieldCondition("date_num", range=edge.RangeFloat(gte=low, lte=high)))
    must_not = [edge.FieldCondition("lang", match=edge.MatchValue(filters.not_lang))] if filters.not_lang else []
    return edge.Filter(must=must, must_not=must_not) if must or must_not else None


def _by_source(source_id: str) -> edge.Filter:
    return edge.Filter(must=[edge.FieldCondition("source_id", match=edge.MatchValue(source_id))])


def pack_sentence_vectors(vectors: list[list[float]]) -> str:
    """Sentence vectors as one payload string: normalised (as Qdrant stores cosine vectors),
    float32 little-endian, base64. Read back with ``unpack_sentence_vectors``.

    >>> v = unpack_sentence_vectors(pack_sentence_vectors([[3.0, 4.0], [0.0, 2.0]]), 2)
    >>> v.tolist()
    [[0.6000000238418579, 0.800000011920929], [0.0, 1.0]]
    """
    rows = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    rows = rows / np.where(norms == 0, 1, norms)
    return base64.b64encode(rows.astype("<f4").tobytes()).decode("ascii")


def unpack_sentence_vectors(packed: str, dimension: int) -> np.ndarray:
    """The rows ``pack_sentence_vectors`` wrote."""
    return np.frombuffer(base64.b64decode(packed), dtype="<f4").reshape(-1, dimension)


def _lock(home: Path, where: Path) -> int:
    """Hold ``where/lock`` for as long as this process has the index open; return its descriptor.

    Qdrant Edge refuses a second process only after ``EdgeShard.load`` has opened the segment files,
    and that load alone broke the journal of a process writing to them (a refused ``pressroom docs``
    ended a running ingest). The lock is taken first, so a refused process touches nothing.
    """
    try:
        where.mkdir(parents=True, exist_ok=True)
        fd = os.open(where / "lock", os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        reason = "the folder is read-only" if exc.errno == errno.EROFS else exc.strerror or exc
        raise StoreUnavailable(f"cannot open the index in {home}: {reason}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        raise StoreUnavailable(in_use(home)) from None
    return fd


def _open(path: Path, config: edge.EdgeConfig, fields: dict[str, object]) -> edge.EdgeShard:
    try:
        if (path / "edge_config.json").exists():
            return edge.EdgeShard.load(str(path))
        path.mkdir(parents=True, exist_ok=True)
        shard = edge.EdgeShard.create(str(path), config)
        for name, schema in fields.items():
            shard.update(edge.UpdateOperation.create_field_index(name, schema))
        return shard
    except Exception as exc:  # qdrant_edge raises plain Exception ("Service runtime error: …")
        if "WouldBlock" in str(exc):
            raise StoreUnavailable(in_use(path.parent.parent)) from exc
        if "(os error 30)" in str(exc):  # EROFS, at the end of a long chain of the engine's causes
            raise StoreUnavailable(f"cannot open the index in {path.parent.parent}: the folder is read-only") from exc
        raise StoreUnavailable(f"cannot open the Qdrant Edge shard at {path}: {exc}") from exc


def _vector_names(path: Path) -> set[str]:
    """The named dense vectors a shard was created with (an index built before the multilingual
    vector has none of that name, and keeps working without it)."""
    try:
        return set(json.loads((path / "edge_config.json").read_text()).get("vectors", {}))
    except (OSError, ValueError):
        return set()


class EdgeBackend:
    """Passages and records in two Edge shards."""

    def __init__(self, settings: IndexSettings, dimension: int) -> None:
        if settings.qdrant_location:
            raise ValueError("the edge backend keeps a local folder; use backend 'qdrant' for a server or :memory:")
        self.where = settings.home / "edge"
        passages = edge.EdgeConfig(
            vectors={
                "dense": edge.EdgeVectorParams(size=dimension, distance=edge.Distance.Cosine),
                MULTILINGUAL: edge.EdgeVectorParams(size=MULTILINGUAL_SIZE, distance=edge.Distance.Cosine),
                # Where passages written before SENTENCE_BYTES keep their sentence vectors (new
                # ones are packed into the payload): read back, never searched, so no HNSW graph
                # (m=0), and on disk (memory-mapped), not 400 MB of memory at 13.5k releases.
                SENTENCES: edge.EdgeVectorParams(
                    size=dimension,
                    distance=edge.Distance.Cosine,
                    on_disk=True,
                    multivector_config=edge.MultiVectorConfig(edge.MultiVectorComparator.MaxSim),
                    hnsw_config=edge.HnswIndexConfig(m=0, ef_construct=100, full_scan_threshold=10_000),
                ),
            },
            sparse_vectors={"sparse": edge.EdgeSparseVectorParams(modifier=edge.Modifier.Idf)},
        )
        keyword = edge.PayloadSchemaType.Keyword
        fields = {**dict.fromkeys(_KEYWORDS, keyword), "date_num": edge.PayloadSchemaType.Integer}
        self._lock = _lock(settings.home, self.where)
        try:
            self.passages = _open(self.where / "passages", passages, fields)
            records = edge.EdgeConfig(sparse_vectors={"none": edge.EdgeSparseVectorParams()})
            self.records = _open(self.where / "documents", records, {"source_id": keyword})
        except BaseException:
            os.close(self._lock)
            raise
        self.has_sentence_vectors = True
        self._decoded: dict[str, np.ndarray] = {}
        self._decoded_lock = threading.Lock()
        self.has_multilingual = MULTILINGUAL in _vector_names(self.where / "passages")
        self.dimension = dimension
        self._home = settings.home
        claim(settings.home)  # so that a process refused the index can say who holds it
        self._check(dimension)

    def _check(self, dimension: int) -> None:
        found = self.passages.scroll(edge.ScrollRequest(limit=1, with_payload=False, with_vector=True))[0]
        vector = found[0].vector if found else None
        size = len(vector["dense"]) if isinstance(vector, dict) and vector.get("dense") else dimension
        if size != dimension:
            raise StoreUnavailable(
                f"the index at {self.where} was built with {size}-dimensional vectors but the embedding model "
                f"makes {dimension}; use another PRESSROOM_HOME or delete the index to change models"
            )

    def _forget(self) -> None:
        """Drop the decoded sentence vectors: a write may change or remove any passage."""
        with self._decoded_lock:
            self._decoded.clear()

    def _keep(self, decoded: dict[str, np.ndarray]) -> None:
        with self._decoded_lock:
            for i, rows in decoded.items():
                if len(self._decoded) >= SENTENCE_CACHE:
                    del self._decoded[next(iter(self._decoded))]
                self._decoded[i] = rows

    def upsert_passages(self, points: list[PassagePoint]) -> None:
        """Write passages."""
        self._forget()
        converted = []
        for p in points:
            vector: dict = {"dense": p.dense, "sparse": edge.SparseVector(p.sparse_indices, p.sparse_values)}
            if p.multilingual is not None and self.has_multilingual:
                vector[MULTILINGUAL] = p.multilingual
            payload = {**p.payload, SENTENCE_BYTES: pack_sentence_vectors(p.sentences)} if p.sentences else p.payload
            converted.append(edge.Point(p.id, vector, payload))
        for start in range(0, len(converted), 256):
            self.passages.update(edge.UpdateOperation.upsert_points(converted[start : start + 256]))

    def upsert_documents(self, records: list[tuple[str, dict]]) -> None:
        """Write records, then flush both shards: a record marks its document complete on disk."""
        self.passages.flush()
        self.records.update(edge.UpdateOperation.upsert_points([edge.Point(i, {}, p) for i, p in records]))
        self.records.flush()

    def set_document_field(self, record_ids: list[str], name: str, value: object) -> None:
        """Set one field of some document records, leaving the rest of them as they are."""
        if record_ids:
            self.records.update(edge.UpdateOperation.set_payload(record_ids, {name: value}))
            self.records.flush()

    def delete_stale(self, source_id: str, keep: list[str]) -> None:
        """Delete the passages of ``source_id`` not in ``keep``."""
        self._forget()
        condition = edge.Filter(
            must=[edge.FieldCondition("source_id", match=edge.MatchValue(source_id))],
            must_not=[edge.HasIdCondition(set(keep))],
        )
        self.passages.update(edge.UpdateOperation.delete_points_by_filter(condition))

    def delete_source(self, source_id: str, record_id: str) -> None:
        """Delete a record and its passages."""
        self._forget()
        self.records.update(edge.UpdateOperation.delete_points([record_id]))
        self.passages.update(edge.UpdateOperation.delete_points_by_filter(_by_source(source_id)))
        self.records.flush()
        self.passages.flush()

    def document(self, record_id: str) -> dict | None:
        """A record's payload."""
        found = self.records.retrieve([record_id], True, False)
        return dict(found[0].payload or {}) if found else None

    def passage_ids(self, source_id: str) -> set[str]:
        """Ids of a document's passages."""
        ids: set[str] = set()
        offset = None
        while True:
            points, offset = self.passages.scroll(
                edge.ScrollRequest(offset=offset, limit=1024, filter=_by_source(source_id), with_payload=False)
            )
            ids.update(str(p.id) for p in points)
            if offset is None:
                return ids

    def documents(self, without: tuple[str, ...] = ()) -> list[dict]:
        """Every record without its text (nor the fields ``without``)."""
        records: list[dict] = []
        offset = None
        while True:
            points, offset = self.records.scroll(
                edge.ScrollRequest(
                    offset=offset, limit=1024, with_payload=edge.PayloadSelector.Exclude(["text", *without])
                )
            )
            records.extend(dict(p.payload or {}) for p in points)
            if offset is None:
                return records

    def passage_payloads(self) -> list[dict]:
        """Every passage's payload."""
        payloads: list[dict] = []
        offset = None
        while True:
            unpacked = edge.PayloadSelector.Exclude([SENTENCE_BYTES])
            points, offset = self.passages.scroll(edge.ScrollRequest(offset=offset, limit=1024, with_payload=unpacked))
            payloads.extend(dict(p.payload or {}) for p in points)
            if offset is None:
                return payloads

    def count_passages(self) -> int:
        """How many passages."""
        return int(self.passages.count(edge.CountRequest(exact=True)))

    def nearest(
        self, using: str, query: list[float] | tuple[list[int], list[float]], filters: SearchFilters | None, limit: int
    ) -> list[tuple[str, float]]:
        """Ids and scores by one vector, best first, from the embedded engine."""
        vector = edge.SparseVector(query[0], query[1]) if using == "sparse" else query
        points = self.passages.query(
            edge.QueryRequest(
                limit=limit,
                query=edge.Query.Nearest(vector, using=using),
                filter=edge_filter(filters),
                with_payload=False,
                with_vector=False,
            )
        )
        return [(str(p.id), float(p.score)) for p in points]

    def fetch(self, ids: list[str], dense: Collection[str] | None = None) -> list[Found]:
        """Passages by id, in that order; the dense vector only of those in ``dense`` where given (a
        vector comes back as a list of Python floats: 6 % of a served answer's interpreter time),
        and the packed sentence vectors only of those not decoded since the last write."""
        decoded = dict(self._decoded)  # a copy: other readers add to it
        missing = [i for i in ids if i not in decoded]
        without = edge.PayloadSelector.Exclude([SENTENCE_BYTES])
        points = {str(p.id): p for p in self.passages.retrieve(ids, without, False if dense is not None else ["dense"])}
        wanted = [i for i in ids if i in dense] if dense is not None else []
        vectors = {str(p.id): p.vector for p in self.passages.retrieve(wanted, False, ["dense"])} if wanted else {}
        payloads = {i: dict(p.payload or {}) for i, p in points.items()}
        read = self.passages.retrieve(missing, edge.PayloadSelector.Include([SENTENCE_BYTES]), False) if missing else []
        packed = {str(p.id): (p.payload or {}).get(SENTENCE_BYTES) for p in read}
        new = {i: unpack_sentence_vectors(rows, self.dimension) for i, rows in packed.items() if rows is not None}
        self._keep(new)
        decoded.update(new)
        # Passages written before the vectors moved into the payload keep the multivector.
        older = [i for i in ids if i in points and i not in decoded]
        stored = {str(p.id): p.vector for p in self.passages.retrieve(older, False, [SENTENCES])} if older else {}
        found = []
        for i in ids:
            if i in points:
                vector = vectors.get(i, points[i].vector)
                stored_dense = vector.get("dense") if isinstance(vector, dict) else None
                sentences = decoded.get(i)
                if sentences is None:
                    sentences = stored[i].get(SENTENCES) if isinstance(stored.get(i), dict) else None
                found.append(Found(payloads[i], stored_dense, sentences))
        return found

    def optimize(self) -> None:
        """Build the shard's indexes after a bulk ingest."""
        self.passages.optimize()

    def close(self) -> None:
        """Flush and release both shards."""
        try:
            for shard in (self.passages, self.records):
                shard.flush()
                shard.close()
            remove_note(self._home, HOLDER)
        finally:
            if self._lock >= 0:  # released once: the number may name another file afterwards
                os.close(self._lock)
                self._lock = -1
