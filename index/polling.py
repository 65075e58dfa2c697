"""One run of a followed source: fetch what it lists, ingest what is new or changed, note the rest.

Incremental and idempotent: a listing unchanged since the last run (HTTP 304) costs one request;
an item whose listing entry is unchanged is not fetched again; an article fetched again whose
text is unchanged is not written (its source hash); a changed one replaces its passages through
``PassageStore.index``, the path every ingest takes. A failure is recorded for its source or its
item and nothing stored is removed; a source that failed is tried again after a backoff
(``index/followed.py``). Fetching happens outside ``write_lock``; each document is written under it.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from index.followed import COUNTS, MAX_BACKOFF_S, FollowState, Item, Source, now_text
from index.ingesting import chunk_settings, ingest_files
from index.store import IngestEvent, PassageStore
from ingest.errors import BadInput, IngestFailure
from ingest.fetching import Fetched, Fetcher
from ingest.following import Article, Entry, entry_document, extract_article, read_listing
from ingest.pipeline import ChunkSettings, Known, iter_sources
from ingest.records import Document, IngestError, Unchanged

Lock = Callable[[], AbstractContextManager]
_PAGE_TYPES = re.compile(r"^(text/|application/(xhtml\+)?xml$|application/octet-stream$)")
WARNING = "warning:"  # an item error that did not stop its text being read: no reason to fetch it again


@dataclass
class PollReport:
    """What one run of one source brought: counts, the documents written, and the errors."""

    source: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    gone: int = 0
    waiting: int = 0  # items that failed before, not fetched this run (their backoff)
    not_modified: bool = False
    error: str = ""  # the source failed: nothing of it was read this run
    warning: str = ""  # the source was read, not all of it or not cleanly
    written: list[str] = field(default_factory=list)  # source ids added or updated
    item_errors: list[tuple[str, str]] = field(default_factory=list)  # (item key, reason)

    def count(self, event: IngestEvent) -> None:
        """Count one ingest event."""
        setattr(self, event.status, getattr(self, event.status) + 1)
        if event.status in ("added", "updated"):
            self.written.append(event.source_id)

    def to_dict(self) -> dict:
        """The JSON shape, as stored with the source and printed by ``follow run --json``."""
        return {"source": self.source, "added": self.added, "updated": self.updated, "unchanged": self.unchanged,
                "failed": self.failed, "gone": self.gone, "waiting": self.waiting, "not_modified": self.not_modified,
                "error": self.error, "warning": self.warning, "written": self.written,
                "item_errors": [list(e) for e in self.item_errors[:50]]}  # fmt: skip

    def summary(self) -> str:
        """One line for a terminal."""
        if self.not_modified:
            return f"{self.source}: not modified"
        counts = ", ".join(f"{getattr(self, k)} {k}" for k in COUNTS if getattr(self, k))
        problem = f"; error: {self.error}" if self.error else (f"; warning: {self.warning}" if self.warning else "")
        return f"{self.source}: {counts or 'nothing listed'}{problem}"


def poll(store: PassageStore, state: FollowState, fetcher: Fetcher, source: Source,
         write_lock: Lock = nullcontext) -> PollReport:  # fmt: skip
    """Run one source once and record the outcome in ``state``; never raises for a fault of the source."""
    report = PollReport(source.name)
    etag, last_modified = source.etag, source.last_modified
    try:
        if source.kind == "folder":
            _poll_folder(store, state, source, report, write_lock)
        else:
            etag, last_modified = _poll_web(store, state, fetcher, source, report, write_lock)
    except IngestFailure as exc:  # the source itself failed: fetched, read or listed
        report.error = str(exc)
    except OSError as exc:
        report.error = f"{source.target}: {exc}"
    except Exception as exc:  # noqa: BLE001 - one source's fault never stops the others (nor the server's poller)
        report.error = f"{source.target}: cannot be read ({type(exc).__name__}: {' '.join(str(exc).split())[:300]})"
    if not report.error and report.failed and not (report.added or report.updated or report.unchanged):
        report.error = f"every item failed; the first: {report.item_errors[0][1]}"
    state.finish(source.name, ok=not report.error, error=report.error or report.warning, report=report.to_dict(),
                 etag=etag, last_modified=last_modified)  # fmt: skip
    return report


def poll_due(store: PassageStore, state: FollowState, fetcher: Fetcher, now: float,
             write_lock: Lock = nullcontext) -> list[PollReport]:  # fmt: skip
    """Run every source due at ``now``."""
    return [poll(store, state, fetcher, s, write_lock) for s in state.due(now)]


def _write(store: PassageStore, items: list[Document | IngestError | Unchanged], write_lock: Lock) -> list[IngestEvent]:
    """Index ``items`` in one pass (its writes batched), taking the lock for one step at a time, as an upload does."""
    steps = store.index(items)
    events: list[IngestEvent] = []
    while True:
        with write_lock():
            event = next(steps, None)
        if event is None:
            return events
        events.append(event)


def _poll_folder(store: PassageStore, state: FollowState, source: Source, report: PollReport, write_lock: Lock) -> None:
    folder = Path(source.target)
    if not folder.is_dir():
        raise IngestFailure(f"{folder}: the folder is gone (nothing stored was removed)")
    when, seen = now_text(), set()
    known = state.items(source.name)
    # Source ids are the folder's name for it and the file's path in it (``inbox/a.md``): two
    # followed folders that both hold an ``a.md`` keep two documents.
    steps = ingest_files(store, [(path, f"{source.name}/{sid}") for path, sid in iter_sources([folder])])
    while True:
        with write_lock():  # one document at a time, as an upload: questions are answered in between
            event = next(steps, None)
        if event is None:
            break
        report.count(event)
        if event.status == "failed":
            report.item_errors.append((event.source_id, event.reason))
        seen.add(event.source_id)
        old = known.get(event.source_id)
        state.save_item(Item(source.name, event.source_id, event.source_id if event.status != "failed" else "",
                             first_seen=old.first_seen if old else when, last_seen=when,
                             error=event.reason if event.status == "failed" else ""))  # fmt: skip
    report.gone = state.mark_gone(source.name, seen, when)


def _poll_web(store: PassageStore, state: FollowState, fetcher: Fetcher, source: Source, report: PollReport,
              write_lock: Lock) -> tuple[str, str]:  # fmt: skip
    fetched = fetcher.get(source.target, source.etag, source.last_modified)
    if fetched.not_modified:
        report.not_modified = True
        return source.etag, source.last_modified
    listing = read_listing(fetched.body, fetched.url, source.max_items)
    report.warning = listing.error  # a listing cut at its limit, or read despite a fault: its items are still read
    known = state.items(source.name)
    when = now_text()
    pending: list[_Pending] = []
    settings = chunk_settings(store)

    def known_text(source_id: str, source_hash: str) -> bool:  # an article read again, its text indexed as it is
        with write_lock():  # a read of the store, between the server's writes
            return store.is_indexed(source_id, source_hash)

    for entry in listing.entries:
        old = known.get(entry.key)
        if old and entry.fingerprint and old.fingerprint == entry.fingerprint and not _retry(old):
            report.unchanged += 1  # listed as before: not fetched again
            if old.gone_since:
                state.save_item(_item(source, entry, old, when, old.source_id, "", old.etag, old.last_modified))
            continue
        if old and _retry(old) and old.retry_at > time.time() and old.fingerprint == entry.fingerprint:
            report.waiting += 1  # failed again and again: left alone until its backoff ends
            continue
        found = _fetch_entry(fetcher, listing.kind, fetched, entry, old)
        if found is None and old is not None:  # the page answered 304: unchanged
            report.unchanged += 1
            state.save_item(_item(source, entry, old, when, old.source_id, "", old.etag, old.last_modified))
            continue
        if found is not None:
            pending.append(_document(entry, old, *found, source, settings, known_text))
    # Every fetch is done before any write: one batch of writes, no lock held while the network is slow.
    events = {e.source_id: e for e in _write(store, [p.document for p in pending], write_lock)}
    for p in pending:
        event = events.get(p.entry.key) or IngestEvent(p.entry.key, "failed", reason="nothing was written")
        report.count(event)
        error = "; ".join(e for e in (p.error, event.reason if event.status == "failed" else "") if e)
        if error:
            report.item_errors.append((p.entry.key, error))
        source_id = event.source_id if event.status != "failed" else (p.old.source_id if p.old else "")
        state.save_item(_item(source, p.entry, p.old, when, source_id, error, p.etag, p.modified))
    report.gone = state.mark_gone(source.name, {e.key for e in listing.entries}, when)
    return fetched.etag, fetched.last_modified


@dataclass(frozen=True)
class _Pending:
    """An item fetched and read, waiting to be written."""

    entry: Entry
    old: Item | None
    document: Document | IngestError | Unchanged
    error: str
    etag: str
    modified: str


def _fetch_entry(fetcher: Fetcher, kind: str, listed: Fetched, entry: Entry,
                 old: Item | None) -> tuple[Article | None, str, str, str] | None:  # fmt: skip
    """The item's article (None when it cannot be had: the summary stands in), its validators and
    the error; None when the page says it is unchanged."""
    try:
        if kind == "page":
            article = extract_article(listed.body, listed.url, listed.charset)
            return article, listed.etag, listed.last_modified, _warning(article)
        if not entry.link:  # an item with an id but no link: its own text is all there is, and no fault
            return None, "", "", ""
        page = fetcher.get(entry.link, *((old.etag, old.last_modified) if old else ("", "")))
        if page.not_modified and old and old.source_id:
            return None
        if page.content_type and not _PAGE_TYPES.match(page.content_type):  # a PDF, a Word file, an image...
            raise BadInput(f"{page.url}: not a web page (Content-Type {page.content_type})")
        article = extract_article(page.body, page.url, page.charset)
        return article, page.etag, page.last_modified, _warning(article)
    except IngestFailure as exc:
        return None, "", "", str(exc)


def _warning(article: Article) -> str:
    return f"{WARNING} {article.warning}" if article.warning else ""


def _document(entry: Entry, old: Item | None, article: Article | None, etag: str, modified: str, error: str,
              source: Source, settings: ChunkSettings, known: Known) -> _Pending:  # fmt: skip
    try:
        document: Document | IngestError | Unchanged = entry_document(entry, article, source.name, settings, known)
    except IngestFailure as exc:
        document = IngestError(entry.key, str(exc))
    return _Pending(entry, old, document, error, etag, modified)


def _retry(item: Item) -> bool:
    return bool(item.error) and not item.error.startswith(WARNING)


def _item(source: Source, entry: Entry, old: Item | None, when: str, source_id: str, error: str, etag: str,
          modified: str) -> Item:  # fmt: skip
    # A failed fetch is tried again at the next run, then after the interval times 1, 3, 7... (at most a day).
    failures = (old.failures if old else 0) + 1 if error and not error.startswith(WARNING) else 0
    wait = min(source.every_s * (2 ** (failures - 1) - 1), MAX_BACKOFF_S) if failures else 0
    return Item(source.name, entry.key, source_id, entry.fingerprint, etag, modified, old.first_seen if old else when,
                when, None, error, failures, time.time() + wait if failures else 0.0)
