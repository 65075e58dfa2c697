"""The index's dated events and statements, read once and kept until the index changes.

A briefing looks through every dated event and statement of the index for those about its topic
(two thirds of its terms). Reading them means a pass over every record, and stemming every
sentence: about 0.3 s a briefing over 500 releases, growing with the index (7 s at 13.5k). So the
store keeps them, with an inverted list of each sentence's stemmed terms, from the first time they
are asked for until a document is written or deleted (``forget``); a topic's sentences are then
found from the postings of its few terms.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable
from typing import Protocol

from index.catalogue import DocumentRecord, StatementRecord, TimelineEvent, statements, timeline
from index.lexical import terms
from index.vectors import VectorBackend


class _Sentence(Protocol):
    text: str
    lang: str


class _Postings:
    """Which sentences hold each stemmed term, in each language."""

    def __init__(self, sentences: Iterable[_Sentence]) -> None:
        self.ids: set[int] = set()
        self.by_term: dict[tuple[str, str], list[int]] = {}
        self.by_lang: dict[str, list[int]] = {}
        for s in sentences:
            lang = s.lang or "en"
            self.ids.add(id(s))
            self.by_lang.setdefault(lang, []).append(id(s))
            for term in set(terms(s.text, lang)):
                self.by_term.setdefault((lang, term), []).append(id(s))

    def holding(self, topic: str, share: float = 2 / 3) -> set[int]:
        """The ids of the sentences that hold ``share`` of the topic's terms (stemmed in each
        sentence's language), as ``catalogue.about`` decides."""
        out: set[int] = set()
        for lang, ids in self.by_lang.items():
            wanted = set(terms(topic, lang))
            if not wanted:
                out.update(ids)
                continue
            counts = Counter(i for term in wanted for i in self.by_term.get((lang, term), ()))
            out.update(i for i, n in counts.items() if n >= share * len(wanted) - 1e-9)
        return out


class Dated:
    """Every dated event (in date order) and statement (oldest first) of the index, kept."""

    def __init__(self, backend: VectorBackend) -> None:
        self._backend = backend
        self._lock = threading.Lock()
        self._kept: tuple[list[TimelineEvent], list[StatementRecord], _Postings] | None = None
        self._writes = 0  # forget() calls: a read that a write overtook is not kept

    def forget(self) -> None:
        """Drop what was read: a document was written or deleted."""
        self._writes += 1
        self._kept = None

    def warm(self) -> None:
        """Read them now (a server does, beside its first requests), so the first briefing need not."""
        self._read()

    def _read(self) -> tuple[list[TimelineEvent], list[StatementRecord], _Postings]:
        with self._lock:
            kept = self._kept
            if kept is None:
                writes = self._writes
                # Without what a timeline does not read: names, signatures, profiles (most of a payload).
                payloads = self._backend.documents(without=("mentions", "minhash", "profile", "extra"))
                records = [DocumentRecord.from_payload(p) for p in payloads if "source_id" in p]
                events, said = timeline(records), statements(records)
                kept = (events, said, _Postings([*events, *said]))
                if writes == self._writes:
                    self._kept = kept
            return kept

    def events(self, since: str | None = None, until: str | None = None) -> list[TimelineEvent]:
        """The dated events from ``since`` to ``until`` (ISO prefixes), in date order."""
        return [
            ev for ev in self._read()[0]
            if not (since and ev.when.lstrip("/")[:10][: len(since)] < since)
            and not (until and ev.when.lstrip("/")[:10][: len(until)] > until)
        ]  # fmt: skip

    def statements(self) -> list[StatementRecord]:
        """Every statement, oldest first."""
        return list(self._read()[1])

    def holding(self, topic: str) -> tuple[set[int], set[int]]:
        """The ids of the kept events and statements about ``topic`` (two thirds of its terms),
        and the ids of all those kept: an object not kept is not judged here."""
        postings = self._read()[2]
        return postings.holding(topic), postings.ids
