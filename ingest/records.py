"""The data contract: records that cross package lines.

Standard library only, so every layer can import it without pulling in a parser.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


def content_hash(text: str) -> str:
    """Return a short, stable hex digest of ``text``.

    >>> content_hash("abc")
    'ba7816bf8f01cfea414140de5dae2223'
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class Block:
    """One structural element of a parsed document: a heading, paragraph, list item or line."""

    kind: str  # "heading" | "paragraph" | "list_item" | "line"
    text: str
    level: int = 0  # heading depth, 1 = top


@dataclass(frozen=True)
class Passage:
    """A retrievable piece of a document's clean text.

    ``start``/``end`` are character offsets into the document's clean text, and each
    ``sentences`` pair is an offset range relative to ``text``.
    """

    id: str
    source_id: str
    text: str
    start: int
    end: int
    heading_path: tuple[str, ...]
    sentences: tuple[tuple[int, int], ...]
    lang: str = ""
    headings: tuple[tuple[int, int], ...] = ()  # spans of the heading lines inside ``text``


@dataclass(frozen=True)
class Document:
    """A parsed, cleaned document with metadata read from its content."""

    source_id: str
    path: str
    title: str
    text: str
    lang: str
    kind: str
    date: str | None  # ISO "YYYY-MM-DD" or "YYYY-MM", None when the content gives none
    url: str = ""
    content_hash: str = ""
    source_hash: str = ""  # of the raw file or record and the pipeline version: unchanged input skips parsing
    passages: tuple[Passage, ...] = ()
    extra: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    statements: tuple[Statement, ...] = ()
    dates: tuple[DatedEvent, ...] = ()
    mentions: tuple[Mention, ...] = ()  # names of people, organisations and places (ingest/mentions.py)


@dataclass(frozen=True)
class Mention:
    """A name in a document's clean text: its words as written, kind, offsets, the title or role
    written just before a person's name, and the other form an acronym definition gives it."""

    text: str
    kind: str  # "person", "org" or "place"
    start: int
    end: int
    role: str = ""  # "Federal Councillor", "Bundesrätin", "Minister of Justice"
    alias: str = ""  # "FDJP" for "Federal Department of Justice and Police (FDJP)", and back


@dataclass(frozen=True)
class Statement:
    """A quotation or reported statement, who made it, and where it stands in the document."""

    text: str  # verbatim: the document's clean text between start and end
    speaker: str
    role: str = ""
    country: str = ""  # read from the role ("Belgian Minister" -> Belgium), when it says
    kind: str = "quote"  # "quote" (the speaker's words) or "statement" (reported speech)
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class DatedEvent:
    """A date in the text, normalised (ISO 8601), with the sentence or agenda line it dates."""

    when: str  # "2024-01-24", "2023-07", "2024-01-25T09:30/12:15", "/2025-03" (until), "2025-09/2025-11"
    label: str  # the words that gave the date, as written
    text: str  # the event: the sentence or agenda line, verbatim
    kind: str  # "day", "month", "year", "time", "period" or "relative"
    start: int = 0  # offsets of ``text`` in the document's clean text
    end: int = 0


@dataclass(frozen=True)
class IngestError:
    """A file or record that could not be ingested, and why."""

    path: str
    reason: str


@dataclass(frozen=True)
class Unchanged:
    """A file or record whose raw content is already indexed as it is: nothing to do."""

    source_id: str
