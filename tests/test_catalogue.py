"""The catalogue's typed records: payloads read back and written out unchanged, and the write plan."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from index.catalogue import DocumentRecord, DocumentSummary, StatementRecord, StoredProfile, TimelineEvent
from index.store import PassageStore
from index.vectors import point_id, record_id
from index.writing import document_record, plan_batch
from ingest.records import DatedEvent, Document, Passage, Statement

text = st.text(max_size=40)
maybe_date = st.none() | st.dates().map(str)
offsets = st.integers(0, 10_000)
statements = st.builds(Statement, text, text, text, text, st.sampled_from(["quote", "statement"]), offsets, offsets)
dated = st.builds(DatedEvent, text, text, text, st.sampled_from(["day", "month", "period"]), offsets, offsets)
profiles = st.builds(StoredProfile, st.lists(text, unique=True).map(lambda a: tuple(sorted(a))),
                     st.lists(text).map(tuple), st.integers(0, 10**6))  # fmt: skip
records = st.builds(
    DocumentRecord,
    source_id=text,
    path=text,
    title=text,
    lang=st.sampled_from(["", "en", "nl"]),
    kind=text,
    date=maybe_date,
    url=text,
    content_hash=text,
    source_hash=text,
    passages=st.integers(0, 500),
    ingested_at=text,
    extra=st.dictionaries(text, text, max_size=3),
    group=st.none() | text,
    text=st.none() | text,
    statements=st.lists(statements, max_size=3).map(tuple),
    dates=st.lists(dated, max_size=3).map(tuple),
    profile=st.none() | profiles,
)


@settings(max_examples=200)
@given(records)
def test_a_record_reads_back_as_it_was_written(record: DocumentRecord) -> None:
    assert DocumentRecord.from_payload(record.to_payload()) == record
    summary = record.summary()
    assert DocumentSummary.from_payload(summary.to_dict()) == summary
    assert DocumentSummary.from_payload(record.to_payload()) == summary


@given(records)
def test_events_and_statements_read_back_as_they_were_written(record: DocumentRecord) -> None:
    for ev in record.dates:
        event = TimelineEvent(**ev.__dict__, source_id=record.source_id, title=record.title, lang=record.lang,
                              document_date=record.date)  # fmt: skip
        assert TimelineEvent.from_dict(event.to_dict()) == event
    for s in record.statements:
        said = StatementRecord(**s.__dict__, source_id=record.source_id, title=record.title, date=record.date,
                               lang=record.lang, url=record.url)  # fmt: skip
        assert StatementRecord.from_dict(said.to_dict()) == said


def test_stored_payloads_write_out_unchanged_in_their_order(sample_store: PassageStore) -> None:
    listed = sample_store.backend.documents()
    assert len(listed) == 5 + 1  # and the schema mark
    for summary in sample_store.list_documents():
        payload = sample_store.backend.document(record_id(summary.source_id))
        assert payload is not None
        record = DocumentRecord.from_payload(payload)
        assert list(record.to_payload().items()) == list(payload.items())
        assert record.statements or record.dates  # the seeds have both
        dropped = ("text", "statements", "dates", "profile", "mentions", "minhash")
        shown = {k: v for k, v in payload.items() if k not in dropped}
        assert list(summary.to_dict().items()) == list(shown.items())


def _document(source_id: str, *passages: str) -> Document:
    at, parts = 0, []
    for words in passages:
        parts.append(Passage(f"{source_id}#{words}", source_id, words, at, at + len(words), (), ((0, len(words)),)))
        at += len(words) + 1
    return Document(source_id, source_id, "Title", " ".join(passages), "en", "press_release", "2024-01-25",
                    content_hash=" ".join(passages), passages=tuple(parts))  # fmt: skip


def test_the_write_plan_writes_new_passages_and_deletes_stale_ones() -> None:
    new = _document("new.txt", "One.", "Two.")
    changed = _document("changed.txt", "Kept.", "Added.")
    leftover = _document("left.txt", "Same.")  # a killed ingest wrote its passage, not its record
    known = {
        "changed.txt": {point_id("changed.txt#Kept."), point_id("changed.txt#Gone.")},
        "left.txt": {point_id("left.txt#Same.")},
    }
    plan = plan_batch([(new, False), (changed, True), (leftover, False)], known)
    assert [p.id for _, p in plan.passages] == ["new.txt#One.", "new.txt#Two.", "changed.txt#Added."]
    assert plan.stale == (("changed.txt", (point_id("changed.txt#Kept."), point_id("changed.txt#Added."))),)
    assert [r.source_id for r in plan.records] == ["new.txt", "changed.txt", "left.txt"]
    assert [(e.source_id, e.status, e.passages) for e in plan.events] == [
        ("new.txt", "added", 2), ("changed.txt", "updated", 2), ("left.txt", "added", 1)
    ]  # fmt: skip
    # A killed ingest's passages of an earlier text are stale too.
    earlier = plan_batch([(leftover, False)], {"left.txt": {point_id("left.txt#Other.")}})
    assert earlier.stale == (("left.txt", (point_id("left.txt#Same."),)),)


def test_a_document_record_holds_what_ingest_extracted() -> None:
    doc = _document("a.txt", "Mr Jan Jans said: “We agreed on 24 January 2024.”")
    record = document_record(doc)
    assert record.text == doc.text and record.passages == 1 and record.group is None
    assert record.profile is not None and "2024" in record.profile.anchors
    stated = document_record(Document("b.txt", "b.txt", "T", "x", "en", "k", None, extra={"message_id": "7"}))
    assert stated.profile is None  # its feed says which release it belongs to
