"""The index's schema version, stored in the index, and the migration run when one is opened.

Versions:

1. Records as the first releases wrote them: some without the statements, dates or
   translation profile extracted at ingest (the index states no version).
2. Every record carries its statements, dates and profile (``index/writing.py``), and the
   index states its version in a record of its own. Since session 38 that record also names the
   model that encoded the passages (``encoder``, ``encoder_name``), written by the first ingest.

Opening an index of an older version upgrades it once, in place; where that is impossible
(no sentence vectors in its collection) the error says to re-ingest.
"""

from __future__ import annotations

from dataclasses import replace

from index.catalogue import DocumentRecord, summaries
from index.errors import StoreUnavailable
from index.vectors import VectorBackend, point_id, record_id
from index.writing import profile_of
from ingest.dates import extract_dates

SCHEMA_VERSION = 2
SCHEMA_ID = point_id("pressroom:schema")  # a record of the documents collection without a source id


def stored_version(backend: VectorBackend) -> int:
    """The schema version the index states; 1 for an index with records and no version, the
    current one for an empty index."""
    mark = backend.document(SCHEMA_ID)
    if mark is not None:
        return int(mark["schema_version"])
    return 1 if summaries(backend) else SCHEMA_VERSION


def migrate(backend: VectorBackend, where: str) -> int:
    """Bring the index up to ``SCHEMA_VERSION``; return the version it had.

    Safe to interrupt: the version is written after every record is upgraded, and a record
    upgraded already is left alone when the migration runs again.
    """
    found = stored_version(backend)
    if found > SCHEMA_VERSION:
        raise StoreUnavailable(
            f"the index at {where} has schema version {found}, newer than this Pressroom's "
            f"({SCHEMA_VERSION}); upgrade Pressroom or use another PRESSROOM_HOME"
        )
    if not backend.has_sentence_vectors:
        raise StoreUnavailable(
            f"the index at {where} was built before sentence vectors were stored and cannot be upgraded in "
            "place; re-ingest the documents into a new PRESSROOM_HOME (or delete the index)"
        )
    if found < 2:
        _add_extractions(backend)
    if backend.document(SCHEMA_ID) is None:
        backend.upsert_documents([(SCHEMA_ID, {"schema_version": SCHEMA_VERSION})])
    return found


def check_encoder(backend: VectorBackend, where: str, identity: str, name: str) -> None:
    """Stop where the index's passages were encoded by another model than ``name`` (a digest
    ``identity``, index/model_files.py: model_identity): its vectors would be compared with the
    question's as if they were of one model, and every search would be quietly wrong. An index
    without passages takes any model; one written before the mark existed is not checked."""
    mark = backend.document(SCHEMA_ID) or {}
    if mark.get("encoder") in (None, identity) or not backend.count_passages():
        return
    raise StoreUnavailable(
        f"the index at {where} was built with the embedding model {mark.get('encoder_name', '?')!r}, "
        f"not {name!r}: set PRESSROOM_EMBEDDING_MODEL back, or use another PRESSROOM_HOME (or delete "
        "the index) to change models"
    )


def mark_encoder(backend: VectorBackend, identity: str, name: str) -> None:
    """State in the index which model encoded its passages (after a write with it)."""
    mark = backend.document(SCHEMA_ID) or {"schema_version": SCHEMA_VERSION}
    if mark.get("encoder") != identity:
        backend.upsert_documents([(SCHEMA_ID, {**mark, "encoder": identity, "encoder_name": name})])


def _add_extractions(backend: VectorBackend) -> None:
    """Version 1 → 2: run the ingest extractors on the text of records without their results."""
    for listed in backend.documents():
        if "source_id" not in listed or not _lacks(listed):
            continue
        raw = backend.document(record_id(listed["source_id"]))
        if raw is not None:
            upgraded = upgrade_record(DocumentRecord.from_payload(raw), raw)
            backend.upsert_documents([(record_id(upgraded.source_id), upgraded.to_payload())])


def _lacks(payload: dict) -> bool:
    return payload.get("statements") is None or payload.get("dates") is None or "profile" not in payload


def upgrade_record(record: DocumentRecord, raw: dict) -> DocumentRecord:
    """A version-1 record with the extractions its payload ``raw`` lacks, read from its text."""
    # Imported here: only records written before statements were need it, and it takes 0.08 s.
    from ingest.statements import extract_statements

    text = record.text or ""
    return replace(
        record,
        statements=record.statements if raw.get("statements") is not None else extract_statements(text, record.lang),
        dates=record.dates if raw.get("dates") is not None else extract_dates(text, record.date),
        profile=record.profile if "profile" in raw else profile_of(
            record.source_id, record.lang, record.date, text, record.extra
        ),
    )
