"""What the web app and the HTTP API share: one store, one assistant, one lock, the feedback table."""

from __future__ import annotations

import gc
import queue
import re
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from assistant.assistant import Assistant
from assistant.briefing import Briefing, build_briefing, to_html, to_markdown, write_docx
from assistant.errors import LLMUnavailable
from assistant.facade import Pressroom
from assistant.followup import resolve
from assistant.records import Answer
from assistant.retriever import RankedPassage
from index.catalogue import DocumentRecord, DocumentSummary, StatementRecord, TimelineEvent
from index.embedding import Embedder
from index.filters import SearchFilters
from index.ingesting import ingest_files, reingest
from index.multilingual import shared as shared_encoder
from index.one_version import shown
from index.store import IngestEvent, PassageStore
from ingest.metadata import question_language
from ui.feedback import FeedbackStore
from ui.rwlock import ReadWriteLock
from ui.settings import ServerSettings
from ui.uploads import FEEDS, UploadRejected, check_upload, suffix_of


@dataclass(frozen=True)
class Asked:
    """An answer with the question as it was understood (follow-ups carry their subject)."""

    resolved: str
    answer: Answer


@dataclass
class Services:
    """What every request uses: Pressroom (``assistant.facade``), the feedback table, one lock.

    Reads (answers, searches, listings, briefings) run in parallel under the lock's shared mode;
    a write (one document of an ingest, a delete) holds it alone (ui/rwlock.py). A Qdrant server
    (``PRESSROOM_QDRANT_URL``) is the way to scale out beyond one process.
    """

    room: Pressroom
    feedback: FeedbackStore
    settings: ServerSettings
    lock: ReadWriteLock = field(default_factory=ReadWriteLock)

    def __post_init__(self) -> None:
        # A generative answer lets go of the lock while the model writes (it reads no store).
        self.room.assistant.outside_store = self.lock.suspended_read

    def warm(self) -> None:
        """Read the index's dated events and statements now, as a reader, so that the first briefing
        need not (about 3 s at 13.5k documents); meant for a thread beside the first requests. The
        learned reader's entity recognisers load now too (French took 4.3 s here: its tokenizer's patterns),
        and in generative mode the local language model (its process: 20-30 s)."""
        with self.lock.shared:
            self.store.dated.warm()
        if self.store.backend.has_multilingual:  # every question searches across languages (0.5 s)
            shared_encoder().embed([""])
        if self.assistant.settings.mode == "generative":
            try:
                load = getattr(self.assistant.llm(), "load", None)
                if load is not None:
                    load()
            except LLMUnavailable:  # the first generative answer says why, and quotes instead
                pass
        if self.assistant.settings.abstention == "learned":  # its features read the question's names
            from ingest.entities import recogniser

            for lang in ("en", "fr"):
                recogniser(lang)
        # What is loaded by now (models, index, app: some 300,000 objects) lives as long as the
        # server: the collector's full passes no longer walk it (each took about 190 ms, every
        # 150-250 answers, stopping every thread).
        gc.freeze()

    @property
    def store(self) -> PassageStore:
        """The index."""
        return self.room.store

    @property
    def embedder(self) -> Embedder:
        """The encoder."""
        return self.room.embedder

    @property
    def assistant(self) -> Assistant:
        """The answerer."""
        return self.room.assistant

    def close(self) -> None:
        """Let go of the index and the feedback table."""
        self.room.close()
        self.feedback.close()

    def ask(
        self,
        question: str,
        filters: SearchFilters | None = None,
        history: list[str] | None = None,
        mode: str | None = None,
    ) -> Asked:
        """Answer a question; ``history`` (earlier questions, oldest first) gives follow-ups their subject."""
        resolved = _resolved(question, history)
        with self.lock.shared:
            return Asked(resolved, self.assistant.ask(resolved, filters, mode))

    def ask_stream(
        self,
        question: str,
        filters: SearchFilters | None = None,
        history: list[str] | None = None,
        mode: str | None = None,
    ) -> Iterator[str | Asked]:
        """Like ``ask``, yielding the answer's checked sentences as they come, then the ``Asked``.

        The answer is worked out in a thread of its own that holds the lock (shared) throughout:
        the consumer (a streaming response) may resume on a different thread each time.
        """
        resolved = _resolved(question, history)
        items: queue.Queue = queue.Queue()

        def work() -> None:
            try:
                with self.lock.shared:
                    for item in self.assistant.ask_stream(resolved, filters, mode):
                        items.put(Asked(resolved, item) if isinstance(item, Answer) else item)
            except Exception as exc:  # noqa: BLE001 - handed to the consumer, raised there
                items.put(exc)
            items.put(None)

        threading.Thread(target=work, daemon=True, name="pressroom-answer").start()
        while (item := items.get()) is not None:
            if isinstance(item, Exception):
                raise item
            yield item

    def brief(
        self, topic: str, since: str | None = None, until: str | None = None, lang: str | None = None
    ) -> tuple[Briefing, dict[str, Path]]:
        """A briefing on ``topic`` and its files (Markdown, HTML, Word) under ``home/briefings``."""
        briefing = self.briefing(topic, since, until, lang)
        folder = self.settings.briefings / uuid.uuid4().hex[:12]
        folder.mkdir(parents=True, exist_ok=True)
        stem = re.sub(r"[^\w-]+", "-", topic.lower()).strip("-")[:60] or "briefing"
        files = {"md": folder / f"{stem}.md", "html": folder / f"{stem}.html", "docx": folder / f"{stem}.docx"}
        files["md"].write_text(to_markdown(briefing), encoding="utf-8")
        files["html"].write_text(to_html(briefing), encoding="utf-8")
        write_docx(briefing, files["docx"])
        return briefing, files

    def briefing(
        self, topic: str, since: str | None = None, until: str | None = None, lang: str | None = None
    ) -> Briefing:
        """A briefing on ``topic`` (``pressroom brief``'s), without files."""
        with self.lock.shared:
            return build_briefing(self.assistant, topic, since=since, until=until, lang=lang)

    def quotes(self, speaker: str | None = None, topic: str | None = None) -> list[StatementRecord]:
        """Quotations and statements found at ingest (``pressroom quotes``'s)."""
        with self.lock.shared:  # one language version of each release, as the CLI's
            return shown(self.store.statements(speaker, topic), self.store, topic)[0]

    def timeline(
        self, topic: str | None = None, since: str | None = None, until: str | None = None
    ) -> list[TimelineEvent]:
        """Dated events found at ingest, in date order (``pressroom timeline``'s)."""
        with self.lock.shared:
            return shown(self.store.timeline(topic, since, until), self.store, topic)[0]

    def search(self, query: str, limit: int = 10, filters: SearchFilters | None = None) -> list[RankedPassage]:
        """Passages that best match ``query``, ranked as ``pressroom search`` and the assistant rank them."""
        with self.lock.shared:
            return self.assistant.passages(question_language(query), filters, top_k=limit).search(query)

    def documents(self) -> list[DocumentSummary]:
        """Every document record, without text."""
        with self.lock.shared:
            return self.store.list_documents()

    def check(self, files: list[tuple[str, bytes]]) -> tuple[list[tuple[str, bytes]], list[UploadRejected]]:
        """Split uploads into the acceptable ones, under their safe names, and the rejected ones."""
        accepted, rejected = [], []
        for name, data in files:
            try:
                accepted.append((check_upload(name, data, self.settings.max_upload_bytes), data))
            except UploadRejected as exc:
                rejected.append(exc)
        return accepted, rejected

    def ingest_uploads(
        self, accepted: list[tuple[str, bytes]], progress: Callable[[int, str], None] | None = None
    ) -> list[IngestEvent]:
        """Save checked uploads under ``uploads/`` and ingest them; one event per document.

        A file's safe name is its source id, so uploading a new version of a file replaces it (the
        event says so). A name given twice in one upload keeps the first file: the second is failed.
        """
        events: list[IngestEvent] = []
        seen: set[str] = set()
        for i, (safe, data) in enumerate(accepted):
            if progress:
                progress(i, safe)
            if safe in seen:
                events.append(IngestEvent(safe, "failed", reason="a file of the same name came first in this upload; "
                                          "rename one of them to keep both"))  # fmt: skip
                continue
            seen.add(safe)
            target = self.settings.uploads / safe
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(target.name + ".part")
            partial.write_bytes(data)
            partial.replace(target)
            # The lock is held for one step at a time (a document, or a batch of a feed's records
            # when they are written), never for a whole upload: questions are answered in between
            # while a large upload ingests (tests/test_load.py checks it). Between steps the
            # store is consistent: a document's record is written after its passages.
            steps = ingest_files(self.store, [(target, safe)])
            while True:
                with self.lock.exclusive:
                    event = next(steps, None)
                if event is None:
                    break
                events.append(_as_uploaded(event, target, safe))
        return events

    def upload(
        self, files: list[tuple[str, bytes]], progress: Callable[[int, str], None] | None = None
    ) -> list[IngestEvent]:
        """Check, save and ingest uploads; a rejected file is a failed event saying why."""
        accepted, rejected = self.check(files)
        failed = [IngestEvent(r.name, "failed", reason=r.reason) for r in rejected]
        return failed + self.ingest_uploads(accepted, progress)

    def document(self, source_id: str) -> DocumentRecord:
        """One document's record, with its clean text."""
        with self.lock.shared:
            return self.store.document(source_id)

    def delete(self, source_id: str) -> int:
        """Delete a document and its passages (and its uploaded file, if it was uploaded)."""
        with self.lock.exclusive:
            record = self.store.document(source_id)
            removed = self.store.delete(source_id)
        path = Path(record.path)
        if path.parent == self.settings.uploads and path.exists() and suffix_of(path.name) not in FEEDS:
            path.unlink()
        return removed

    def reingest(self, source_id: str) -> IngestEvent:
        """Parse a document again from its original file."""
        with self.lock.exclusive:
            return reingest(self.store, source_id)


def _resolved(question: str, history: list[str] | None) -> str:
    previous = None
    for earlier in history or []:
        previous = resolve(earlier, previous)
    return resolve(question, previous)


def _as_uploaded(event: IngestEvent, saved: Path, name: str) -> IngestEvent:
    """An upload's event under the name it was uploaded as: a file that could not be read is
    named by the path it was saved under, which is the server's business, not the client's."""
    where = str(saved)
    source_id = name + event.source_id[len(where) :] if event.source_id.startswith(where) else event.source_id
    reason = event.reason.replace(where, name)
    if event.status == "updated" and not reason:
        reason = "replaced the document of the same name ingested before"
    return replace(event, source_id=source_id, reason=reason)
