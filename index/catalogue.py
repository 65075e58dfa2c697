"""The catalogue: typed records read back from the index's payloads, and the queries over them.

A document record is stored as a payload (``DocumentRecord.to_payload``) and read back with
``from_payload``; the two are inverses (``tests/test_catalogue.py``). The listing leaves out
the text and what was extracted from it (``DocumentSummary``). Timeline events and
statements are a document's dated events and quotations with their document's metadata;
``timeline`` and ``statements`` are pure functions over the records.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, fields
from functools import cache

from index.lexical import terms
from index.vectors import VectorBackend, record_id
from ingest.records import DatedEvent, Mention, Statement


def about(wanted: set[str], text: str, lang: str, share: float = 2 / 3) -> bool:
    """Whether ``text`` holds ``share`` of the topic's terms (two thirds: all of a two-word topic).

    >>> about({"temporari", "protect"}, "data protection rules", "en"), about(set(), "anything", "en")
    (False, True)
    >>> about({"temporari", "protect"}, "data protection rules", "en", share=0.5)
    True
    """
    return not wanted or len(wanted & set(terms(text, lang))) >= share * len(wanted) - 1e-9


@dataclass(frozen=True)
class StoredProfile:
    """What linking translations keeps of a document (``index/translations.py``): its anchors,
    its figures in order and its length."""

    anchors: tuple[str, ...]
    figures: tuple[str, ...]
    length: int

    @classmethod
    def from_payload(cls, payload: dict) -> StoredProfile:
        """The profile as stored in a record."""
        return cls(tuple(payload["anchors"]), tuple(payload["figures"]), int(payload["length"]))

    def to_payload(self) -> dict:
        """The profile as stored: anchors sorted, figures in text order."""
        return {"anchors": sorted(self.anchors), "figures": list(self.figures), "length": self.length}


@dataclass(frozen=True)
class DocumentSummary:
    """A document as listed: its record without the text and what was extracted from it."""

    source_id: str
    path: str = ""
    title: str = ""
    lang: str = ""
    kind: str = ""
    date: str | None = None
    url: str = ""
    content_hash: str = ""
    source_hash: str = ""
    passages: int = 0  # how many passages the document was indexed as
    ingested_at: str = ""
    extra: dict[str, str] = field(default_factory=dict, hash=False)
    # The translation group linking set; None until the record has been through linking.
    group: str | None = None
    # The near-duplicate group (index/near_duplicates.py), '' for none; None until linked.
    near: str | None = None

    @classmethod
    def from_payload(cls, payload: dict) -> DocumentSummary:
        """The summary of a stored record (its text and extractions, if there, are left out)."""
        return cls(**_known(cls, payload, _SUMMARY_DROPS))

    def to_dict(self) -> dict:
        """The JSON shape of ``pressroom docs --json`` and ``GET /api/documents``: the stored fields in order."""
        return _in_order({f.name: getattr(self, f.name) for f in fields(DocumentSummary)})


@dataclass(frozen=True)
class DocumentRecord(DocumentSummary):
    """A document's record as stored: its metadata, clean text, statements, dates and profile.

    ``text`` is None when a record is read without it (the scans that need no text).
    """

    text: str | None = None
    statements: tuple[Statement, ...] = ()
    dates: tuple[DatedEvent, ...] = ()
    profile: StoredProfile | None = None  # None for a document whose feed states its group
    mentions: tuple[Mention, ...] | None = None  # names found at ingest; None: stored before they were
    minhash: tuple[int, ...] | None = None  # near-duplicates' signature; None: stored before it was

    @classmethod
    def from_payload(cls, payload: dict) -> DocumentRecord:
        """The record a payload holds.

        >>> r = DocumentRecord.from_payload({"source_id": "a.txt", "text": "Hi.", "dates": [], "statements": []})
        >>> r.source_id, r.text, r.statements, r.date
        ('a.txt', 'Hi.', (), None)
        """
        known = _known(cls, payload)
        known["statements"] = tuple(Statement(**st) for st in payload.get("statements") or ())
        known["dates"] = tuple(DatedEvent(**ev) for ev in payload.get("dates") or ())
        known["profile"] = StoredProfile.from_payload(payload["profile"]) if payload.get("profile") else None
        stored = payload.get("mentions")
        known["mentions"] = None if stored is None else tuple(Mention(**m) for m in stored)
        known["minhash"] = tuple(payload["minhash"]) if payload.get("minhash") else None
        return cls(**known)

    def to_payload(self) -> dict:
        """The payload stored for this record, its fields in the order they have always had."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["statements"] = [asdict(st) for st in self.statements]
        data["dates"] = [asdict(ev) for ev in self.dates]
        data["profile"] = self.profile.to_payload() if self.profile else None
        if self.mentions is None:
            del data["mentions"]
        else:
            data["mentions"] = [asdict(m) for m in self.mentions]
        if self.minhash is None:
            del data["minhash"]
        else:
            data["minhash"] = list(self.minhash)
        if self.text is None:
            del data["text"]
        return _in_order(data)

    def to_dict(self) -> dict:
        """The JSON shape of ``GET /api/documents/{id}``: the stored payload."""
        return self.to_payload()

    def summary(self) -> DocumentSummary:
        """The record as listed."""
        return DocumentSummary(**{f.name: getattr(self, f.name) for f in fields(DocumentSummary)})


# The order of a stored record's fields (JSON output keeps it); "group" and "near" come last, as
# linking sets them after the record is written, and only when set.
_ORDER = ("source_id", "path", "title", "text", "lang", "kind", "date", "url", "content_hash", "source_hash",
          "passages", "ingested_at", "extra", "statements", "dates", "profile", "mentions", "minhash", "group",
          "near")  # fmt: skip
_SUMMARY_DROPS = frozenset({"text", "statements", "dates", "profile", "mentions", "minhash"})


def _known(cls: type, payload: dict, drop: frozenset[str] = frozenset()) -> dict:
    names = _names(cls, drop)
    return {k: v for k, v in payload.items() if k in names}


@cache
def _names(cls: type, drop: frozenset[str]) -> frozenset[str]:
    return frozenset(f.name for f in fields(cls)) - drop


def _in_order(data: dict) -> dict:
    out = {k: data[k] for k in _ORDER if k in data}
    for linked in ("group", "near"):
        if out.get(linked, "") is None:
            del out[linked]
    return out


@dataclass(frozen=True)
class TimelineEvent:
    """A dated event of a document, with the document's id, title, language and date."""

    when: str
    label: str
    text: str
    kind: str
    start: int
    end: int
    source_id: str
    title: str
    lang: str
    document_date: str | None

    @classmethod
    def from_dict(cls, data: dict) -> TimelineEvent:
        """The event ``to_dict`` gave."""
        return cls(**data)

    def to_dict(self) -> dict:
        """The JSON shape of ``pressroom timeline --json``."""
        return asdict(self)


@dataclass(frozen=True)
class StatementRecord:
    """A quotation or statement, with its document's id, title, date, language and URL."""

    text: str
    speaker: str
    role: str
    country: str
    kind: str
    start: int
    end: int
    source_id: str
    title: str
    date: str | None
    lang: str
    url: str

    @classmethod
    def from_dict(cls, data: dict) -> StatementRecord:
        """The statement ``to_dict`` gave."""
        return cls(**data)

    def to_dict(self) -> dict:
        """The JSON shape of ``pressroom quotes --json``."""
        return asdict(self)


def read_record(backend: VectorBackend, source_id: str) -> DocumentRecord | None:
    """A document's record, with its text, or None."""
    payload = backend.document(record_id(source_id))
    return DocumentRecord.from_payload(payload) if payload is not None else None


def all_records(backend: VectorBackend) -> list[DocumentRecord]:
    """Every document record, without its text (the index's own schema mark left out)."""
    return [DocumentRecord.from_payload(p) for p in backend.documents() if "source_id" in p]


def summaries(backend: VectorBackend) -> list[DocumentSummary]:
    """Every document as listed: cheaper than ``all_records``, which reads every statement and date.

    The fields a summary drops are not read at all: at 13.5k releases, reading them only to drop
    them left the process 500 MB larger (names, signatures, dates and statements of every record).
    """
    unread = tuple(sorted(_SUMMARY_DROPS - {"text"}))
    return [DocumentSummary.from_payload(p) for p in backend.documents(without=unread) if "source_id" in p]


class Listing:
    """Every document's summary (``summaries``), read once and shared until a write.

    The translation groups (``index/releases.py``) and the near-duplicate groups
    (``index/near_groups.py``) both start from it, and a question's first search needs both:
    reading it once saved 0.9 s of a cold ``ask`` at 13.5k documents. A read that a write overtook
    is used once and not kept (``forget`` counts writes).
    """

    def __init__(self, backend: VectorBackend) -> None:
        self.backend = backend
        self._rows: list[DocumentSummary] | None = None
        self._writes = 0

    def get(self) -> list[DocumentSummary]:
        rows, writes = self._rows, self._writes
        if rows is None:
            rows = summaries(self.backend)
            if writes == self._writes:
                self._rows = rows
        return rows

    def forget(self) -> None:
        """Documents were written, deleted or linked: read them again next time."""
        self._writes += 1
        self._rows = None


def profiles(backend: VectorBackend) -> list[tuple[DocumentSummary, StoredProfile | None]]:
    """Every document as listed, with what linking translations keeps of it."""
    return [(DocumentSummary.from_payload(p), StoredProfile.from_payload(p["profile"]) if p.get("profile") else None)
            for p in backend.documents() if "source_id" in p]  # fmt: skip


class _TopicTerms:
    """A topic's stemmed terms in each language, stemmed once per language rather than per record."""

    def __init__(self, topic: str | None) -> None:
        self.topic = topic
        self.by_lang: dict[str, set[str]] = {}

    def of(self, lang: str) -> set[str]:
        if not self.topic:
            return set()
        if lang not in self.by_lang:
            self.by_lang[lang] = set(terms(self.topic, lang))
        return self.by_lang[lang]


def timeline(
    records: Iterable[DocumentRecord], topic: str | None = None, since: str | None = None, until: str | None = None
) -> list[TimelineEvent]:
    """The records' dated events in date order; ``topic`` keeps those whose sentence has two
    thirds of its terms, ``since``/``until`` (ISO prefixes such as 2024 or 2024-01) bound the
    event's date."""
    out: list[TimelineEvent] = []
    topic_terms = _TopicTerms(topic)
    for record in records:
        lang = record.lang or "en"
        wanted = topic_terms.of(lang)
        for ev in record.dates:
            day = ev.when.lstrip("/")[:10]
            if (since and day[: len(since)] < since) or (until and day[: len(until)] > until):
                continue
            if not about(wanted, ev.text, lang):
                continue
            out.append(TimelineEvent(**asdict(ev), source_id=record.source_id, title=record.title, lang=lang,
                                     document_date=record.date))
    return sorted(out, key=lambda ev: (ev.when.lstrip("/"), ev.source_id, ev.start))


def statements(
    records: Iterable[DocumentRecord], speaker: str | None = None, topic: str | None = None
) -> list[StatementRecord]:
    """The records' quotations and statements, oldest first; ``speaker`` keeps those whose
    speaker's name contains it (any case), ``topic`` those that contain two thirds of its terms."""
    out: list[StatementRecord] = []
    topic_terms = _TopicTerms(topic)
    for record in records:
        lang = record.lang or "en"
        wanted = topic_terms.of(lang)
        for st in record.statements:
            if speaker and speaker.lower() not in st.speaker.lower():
                continue
            if not about(wanted, st.text, lang):
                continue
            out.append(StatementRecord(**asdict(st), source_id=record.source_id, title=record.title,
                                       date=record.date, lang=record.lang, url=record.url))
    return sorted(out, key=lambda st: (st.date or "", st.source_id, st.start))


def write_groups(backend: VectorBackend, records: Iterable[DocumentSummary], found: dict[str, str], name: str) -> int:
    """Store each record's group (``found``, '' for none) in its field ``name`` where it changed,
    one write a group; how many records were written into a group."""
    by_group: dict[str, list[str]] = {}
    for record in records:
        value = found.get(record.source_id, "")
        if getattr(record, name) != value:
            by_group.setdefault(value, []).append(record_id(record.source_id))
    for value, ids in by_group.items():
        backend.set_document_field(ids, name, value)
    return sum(len(ids) for value, ids in by_group.items() if value)
