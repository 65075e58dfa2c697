"""Answers and citations: the records the assistant returns."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from index.catalogue import DocumentSummary


@dataclass(frozen=True)
class Citation:
    """The exact words an answer relies on, with where they stand in their document."""

    n: int
    source_id: str
    title: str
    date: str | None
    lang: str
    kind: str
    url: str
    passage: str
    quote: str
    start: int  # offsets of the quote in the document's clean text
    end: int
    score: float
    # The same release in other languages: language → source id.
    versions: dict[str, str] = field(default_factory=dict, hash=False, compare=False)


def record_citation(
    record: DocumentSummary, n: int, start: int, end: int, *, passage: str | None = None, score: float = 1.0
) -> Citation:
    """A citation of a document record's words between ``start`` and ``end`` (document offsets).

    ``passage`` is the context shown around them; for a record without its text (as listed)
    it is also the quote, which the caller has read from the text at those offsets.
    """
    text = getattr(record, "text", None)  # a listed record (DocumentSummary) has none
    quote = text[start:end] if text is not None else (passage or "")
    return Citation(
        n=n,
        source_id=record.source_id,
        title=record.title,
        date=record.date,
        lang=record.lang,
        kind=record.kind,
        url=record.url,
        passage=passage if passage is not None else quote,
        quote=quote,
        start=start,
        end=end,
        score=round(score, 4),
    )


@dataclass(frozen=True)
class Answer:
    """An answer whose every sentence is followed by the marker of its citation."""

    question: str
    answer: str
    abstained: bool
    citations: tuple[Citation, ...] = ()
    see_also: tuple[Citation, ...] = ()
    timings_ms: dict[str, float] = field(default_factory=dict)
    lang: str = "en"
    mode: str = "extractive"  # how it was written: "extractive" or "generative"
    notice: str = ""  # why a generative answer fell back to extractive, for the reader
    # Generative answers: every sentence the model wrote, with its support and whether it stayed.
    sentences: tuple = ()
    # "When" answers: the dates extracted at ingest inside the quoted words, normalised.
    dates: tuple = ()
    # The reader's probability that the documents answer the question (it abstains below its threshold).
    confidence: float | None = None
    # Why it abstained (``assistant.refusals.REASONS``); empty for an answer.
    refusal: str = ""

    def to_dict(self) -> dict:
        """The JSON shape of ``ask --json``."""
        data = asdict(self)
        data["citations"] = [asdict(c) for c in self.citations]
        data["see_also"] = [asdict(c) for c in self.see_also]
        data["dates"] = [asdict(d) for d in self.dates]
        return data
