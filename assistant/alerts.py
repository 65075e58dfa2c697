"""Alerts: saved searches run against each new document, their matches kept for a feed, a webhook and a digest.

An alert is a ``find`` query (``index/query.py``: words, phrases, AND/OR/NOT, ``lang:``...) or a
question (it ends with ``?``): a new document matches a query when ``find`` finds it, and a
question when the assistant answers it from that document alone (no abstention). Each match is
kept with its title, date, source and the matching sentence, quoted: the words ``find`` matched,
or the answer's first quote. A webhook gets each match once; one that failed gets what it missed
on a later run. Stored in ``$PRESSROOM_HOME/alerts.sqlite3``.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.errors import AssistantFailure
from index.errors import IndexFailure
from index.filters import SearchFilters
from index.query import parse
from ingest.cleaning import LONE_SURROGATE
from ingest.metadata import DOCUMENT_KINDS
from ingest.sentences import split_sentences

if TYPE_CHECKING:  # the store and the assistant are handed in; the CLI's alert commands need neither
    from assistant.assistant import Assistant
    from index.store import PassageStore

_NAME = re.compile(r"^\w[\w.-]{0,79}$")  # not "-x" (an option to the CLI), nor "." or ".." (a URL's path)
_SCHEMA = """
CREATE TABLE IF NOT EXISTS alerts (
    name TEXT PRIMARY KEY, query TEXT NOT NULL, kind TEXT NOT NULL, webhook TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL, seen_at TEXT NOT NULL DEFAULT '', last_error TEXT NOT NULL DEFAULT '',
    filters TEXT NOT NULL DEFAULT '{}', tried_at REAL NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS matches (
    alert TEXT NOT NULL, source_id TEXT NOT NULL, title TEXT NOT NULL, date TEXT, url TEXT NOT NULL,
    lang TEXT NOT NULL, quote TEXT NOT NULL, found_at TEXT NOT NULL, delivered INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (alert, source_id)
);
"""
KINDS = ("find", "question")
FILTERS = frozenset({"date_from", "date_to", "lang", "kind"})
WEBHOOK_RETRY_S = 300  # a webhook that failed is called again after this, with every match it missed
QUESTION_CANDIDATES = 100  # passages searched for a question alert; their new documents are each asked


class AlertError(AssistantFailure):
    """An alert that cannot be added or found; the message says why."""


def now_text(at: float | None = None) -> str:
    """A time as stored: ISO 8601 in UTC, to the millisecond (so that times compare as text).

    >>> now_text(0.25)
    '1970-01-01T00:00:00.250Z'
    """
    at = time.time() if at is None else at
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(at)) + f".{int(at % 1 * 1000):03d}Z"


@dataclass(frozen=True)
class Alert:
    """A saved search."""

    name: str
    query: str
    kind: str  # "find" or "question"
    webhook: str = ""
    created_at: str = ""
    seen_at: str = ""  # when its matches were last looked at (its feed read, its badge cleared)
    last_error: str = ""  # the webhook's last failure
    filters: dict[str, str] = field(default_factory=dict, hash=False)  # date_from, date_to, lang, kind
    tried_at: float = 0.0  # when its webhook was last called (epoch seconds)

    def search_filters(self, source: str | None = None) -> SearchFilters:
        """The alert's filters, for a question asked of one document."""
        return SearchFilters(source=source, **self.filters)

    def find_query(self) -> str:
        """The ``find`` query with the alert's filters as fields.

        >>> Alert("a", "ports OR harbours", "find", filters={"lang": "en", "date_from": "2024"}).find_query()
        '(ports OR harbours) lang:en date:2024..'
        """
        terms = [f"{name}:{self.filters[name]}" for name in ("lang", "kind") if self.filters.get(name)]
        if self.filters.get("date_from") or self.filters.get("date_to"):
            terms.append(f"date:{self.filters.get('date_from') or ''}..{self.filters.get('date_to') or ''}")
        return " ".join([f"({self.query})" if terms else self.query, *terms])

    def to_dict(self) -> dict:
        """The JSON shape."""
        return asdict(self)


@dataclass(frozen=True)
class Match:
    """A new document an alert matched, with the sentence that matched, quoted."""

    alert: str
    source_id: str
    title: str
    date: str | None
    url: str
    lang: str
    quote: str
    found_at: str

    def to_dict(self) -> dict:
        """The JSON shape (the webhook's items)."""
        return asdict(self)


def alert_kind(query: str) -> str:
    """A question when it ends with a question mark, else a ``find`` query.

    >>> alert_kind("When was the ports alliance launched?"), alert_kind('"ports alliance" lang:en')
    ('question', 'find')
    """
    return "question" if query.rstrip().endswith("?") else "find"


class AlertStore:
    """The alerts and their matches in ``path``; safe to share between threads."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False, timeout=30, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.executescript(_SCHEMA)
        except sqlite3.Error:  # not a database, or read-only: the caller says so; the file is not held open
            self._db.close()
            raise
        self._lock = threading.Lock()

    def close(self) -> None:
        """Close the file."""
        self._db.close()

    def add(
        self, name: str, query: str, kind: str | None = None, webhook: str = "", filters: dict | None = None
    ) -> Alert:
        """Save an alert, with optional filters (``date_from``, ``date_to``, ``lang``, ``kind``); a ``find``
        query that cannot be read, or a bad date, is refused, saying where."""
        filters = {k: v for k, v in (filters or {}).items() if v}
        if set(filters) - FILTERS:
            raise AlertError(f"alert filters {sorted(set(filters) - FILTERS)}: use {', '.join(sorted(FILTERS))}")
        SearchFilters(**filters)  # a date it cannot read is a ValueError naming it
        if filters.get("kind") and filters["kind"] not in DOCUMENT_KINDS:  # else it never matches, silently
            raise AlertError(f"document kind {filters['kind']!r}: use one of {', '.join(DOCUMENT_KINDS)}")
        if not _NAME.match(name):
            raise AlertError(f"alert name {name!r}: use 1 to 80 letters, digits, '.', '_' or '-', starting with a "
                             "letter or a digit")
        if lone := LONE_SURROGATE.search(query + name + webhook):  # JSON can carry it; no text store can
            raise AlertError(f"the alert holds U+{ord(lone.group()):04X}, half of a surrogate pair: send valid Unicode")
        if not re.search(r"\w", query):  # "?" alone would match nothing, or anything
            raise AlertError(f"an alert needs a query or a question with words (got {query.strip()!r})")
        kind = kind or alert_kind(query)
        if kind not in KINDS:
            raise AlertError(f"alert kind {kind!r}: use one of {', '.join(KINDS)}")
        if kind == "find":
            parse(Alert(name, query, kind, filters=filters).find_query())  # QuerySyntaxError says where
        if webhook and not re.match(r"^https?://", webhook):
            raise AlertError(f"webhook {webhook!r}: use an http(s) URL")
        with self._lock:
            if self._db.execute("SELECT 1 FROM alerts WHERE name=?", (name,)).fetchone():
                raise AlertError(f"an alert named {name!r} exists already (remove it first)")
            self._db.execute("INSERT INTO alerts (name, query, kind, webhook, created_at, seen_at, filters) VALUES "
                             "(?, ?, ?, ?, ?, ?, ?)", (name, query, kind, webhook, now_text(), now_text(),
                                                       json.dumps(filters)))  # fmt: skip
        return self.alert(name)

    def remove(self, name: str) -> None:
        """Delete an alert and its matches."""
        with self._lock:
            if not self._db.execute("DELETE FROM alerts WHERE name=?", (name,)).rowcount:
                raise AlertError(f"no alert named {name!r} (see `pressroom alert list`)")
            self._db.execute("DELETE FROM matches WHERE alert=?", (name,))

    def alert(self, name: str) -> Alert:
        """One alert by name."""
        row = self._db.execute("SELECT * FROM alerts WHERE name=?", (name,)).fetchone()
        if row is None:
            raise AlertError(f"no alert named {name!r} (see `pressroom alert list`)")
        return _alert(row)

    def alerts(self) -> list[Alert]:
        """Every alert, by name."""
        return [_alert(r) for r in self._db.execute("SELECT * FROM alerts ORDER BY name")]

    def matches(self, name: str, since: str = "", limit: int = 200) -> list[Match]:
        """An alert's matches found at or after ``since`` (ISO 8601, UTC), newest first."""
        rows = self._db.execute("SELECT * FROM matches WHERE alert=? AND found_at>=? ORDER BY found_at DESC, "
                                "date DESC LIMIT ?", (name, since, limit))  # fmt: skip
        return [Match(**{k: v for k, v in dict(r).items() if k != "delivered"}) for r in rows]

    def unseen(self, name: str) -> int:
        """How many matches arrived since the alert was last looked at (the "n new" badge)."""
        seen = self.alert(name).seen_at
        return self._db.execute("SELECT COUNT(*) FROM matches WHERE alert=? AND found_at>?", (name, seen)).fetchone()[0]

    def mark_seen(self, name: str) -> None:
        """Note that the alert's matches have been looked at."""
        with self._lock:
            self._db.execute("UPDATE alerts SET seen_at=? WHERE name=?", (now_text(), name))

    def keep(self, matches: Iterable[Match]) -> list[Match]:
        """Store matches; return those not stored before (a document matched again is not new)."""
        new = []
        with self._lock:
            for m in matches:
                cursor = self._db.execute(
                    "INSERT OR IGNORE INTO matches (alert, source_id, title, date, url, lang, quote, found_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (m.alert, m.source_id, m.title, m.date, m.url, m.lang,
                                                         m.quote, m.found_at))  # fmt: skip
                if cursor.rowcount:
                    new.append(m)
        return new

    def note_error(self, name: str, error: str, tried_at: float | None = None) -> None:
        """Record (or clear, with '') the last failure, and when the webhook was called."""
        with self._lock:
            self._db.execute("UPDATE alerts SET last_error=?, tried_at=COALESCE(?, tried_at) WHERE name=?",
                             (error, tried_at, name))  # fmt: skip

    def undelivered(self, name: str, limit: int = 100) -> list[Match]:
        """An alert's matches its webhook has not received yet, oldest first."""
        rows = self._db.execute("SELECT * FROM matches WHERE alert=? AND delivered=0 ORDER BY found_at LIMIT ?",
                                (name, limit))  # fmt: skip
        return [Match(**{k: v for k, v in dict(r).items() if k != "delivered"}) for r in rows]

    def mark_delivered(self, name: str, source_ids: list[str]) -> None:
        """Note that the webhook received these matches."""
        with self._lock:
            self._db.executemany("UPDATE matches SET delivered=1 WHERE alert=? AND source_id=?",
                                 [(name, s) for s in source_ids])  # fmt: skip


def match_alert(alert: Alert, store: PassageStore, assistant: Assistant, new: set[str]) -> list[Match]:
    """The documents of ``new`` (source ids) that ``alert`` matches, each with its sentence quoted.

    A question is asked of each new document among the documents of its best passages over the
    whole index (``QUESTION_CANDIDATES``), that document alone as the filter."""
    found_at = now_text()
    matches = []
    if alert.kind == "find":
        for hit in store.find_all(alert.find_query()):
            if hit.source_id not in new:
                continue
            offsets = [a for snippet in hit.snippets for a, _ in snippet.matches]
            quote = _best_sentence(store.document(hit.source_id).text or "", offsets) if offsets else ""
            matches.append(Match(alert.name, hit.source_id, hit.title, hit.date, hit.url, hit.lang, quote, found_at))
        return matches
    # Only the new documents among the question's best passages are asked: a first run of a large
    # feed costs a few answers per alert, not one per document.
    best = store.search(alert.query, limit=QUESTION_CANDIDATES, filters=alert.search_filters())
    candidates = {h.passage.source_id for h in best} & new
    for source_id in sorted(candidates):
        answer = assistant.ask(alert.query, alert.search_filters(source_id))
        if answer.abstained or not answer.citations:
            continue
        c = answer.citations[0]
        matches.append(Match(alert.name, source_id, c.title, c.date, c.url, c.lang, c.quote, found_at))
    return matches


def check_alerts(
    alerts: AlertStore,
    store: PassageStore,
    assistant: Assistant,
    new: Iterable[str],
    post: Callable[[str, object], object] | None = None,
) -> dict[str, list[Match]]:
    """Run every alert over the new documents and keep the matches; then POST each alert's matches
    not yet delivered to its webhook (``post(url, payload)``, raising on failure). Returns the new
    matches by alert."""
    new = set(new)
    found: dict[str, list[Match]] = {}
    for alert in alerts.alerts():
        try:
            fresh = alerts.keep(match_alert(alert, store, assistant, new)) if new else []
        except (IndexFailure, ValueError) as exc:
            alerts.note_error(alert.name, f"the alert could not run: {exc}")
            continue
        if fresh:
            found[alert.name] = fresh
        if alert.webhook and post is not None:
            deliver(alerts, alert, post)
    return found


def deliver(alerts: AlertStore, alert: Alert, post: Callable[[str, object], object], now: float | None = None) -> None:
    """POST the alert's undelivered matches to its webhook; after a failure, not again for ``WEBHOOK_RETRY_S``."""
    now = time.time() if now is None else now
    if alert.last_error.startswith("webhook") and now - alert.tried_at < WEBHOOK_RETRY_S:
        return
    pending = alerts.undelivered(alert.name)
    if not pending:
        return
    payload = {"alert": alert.name, "query": alert.query, "kind": alert.kind, "matches": [m.to_dict() for m in pending]}
    try:
        post(alert.webhook, payload)
    except Exception as exc:  # noqa: BLE001 - a webhook's failure is recorded, never stops the others
        alerts.note_error(alert.name, f"webhook: {exc}", now)
        return
    alerts.mark_delivered(alert.name, [m.source_id for m in pending])
    alerts.note_error(alert.name, "", now)


def _alert(row: sqlite3.Row) -> Alert:
    data = dict(row)
    data["filters"] = json.loads(data.get("filters") or "{}")
    return Alert(**data)


def _best_sentence(text: str, offsets: list[int]) -> str:
    """The sentence holding the most matches, the first such outside the title (which a match shows anyway)."""
    counts: dict[str, int] = {}
    for at in offsets:
        sentence = _sentence_at(text, at)
        counts[sentence] = counts.get(sentence, 0) + 1
    title = text.split("\n", 1)[0].strip()
    return max(counts, key=lambda s: (counts[s], s != title))


def _sentence_at(text: str, at: int) -> str:
    r"""The sentence of ``text`` that holds offset ``at`` (a title or heading is a line of its own).

    >>> _sentence_at("Ports\nIt rained. The ports closed. Then sun.", 20)
    'The ports closed.'
    """
    line_start = text.rfind("\n", 0, at) + 1
    line_end = text.find("\n", at) if text.find("\n", at) >= 0 else len(text)
    line = text[line_start:line_end]
    for start, end in split_sentences(line):
        if start <= at - line_start < end:
            return line[start:end].strip()
    return line.strip()[:400]
